//! Dependencies point one way: `domain` holds the desk's vocabulary and rules without I/O, and
//! `calc`, `print`, `store`, `service` (and the rest) use it — never the reverse. A rule that
//! reaches into `calc` or `store` from `domain` would make `domain` untestable on its own and
//! let two copies of one word drift.

use std::path::{Path, PathBuf};

/// The core's modules outside `domain`. `domain` may name only itself, std and external crates.
const OUTSIDE: &[&str] = &[
    "calc", "print", "store", "service", "exchange", "audit", "auth", "cli", "demo", "fsutil",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every path to another module of the core that a domain file names outside comments:
/// `crate::calc…`, `madoguchi::store…`, `super::super::print…`, or `crate::{…, service::…}`.
fn outward_paths(path: &Path, text: &str) -> Vec<String> {
    let code: Vec<&str> = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect();
    let mut found = vec![];
    let mut report = |n: usize| {
        let hit = format!(
            "{}:{}: {}",
            path.display(),
            n + 1,
            text.lines().nth(n).unwrap().trim()
        );
        if !found.contains(&hit) {
            found.push(hit);
        }
    };
    for (n, line) in code.iter().enumerate() {
        for m in OUTSIDE {
            for prefix in ["crate::", "madoguchi::", "super::"] {
                let needle = format!("{prefix}{m}");
                let hit = line.match_indices(&needle).any(|(i, _)| {
                    let before = line[..i].chars().next_back();
                    let after = line[i + needle.len()..].chars().next();
                    // `super::super::calc` is fine to match after a `:`; `domain::crate` is not Rust
                    let before_ok =
                        prefix == "super::" || !before.is_some_and(|c| is_ident(c) || c == ':');
                    before_ok && !after.is_some_and(is_ident)
                });
                if hit {
                    report(n);
                }
            }
        }
    }
    // `use crate::{calc::…, domain::…};`, possibly over several lines: the first name of each
    // top-level item of the group.
    let joined = code.join("\n");
    for (start, _) in joined.match_indices("crate::{") {
        let line_of = |i: usize| joined[..i].matches('\n').count();
        let mut depth = 0;
        let mut item_start = true;
        let mut word = String::new();
        for (i, c) in joined[start + "crate::".len()..].char_indices() {
            if !is_ident(c) && !word.is_empty() {
                if OUTSIDE.contains(&word.as_str()) {
                    report(line_of(start + "crate::".len() + i));
                }
                word.clear();
                item_start = false;
            }
            match c {
                '{' => {
                    depth += 1;
                    item_start = depth == 1;
                }
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                ',' if depth == 1 => item_start = true,
                c if is_ident(c) && depth == 1 && item_start => word.push(c),
                _ => {}
            }
        }
    }
    found
}

fn domain_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain")
}

#[test]
fn domain_names_no_other_module_of_the_core() {
    let mut files = vec![];
    rust_files(&domain_dir(), &mut files);
    let mod_rs = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain.rs");
    if mod_rs.exists() {
        files.push(mod_rs);
    }
    assert!(files.len() > 5, "src/domain has its files");
    let found: Vec<String> = files
        .iter()
        .flat_map(|p| outward_paths(p, &std::fs::read_to_string(p).unwrap()))
        .collect();
    assert!(
        found.is_empty(),
        "domain must not depend on calc/print/store/service/…; move the type into domain \
         (and re-export it where it was) or move the code out of domain:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_finds_what_it_forbids() {
    let f = domain_dir().join("decision.rs");
    for bad in [
        "use crate::calc::Grade;",
        "use crate::{domain::role::Role, calc};",
        "use crate::{\n    calc::rates::SchoolLevel,\n    domain::role::Role,\n};",
        "    let x = crate::store::office::get(conn);",
        "use super::super::service::App;",
        "fn f() -> madoguchi::print::Document {",
    ] {
        assert_eq!(outward_paths(&f, bad).len(), 1, "{bad}");
    }
    for fine in [
        "use crate::domain::role::Role;",
        "use super::household::ValidationError;",
        "// not code: crate::calc::Grade",
        "use crate::domain::calculation::X;",
        "use crate::{domain::{print_job::PrintState, role::Role}};",
        "let recalc = super::decision::recalc_needed();",
    ] {
        assert!(outward_paths(&f, fine).is_empty(), "{fine}");
    }
}
