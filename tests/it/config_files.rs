//! Configuration files as untrusted input, end to end: a FIFO named `.env`, a `.env` link
//! out of the repository, a `.env` over the size cap, binary and deeply nested
//! configuration, none of which hangs, crashes or is read past its limits, while a good
//! `.env.example` beside them still names its database.

use std::time::{Duration, Instant};

use crate::support::{run_in, scratch, stderr, stdout};

#[test]
fn bad_configuration_files_are_notes_never_hangs_or_leaks() {
    let dir = scratch("config-bad");
    let outside = scratch("config-bad-outside");
    std::fs::write(outside.join(".env"), "DATABASE_URL=mysql://outsider:0utsidePw@elsewhere/x\n").expect("write");
    std::fs::create_dir_all(dir.join(".git")).expect(".git");
    std::fs::create_dir_all(dir.join("config/packages")).expect("mkdir");
    std::fs::create_dir_all(dir.join("prisma")).expect("mkdir");
    std::fs::write(dir.join("requirements.txt"), "flask==3.0.0\n").expect("write");
    std::fs::write(dir.join(".env.example"), "DB_CONNECTION=pgsql\n").expect("write");
    // Over the cap: never read, whatever it holds.
    std::fs::write(dir.join(".env.dist"), "DATABASE_URL=mongodb://u:p@h/x\n".repeat(40_000)).expect("write");
    std::fs::write(dir.join("config/database.yml"), [0u8, 159, 146, 150, 0xff, 0xfe, 0, 1]).expect("write");
    let deep_yaml: String = (0..1_000).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
    std::fs::write(dir.join("config/application.yml"), deep_yaml + "spring.datasource.url: jdbc:h2:mem:x\n")
        .expect("write");
    std::fs::write(dir.join("prisma/schema.prisma"), "{".repeat(500_000)).expect("write");
    std::fs::write(dir.join("config/packages/doctrine.yaml"), "- ".repeat(400_000)).expect("write");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.join(".env"), dir.join(".env")).expect("symlink");
        let made = std::process::Command::new("mkfifo").arg(dir.join("config/.env.local")).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    }
    let started = Instant::now();
    let o = run_in(&dir, &["init", "--stdout", "."], None);
    assert!(started.elapsed() < Duration::from_secs(30), "no hang");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (out, log) = (stdout(&o), stderr(&o));
    assert!(out.contains("\"postgresql\"") && out.contains("DB_CONNECTION=pgsql"), "{out}\n{log}");
    // Past a nesting deeper than is tracked, the reading goes on.
    assert!(out.contains("\"h2\"") && out.contains("spring.datasource.url: jdbc:h2:…"), "{out}");
    for never in ["mongodb", "mysql", "outsider", "0utsidePw"] {
        assert!(!out.contains(never), "{never} in:\n{out}");
    }
    assert!(log.contains(".env.dist") && log.contains("not read"), "{log}");
    assert!(log.contains("config/database.yml"), "{log}");
    #[cfg(unix)]
    assert!(log.contains("config/.env.local") && log.contains("not a regular file"), "{log}");
}
