//! Entity Framework Core provider calls in C# (`Program.cs`, `Startup.cs`, `*DbContext.cs`,
//! `*DbContextFactory.cs`, `*ServiceCollectionExtensions.cs`): every `.UseNAME(` call is a
//! dependency named `UseNAME` (`UseNpgsql`, `UseSqlServer`, `UseSqlite`, `UseMySql`); the
//! data maps the providers' names, and `UseRouting` maps to nothing. Line comments are
//! skipped; the text is never compiled.

use super::settings::{config_dep, Shown};
use super::{Dependency, Scope};

pub(super) fn parse(text: &str) -> Result<Vec<Dependency>, String> {
    let mut deps: Vec<Dependency> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let mut l = raw.split("//").next().unwrap_or("");
        while let Some(at) = l.find(".Use") {
            let rest = l.get(at + 1..).unwrap_or("");
            let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
            let (name, after) = (rest.get(..end).unwrap_or(""), rest.get(end..).unwrap_or(""));
            let call = after.trim_start().starts_with('(') || after.trim_start().starts_with('<');
            if call && name.len() > 3 && name.len() <= 64 && !deps.iter().any(|d| d.name == name) {
                let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
                deps.push(config_dep("", "", name, Shown::Name, line, Scope::Runtime));
            }
            l = rest.get(end..).unwrap_or("");
        }
    }
    for d in &mut deps {
        d.text = format!(".{}(…)", d.name);
    }
    Ok(deps)
}

#[cfg(test)]
pub(super) const FRAGMENTS: &[&str] = &[
    "builder.Services.AddDbContext<AppDb>(o => o",
    ".UseNpgsql(",
    "builder.Configuration.GetConnectionString(\"Db\")",
    "));",
    "app.UseRouting();",
];

#[cfg(test)]
mod tests {
    use super::super::common::rows;
    use super::*;

    #[test]
    fn provider_calls() {
        let cs = "var b = WebApplication.CreateBuilder(args);\n\
b.Services.AddDbContext<AppDb>(o => o.UseNpgsql(\"Host=db;Password=s3cret\"));\n\
// o.UseSqlServer(x);\n\
app.UseRouting(); app.UseNpgsql();\n";
        assert_eq!(
            rows(&parse(cs).unwrap()),
            ["2 Runtime Package UseNpgsql - - | .UseNpgsql(…)", "4 Runtime Package UseRouting - - | .UseRouting(…)"]
        );
    }
}
