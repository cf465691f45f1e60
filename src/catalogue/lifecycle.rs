//! Release cycles and support dates (endoflife.date's data, `data/lifecycle.toml`), and what
//! a declared version (`django@4.2`, `python@3.12.4`) means against them. Pure: today's date
//! is always passed in.

use serde::{Deserialize, Serialize};

use super::Date;

/// Where the lifecycle data comes from: shown by hover, `--version` and the README.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LifecycleData {
    /// The file that declares it (`[lifecycle-data]`), for its errors.
    pub defined_in: String,
    /// The source id (in `sources.toml`) every date is cited from.
    pub source: String,
    pub commit: Option<String>,
    /// The date the data was taken.
    pub date: Option<Date>,
    /// The data's licence notice, shipped with it.
    pub notice: Option<String>,
}

/// A product's release cycles, newest first as the data lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    /// The product id (`nodejs`, `dotnet`).
    pub id: String,
    pub name: String,
    /// The product's page (`https://endoflife.date/django`).
    pub url: Option<String>,
    /// The source its dates are cited from: its own, else its file's `[lifecycle-data]`.
    pub source: Option<String>,
    /// The date its file's data was taken (`[lifecycle-data] date`).
    pub date: Option<Date>,
    /// The file that declares it, for its errors.
    pub defined_in: String,
    pub cycles: Vec<Cycle>,
}

/// One release cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cycle {
    /// `3.12`, `16`, `13.0-sp3`.
    pub cycle: String,
    /// The vendor's own name for it (SQL Server `2022 'Dallas'`), if it has one.
    pub label: Option<String>,
    pub lts: Lts,
    pub released: Option<Date>,
    /// End of active support.
    pub support: Bound,
    /// End of life: no more fixes, security ones included.
    pub eol: Bound,
    pub latest: Option<String>,
    /// Versions of other technologies this cycle supports (Django 5.2: Python 3.10 - 3.14).
    pub requires: Vec<Requirement>,
}

/// Whether a cycle is a long-term support release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lts {
    No,
    Yes,
    /// LTS from this date on (Node.js's even releases enter LTS some months after release).
    Since(Date),
}

/// The end of a support period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Bound {
    /// No end announced.
    Open,
    /// Ended, on a date the data does not give.
    Ended,
    /// Ends (or ended) on this date.
    On(Date),
}

impl Bound {
    /// Whether the period is over on `today` (the end date itself is past the end).
    pub fn passed(self, today: Date) -> bool {
        match self {
            Bound::Open => false,
            Bound::Ended => true,
            Bound::On(date) => today >= date,
        }
    }

    pub fn date(self) -> Option<Date> {
        match self {
            Bound::On(date) => Some(date),
            _ => None,
        }
    }
}

/// Versions of another technology a cycle supports: `python = "3.10 - 3.14 (added in 5.2.8)"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    /// A catalogue technology id (`python`); a requirement on anything else is kept and
    /// never judged.
    pub tech: String,
    /// As written in the data.
    pub text: String,
    pub ranges: Vec<VersionRange>,
}

/// `3.10 - 3.14`, `3.2` (one version) or `>= 8` (no upper bound).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRange {
    pub from: String,
    pub to: Option<String>,
}

impl Requirement {
    /// Parses `3.10 - 3.14`, `2.7, 3.4 - 3.5`, `>= 8`; a trailing note in parentheses
    /// (`(added in 5.2.8)`) is kept in the text only.
    pub fn parse(tech: &str, text: &str) -> Result<Requirement, String> {
        let body = text.split_once('(').map_or(text, |(before, _)| before).trim();
        let mut ranges = Vec::new();
        // The data's way of saying "not stated": nothing to judge.
        if body.eq_ignore_ascii_case("n/a") {
            return Ok(Requirement { tech: tech.to_string(), text: text.to_string(), ranges });
        }
        for item in body.split(',').map(str::trim) {
            let range = if let Some(from) = item.strip_prefix(">=") {
                VersionRange { from: from.trim().to_string(), to: None }
            } else if let Some((from, to)) = item.split_once(" - ") {
                VersionRange { from: from.trim().to_string(), to: Some(to.trim().to_string()) }
            } else {
                VersionRange { from: item.to_string(), to: Some(item.to_string()) }
            };
            let numeric = |v: &str| numbers(v).is_some();
            if !numeric(&range.from) || !range.to.as_deref().is_none_or(numeric) {
                return Err(format!(
                    "`{text}` is not a list of versions or ranges (`3.10 - 3.14`, `2.7, 3.4 - 3.5`, `>= 8`)"
                ));
            }
            ranges.push(range);
        }
        Ok(Requirement { tech: tech.to_string(), text: text.to_string(), ranges })
    }

    /// Whether `version` (a cycle or a full version) is in one of the ranges. A version that
    /// is not numeric, or a requirement that states no range (`N/A`), is never judged.
    pub fn allows(&self, version: &str) -> bool {
        let Some(v) = numbers(version) else { return true };
        if self.ranges.is_empty() {
            return true;
        }
        self.ranges.iter().any(|r| {
            let above = numbers(&r.from).is_none_or(|from| compare_prefix(&v, &from).is_ge());
            let below = r.to.as_deref().and_then(numbers).is_none_or(|to| compare_prefix(&v, &to).is_le());
            above && below
        })
    }

    /// The ranges for a message: `3.10–3.14`, `2.7, 3.4–3.5`, `8 or later`.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = self
            .ranges
            .iter()
            .map(|r| match &r.to {
                None => format!("{} or later", r.from),
                Some(to) if *to == r.from => to.clone(),
                Some(to) => format!("{}–{to}", r.from),
            })
            .collect();
        parts.join(", ")
    }
}

/// `3.12.4` → `[3, 12, 4]`; `None` for anything not dotted numbers.
fn numbers(version: &str) -> Option<Vec<u64>> {
    version.split('.').map(|p| p.parse::<u64>().ok().filter(|_| p.bytes().all(|b| b.is_ascii_digit()))).collect()
}

/// Compares `version` with `bound` on the bound's precision: 3.12.4 is within `- 3.12`.
fn compare_prefix(version: &[u64], bound: &[u64]) -> std::cmp::Ordering {
    let n = bound.len().min(version.len());
    version[..n].cmp(&bound[..n]).then(if version.len() < bound.len() {
        // 3 against 3.10: shorter is lower.
        std::cmp::Ordering::Less
    } else {
        std::cmp::Ordering::Equal
    })
}

/// What a declared version names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution<'p> {
    Cycle(&'p Cycle),
    /// Several cycles (`python@3`): the version must say which.
    Ambiguous(Vec<&'p Cycle>),
    Unknown,
}

impl<'p> Resolution<'p> {
    /// The one cycle named, if it names exactly one.
    pub fn cycle(self) -> Option<&'p Cycle> {
        match self {
            Resolution::Cycle(c) => Some(c),
            _ => None,
        }
    }
}

impl Cycle {
    /// What this cycle states it supports of technology `tech` (an id), when `version` of
    /// it is outside that: Django 5.2 with `python@3.8`.
    pub fn unmet(&self, tech: &str, version: &str) -> Option<&Requirement> {
        self.requires.iter().find(|q| q.tech == tech && !q.allows(version))
    }

    /// `5.2 (LTS)` for messages.
    pub fn describe(&self, today: Date) -> String {
        if self.is_lts(Some(today)) {
            format!("{} (LTS)", self.cycle)
        } else {
            self.cycle.clone()
        }
    }

    pub fn is_lts(&self, today: Option<Date>) -> bool {
        match self.lts {
            Lts::No => false,
            Lts::Yes => true,
            Lts::Since(date) => today.is_none_or(|t| t >= date),
        }
    }

    /// Released by `today` (a cycle without a date counts as released).
    pub fn released_by(&self, today: Date) -> bool {
        self.released.is_none_or(|r| r <= today)
    }

    /// Released and not past its end of life.
    pub fn supported(&self, today: Date) -> bool {
        self.released_by(today) && !self.eol.passed(today)
    }

    /// The label's first word when it is a number other than the cycle (SQL Server's `2022`
    /// for cycle `16.0`): another way users write the version.
    fn label_number(&self) -> Option<&str> {
        let first = self.label.as_deref()?.split_whitespace().next()?;
        (first != self.cycle && first.bytes().all(|b| b.is_ascii_digit())).then_some(first)
    }

    /// "LTS, supported until 2028-04-30", "end of life since 2026-04-07", "not yet released".
    pub fn status(&self, today: Date) -> String {
        let lts = if self.is_lts(Some(today)) { "LTS, " } else { "" };
        if !self.released_by(today) {
            return match self.released {
                Some(r) => format!("{lts}to be released on {r}"),
                None => format!("{lts}not yet released"),
            };
        }
        match self.eol {
            Bound::Ended => format!("{lts}end of life"),
            Bound::On(d) if today >= d => format!("{lts}end of life since {d}"),
            Bound::On(d) => match self.support {
                Bound::On(s) if today < s => format!("{lts}active support until {s}, supported until {d}"),
                _ => format!("{lts}supported until {d}"),
            },
            Bound::Open => format!("{lts}supported, no end of life announced"),
        }
    }
}

impl Product {
    /// The cycle a version names: the cycle it starts with (`3.12.4` → 3.12, `16.2` → 16),
    /// else the one cycle it abbreviates (`8` → 8.0), else the one cycle whose vendor label
    /// it is (SQL Server `2022` → 16.0).
    pub fn resolve(&self, version: &str) -> Resolution<'_> {
        // Dotted parts compared in place: this runs for every versioned value.
        let starts = |c: &Cycle| {
            let mut v = version.split('.');
            c.cycle.split('.').all(|part| v.next() == Some(part))
        };
        if let Some(best) = self.cycles.iter().filter(|c| starts(c)).max_by_key(|c| c.cycle.len()) {
            return Resolution::Cycle(best);
        }
        let abbreviates = |c: &Cycle| {
            let mut cycle = c.cycle.split('.');
            version.split('.').all(|part| cycle.next() == Some(part)) && cycle.next().is_some()
        };
        for matches in [&abbreviates as &dyn Fn(&Cycle) -> bool, &|c: &Cycle| c.label_number() == Some(version)] {
            let found: Vec<&Cycle> = self.cycles.iter().filter(|c| matches(c)).collect();
            match found.len() {
                0 => {}
                1 => return Resolution::Cycle(found[0]),
                _ => return Resolution::Ambiguous(found),
            }
        }
        Resolution::Unknown
    }

    /// Cycles newest first: by release date, then in the data's order.
    pub fn newest_first(&self) -> Vec<&Cycle> {
        let mut cycles: Vec<&Cycle> = self.cycles.iter().collect();
        cycles.sort_by_key(|c| std::cmp::Reverse(c.released));
        cycles
    }

    /// What to upgrade to: the newest supported cycle, an LTS one where the data marks any.
    pub fn recommended(&self, today: Date) -> Option<&Cycle> {
        self.recommended_among(today, |_| true)
    }

    /// [`Self::recommended`] among the cycles `keep` accepts.
    pub fn recommended_among(&self, today: Date, keep: impl Fn(&Cycle) -> bool) -> Option<&Cycle> {
        let supported: Vec<&Cycle> =
            self.newest_first().into_iter().filter(|c| c.supported(today) && keep(c)).collect();
        supported.iter().find(|c| c.is_lts(Some(today))).or(supported.first()).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse(s).expect("a date")
    }

    fn cycle(name: &str, released: &str, eol: Bound, lts: Lts) -> Cycle {
        Cycle {
            cycle: name.into(),
            label: None,
            lts,
            released: Some(date(released)),
            support: Bound::Open,
            eol,
            latest: None,
            requires: Vec::new(),
        }
    }

    fn product(cycles: Vec<Cycle>) -> Product {
        Product {
            id: "p".into(),
            name: "P".into(),
            url: None,
            source: None,
            date: None,
            defined_in: String::new(),
            cycles,
        }
    }

    #[test]
    fn versions_resolve_to_cycles() {
        let p = product(vec![
            cycle("3.14", "2025-10-07", Bound::On(date("2030-10-31")), Lts::No),
            cycle("3.12", "2023-10-02", Bound::On(date("2028-10-31")), Lts::No),
            cycle("3.1", "2009-06-27", Bound::Ended, Lts::No),
        ]);
        let named = |v: &str| match p.resolve(v) {
            Resolution::Cycle(c) => c.cycle.clone(),
            Resolution::Ambiguous(cs) => format!("ambiguous {}", cs.len()),
            Resolution::Unknown => "unknown".into(),
        };
        assert_eq!(named("3.12"), "3.12");
        assert_eq!(named("3.12.4"), "3.12");
        assert_eq!(named("3.1"), "3.1");
        assert_eq!(named("3.1.5"), "3.1");
        assert_eq!(named("3"), "ambiguous 3");
        assert_eq!(named("3.13"), "unknown");
        assert_eq!(named("4"), "unknown");
        let dotnet = product(vec![cycle("8.0", "2023-11-14", Bound::Open, Lts::Yes)]);
        assert!(matches!(dotnet.resolve("8"), Resolution::Cycle(c) if c.cycle == "8.0"));
        let mut sql = cycle("16.0", "2022-11-16", Bound::Open, Lts::No);
        sql.label = Some("2022 'Dallas'".into());
        assert!(matches!(product(vec![sql]).resolve("2022"), Resolution::Cycle(c) if c.cycle == "16.0"));
    }

    #[test]
    fn the_upgrade_is_the_newest_supported_lts() {
        let today = date("2026-11-30");
        let p = product(vec![
            cycle("27", "2027-04-20", Bound::Open, Lts::No),
            cycle("26", "2026-05-05", Bound::On(date("2029-04-30")), Lts::Since(date("2026-10-28"))),
            cycle("25", "2025-10-15", Bound::On(date("2026-06-01")), Lts::No),
            cycle("24", "2025-05-06", Bound::On(date("2028-04-30")), Lts::Since(date("2025-10-28"))),
            cycle("20", "2023-04-18", Bound::On(date("2026-04-30")), Lts::Since(date("2023-10-24"))),
        ]);
        assert_eq!(p.recommended(today).map(|c| c.cycle.as_str()), Some("26"));
        // Before 26 enters LTS, 24 is the LTS to take.
        assert_eq!(p.recommended(date("2026-06-01")).map(|c| c.cycle.as_str()), Some("24"));
        let no_lts = product(vec![
            cycle("4.1", "2026-06-30", Bound::On(date("2027-07-31")), Lts::No),
            cycle("4.0", "2025-11-30", Bound::On(date("2026-12-31")), Lts::No),
        ]);
        assert_eq!(no_lts.recommended(today).map(|c| c.cycle.as_str()), Some("4.1"));
        assert_eq!(p.cycles[4].status(today), "LTS, end of life since 2026-04-30");
        assert_eq!(p.cycles[0].status(today), "to be released on 2027-04-20");
    }

    #[test]
    fn requirements_parse_and_judge() {
        let r = Requirement::parse("python", "3.10 - 3.14 (added in 5.2.8)").expect("parses");
        assert!(r.allows("3.10") && r.allows("3.14") && r.allows("3.12.4"));
        assert!(!r.allows("3.8") && !r.allows("3.9") && !r.allows("3.15") && !r.allows("3") && !r.allows("4"));
        assert_eq!(r.describe(), "3.10–3.14");
        let r = Requirement::parse("python", "2.7, 3.4 - 3.5").expect("parses");
        assert!(r.allows("2.7.18") && r.allows("3.5") && !r.allows("3.6") && !r.allows("2.6"));
        let r = Requirement::parse("java", ">= 8").expect("parses");
        assert!(r.allows("8") && r.allows("25") && !r.allows("7"));
        assert_eq!(r.describe(), "8 or later");
        assert!(Requirement::parse("jakartaee", "N/A").is_ok_and(|r| r.allows("9")));
        assert!(Requirement::parse("java", "eight").is_err());
        assert!(Requirement::parse("java", "").is_err());
    }
}
