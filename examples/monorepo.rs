//! A generated monorepo for measuring detection (a measurement tool, not a test):
//!
//! ```text
//! cargo run --release --example monorepo -- write DIR 2000   # DIR/stack.toml + 2,000 service folders
//! cargo run --release --example monorepo -- read DIR         # the baseline: walk DIR, read the manifests
//! ```
//!
//! The repository is the shape of a large polyglot monorepo: npm and pnpm workspaces, a Cargo
//! workspace, .NET projects, Python packages, Spring, Rails and Go services; beside each
//! service's manifest its configuration and pins (`.env.example` with a `DATABASE_URL`,
//! `config/database.yml`, `application.properties`, `.nvmrc`, `.python-version`,
//! `rust-toolchain.toml`), a Dockerfile, a source file or two, and compose files with build
//! contexts and database images. The stack file declares each service with its `path`; one
//! in ten declares the wrong framework, so `drift` has findings to report. Deterministic for
//! a given N.
//!
//! The baseline (`read`) is the least any detection must do: the walk `check` makes (the
//! `ignore` crate, `.gitignore` honoured, hidden folders and symlinks not followed, as
//! `src/detect/scan.rs`), reading every file whose name is a manifest (`Format::of`), so a
//! format added to the table is read by the baseline too.

use std::io::Read;
use std::path::Path;

use stackls::detect::manifest::Format;

/// One kind of service: its framework and databases as the stack file declares them, and
/// its files (path in the service folder, text; `{i}` is the service's number).
struct Kind {
    framework: &'static str,
    databases: &'static str,
    files: &'static [(&'static str, &'static str)],
}

const DOCKERFILE_NODE: &str = "FROM node:20-alpine\nWORKDIR /app\nCOPY package.json ./\nRUN npm install --omit=dev\nCOPY . .\nEXPOSE 3000\nCMD [\"node\", \"src/index.js\"]\n";
const ENV_POSTGRES: &str = "PORT=8080\nLOG_LEVEL=info\nDATABASE_URL=postgres://app:change-me@db:5432/svc_{i}\nREDIS_URL=redis://cache:6379/0\n";

const KINDS: &[Kind] = &[
    Kind {
        framework: "express",
        databases: "[\"postgresql\", \"redis\"]",
        files: &[
            ("package.json", "{\n  \"name\": \"svc-{i}\",\n  \"private\": true,\n  \"scripts\": { \"start\": \"node src/index.js\", \"test\": \"jest\" },\n  \"engines\": { \"node\": \">=20\" },\n  \"dependencies\": {\n    \"express\": \"^4.19.2\",\n    \"pg\": \"^8.11.3\",\n    \"ioredis\": \"^5.4.1\",\n    \"@acme/shared\": \"workspace:*\"\n  },\n  \"devDependencies\": { \"jest\": \"^29.7.0\" }\n}\n"),
            (".nvmrc", "20\n"),
            (".env.example", ENV_POSTGRES),
            ("Dockerfile", DOCKERFILE_NODE),
            ("src/index.js", "const express = require('express');\nconst app = express();\napp.get('/health', (req, res) => res.send('ok'));\napp.listen(process.env.PORT || 3000);\n"),
        ],
    },
    Kind {
        framework: "nestjs",
        databases: "\"postgresql\"",
        files: &[
            ("package.json", "{\n  \"name\": \"@acme/svc-{i}\",\n  \"private\": true,\n  \"scripts\": { \"start\": \"nest start\" },\n  \"dependencies\": {\n    \"@nestjs/core\": \"^10.3.0\",\n    \"@nestjs/common\": \"^10.3.0\",\n    \"@nestjs/typeorm\": \"^10.0.2\",\n    \"typeorm\": \"^0.3.20\",\n    \"pg\": \"^8.11.3\",\n    \"@acme/shared\": \"workspace:*\"\n  },\n  \"devDependencies\": { \"typescript\": \"^5.4.0\" }\n}\n"),
            (".nvmrc", "v22.11.0\n"),
            (".env.example", ENV_POSTGRES),
            ("Dockerfile", DOCKERFILE_NODE),
            ("src/main.ts", "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n"),
        ],
    },
    Kind {
        framework: "django",
        databases: "[\"postgresql\", \"redis\"]",
        files: &[
            ("pyproject.toml", "[project]\nname = \"svc-{i}\"\nversion = \"0.1.0\"\nrequires-python = \">=3.12\"\ndependencies = [\n    \"django>=5.2,<6\",\n    \"djangorestframework>=3.15\",\n    \"psycopg[binary]>=3.2\",\n    \"redis>=5.0\",\n    \"gunicorn>=22.0\",\n]\n\n[project.optional-dependencies]\ndev = [\"pytest>=8\", \"pytest-django>=4.8\"]\n"),
            (".python-version", "3.12\n"),
            (".env.example", ENV_POSTGRES),
            ("Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml ./\nRUN pip install .\nCOPY . .\nCMD [\"gunicorn\", \"app.wsgi\"]\n"),
            ("manage.py", "#!/usr/bin/env python\nimport os\nimport sys\n\nif __name__ == \"__main__\":\n    os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"app.settings\")\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n"),
        ],
    },
    Kind {
        framework: "axum",
        databases: "\"postgresql\"",
        files: &[
            ("Cargo.toml", "[package]\nname = \"svc-{i}\"\nversion = \"0.1.0\"\nedition = \"2021\"\nrust-version = \"1.80\"\n\n[dependencies]\naxum = \"0.7\"\ntokio = { version = \"1\", features = [\"full\"] }\nsqlx = { version = \"0.8\", features = [\"postgres\", \"runtime-tokio\"] }\nshared = { path = \"../../libs/shared-rs\" }\n\n[dev-dependencies]\ntower = \"0.4\"\n"),
            ("rust-toolchain.toml", "[toolchain]\nchannel = \"1.90\"\ncomponents = [\"clippy\", \"rustfmt\"]\n"),
            (".env.example", ENV_POSTGRES),
            ("Dockerfile", "FROM rust:1.90 AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n\nFROM debian:bookworm-slim\nCOPY --from=build /src/target/release/svc /usr/local/bin/svc\nCMD [\"svc\"]\n"),
            ("src/main.rs", "use axum::{routing::get, Router};\n\n#[tokio::main]\nasync fn main() {\n    let app = Router::new().route(\"/health\", get(|| async { \"ok\" }));\n    let listener = tokio::net::TcpListener::bind(\"0.0.0.0:8080\").await.unwrap();\n    axum::serve(listener, app).await.unwrap();\n}\n"),
        ],
    },
    Kind {
        framework: "asp.net-core",
        databases: "\"sql-server\"",
        files: &[
            ("Svc{i}.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"Microsoft.EntityFrameworkCore.SqlServer\" Version=\"8.0.6\" />\n    <PackageReference Include=\"Serilog.AspNetCore\" Version=\"8.0.1\" />\n  </ItemGroup>\n  <ItemGroup>\n    <ProjectReference Include=\"../../libs/Shared/Shared.csproj\" />\n  </ItemGroup>\n</Project>\n"),
            ("appsettings.json", "{\n  \"ConnectionStrings\": { \"Default\": \"Server=db;Database=svc;User Id=sa;Password=change-me;\" },\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } }\n}\n"),
            ("Dockerfile", "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /out\n\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY --from=build /out /app\nENTRYPOINT [\"dotnet\", \"/app/Svc.dll\"]\n"),
            ("Program.cs", "var builder = WebApplication.CreateBuilder(args);\nvar app = builder.Build();\napp.MapGet(\"/health\", () => \"ok\");\napp.Run();\n"),
        ],
    },
    Kind {
        framework: "spring-boot",
        databases: "\"postgresql\"",
        files: &[
            ("pom.xml", "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n  <modelVersion>4.0.0</modelVersion>\n  <parent>\n    <groupId>org.springframework.boot</groupId>\n    <artifactId>spring-boot-starter-parent</artifactId>\n    <version>3.5.3</version>\n  </parent>\n  <groupId>com.acme</groupId>\n  <artifactId>svc-{i}</artifactId>\n  <properties>\n    <java.version>21</java.version>\n  </properties>\n  <dependencies>\n    <dependency>\n      <groupId>org.springframework.boot</groupId>\n      <artifactId>spring-boot-starter-web</artifactId>\n    </dependency>\n    <dependency>\n      <groupId>org.springframework.boot</groupId>\n      <artifactId>spring-boot-starter-data-jpa</artifactId>\n    </dependency>\n    <dependency>\n      <groupId>org.postgresql</groupId>\n      <artifactId>postgresql</artifactId>\n      <scope>runtime</scope>\n    </dependency>\n  </dependencies>\n</project>\n"),
            ("src/main/resources/application.properties", "spring.application.name=svc-{i}\nserver.port=8080\nspring.datasource.url=jdbc:postgresql://db:5432/svc_{i}\nspring.datasource.username=app\nspring.datasource.password=change-me\nspring.jpa.hibernate.ddl-auto=validate\n"),
            ("Dockerfile", "FROM eclipse-temurin:21-jre\nCOPY target/app.jar /app.jar\nENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n"),
            ("src/main/java/com/acme/App.java", "package com.acme;\n\nimport org.springframework.boot.SpringApplication;\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n\n@SpringBootApplication\npublic class App {\n    public static void main(String[] args) {\n        SpringApplication.run(App.class, args);\n    }\n}\n"),
        ],
    },
    Kind {
        framework: "ruby-on-rails",
        databases: "\"postgresql\"",
        files: &[
            ("Gemfile", "source \"https://rubygems.org\"\nruby \"3.3.4\"\ngem \"rails\", \"~> 7.1.3\"\ngem \"pg\", \"~> 1.5\"\ngem \"puma\", \">= 5.0\"\ngroup :development, :test do\n  gem \"rspec-rails\"\nend\n"),
            ("config/database.yml", "default: &default\n  adapter: postgresql\n  encoding: unicode\n  pool: 5\n\ndevelopment:\n  <<: *default\n  database: svc_{i}_development\n\nproduction:\n  <<: *default\n  url: <%= ENV[\"DATABASE_URL\"] %>\n"),
            (".ruby-version", "3.3.4\n"),
            ("Dockerfile", "FROM ruby:3.3-slim\nWORKDIR /app\nCOPY Gemfile ./\nRUN bundle install\nCOPY . .\nCMD [\"bin/rails\", \"server\"]\n"),
            ("config.ru", "require_relative \"config/environment\"\nrun Rails.application\n"),
        ],
    },
    Kind {
        framework: "gin",
        databases: "[\"postgresql\", \"redis\"]",
        files: &[
            ("go.mod", "module example.com/acme/svc-{i}\n\ngo 1.23\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/jackc/pgx/v5 v5.6.0\n\tgithub.com/redis/go-redis/v9 v9.6.1\n)\n\nrequire golang.org/x/net v0.26.0 // indirect\n"),
            ("docker-compose.yml", "services:\n  svc:\n    build: .\n    env_file: .env.example\n    depends_on: [db, cache]\n  db:\n    image: postgres:16-alpine\n    environment:\n      POSTGRES_PASSWORD: change-me\n  cache:\n    image: redis:7\n"),
            (".env.example", ENV_POSTGRES),
            ("Dockerfile", "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /svc .\n\nFROM gcr.io/distroless/base\nCOPY --from=build /svc /svc\nENTRYPOINT [\"/svc\"]\n"),
            ("main.go", "package main\n\nimport \"github.com/gin-gonic/gin\"\n\nfunc main() {\n\tr := gin.Default()\n\tr.GET(\"/health\", func(c *gin.Context) { c.String(200, \"ok\") })\n\tr.Run()\n}\n"),
        ],
    },
];

/// The folder of service `i`, relative to the repository.
fn folder(i: usize) -> String {
    format!("services/svc-{i}")
}

fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}

fn write(dir: &Path, services: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join(".git"))?;
    write_file(&dir.join(".git/HEAD"), "ref: refs/heads/main\n")?;
    write_file(&dir.join(".gitignore"), "node_modules/\ntarget/\n*.log\n")?;
    let mut stack = String::from("[project]\nscale = \"large\"\narchitecture = \"microservices\"\n");
    let mut cargo_members = String::new();
    let mut compose = String::from("services:\n");
    for i in 0..services {
        let kind = &KINDS[i % KINDS.len()];
        let folder = folder(i);
        for (file, text) in kind.files {
            let n = i.to_string();
            write_file(&dir.join(&folder).join(file.replace("{i}", &n)), &text.replace("{i}", &n))?;
        }
        if kind.framework == "axum" {
            cargo_members.push_str(&format!("    \"{folder}\",\n"));
        }
        if i % 10 == 0 {
            compose.push_str(&format!("  svc-{i}:\n    build:\n      context: ./{folder}\n    depends_on: [db]\n"));
        }
        // One service in ten declares a framework its manifests contradict: a drift finding.
        let declared = if i % 10 == 3 { "flask" } else { kind.framework };
        stack.push_str(&format!(
            "\n[services.svc-{i}]\npath = \"{folder}\"\nframework = \"{declared}\"\ndatabase = {}\n",
            kind.databases
        ));
    }
    compose.push_str("  db:\n    image: postgres:16\n  cache:\n    image: redis:7-alpine\n");
    // The workspaces: npm and pnpm over the services and libraries, Cargo over the Rust ones,
    // and the shared libraries they name.
    write_file(
        &dir.join("package.json"),
        "{\n  \"name\": \"acme\",\n  \"private\": true,\n  \"workspaces\": [\"services/*\", \"libs/*\"],\n  \"devDependencies\": { \"prettier\": \"^3.3.0\" }\n}\n",
    )?;
    write_file(&dir.join("pnpm-workspace.yaml"), "packages:\n  - \"services/*\"\n  - \"libs/*\"\n")?;
    write_file(
        &dir.join("Cargo.toml"),
        &format!("[workspace]\nresolver = \"2\"\nmembers = [\n    \"libs/shared-rs\",\n{cargo_members}]\n"),
    )?;
    write_file(&dir.join("docker-compose.yml"), &compose)?;
    write_file(
        &dir.join("libs/shared/package.json"),
        "{\n  \"name\": \"@acme/shared\",\n  \"version\": \"1.0.0\",\n  \"main\": \"index.js\"\n}\n",
    )?;
    write_file(&dir.join("libs/shared-rs/Cargo.toml"), "[package]\nname = \"shared\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[lib]\n\n[dependencies]\nserde = \"1\"\n")?;
    write_file(&dir.join("libs/Shared/Shared.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n")?;
    std::fs::write(dir.join("stack.toml"), stack)
}

/// The baseline: the walk detection makes of `dir`, reading every manifest it meets.
/// Returns the bytes read.
fn read(dir: &Path) -> std::io::Result<u64> {
    let walk = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .ignore(false)
        .git_global(false)
        .git_exclude(false)
        .hidden(false)
        .follow_links(false)
        // Services are two folders deep, and detection looks four below each.
        .max_depth(Some(2 + 4))
        // The tree has none of the build output or dependency folders detection also skips.
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_some_and(|t| t.is_dir())
                || !e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
        })
        .build();
    let mut total = 0;
    let mut bytes = Vec::new();
    for entry in walk {
        let entry = entry.map_err(std::io::Error::other)?;
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        if entry.file_name().to_str().and_then(Format::of).is_none() {
            continue;
        }
        bytes.clear();
        std::fs::File::open(entry.path())?.read_to_end(&mut bytes)?;
        total += bytes.len() as u64;
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
