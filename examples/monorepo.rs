//! A generated monorepo for measuring detection (a measurement tool, not a test):
//!
//! ```text
//! cargo run --release --example monorepo -- write DIR 2000   # DIR/stack.toml + 2,000 service folders
//! cargo run --release --example monorepo -- read DIR         # the baseline: walk DIR and read every file
//! ```
//!
//! Each service folder holds one realistic manifest, the formats in turn (requirements.txt,
//! package.json, pom.xml, go.mod, Gemfile, composer.json, Cargo.toml, a .csproj), and the
//! stack file declares each service with its `path`; one in ten declares the wrong framework,
//! so `drift` has findings to report.

use std::io::Read;
use std::path::Path;

/// (file, framework, databases, text)
const MANIFESTS: &[(&str, &str, &str, &str)] = &[
    (
        "requirements.txt",
        "django",
        "[\"postgresql\", \"redis\"]",
        "Django==5.2.3\ndjangorestframework==3.15.2\npsycopg2-binary==2.9.9\nredis==5.0.8\ngunicorn==22.0.0\ncelery==5.4.0\n",
    ),
    (
        "package.json",
        "express",
        "[\"postgresql\", \"redis\"]",
        "{\n  \"name\": \"svc\",\n  \"dependencies\": {\n    \"express\": \"^4.19.2\",\n    \"pg\": \"^8.11.3\",\n    \"ioredis\": \"^5.4.1\"\n  },\n  \"devDependencies\": { \"jest\": \"^29.7.0\" }\n}\n",
    ),
    (
        "pom.xml",
        "spring-boot",
        "\"postgresql\"",
        "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n  <parent>\n    <groupId>org.springframework.boot</groupId>\n    <artifactId>spring-boot-starter-parent</artifactId>\n    <version>3.5.3</version>\n  </parent>\n  <dependencies>\n    <dependency>\n      <groupId>org.springframework.boot</groupId>\n      <artifactId>spring-boot-starter-web</artifactId>\n    </dependency>\n    <dependency>\n      <groupId>org.postgresql</groupId>\n      <artifactId>postgresql</artifactId>\n      <scope>runtime</scope>\n    </dependency>\n  </dependencies>\n</project>\n",
    ),
    (
        "go.mod",
        "gin",
        "\"redis\"",
        "module example.com/svc\n\ngo 1.23\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/redis/go-redis/v9 v9.6.1\n)\n\nrequire github.com/lib/pq v1.10.9 // indirect\n",
    ),
    (
        "Gemfile",
        "ruby-on-rails",
        "\"postgresql\"",
        "source \"https://rubygems.org\"\nruby \"3.3.4\"\ngem \"rails\", \"~> 7.1.3\"\ngem \"pg\", \"~> 1.5\"\ngem \"puma\", \">= 5.0\"\ngroup :development do\n  gem \"spring\"\nend\n",
    ),
    (
        "composer.json",
        "laravel",
        "\"redis\"",
        "{\n  \"require\": {\n    \"php\": \"^8.2\",\n    \"laravel/framework\": \"^11.0\",\n    \"predis/predis\": \"^2.2\"\n  },\n  \"require-dev\": { \"phpunit/phpunit\": \"^11.0\" }\n}\n",
    ),
    (
        "Cargo.toml",
        "axum",
        "\"postgresql\"",
        "[package]\nname = \"svc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\naxum = \"0.7\"\ntokio = { version = \"1\", features = [\"full\"] }\ntokio-postgres = \"0.7\"\n\n[dev-dependencies]\nrusqlite = \"0.31\"\n",
    ),
    (
        "Svc.csproj",
        "asp.net-core",
        "\"sql-server\"",
        "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"Microsoft.EntityFrameworkCore.SqlServer\" Version=\"8.0.6\" />\n  </ItemGroup>\n</Project>\n",
    ),
];

fn write(dir: &Path, services: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join(".git"))?;
    let mut stack = String::from("[project]\nscale = \"large\"\narchitecture = \"microservices\"\n");
    for i in 0..services {
        let (file, framework, databases, text) = MANIFESTS[i % MANIFESTS.len()];
        let folder = format!("services/svc-{i}");
        std::fs::create_dir_all(dir.join(&folder))?;
        std::fs::write(dir.join(&folder).join(file), text)?;
        // One Django service in five declares Flask: a drift finding.
        let declared = if i % 10 == 0 && framework == "django" { "flask" } else { framework };
        stack.push_str(&format!(
            "\n[services.svc-{i}]\npath = \"{folder}\"\nframework = \"{declared}\"\ndatabase = {databases}\n"
        ));
    }
    std::fs::write(dir.join("stack.toml"), stack)
}

/// The baseline: every file below `dir` read, as detection must at least do.
fn read(dir: &Path) -> std::io::Result<u64> {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                if entry.file_name() != ".git" {
                    stack.push(entry.path());
                }
            } else if kind.is_file() {
                let mut bytes = Vec::new();
                std::fs::File::open(entry.path())?.read_to_end(&mut bytes)?;
                total += bytes.len() as u64;
            }
        }
    }
    Ok(total)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["write", dir, n] => write(Path::new(dir), n.parse().unwrap_or(2000)).map(|()| 0),
        ["read", dir] => read(Path::new(dir)),
        _ => {
            eprintln!("usage: monorepo write DIR N | monorepo read DIR");
            std::process::exit(2);
        }
    };
    match result {
        Ok(bytes) => {
            if bytes > 0 {
                println!("{bytes} bytes read");
            }
        }
        Err(e) => {
            eprintln!("monorepo: {e}");
            std::process::exit(1);
        }
    }
}
