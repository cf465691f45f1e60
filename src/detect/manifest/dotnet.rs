//! MSBuild project files (`*.csproj`, `*.fsproj`, `*.vbproj`) and `Directory.Packages.props`:
//! the project SDK, target frameworks, package references and central package versions,
//! `$(Property)` values resolved from the file's own `<PropertyGroup>`s.
//!
//! A project that is a test project (`<IsTestProject>true</IsTestProject>`, or referencing
//! `Microsoft.NET.Test.Sdk`, which sets it) declares everything in `Test` scope: its SDK and
//! framework say what the tests run on, not the service.
//!
//! What the project is ([`What::Role`]): `test` (as above), `service` for the
//! `Microsoft.NET.Sdk.Web` and `Microsoft.NET.Sdk.Worker` SDKs, `entry` for `<OutputType>`
//! `Exe` or `WinExe` (a service only with a host or a server framework), else `library`. Each
//! `<ProjectReference Include>` is a [`What::Local`]: the referenced project file's path,
//! `/`-separated, relative to this file's folder.
//!
//! Not read: `Directory.Build.props` and other imports, `Condition`s (every branch counts),
//! `<FrameworkReference>`, `packages.config`.

use rustc_hash::FxHashMap;

use super::common::{exact_version, substitute, At, LineIndex};
use super::xml::{self, attr_ci};
use super::{Dependency, Scope, What};

type Node<'a, 'i> = roxmltree::Node<'a, 'i>;

/// `Directory.Packages.props` (`central`) or a project file.
pub(super) fn parse(text: &str, central: bool) -> Result<Vec<Dependency>, String> {
    let doc = xml::parse(text)?;
    let project = doc.root_element();
    let root = project.tag_name().name();
    if root != "Project" {
        return Err(format!("the root element is <{root}>, not <Project>"));
    }
    let lines = LineIndex::new(text);
    let props = Properties::of(project);
    let elements = || project.descendants().filter(|n| n.is_element());
    let mut out = Vec::new();

    if central {
        for item in elements() {
            let scope = match item.tag_name().name() {
                "PackageVersion" => Scope::Runtime,
                // Added to every project, private assets by default: analyzers, build tools.
                "GlobalPackageReference" => Scope::Build,
                _ => continue,
            };
            let Some(name) = attr_ci(item, "Include") else { continue };
            let version = item_value(item, "Version");
            let pinned = version.as_deref().and_then(|v| props.resolve(v)).and_then(|v| exact_version(&v));
            out.push(lines.dep(What::Package, name, version, pinned, At::Byte(item.range().start), scope));
        }
        out.sort_by_key(|d| d.line);
        return Ok(out);
    }

    let test_project = match props.get("istestproject") {
        Some(v) => v.eq_ignore_ascii_case("true"),
        None => elements().any(|n| {
            n.tag_name().name() == "PackageReference"
                && attr_ci(n, "Include").is_some_and(|i| i.eq_ignore_ascii_case("Microsoft.NET.Test.Sdk"))
        }),
    };
    let runtime_scope = if test_project { Scope::Test } else { Scope::Runtime };

    // `<Project Sdk="A;B/1.0">`, `<Sdk Name="A" Version="1.0"/>`, `<Import Project="…" Sdk="A"/>`.
    for (node, attr) in [(project, "Sdk")].into_iter().chain(elements().filter_map(|n| match n.tag_name().name() {
        "Sdk" => Some((n, "Name")),
        "Import" => Some((n, "Sdk")),
        _ => None,
    })) {
        let Some(a) = node.attributes().find(|a| a.name().eq_ignore_ascii_case(attr)) else { continue };
        for sdk in a.value().split(';').map(str::trim).filter(|s| !s.is_empty()) {
            let (name, version) = match sdk.split_once('/') {
                Some((n, v)) => (n.trim(), Some(v.trim().to_string())),
                None => (sdk, attr_ci(node, "Version").map(str::to_string)),
            };
            let pinned = version.as_deref().and_then(exact_version);
            out.push(lines.dep(What::Sdk, name, version, pinned, At::Byte(a.range().start), runtime_scope));
        }
    }

    for pg in elements().filter(|n| n.tag_name().name() == "PropertyGroup") {
        for tf in xml::children(pg, "TargetFramework").chain(xml::children(pg, "TargetFrameworks")) {
            let Some(value) = xml::text(tf) else { continue };
            let value = props.resolve(&value).unwrap_or(value);
            for tfm in value.split(';') {
                if let Some((name, version)) = framework(tfm) {
                    let l = At::Byte(tf.range().start);
                    out.push(lines.dep(What::Runtime, name, Some(version.clone()), Some(version), l, runtime_scope));
                }
            }
        }
    }

    out.push(role(&lines, project, &props, test_project));
    for item in elements().filter(|n| n.tag_name().name() == "ProjectReference") {
        let Some(path) = attr_ci(item, "Include") else { continue };
        let path = path.trim().replace('\\', "/");
        if !path.is_empty() {
            out.push(lines.dep(What::Local, path, None, None, At::Byte(item.range().start), runtime_scope));
        }
    }

    for item in elements().filter(|n| n.tag_name().name() == "PackageReference") {
        let Some(name) = attr_ci(item, "Include") else { continue };
        let version = item_value(item, "VersionOverride").or_else(|| item_value(item, "Version"));
        let pinned = version.as_deref().and_then(|v| props.resolve(v)).and_then(|v| exact_version(&v));
        let private = item_value(item, "PrivateAssets").is_some_and(|p| {
            let p = props.resolve(&p).unwrap_or(p);
            p.split(';').any(|a| a.trim().eq_ignore_ascii_case("all"))
        });
        let scope = if test_project {
            Scope::Test
        } else if private {
            Scope::Build
        } else {
            Scope::Runtime
        };
        out.push(lines.dep(What::Package, name, version, pinned, At::Byte(item.range().start), scope));
    }
    out.sort_by_key(|d| d.line);
    Ok(out)
}

/// A solution (`*.sln`, or the XML `*.slnx`): each project it lists is a [`What::Member`],
/// the project file's path relative to the solution's folder, `/`-separated. Solution folders
/// (entries whose path names no project file) are not members.
pub(super) fn solution(text: &str) -> Result<Vec<Dependency>, String> {
    let text = super::common::strip_bom(text);
    let lines = LineIndex::new(text);
    let is_project = |p: &str| {
        let lower = p.to_ascii_lowercase();
        lower.ends_with("proj") && lower.rsplit('/').next().is_some_and(|n| n.contains('.'))
    };
    let mut out = Vec::new();
    if text.trim_start().starts_with('<') {
        let doc = xml::parse(text)?;
        for p in doc.descendants().filter(|n| n.is_element() && n.tag_name().name() == "Project") {
            let Some(path) = attr_ci(p, "Path") else { continue };
            let path = path.trim().replace('\\', "/");
            if is_project(&path) {
                out.push(lines.dep(What::Member, path, None, None, At::Byte(p.range().start), Scope::Runtime));
            }
        }
        return Ok(out);
    }
    // `Project("{type}") = "Name", "path\to\Name.csproj", "{guid}"`
    for (i, line) in text.lines().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix("Project(") else { continue };
        let Some((_, values)) = rest.split_once('=') else { continue };
        let Some(path) = values.split(',').nth(1).map(|p| p.trim().trim_matches('"').replace('\\', "/")) else {
            continue;
        };
        if is_project(&path) {
            let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
            out.push(lines.dep(What::Member, path, None, None, At::Line(n), Scope::Runtime));
        }
    }
    Ok(out)
}

/// The SDKs that make a project deployable by itself.
const SERVICE_SDKS: &[&str] = &["Microsoft.NET.Sdk.Web", "Microsoft.NET.Sdk.Worker"];

/// What the project is (see the module docs), with the line that says so.
fn role(lines: &LineIndex, project: Node, props: &Properties, test_project: bool) -> Dependency {
    let elements = || project.descendants().filter(|n| n.is_element());
    let property = |name: &str| {
        elements().find(|n| {
            n.tag_name().name().eq_ignore_ascii_case(name)
                && n.parent_element().is_some_and(|p| p.tag_name().name() == "PropertyGroup")
        })
    };
    let sdk = project.attributes().find(|a| a.name().eq_ignore_ascii_case("Sdk")).filter(|a| {
        a.value().split(';').any(|s| {
            let name = s.split('/').next().unwrap_or("").trim();
            SERVICE_SDKS.iter().any(|w| w.eq_ignore_ascii_case(name))
        })
    });
    let exe = props
        .get("outputtype")
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("exe") || t.trim().eq_ignore_ascii_case("winexe"));
    let (name, at) = if test_project {
        let at = property("IsTestProject").map_or(project.range().start, |n| n.range().start);
        ("test", at)
    } else if let Some(sdk) = sdk {
        ("service", sdk.range().start)
    } else if exe {
        ("entry", property("OutputType").map_or(project.range().start, |n| n.range().start))
    } else {
        ("library", project.range().start)
    };
    lines.dep(What::Role, name, None, None, At::Byte(at), Scope::Runtime)
}

/// Item metadata, as an attribute or a child element.
fn item_value(item: Node, name: &'static str) -> Option<String> {
    attr_ci(item, name).map(str::to_string).or_else(|| {
        item.children().find(|c| c.is_element() && c.tag_name().name().eq_ignore_ascii_case(name)).and_then(xml::text)
    })
}

/// The runtime a target framework moniker runs on: `net8.0`, `net8.0-windows` → `dotnet`
/// `8.0`; `netcoreapp3.1` → `dotnet` `3.1`; `net48`, `net472` → `dotnetfx` `4.8`, `4.7.2`.
/// `netstandard2.0` is a library contract, not a runtime: `None`.
fn framework(tfm: &str) -> Option<(&'static str, String)> {
    let t = tfm.trim().to_ascii_lowercase();
    let t = t.split('-').next().unwrap_or("");
    let dotted =
        |v: &str| !v.is_empty() && v.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if let Some(v) = t.strip_prefix("netcoreapp") {
        return dotted(v).then(|| ("dotnet", v.to_string()));
    }
    if t.starts_with("netstandard") {
        return None;
    }
    let v = t.strip_prefix("net")?;
    if v.contains('.') {
        let major: u32 = v.split('.').next()?.parse().ok()?;
        return (dotted(v) && major >= 5).then(|| ("dotnet", v.to_string()));
    }
    if !v.is_empty() && v.len() <= 3 && v.bytes().all(|b| b.is_ascii_digit()) {
        let parts: Vec<String> = v.chars().map(String::from).collect();
        return Some(("dotnetfx", parts.join(".")));
    }
    None
}

/// The file's `<PropertyGroup>` values by lower-cased name (MSBuild names are not
/// case-sensitive); the first definition wins.
struct Properties(FxHashMap<String, String>);

impl Properties {
    fn of(project: Node) -> Self {
        let mut map = FxHashMap::default();
        for pg in project.descendants().filter(|n| n.is_element() && n.tag_name().name() == "PropertyGroup") {
            for p in pg.children().filter(|c| c.is_element()) {
                map.entry(p.tag_name().name().to_ascii_lowercase()).or_insert_with(|| xml::text(p).unwrap_or_default());
            }
        }
        Properties(map)
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// `s` with every `$(Name)` substituted; `None` when one is defined elsewhere (an import,
    /// the command line) or does not settle.
    fn resolve(&self, s: &str) -> Option<String> {
        substitute(s, ("$(", ')'), |name| self.get(&name.trim().to_ascii_lowercase()))
    }
}

#[cfg(test)]
pub(super) const SOLUTION_FRAGMENTS: &[&str] = &[
    "Project(\"{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}\") = \"A\", \"src\\A\\A.csproj\", \"{1}\"",
    "EndProject",
    "Project(",
    "=",
    ",",
    "<Solution>",
    "</Solution>",
    "<Folder Name=\"/src/\">",
    "</Folder>",
    "<Project Path=\"src/B/B.csproj\" />",
];

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] = &[
    "<Project",
    " Sdk=\"Microsoft.NET.Sdk.Web\"",
    " Sdk=\"A/1.0;B\"",
    ">",
    "</Project>",
    "<PropertyGroup>",
    "</PropertyGroup>",
    "<TargetFramework>",
    "</TargetFramework>",
    "net8.0",
    ";",
    "netcoreapp3.1",
    "net48",
    "net8.0-windows",
    "<TargetFrameworks>",
    "</TargetFrameworks>",
    "<ItemGroup>",
    "</ItemGroup>",
    "<PackageReference Include=\"A\" Version=\"$(V)\"/>",
    "<PackageReference Include=\"B\">",
    "</PackageReference>",
    "<Version>1.0</Version>",
    "<PrivateAssets>all</PrivateAssets>",
    "<PackageVersion Include=\"C\" Version=\"2.0\" />",
    "<GlobalPackageReference Include=\"D\" />",
    "<V>$(V)</V>",
    "<IsTestProject>true</IsTestProject>",
    "<Sdk Name=\"S\" />",
    "<Import Project=\"p\" Sdk=\"X/1\" />",
    "<!--",
    "-->",
    "$(",
    ")",
    "é",
];

#[cfg(test)]
mod tests {
    use super::super::parse_file;
    use super::*;

    fn find<'a>(deps: &'a [Dependency], name: &str) -> &'a Dependency {
        deps.iter().find(|d| d.name == name).unwrap_or_else(|| panic!("no {name} in {deps:#?}"))
    }

    const WEB: &str = r#"<Project Sdk="Microsoft.NET.Sdk.Web">

  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <UserSecretsId>aspnet-WebApp-6c1a0c5e</UserSecretsId>
    <EfVersion>8.0.1</EfVersion>
  </PropertyGroup>

  <ItemGroup>
    <PackageReference Include="Microsoft.EntityFrameworkCore.SqlServer" Version="$(EfVersion)" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.Tools" Version="8.0.1">
      <PrivateAssets>all</PrivateAssets>
      <IncludeAssets>runtime; build; native; contentfiles; analyzers; buildtransitive</IncludeAssets>
    </PackageReference>
    <PackageReference Include="Swashbuckle.AspNetCore" Version="6.5.0" />
    <PackageReference Include="Serilog.AspNetCore">
      <Version>8.0.0</Version>
    </PackageReference>
    <PackageReference Include="Microsoft.SourceLink.GitHub" Version="8.0.0" PrivateAssets="All" />
    <PackageReference Include="Polly" Version="[8.0.0, 9.0.0)" />
    <PackageReference Include="Dapper" Version="2.1.*" />
    <PackageReference Include="Newtonsoft.Json" />
    <PackageReference Update="Microsoft.Extensions.Logging" Version="8.0.0" />
  </ItemGroup>

</Project>
"#;

    /// The rows naming packages, runtimes and SDKs, without those saying what the project is
    /// and which others it uses (roles, local references).
    fn named(deps: Vec<Dependency>) -> Vec<Dependency> {
        deps.into_iter()
            .filter(|d| !matches!(d.what, What::Role | What::Local | What::Identity | What::Member | What::Build))
            .collect()
    }

    #[test]
    fn a_byte_order_mark_is_not_evidence() {
        // Visual Studio saves project files with one (dotnet-architecture/eShopOnWeb).
        let deps = parse_file("Web.csproj", &format!("\u{feff}{WEB}")).unwrap();
        assert_eq!(deps[0].text, r#"<Project Sdk="Microsoft.NET.Sdk.Web">"#);
    }

    #[test]
    fn aspnet_core_web_project() {
        let all = parse_file("WebApp.csproj", WEB).unwrap();
        let role = all.iter().find(|d| d.what == What::Role).map(|d| d.name.as_str());
        assert_eq!(role, Some("service"), "Sdk.Web is a service");
        let deps = named(all);
        let sdk = &deps[0];
        assert_eq!((sdk.what, sdk.name.as_str(), sdk.line), (What::Sdk, "Microsoft.NET.Sdk.Web", 1));
        assert_eq!((sdk.version.as_deref(), sdk.scope), (None, Scope::Runtime));
        assert_eq!(sdk.text, r#"<Project Sdk="Microsoft.NET.Sdk.Web">"#);

        let rt = &deps[1];
        assert_eq!((rt.what, rt.name.as_str(), rt.line), (What::Runtime, "dotnet", 4));
        assert_eq!((rt.version.as_deref(), rt.pinned.as_deref()), (Some("8.0"), Some("8.0")));
        assert_eq!(rt.text, "<TargetFramework>net8.0</TargetFramework>");

        let ef = find(&deps, "Microsoft.EntityFrameworkCore.SqlServer");
        assert_eq!((ef.what, ef.scope, ef.line), (What::Package, Scope::Runtime, 12));
        assert_eq!((ef.version.as_deref(), ef.pinned.as_deref()), (Some("$(EfVersion)"), Some("8.0.1")));
        assert_eq!(
            ef.text,
            r#"<PackageReference Include="Microsoft.EntityFrameworkCore.SqlServer" Version="$(EfVersion)" />"#
        );

        let tools = find(&deps, "Microsoft.EntityFrameworkCore.Tools");
        assert_eq!((tools.scope, tools.line, tools.pinned.as_deref()), (Scope::Build, 13, Some("8.0.1")));
        assert_eq!(find(&deps, "Microsoft.SourceLink.GitHub").scope, Scope::Build);
        let serilog = find(&deps, "Serilog.AspNetCore");
        assert_eq!(
            (serilog.version.as_deref(), serilog.pinned.as_deref(), serilog.line),
            (Some("8.0.0"), Some("8.0.0"), 18)
        );
        assert_eq!(find(&deps, "Polly").pinned, None);
        assert_eq!(find(&deps, "Dapper").pinned, None);
        let nj = find(&deps, "Newtonsoft.Json");
        assert_eq!((nj.version.as_deref(), nj.pinned.as_deref()), (None, None));
        assert!(!deps.iter().any(|d| d.name == "Microsoft.Extensions.Logging"), "Update is not a reference");
        assert_eq!(deps.len(), 10);
    }

    const TESTS: &str = r#"<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFrameworks>net8.0;net9.0</TargetFrameworks>
    <IsPackable>false</IsPackable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.8.0" />
    <PackageReference Include="xunit" Version="2.6.2" />
    <PackageReference Include="xunit.runner.visualstudio" Version="2.5.4">
      <IncludeAssets>runtime; build; native; contentfiles; analyzers; buildtransitive</IncludeAssets>
      <PrivateAssets>all</PrivateAssets>
    </PackageReference>
    <PackageReference Include="coverlet.collector" Version="6.0.0" />
  </ItemGroup>
  <ItemGroup>
    <ProjectReference Include="..\WebApp\WebApp.csproj" />
  </ItemGroup>
</Project>"#;

    #[test]
    fn xunit_test_project_is_test_scope() {
        let all = parse_file("WebApp.Tests.csproj", TESTS).unwrap();
        let structure: Vec<_> = all
            .iter()
            .filter(|d| matches!(d.what, What::Role | What::Local))
            .map(|d| (d.what, d.name.as_str()))
            .collect();
        assert_eq!(structure.first(), Some(&(What::Role, "test")), "{structure:?}");
        assert!(structure.iter().any(|(w, n)| *w == What::Local && n.contains("WebApp.csproj")), "{structure:?}");
        let deps = named(all);
        assert!(deps.iter().all(|d| d.scope == Scope::Test), "{deps:#?}");
        let runtimes: Vec<_> = deps.iter().filter(|d| d.what == What::Runtime).map(|d| d.pinned.as_deref()).collect();
        assert_eq!(runtimes, [Some("8.0"), Some("9.0")]);
        let xunit = find(&deps, "xunit");
        assert_eq!((xunit.line, xunit.pinned.as_deref()), (8, Some("2.6.2")));
        assert_eq!(xunit.text, r#"<PackageReference Include="xunit" Version="2.6.2" />"#);
        assert_eq!(deps.len(), 7);

        // An explicit IsTestProject wins over the Test SDK reference.
        let not_test = TESTS.replace("<IsPackable>", "<IsTestProject>false</IsTestProject><IsPackable>");
        let deps = parse(&not_test, false).unwrap();
        assert_eq!(find(&deps, "xunit").scope, Scope::Runtime);
    }

    #[test]
    fn central_package_versions() {
        let props = r#"<Project>
  <PropertyGroup>
    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
    <AspNetVersion>8.0.1</AspNetVersion>
  </PropertyGroup>
  <ItemGroup>
    <PackageVersion Include="Microsoft.AspNetCore.OpenApi" Version="$(AspNetVersion)" />
    <PackageVersion Include="Npgsql.EntityFrameworkCore.PostgreSQL" Version="8.0.0" />
    <PackageVersion Include="Floating" Version="8.*" />
    <GlobalPackageReference Include="StyleCop.Analyzers" Version="1.2.0-beta.556" />
  </ItemGroup>
</Project>"#;
        let deps = parse_file("Directory.Packages.props", props).unwrap();
        assert_eq!(deps.len(), 4);
        let openapi = &deps[0];
        assert_eq!((openapi.name.as_str(), openapi.line), ("Microsoft.AspNetCore.OpenApi", 7));
        assert_eq!(openapi.pinned.as_deref(), Some("8.0.1"));
        assert_eq!(openapi.scope, Scope::Runtime);
        assert_eq!(find(&deps, "Npgsql.EntityFrameworkCore.PostgreSQL").pinned.as_deref(), Some("8.0.0"));
        assert_eq!(find(&deps, "Floating").pinned, None);
        let stylecop = find(&deps, "StyleCop.Analyzers");
        assert_eq!((stylecop.scope, stylecop.pinned.as_deref()), (Scope::Build, Some("1.2.0-beta.556")));
    }

    #[test]
    fn sdk_forms_and_old_style_projects() {
        let text = r#"<Project>
  <Sdk Name="Microsoft.Build.CentralPackageVersions" Version="2.1.3" />
  <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk.Worker" />
  <PropertyGroup><TargetFramework>netcoreapp3.1</TargetFramework></PropertyGroup>
</Project>"#;
        let deps = parse(text, false).unwrap();
        let sdks: Vec<_> = deps.iter().filter(|d| d.what == What::Sdk).map(|d| (d.name.as_str(), d.line)).collect();
        assert_eq!(sdks, [("Microsoft.Build.CentralPackageVersions", 2), ("Microsoft.NET.Sdk.Worker", 3)]);
        assert_eq!(find(&deps, "Microsoft.Build.CentralPackageVersions").pinned.as_deref(), Some("2.1.3"));
        assert_eq!(find(&deps, "dotnet").pinned.as_deref(), Some("3.1"));

        let extras = parse(r#"<Project Sdk="MSBuild.Sdk.Extras/3.0.44;Microsoft.NET.Sdk"/>"#, false).unwrap();
        assert_eq!(extras[0].name, "MSBuild.Sdk.Extras");
        assert_eq!(extras[0].pinned.as_deref(), Some("3.0.44"));
        assert_eq!(extras[1].name, "Microsoft.NET.Sdk");

        let old = r#"<?xml version="1.0" encoding="utf-8"?>
<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup>
    <TargetFrameworkVersion>v4.7.2</TargetFrameworkVersion>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="EntityFramework"><Version>6.4.4</Version></PackageReference>
  </ItemGroup>
</Project>"#;
        let deps = named(parse(old, false).unwrap());
        assert_eq!(deps.len(), 1);
        assert_eq!((deps[0].name.as_str(), deps[0].pinned.as_deref()), ("EntityFramework", Some("6.4.4")));
    }

    #[test]
    fn target_framework_monikers() {
        let s = |v: &str| v.to_string();
        for (tfm, want) in [
            ("net8.0", Some(("dotnet", s("8.0")))),
            (" net10.0 ", Some(("dotnet", s("10.0")))),
            ("net8.0-windows10.0.19041.0", Some(("dotnet", s("8.0")))),
            ("net6.0-android", Some(("dotnet", s("6.0")))),
            ("netcoreapp3.1", Some(("dotnet", s("3.1")))),
            ("NET48", Some(("dotnetfx", s("4.8")))),
            ("net472", Some(("dotnetfx", s("4.7.2")))),
            ("netstandard2.0", None),
            ("net4.8", None),
            ("net", None),
            ("", None),
            ("$(Tfm)", None),
            ("netcoreapp", None),
            ("net8.x", None),
        ] {
            assert_eq!(framework(tfm), want, "{tfm}");
        }
        let resolved = "<Project><PropertyGroup><Tfm>net9.0</Tfm><TargetFramework>$(Tfm)</TargetFramework></PropertyGroup></Project>";
        assert_eq!(parse(resolved, false).unwrap()[0].pinned.as_deref(), Some("9.0"));
    }

    #[test]
    fn junk_and_bombs() {
        for f in [false, true] {
            assert!(parse("", f).is_err());
            assert!(parse("{ \"json\": true }", f).is_err());
            assert!(parse("<Project><ItemGroup>", f).is_err());
            assert!(parse("<project/>", f).unwrap_err().contains("<project>"));
            assert_eq!(named(parse("<Project/>", f).unwrap()), vec![]);
            assert_eq!(
                named(parse("<Project><PackageReference/><PackageVersion/><TargetFramework/></Project>", f).unwrap()),
                vec![]
            );
        }
        let start = std::time::Instant::now();
        let deep = format!("<Project>{}{}</Project>", "<ItemGroup>".repeat(100_000), "</ItemGroup>".repeat(100_000));
        assert_eq!(named(parse(&deep, false).unwrap()), vec![]);
        let laughs = r#"<!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<Project><PropertyGroup><V>&b;</V></PropertyGroup></Project>"#;
        assert!(parse(laughs, false).is_err());
        let mut props = String::from("<P0>x</P0>");
        for i in 1..40 {
            props.push_str(&format!("<P{i}>$(P{j})$(P{j})</P{i}>", j = i - 1));
        }
        let doubling = format!(
            "<Project><PropertyGroup>{props}</PropertyGroup><ItemGroup><PackageReference Include=\"A\" Version=\"$(P39)\"/></ItemGroup></Project>"
        );
        assert_eq!(parse(&doubling, false).unwrap()[0].pinned, None);
        let cyclic = "<Project><PropertyGroup><A>$(A)</A></PropertyGroup><ItemGroup><PackageReference Include=\"A\" Version=\"$(A)\"/></ItemGroup></Project>";
        let cyclic = named(parse(cyclic, false).unwrap());
        assert_eq!((cyclic[0].name.as_str(), cyclic[0].pinned.as_deref()), ("A", None));
        let one_line = format!(
            "<Project><ItemGroup>{}</ItemGroup></Project>",
            "<PackageReference Include=\"A\" Version=\"1.0\"/>".repeat(50_000)
        );
        let deps = named(parse(&one_line, false).unwrap());
        assert_eq!(deps.len(), 50_000);
        assert!(deps.iter().all(|d| d.text.starts_with("<PackageReference Include=\"A\"") && d.text.len() <= 240));
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }
}
