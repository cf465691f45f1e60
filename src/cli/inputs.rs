//! What `check` reads: files, directories (stack files inside, honouring `.gitignore`) and
//! standard input.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Reads a stack file as UTF-8 text, with a message fit for a user on failure.
pub fn read_stack_file(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    utf8(bytes, &path.display().to_string())
}

fn utf8(bytes: Vec<u8>, name: &str) -> Result<String, String> {
    String::from_utf8(bytes)
        .map_err(|e| format!("{name} is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))
}

/// Whether a file name is a stack file's.
pub fn is_stack_file(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n == "stack.toml" || n.ends_with(".stack.toml"))
}

/// The stack files below `dir`, sorted; `.gitignore`d and hidden files are skipped.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()) && is_stack_file(e.path()))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// The stack file a folder stands for, for a command that reads one: its `stack.toml`, else
/// its only stack file.
pub fn stack_file_in(dir: &Path) -> Result<PathBuf, String> {
    let direct = dir.join("stack.toml");
    if direct.is_file() {
        return Ok(direct);
    }
    let found = walk(dir);
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("no stack.toml or *.stack.toml in {}", dir.display())),
        many => Err(format!(
            "{} has no stack.toml and {} stack files ({}, …): name one",
            dir.display(),
            many.len(),
            many[0].display()
        )),
    }
}

/// One stack file to check.
pub struct Input {
    /// As shown to the user.
    pub name: String,
    pub text: String,
    /// The folder it is in (for standard input, the folder its name points to): where its
    /// user catalogue, repository and manifests are found.
    pub dir: PathBuf,
}

fn dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Reads every input. The flag is true when some input could not be read (reported on
/// `err`).
pub fn collect(
    paths: &[PathBuf],
    stdin_name: Option<&str>,
    stdin: &mut dyn Read,
    err: &mut dyn Write,
) -> (Vec<Input>, bool) {
    let default = [PathBuf::from("stack.toml")];
    let paths = if paths.is_empty() { &default[..] } else { paths };
    let mut out = Vec::new();
    let mut failed = false;
    let fail = |message: String, failed: &mut bool, err: &mut dyn Write| {
        let _ = writeln!(err, "error: {message}");
        *failed = true;
    };
    for path in paths {
        if path.as_os_str() == "-" {
            let name = stdin_name.unwrap_or("<stdin>").to_string();
            let mut bytes = Vec::new();
            match stdin.read_to_end(&mut bytes) {
                Ok(_) => match utf8(bytes, &name) {
                    Ok(text) => out.push(Input { dir: dir_of(Path::new(&name)), name, text }),
                    Err(m) => fail(m, &mut failed, err),
                },
                Err(e) => fail(format!("cannot read standard input: {e}"), &mut failed, err),
            }
        } else if path.is_dir() {
            let found = walk(path);
            if found.is_empty() {
                let _ = writeln!(err, "warning: no stack.toml or *.stack.toml in {}", path.display());
            }
            for file in found {
                match read_stack_file(&file) {
                    // `stackls check .` shows `stack.toml`, not `./stack.toml`: the name a
                    // GitHub annotation or a SARIF location resolves against the checkout.
                    Ok(text) => {
                        let name = file.strip_prefix(".").unwrap_or(&file).display().to_string();
                        out.push(Input { name, text, dir: dir_of(&file) })
                    }
                    Err(m) => fail(m, &mut failed, err),
                }
            }
        } else {
            match read_stack_file(path) {
                Ok(text) => out.push(Input { name: path.display().to_string(), text, dir: dir_of(path) }),
                Err(m) => fail(m, &mut failed, err),
            }
        }
    }
    (out, failed)
}
