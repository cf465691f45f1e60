//! `pom.xml`: dependencies (not the managed ones), the parent, build plugins and the Java
//! release, `${property}` versions resolved from the pom's own `<properties>`.
//!
//! What the module is and how it joins the others: its `groupId:artifactId` (the groupId
//! inherited from the parent when it has none) is its `Identity`; each `<modules><module>`
//! a `Member`; a dependency of the module's own groupId is also a `Local` by
//! `groupId:artifactId` (the reader of the repository keeps those naming a sibling); a
//! build plugin configured with a main class (`<mainClass>`, a shade or jar `Main-Class`) is
//! a `Role` `service` (the application plugins themselves are data: `[[detect.role]]`). A
//! `pom` module (a parent or aggregator) runs nothing itself: its build plugins, which its
//! modules inherit, are `Build` scope and name no main class.
//!
//! Not read: profiles' plugins, `<pluginManagement>`, `<dependencyManagement>` (management is
//! not use), extensions, and anything from the parent pom or `settings.xml` (one file in).

use rustc_hash::FxHashMap;

use super::common::{exact_version, java_version, substitute, At, LineIndex};
use super::xml::{self, child, child_text, children};
use super::{Dependency, Scope, What};

type Node<'a, 'i> = roxmltree::Node<'a, 'i>;

pub(super) fn parse(text: &str) -> Result<Vec<Dependency>, String> {
    let doc = xml::parse(text)?;
    let project = doc.root_element();
    let root = project.tag_name().name();
    if root != "project" {
        return Err(format!("the root element is <{root}>, not <project>"));
    }
    let lines = LineIndex::new(text);
    let props = Properties::of(project);
    let mut out = Vec::new();

    if let Some(parent) = child(project, "parent") {
        if let Some(c) = Coordinate::of(parent, &props, None) {
            out.push(c.into_dependency(&lines, What::Plugin, Scope::Runtime));
        }
    }
    let group = props.resolve("${project.groupId}");
    if let (Some(group), Some(artifact)) = (&group, child(project, "artifactId")) {
        if let Some(a) = xml::text(artifact).map(|a| props.resolve(&a).unwrap_or(a)).filter(|a| !a.contains('$')) {
            let at = At::Byte(artifact.range().start);
            out.push(lines.dep(What::Identity, format!("{group}:{a}"), None, None, at, Scope::Runtime));
        }
    }
    for module in children(project, "modules").flat_map(|m| children(m, "module")) {
        if let Some(path) =
            xml::text(module).map(|p| p.trim().trim_end_matches('/').to_string()).filter(|p| !p.is_empty())
        {
            out.push(lines.dep(What::Member, path, None, None, At::Byte(module.range().start), Scope::Runtime));
        }
    }
    let first_dep = out.len();
    for deps in children(project, "dependencies") {
        dependencies(deps, &props, &lines, false, &mut out);
    }
    if let Some(group) = &group {
        let prefix = format!("{group}:");
        let locals: Vec<Dependency> = out
            .get(first_dep..)
            .unwrap_or(&[])
            .iter()
            .filter(|d| d.what == What::Package && d.name.starts_with(&prefix))
            .map(|d| Dependency { what: What::Local, version: None, pinned: None, ..d.clone() })
            .collect();
        out.extend(locals);
    }
    // A profile's dependencies are there only when the profile is active.
    for profile in children(project, "profiles").flat_map(|p| children(p, "profile")) {
        for deps in children(profile, "dependencies") {
            dependencies(deps, &props, &lines, true, &mut out);
        }
    }
    let plugins: Vec<Node> =
        children(project, "build").flat_map(|b| children(b, "plugins")).flat_map(|p| children(p, "plugin")).collect();
    let aggregator = child_text(project, "packaging").is_some_and(|p| p.trim() == "pom");
    let scope = if aggregator { Scope::Build } else { Scope::Runtime };
    for plugin in &plugins {
        if let Some(c) = Coordinate::of(*plugin, &props, Some("org.apache.maven.plugins")) {
            out.push(c.into_dependency(&lines, What::Plugin, scope));
        }
        if let Some(main) = main_class(*plugin).filter(|_| !aggregator) {
            out.push(lines.dep(What::Role, "service", None, None, At::Byte(main.range().start), Scope::Runtime));
        }
    }
    if let Some(java) = java_release(&plugins, &props, &lines) {
        out.push(java);
    }
    out.sort_by_key(|d| d.line);
    Ok(out)
}

fn dependencies(deps: Node, props: &Properties, lines: &LineIndex, in_profile: bool, out: &mut Vec<Dependency>) {
    for d in children(deps, "dependency") {
        let Some(c) = Coordinate::of(d, props, None) else { continue };
        let scope_text = child_text(d, "scope").map(|s| props.resolve(&s).unwrap_or(s));
        let optional = child_text(d, "optional").is_some_and(|o| props.resolve(&o).unwrap_or(o) == "true");
        let scope = match scope_text.as_deref() {
            Some("test") => Scope::Test,
            Some("provided" | "system" | "import") => Scope::Build,
            _ if optional || in_profile => Scope::Optional,
            _ => Scope::Runtime,
        };
        out.push(c.into_dependency(lines, What::Package, scope));
    }
}

/// The element of a plugin's configuration (its own or an execution's) that names a main
/// class: `<mainClass>` (exec, jar's `<manifest>`, assembly, shade's transformer) or
/// `<Main-Class>` (shade's `manifestEntries`), with a value.
fn main_class<'a, 'i>(plugin: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    let configs = child(plugin, "configuration").into_iter().chain(
        children(plugin, "executions").flat_map(|e| children(e, "execution")).filter_map(|e| child(e, "configuration")),
    );
    configs.flat_map(|c| c.descendants()).find(|n| {
        matches!(n.tag_name().name(), "mainClass" | "Main-Class") && xml::text(*n).is_some_and(|t| !t.trim().is_empty())
    })
}

/// `groupId:artifactId` and version of a dependency, parent or plugin; the line is the
/// `<artifactId>`'s.
struct Coordinate {
    name: String,
    version: Option<String>,
    pinned: Option<String>,
    /// Byte offset of the `<artifactId>`.
    at: usize,
}

impl Coordinate {
    fn of(node: Node, props: &Properties, default_group: Option<&str>) -> Option<Coordinate> {
        let artifact_node = child(node, "artifactId")?;
        let artifact = xml::text(artifact_node)?;
        let group = child_text(node, "groupId").or_else(|| default_group.map(str::to_string))?;
        let artifact = props.resolve(&artifact).unwrap_or(artifact);
        let group = props.resolve(&group).unwrap_or(group);
        let version = child_text(node, "version");
        let pinned = version.as_deref().and_then(|v| props.resolve(v)).and_then(|v| exact_version(&v));
        let at = artifact_node.range().start;
        Some(Coordinate { name: format!("{group}:{artifact}"), version, pinned, at })
    }

    fn into_dependency(self, lines: &LineIndex, what: What, scope: Scope) -> Dependency {
        lines.dep(what, self.name, self.version, self.pinned, At::Byte(self.at), scope)
    }
}

/// The pom's `<properties>` (and the `project.*` values Maven defines from the pom itself),
/// each with the byte offset of the element that declares it.
struct Properties {
    values: FxHashMap<String, (String, usize)>,
}

impl Properties {
    fn of(project: Node) -> Self {
        let mut values = FxHashMap::default();
        let at = |n: Node| n.range().start;
        for props in children(project, "properties") {
            for p in props.children().filter(|c| c.is_element()) {
                let value = xml::text(p).unwrap_or_default();
                values.entry(p.tag_name().name().to_string()).or_insert((value, at(p)));
            }
        }
        let parent = child(project, "parent");
        // A module inherits its version and groupId from the parent when it does not say them.
        for (key, inherited) in [("version", true), ("groupId", true), ("artifactId", false)] {
            let node = child(project, key).or_else(|| parent.filter(|_| inherited).and_then(|p| child(p, key)));
            if let Some((value, n)) = node.and_then(|n| Some((xml::text(n)?, n))) {
                for k in [format!("project.{key}"), format!("pom.{key}"), key.to_string()] {
                    values.entry(k).or_insert((value.clone(), at(n)));
                }
            }
        }
        if let Some(parent) = parent {
            for key in ["version", "groupId"] {
                if let Some(n) = child(parent, key) {
                    if let Some(v) = xml::text(n) {
                        values.entry(format!("project.parent.{key}")).or_insert((v, at(n)));
                    }
                }
            }
        }
        Properties { values }
    }

    fn get(&self, name: &str) -> Option<&(String, usize)> {
        self.values.get(name)
    }

    /// `s` with every `${name}` substituted; `None` when one has no value here (it comes from
    /// a parent, a profile, the command line) or the substitution does not settle.
    fn resolve(&self, s: &str) -> Option<String> {
        substitute(s, ("${", '}'), |name| self.values.get(name).map(|(v, _)| v.as_str()))
    }
}

/// The Java release the build compiles for, as Maven picks it: the compiler plugin's
/// `<release>` or `maven.compiler.release`, then Spring Boot's `java.version`, then source,
/// then target. The evidence is the element that sets it.
fn java_release(plugins: &[Node], props: &Properties, lines: &LineIndex) -> Option<Dependency> {
    let compiler = plugins.iter().find(|p| child_text(**p, "artifactId").as_deref() == Some("maven-compiler-plugin"));
    let config = |key: &'static str| -> Option<(String, usize)> {
        let n = compiler.and_then(|p| child(*p, "configuration")).and_then(|c| child(c, key))?;
        Some((xml::text(n)?, n.range().start))
    };
    let prop = |key: &str| props.get(key).filter(|(v, _)| !v.is_empty()).cloned();
    let (version, at) = config("release")
        .or_else(|| prop("maven.compiler.release"))
        .or_else(|| prop("java.version"))
        .or_else(|| config("source"))
        .or_else(|| prop("maven.compiler.source"))
        .or_else(|| config("target"))
        .or_else(|| prop("maven.compiler.target"))?;
    let pinned = props.resolve(&version).and_then(|v| java_version(&v));
    Some(lines.dep(What::Runtime, "java", Some(version), pinned, At::Byte(at), Scope::Runtime))
}

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] = &[
    "<project>",
    "</project>",
    "<dependencies>",
    "</dependencies>",
    "<dependency>",
    "</dependency>",
    "<groupId>g</groupId>",
    "<artifactId>a</artifactId>",
    "<version>",
    "</version>",
    "1.0",
    "${p}",
    "${",
    "<properties>",
    "</properties>",
    "<p>",
    "</p>",
    "<scope>test</scope>",
    "<optional>true</optional>",
    "<parent>",
    "</parent>",
    "<build>",
    "</build>",
    "<plugins>",
    "</plugins>",
    "<plugin>",
    "</plugin>",
    "<profiles>",
    "<profile>",
    "<dependencyManagement>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&#x41;",
    "<?xml version=\"1.0\"?>",
    "<!DOCTYPE x>",
    " xmlns=\"http://maven.apache.org/POM/4.0.0\"",
    ">",
    "<maven.compiler.release>",
    "</maven.compiler.release>",
    "<java.version>1.8</java.version>",
    "<modules>",
    "<module>a</module>",
    "</modules>",
    "<packaging>pom</packaging>",
    "<configuration>",
    "<mainClass>a.B</mainClass>",
    "<executions><execution>",
    "é",
    "﻿",
];

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::super::parse_file;
    use super::*;

    fn find<'a>(deps: &'a [Dependency], name: &str) -> &'a Dependency {
        deps.iter().find(|d| d.name == name).unwrap_or_else(|| panic!("no {name} in {deps:#?}"))
    }

    #[test]
    fn modules_identity_siblings_and_main_classes() {
        let parent = r#"<project>
  <groupId>shop</groupId>
  <artifactId>parent</artifactId>
  <packaging>pom</packaging>
  <modules>
    <module>api</module>
    <module>web/</module>
    <module> </module>
  </modules>
  <build><plugins><plugin>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-maven-plugin</artifactId>
    <configuration><mainClass>shop.App</mainClass></configuration>
  </plugin></plugins></build>
</project>"#;
        assert_eq!(
            rows(&parse(parent).unwrap()),
            [
                "3 Runtime Identity shop:parent - - | <artifactId>parent</artifactId>",
                "6 Runtime Member api - - | <module>api</module>",
                "7 Runtime Member web - - | <module>web/</module>",
                "12 Build Plugin org.springframework.boot:spring-boot-maven-plugin - - | <artifactId>spring-boot-maven-plugin</artifactId>",
            ]
        );
        let module = r#"<project>
  <parent><groupId>shop</groupId><artifactId>parent</artifactId><version>1</version></parent>
  <artifactId>${name}</artifactId>
  <properties><name>web</name></properties>
  <dependencies>
    <dependency><groupId>shop</groupId><artifactId>api</artifactId><version>${project.version}</version></dependency>
    <dependency><groupId>shopping</groupId><artifactId>x</artifactId></dependency>
    <dependency><groupId>shop</groupId><artifactId>testing</artifactId><scope>test</scope></dependency>
  </dependencies>
  <build><plugins>
    <plugin><artifactId>maven-shade-plugin</artifactId><executions><execution><configuration>
      <transformers><transformer><manifestEntries><Main-Class>shop.Web</Main-Class></manifestEntries></transformer></transformers>
    </configuration></execution></executions></plugin>
    <plugin><groupId>org.codehaus.mojo</groupId><artifactId>exec-maven-plugin</artifactId>
      <configuration><executable>docker</executable><mainClass/></configuration></plugin>
  </plugins></build>
</project>"#;
        assert_eq!(
            rows(&parse(module).unwrap()),
            [
                "2 Runtime Plugin shop:parent 1 1 | <parent><groupId>shop</groupId><artifactId>parent</artifactId><version>1</version></parent>",
                "3 Runtime Identity shop:web - - | <artifactId>${name}</artifactId>",
                "6 Runtime Package shop:api ${project.version} 1 | <dependency><groupId>shop</groupId><artifactId>api</artifactId><version>${project.version}</version></dependency>",
                "6 Runtime Local shop:api - - | <dependency><groupId>shop</groupId><artifactId>api</artifactId><version>${project.version}</version></dependency>",
                "7 Runtime Package shopping:x - - | <dependency><groupId>shopping</groupId><artifactId>x</artifactId></dependency>",
                "8 Test Package shop:testing - - | <dependency><groupId>shop</groupId><artifactId>testing</artifactId><scope>test</scope></dependency>",
                "8 Test Local shop:testing - - | <dependency><groupId>shop</groupId><artifactId>testing</artifactId><scope>test</scope></dependency>",
                "11 Runtime Plugin org.apache.maven.plugins:maven-shade-plugin - - | <plugin><artifactId>maven-shade-plugin</artifactId><executions><execution><configuration>",
                "12 Runtime Role service - - | <transformers><transformer><manifestEntries><Main-Class>shop.Web</Main-Class></manifestEntries></transformer></transformers>",
                "14 Runtime Plugin org.codehaus.mojo:exec-maven-plugin - - | <plugin><groupId>org.codehaus.mojo</groupId><artifactId>exec-maven-plugin</artifactId>",
            ]
        );
    }

    const SPRING_BOOT_KOTLIN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
	xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
	<modelVersion>4.0.0</modelVersion>
	<parent>
		<groupId>org.springframework.boot</groupId>
		<artifactId>spring-boot-starter-parent</artifactId>
		<version>3.2.0</version>
		<relativePath/> <!-- lookup parent from repository -->
	</parent>
	<groupId>com.example</groupId>
	<artifactId>demo</artifactId>
	<version>0.0.1-SNAPSHOT</version>
	<name>demo</name>
	<description>Demo project for Spring Boot</description>
	<properties>
		<java.version>17</java.version>
		<kotlin.version>1.9.20</kotlin.version>
		<testcontainers.version>1.19.3</testcontainers.version>
	</properties>
	<dependencies>
		<dependency>
			<groupId>org.springframework.boot</groupId>
			<artifactId>spring-boot-starter-data-jpa</artifactId>
		</dependency>
		<dependency>
			<groupId>org.springframework.boot</groupId>
			<artifactId>spring-boot-starter-web</artifactId>
		</dependency>
		<dependency>
			<groupId>com.fasterxml.jackson.module</groupId>
			<artifactId>jackson-module-kotlin</artifactId>
		</dependency>
		<dependency>
			<groupId>org.jetbrains.kotlin</groupId>
			<artifactId>kotlin-reflect</artifactId>
		</dependency>
		<dependency>
			<groupId>org.jetbrains.kotlin</groupId>
			<artifactId>kotlin-stdlib</artifactId>
			<version>${kotlin.version}</version>
		</dependency>
		<dependency>
			<groupId>org.springframework.boot</groupId>
			<artifactId>spring-boot-devtools</artifactId>
			<scope>runtime</scope>
			<optional>true</optional>
		</dependency>
		<dependency>
			<groupId>org.postgresql</groupId>
			<artifactId>postgresql</artifactId>
			<scope>runtime</scope>
		</dependency>
		<dependency>
			<groupId>org.projectlombok</groupId>
			<artifactId>lombok</artifactId>
			<scope>provided</scope>
		</dependency>
		<dependency>
			<groupId>org.springframework.boot</groupId>
			<artifactId>spring-boot-starter-test</artifactId>
			<scope>test</scope>
		</dependency>
		<dependency>
			<groupId>org.testcontainers</groupId>
			<artifactId>postgresql</artifactId>
			<version>${testcontainers.version}</version>
			<scope>test</scope>
		</dependency>
	</dependencies>
	<dependencyManagement>
		<dependencies>
			<dependency>
				<groupId>org.testcontainers</groupId>
				<artifactId>testcontainers-bom</artifactId>
				<version>${testcontainers.version}</version>
				<type>pom</type>
				<scope>import</scope>
			</dependency>
		</dependencies>
	</dependencyManagement>
	<build>
		<sourceDirectory>${project.basedir}/src/main/kotlin</sourceDirectory>
		<plugins>
			<plugin>
				<groupId>org.springframework.boot</groupId>
				<artifactId>spring-boot-maven-plugin</artifactId>
			</plugin>
			<plugin>
				<groupId>org.jetbrains.kotlin</groupId>
				<artifactId>kotlin-maven-plugin</artifactId>
				<configuration>
					<args>
						<arg>-Xjsr305=strict</arg>
					</args>
					<compilerPlugins>
						<plugin>spring</plugin>
						<plugin>jpa</plugin>
					</compilerPlugins>
				</configuration>
			</plugin>
		</plugins>
		<pluginManagement>
			<plugins>
				<plugin>
					<artifactId>maven-surefire-plugin</artifactId>
					<version>3.2.2</version>
				</plugin>
			</plugins>
		</pluginManagement>
	</build>
</project>
"#;

    #[test]
    fn spring_boot_kotlin_starter() {
        let deps = parse_file("pom.xml", SPRING_BOOT_KOTLIN).unwrap();
        let names: Vec<&str> = deps.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "org.springframework.boot:spring-boot-starter-parent",
                "com.example:demo",
                "java",
                "org.springframework.boot:spring-boot-starter-data-jpa",
                "org.springframework.boot:spring-boot-starter-web",
                "com.fasterxml.jackson.module:jackson-module-kotlin",
                "org.jetbrains.kotlin:kotlin-reflect",
                "org.jetbrains.kotlin:kotlin-stdlib",
                "org.springframework.boot:spring-boot-devtools",
                "org.postgresql:postgresql",
                "org.projectlombok:lombok",
                "org.springframework.boot:spring-boot-starter-test",
                "org.testcontainers:postgresql",
                "org.springframework.boot:spring-boot-maven-plugin",
                "org.jetbrains.kotlin:kotlin-maven-plugin",
            ]
        );

        let parent = &deps[0];
        assert_eq!(parent.what, What::Plugin);
        assert_eq!(parent.version.as_deref(), Some("3.2.0"));
        assert_eq!(parent.pinned.as_deref(), Some("3.2.0"));
        assert_eq!(parent.line, 7);
        assert_eq!(parent.text, "<artifactId>spring-boot-starter-parent</artifactId>");
        assert_eq!(parent.scope, Scope::Runtime);

        let java = find(&deps, "java");
        assert_eq!((java.what, java.line), (What::Runtime, 17));
        assert_eq!(java.version.as_deref(), Some("17"));
        assert_eq!(java.pinned.as_deref(), Some("17"));
        assert_eq!(java.text, "<java.version>17</java.version>");

        let web = find(&deps, "org.springframework.boot:spring-boot-starter-web");
        assert_eq!((web.what, web.scope, web.line), (What::Package, Scope::Runtime, 28));
        assert_eq!((web.version.as_deref(), web.pinned.as_deref()), (None, None));
        assert_eq!(web.text, "<artifactId>spring-boot-starter-web</artifactId>");

        let stdlib = find(&deps, "org.jetbrains.kotlin:kotlin-stdlib");
        assert_eq!(stdlib.version.as_deref(), Some("${kotlin.version}"));
        assert_eq!(stdlib.pinned.as_deref(), Some("1.9.20"));

        assert_eq!(find(&deps, "org.springframework.boot:spring-boot-devtools").scope, Scope::Optional);
        assert_eq!(find(&deps, "org.postgresql:postgresql").scope, Scope::Runtime);
        assert_eq!(find(&deps, "org.projectlombok:lombok").scope, Scope::Build);
        assert_eq!(find(&deps, "org.springframework.boot:spring-boot-starter-test").scope, Scope::Test);
        let tc = find(&deps, "org.testcontainers:postgresql");
        assert_eq!((tc.scope, tc.pinned.as_deref()), (Scope::Test, Some("1.19.3")));
        assert!(!deps.iter().any(|d| d.name.contains("testcontainers-bom")), "managed BOM is not use");
        assert!(!deps.iter().any(|d| d.name.contains("surefire")), "pluginManagement is not use");

        let kotlin = find(&deps, "org.jetbrains.kotlin:kotlin-maven-plugin");
        assert_eq!((kotlin.what, kotlin.version.as_deref()), (What::Plugin, None));
        assert_eq!(kotlin.text, "<artifactId>kotlin-maven-plugin</artifactId>");
    }

    #[test]
    fn java_release_from_compiler_properties_and_plugin() {
        let pom = |body: &str| format!("<project><modelVersion>4.0.0</modelVersion>{body}</project>");
        let java = |pom: &str| {
            let deps = parse(pom).unwrap();
            deps.into_iter().find(|d| d.what == What::Runtime).map(|d| (d.version, d.pinned))
        };
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            java(&pom("<properties><maven.compiler.source>1.8</maven.compiler.source>\
                 <maven.compiler.target>1.8</maven.compiler.target></properties>")),
            Some((s("1.8"), s("8")))
        );
        assert_eq!(
            java(&pom("<properties><maven.compiler.release>21</maven.compiler.release>\
                 <java.version>17</java.version></properties>")),
            Some((s("21"), s("21")))
        );
        assert_eq!(
            java(&pom("<properties><jdk>11</jdk></properties><build><plugins><plugin>\
                 <artifactId>maven-compiler-plugin</artifactId><configuration><release>${jdk}</release>\
                 </configuration></plugin></plugins></build>")),
            Some((s("${jdk}"), s("11")))
        );
        assert_eq!(
            java(&pom("<properties><maven.compiler.target>${missing}</maven.compiler.target></properties>")),
            Some((s("${missing}"), None))
        );
        assert_eq!(java(&pom("")), None);
    }

    #[test]
    fn property_versions_ranges_and_project_version() {
        let text = r#"<project>
  <groupId>com.acme</groupId>
  <version>2.1.0</version>
  <properties>
    <a>${b}</a>
    <b>4.0.1</b>
    <loop>${loop}</loop>
  </properties>
  <dependencies>
    <dependency><groupId>x</groupId><artifactId>chained</artifactId><version>${a}</version></dependency>
    <dependency><groupId>x</groupId><artifactId>range</artifactId><version>[1.0,2.0)</version></dependency>
    <dependency><groupId>x</groupId><artifactId>hard</artifactId><version>[1.5]</version></dependency>
    <dependency><groupId>${project.groupId}</groupId><artifactId>sibling</artifactId><version>${project.version}</version></dependency>
    <dependency><groupId>x</groupId><artifactId>loop</artifactId><version>${loop}</version></dependency>
    <dependency><groupId>x</groupId><artifactId>unknown</artifactId><version>${nope}</version></dependency>
    <dependency><groupId>x</groupId><artifactId>latest</artifactId><version>LATEST</version></dependency>
    <dependency><artifactId>no-group</artifactId></dependency>
    <dependency><groupId>no-artifact</groupId></dependency>
  </dependencies>
</project>"#;
        let deps = parse(text).unwrap();
        let pinned = |n: &str| find(&deps, n).pinned.clone();
        assert_eq!(pinned("x:chained").as_deref(), Some("4.0.1"));
        assert_eq!(pinned("x:range"), None);
        assert_eq!(find(&deps, "x:range").version.as_deref(), Some("[1.0,2.0)"));
        assert_eq!(pinned("x:hard").as_deref(), Some("1.5"));
        assert_eq!(pinned("com.acme:sibling").as_deref(), Some("2.1.0"));
        assert_eq!(pinned("x:loop"), None);
        assert_eq!(pinned("x:unknown"), None);
        assert_eq!(pinned("x:latest"), None);
        assert_eq!(deps.iter().filter(|d| !matches!(d.what, What::Identity | What::Local)).count(), 7, "{deps:#?}");
        let chained = find(&deps, "x:chained");
        assert_eq!(chained.line, 10);
        assert!(chained.text.starts_with("<dependency><groupId>x</groupId><artifactId>chained"));
    }

    #[test]
    fn profile_dependencies_are_optional_and_plugins_default_group() {
        let text = r#"<project>
  <build><plugins><plugin><artifactId>maven-compiler-plugin</artifactId><version>3.11.0</version></plugin></plugins></build>
  <profiles><profile><id>pg</id><dependencies>
    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><scope>runtime</scope></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><scope>test</scope></dependency>
  </dependencies></profile></profiles>
</project>"#;
        let deps = parse(text).unwrap();
        assert_eq!(find(&deps, "org.apache.maven.plugins:maven-compiler-plugin").what, What::Plugin);
        assert_eq!(find(&deps, "org.postgresql:postgresql").scope, Scope::Optional);
        assert_eq!(find(&deps, "junit:junit").scope, Scope::Test);
    }

    #[test]
    fn junk_and_not_a_pom() {
        assert!(parse("").is_err());
        assert!(parse("not xml at all").is_err());
        assert!(parse("<project><dependencies>").is_err());
        assert!(parse("<settings/>").unwrap_err().contains("<settings>"));
        assert_eq!(parse("<project/>").unwrap(), vec![]);
        assert_eq!(parse("\u{feff}<project></project>").unwrap(), vec![]);
        // Elements in the wrong places are not dependencies.
        let odd = "<project><dependency><groupId>a</groupId><artifactId>b</artifactId></dependency>\
                   <dependencies><dependencies/><dependency>text</dependency></dependencies></project>";
        assert_eq!(parse(odd).unwrap(), vec![]);
    }

    #[test]
    fn bombs_return_quickly() {
        let start = std::time::Instant::now();
        let deep = format!("<project>{}{}</project>", "<a>".repeat(100_000), "</a>".repeat(100_000));
        assert_eq!(parse(&deep).unwrap(), vec![]);
        let unclosed = format!("<project>{}", "<dependencies>".repeat(100_000));
        assert!(parse(&unclosed).is_err());
        let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<project><properties><v>&lol2;</v></properties></project>"#;
        assert!(parse(laughs).is_err());
        // Properties that double at each step stop at the length cap.
        let mut props = String::from("<p0>x</p0>");
        for i in 1..40 {
            props.push_str(&format!("<p{i}>${{p{j}}}${{p{j}}}</p{i}>", j = i - 1));
        }
        let doubling = format!(
            "<project><properties>{props}</properties><dependencies><dependency><groupId>g</groupId>\
             <artifactId>a</artifactId><version>${{p39}}</version></dependency></dependencies></project>"
        );
        assert_eq!(parse(&doubling).unwrap()[0].pinned, None);
        // A minified pom: every dependency on one line; the evidence is a short window at
        // each one, not the whole line each time.
        let dep = "<dependency><groupId>g</groupId><artifactId>a</artifactId><version>1</version></dependency>";
        let minified = format!("<project><dependencies>{}</dependencies></project>", dep.repeat(50_000));
        let deps = parse(&minified).unwrap();
        assert_eq!(deps.len(), 50_000);
        assert!(deps
            .iter()
            .all(|d| d.line == 1 && d.text.starts_with("<artifactId>a</artifactId>") && d.text.len() <= 240));
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }
}
