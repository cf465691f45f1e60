//! The stack-file format (version 1): which tables and keys exist and what they take.

use crate::catalogue::{Kind, VocabKind};

/// What a key's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// Free text (`name`, `description`).
    Text,
    /// One id of a vocabulary (`scale`, `team`, `architecture`).
    Vocab(VocabKind),
    /// An array of vocabulary ids (`use-cases`, `requirements`).
    VocabList(VocabKind),
    /// A technology of a kind; `list` when an array is also accepted (`database`).
    Tech { kind: Kind, list: bool },
    /// An array of rule codes (`[lint]` allow / warn / deny); `allow` also takes entries
    /// (inline tables with the keys of [`TableKind::AllowEntry`]).
    Rules,
    /// One rule code (`rule` in an `allow` entry).
    Rule,
    /// A technology of any kind (`tech` in an `allow` entry).
    AnyTech,
    /// A TOML date (`until` in an `allow` entry).
    Date,
    /// A whole number of days, 0 to 3650 (`[lint] end-of-life-window`).
    Days,
    /// A folder relative to the stack file, inside the repository (`path`).
    Path,
}

/// The largest `[lint] end-of-life-window`: ten years.
pub const MAX_DAYS: u32 = 3650;

/// A key of the format, with its documentation.
#[derive(Debug, Clone, Copy)]
pub struct KeyDoc {
    pub name: &'static str,
    pub value: ValueType,
    pub doc: &'static str,
}

/// The tables of the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableKind {
    Project,
    Stack,
    /// `[services]` itself, whose keys are service names.
    Services,
    /// `[services.NAME]`.
    Service,
    Lint,
    /// An entry of `[lint] allow` written as an inline table: `{ rule = …, tech = …, … }`.
    AllowEntry,
}

impl TableKind {
    pub fn header(self) -> &'static str {
        match self {
            TableKind::Project => "[project]",
            TableKind::Stack => "[stack]",
            TableKind::Services => "[services]",
            TableKind::Service => "[services.NAME]",
            TableKind::Lint => "[lint]",
            TableKind::AllowEntry => "an `allow` entry",
        }
    }

    pub fn doc(self) -> &'static str {
        match self {
            TableKind::Project => "What the project is: its name, scale, team, architecture, use cases and hard requirements. Every key is optional.",
            TableKind::Stack => "The technologies of a single-service project. With `[services.*]` present, `[stack]` is the default every service inherits.",
            TableKind::Services => "One table per service: `[services.NAME]`, with the keys of `[stack]` plus `scale`, `use-cases` and `requirements`.",
            TableKind::Service => "A service: its technologies (inherited from `[stack]` where not set) and its own scale, use cases and requirements, which apply on top of `[project]`.",
            TableKind::Lint => "Rule levels, as in clippy or cargo-deny: `allow` silences a rule, `warn` reports it as a warning, `deny` as an error.",
            TableKind::AllowEntry => "A targeted suppression: only this rule, optionally only for one technology, with a reason and a last day.",
        }
    }

    pub fn keys(self) -> &'static [KeyDoc] {
        match self {
            TableKind::Project => PROJECT_KEYS,
            TableKind::Stack => &SERVICE_KEYS[..4],
            TableKind::Service => SERVICE_KEYS,
            TableKind::Lint => LINT_KEYS,
            TableKind::AllowEntry => ALLOW_ENTRY_KEYS,
            TableKind::Services => &[],
        }
    }

    pub fn key(self, name: &str) -> Option<&'static KeyDoc> {
        self.keys().iter().find(|k| k.name == name)
    }
}

const fn tech(kind: Kind, list: bool) -> ValueType {
    ValueType::Tech { kind, list }
}

pub const PROJECT_KEYS: &[KeyDoc] = &[
    KeyDoc { name: "name", value: ValueType::Text, doc: "The project's name." },
    KeyDoc { name: "description", value: ValueType::Text, doc: "A one-line description of the project." },
    KeyDoc { name: "scale", value: ValueType::Vocab(VocabKind::Scale), doc: "How big the project is or will be." },
    KeyDoc {
        name: "team",
        value: ValueType::Vocab(VocabKind::Team),
        doc: "The team's experience with backend development and the chosen technologies.",
    },
    KeyDoc {
        name: "architecture",
        value: ValueType::Vocab(VocabKind::Architecture),
        doc: "How the system is deployed and divided.",
    },
    KeyDoc {
        name: "use-cases",
        value: ValueType::VocabList(VocabKind::UseCases),
        doc: "What the project is for, as ids from the catalogue's use-case vocabulary.",
    },
    KeyDoc {
        name: "requirements",
        value: ValueType::VocabList(VocabKind::Requirements),
        doc: "Hard requirements, as ids from the catalogue's requirement vocabulary.",
    },
];

/// The keys of `[services.NAME]`; the first four are also the keys of `[stack]`.
pub const SERVICE_KEYS: &[KeyDoc] = &[
    KeyDoc {
        name: "language",
        value: tech(Kind::Language, false),
        doc: "The language or platform the service is written in, optionally with its version (`python@3.12`). May be omitted when the framework implies it.",
    },
    KeyDoc {
        name: "framework",
        value: tech(Kind::Framework, false),
        doc: "The backend framework, optionally with its version (`django@5.2`). It must run on the declared language.",
    },
    KeyDoc {
        name: "database",
        value: tech(Kind::Database, true),
        doc: "The database, or an array of databases, each optionally with its version (`postgresql@16`).",
    },
    KeyDoc {
        name: "server",
        value: tech(Kind::WebServer, false),
        doc: "The web server in front of the service, optionally with its version (`nginx@1.30`).",
    },
    KeyDoc {
        name: "scale",
        value: ValueType::Vocab(VocabKind::Scale),
        doc: "This service's scale, overriding `[project] scale`.",
    },
    KeyDoc {
        name: "use-cases",
        value: ValueType::VocabList(VocabKind::UseCases),
        doc: "Use cases of this service, on top of `[project] use-cases`.",
    },
    KeyDoc {
        name: "requirements",
        value: ValueType::VocabList(VocabKind::Requirements),
        doc: "Requirements of this service, on top of `[project] requirements`.",
    },
    KeyDoc { name: "description", value: ValueType::Text, doc: "What this service does." },
    KeyDoc {
        name: "path",
        value: ValueType::Path,
        doc: "The folder of the service's code, relative to the stack file and inside the repository (`services/api`). Its manifests are read, never executed, to check the declaration against what the code uses (`drift`).",
    },
];

pub const LINT_KEYS: &[KeyDoc] = &[
    KeyDoc { name: "allow", value: ValueType::Rules, doc: "Rules to silence." },
    KeyDoc { name: "warn", value: ValueType::Rules, doc: "Rules to report as warnings." },
    KeyDoc { name: "deny", value: ValueType::Rules, doc: "Rules to report as errors." },
    KeyDoc {
        name: "end-of-life-window",
        value: ValueType::Days,
        doc: "How many days before a declared version's end of life `end-of-life` starts to report it, as a hint (default 180; 0: only once it has passed).",
    },
];

/// The keys of an `allow` entry (`allow = [{ rule = "tradeoff", tech = "flask" }]`).
pub const ALLOW_ENTRY_KEYS: &[KeyDoc] = &[
    KeyDoc { name: "rule", value: ValueType::Rule, doc: "The rule this entry silences." },
    KeyDoc {
        name: "tech",
        value: ValueType::AnyTech,
        doc: "Only findings about this technology (a catalogue id or alias).",
    },
    KeyDoc {
        name: "reason",
        value: ValueType::Text,
        doc: "Why the finding is accepted; shown when the entry expires.",
    },
    KeyDoc {
        name: "until",
        value: ValueType::Date,
        doc: "The last day the entry applies (a TOML date, 2027-06-30); after it, the findings are reported again.",
    },
];

/// The top-level tables, as written in a header.
pub const TOP_LEVEL: &[(&str, TableKind)] = &[
    ("project", TableKind::Project),
    ("stack", TableKind::Stack),
    ("services", TableKind::Services),
    ("lint", TableKind::Lint),
];

/// Where a path of keys leads in the format.
#[derive(Debug, Clone, Copy)]
pub enum Place {
    /// A table (`[project]`, `[services.api]`, …).
    Table(TableKind),
    /// A key of a table.
    Key(TableKind, &'static KeyDoc),
    /// The path is not part of the format: segment `index` is the first unknown one, within
    /// `table` (`None`: at the top level).
    Unknown { index: usize, table: Option<TableKind> },
    /// The path goes below a key that takes a plain value (`scale.x`); segment `index`.
    TooDeep { index: usize, table: TableKind, key: &'static KeyDoc },
}

/// Resolves a key path (`["services", "api", "framework"]`) against the format.
pub fn resolve<S: AsRef<str>>(path: &[S]) -> Place {
    let Some(first) = path.first() else { return Place::Unknown { index: 0, table: None } };
    let Some(&(_, top)) = TOP_LEVEL.iter().find(|(n, _)| *n == first.as_ref()) else {
        return Place::Unknown { index: 0, table: None };
    };
    let (table, rest_at) = if top == TableKind::Services {
        if path.len() == 1 {
            return Place::Table(TableKind::Services);
        }
        (TableKind::Service, 2)
    } else {
        (top, 1)
    };
    let Some(key_name) = path.get(rest_at) else { return Place::Table(table) };
    let Some(key) = table.key(key_name.as_ref()) else {
        return Place::Unknown { index: rest_at, table: Some(table) };
    };
    if path.len() > rest_at + 1 {
        // Inside an entry of `[lint] allow` (the path of an item's key skips the array).
        if table == TableKind::Lint && key.name == "allow" && path.len() == rest_at + 2 {
            let entry = TableKind::AllowEntry;
            return match entry.key(path[rest_at + 1].as_ref()) {
                Some(k) => Place::Key(entry, k),
                None => Place::Unknown { index: rest_at + 1, table: Some(entry) },
            };
        }
        return Place::TooDeep { index: rest_at + 1, table, key };
    }
    Place::Key(table, key)
}

/// Where a key misplaced in `table` belongs, for a friendlier message.
pub fn belongs_elsewhere(table: Option<TableKind>, key: &str) -> Option<&'static str> {
    let in_project = PROJECT_KEYS.iter().any(|k| k.name == key);
    let in_service = SERVICE_KEYS.iter().any(|k| k.name == key);
    match table {
        None if in_project && in_service => Some("[project], [stack] or [services.NAME]"),
        None if in_project => Some("[project]"),
        None if in_service => Some("[stack] or [services.NAME]"),
        Some(TableKind::Stack) if in_project => Some("[project] (or a [services.NAME] table)"),
        Some(TableKind::Project) if in_service => Some("[stack] or [services.NAME]"),
        Some(TableKind::Services) if in_service || in_project => Some("a service table: [services.NAME]"),
        _ => None,
    }
}

/// The table whose keys can be written at `path`: the table a path names, or an `allow`
/// entry for the path of `[lint] allow` (its items may be tables).
pub fn keys_at<S: AsRef<str>>(path: &[S]) -> Option<TableKind> {
    match resolve(path) {
        Place::Table(t) => Some(t),
        Place::Key(TableKind::Lint, k) if k.name == "allow" => Some(TableKind::AllowEntry),
        _ => None,
    }
}

/// The table a path is in or names, if any.
pub fn table_of<S: AsRef<str>>(path: &[S]) -> Option<TableKind> {
    match resolve(path) {
        Place::Table(t) | Place::Key(t, _) => Some(t),
        Place::Unknown { table, .. } => table,
        Place::TooDeep { table, .. } => Some(table),
    }
}
