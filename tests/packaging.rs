//! The packaging configuration, checked on every `make test` without building a package (the
//! release build and the clean-root install are `make package`, see installer/test-package.sh).
//! Each assertion is a defect an office met: an invalid bundler category stopped the build, a
//! Package field in kanji made dpkg refuse the .deb, the Maintainer was "lg", and the package
//! had no `madoguchi` command.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json(rel: &str) -> Value {
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// What the Tauri bundler turns `productName` into for the Debian Package field (kebab case).
fn debian_package_name(product_name: &str) -> String {
    let mut out = String::new();
    for c in product_name.chars() {
        if c.is_whitespace() || c == '_' {
            if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Debian policy 5.6.1: lower case letters, digits, + - . ; at least two; alphanumeric first.
fn is_valid_debian_package_name(name: &str) -> bool {
    name.len() >= 2
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+-.".contains(c))
}

#[test]
fn the_debian_package_name_is_valid_and_is_madoguchi() {
    assert!(!is_valid_debian_package_name("窓口-madoguchi"));
    let conf = json("src-tauri/tauri.conf.json");
    let name = debian_package_name(conf["productName"].as_str().unwrap());
    assert!(is_valid_debian_package_name(&name), "{name}");
    assert_eq!(name, "madoguchi");
}

#[test]
fn the_category_is_one_the_bundler_accepts() {
    // tauri-utils AppCategory (the bundler refuses anything else, e.g. "Office").
    const CATEGORIES: &[&str] = &[
        "Business",
        "DeveloperTool",
        "Education",
        "Entertainment",
        "Finance",
        "Game",
        "GraphicsAndDesign",
        "HealthcareAndFitness",
        "Lifestyle",
        "Medical",
        "Music",
        "News",
        "Photography",
        "Productivity",
        "Reference",
        "SocialNetworking",
        "Sports",
        "Travel",
        "Utility",
        "Video",
        "Weather",
    ];
    let conf = json("src-tauri/tauri.conf.json");
    let category = conf["bundle"]["category"].as_str().unwrap();
    assert!(CATEGORIES.contains(&category), "{category}");
}

#[test]
fn the_maintainer_is_a_name_with_an_address() {
    // The bundler writes the app crate's authors into Maintainer (else the identifier's "lg").
    let manifest = std::fs::read_to_string(root().join("src-tauri/Cargo.toml")).unwrap();
    let line = manifest
        .lines()
        .find(|l| l.starts_with("authors"))
        .expect("src-tauri/Cargo.toml names the authors (the package's Maintainer)");
    let author = line.split('"').nth(1).unwrap();
    let (name, rest) = author.split_once(" <").expect("Name <address>");
    assert!(
        !name.trim().is_empty() && rest.ends_with('>') && rest.contains('@'),
        "{author}"
    );
}

#[test]
fn the_package_carries_the_cli_the_font_licence_and_a_japanese_desktop_entry() {
    let conf = json("src-tauri/tauri.conf.json");
    let deb = &conf["bundle"]["linux"]["deb"];
    let files = deb["files"].as_object().unwrap();
    let tauri_dir = root().join("src-tauri");
    assert_eq!(files["/usr/bin/madoguchi"], "../target/release/madoguchi");
    assert!(files
        .keys()
        .any(|k| k.starts_with("/usr/share/doc/madoguchi/IPA_Font_License")));
    for (dest, src) in files {
        let src = src.as_str().unwrap();
        if !src.contains("target/") {
            assert!(tauri_dir.join(src).is_file(), "{dest} ← {src} is missing");
        }
    }
    let depends: Vec<&str> = deb["depends"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        depends.contains(&"cups-client"),
        "printing needs lp/lpstat: {depends:?}"
    );

    let template = deb["desktopTemplate"].as_str().unwrap();
    let desktop = std::fs::read_to_string(tauri_dir.join(template)).unwrap();
    assert!(desktop.lines().any(|l| l == "Name[ja]=窓口"), "{desktop}");
    assert!(desktop.lines().any(|l| l == "Icon={{icon}}"), "{desktop}");
    for icon in conf["bundle"]["icon"].as_array().unwrap() {
        assert!(tauri_dir.join(icon.as_str().unwrap()).is_file(), "{icon}");
    }
}

#[test]
fn the_windows_installer_is_configured_in_japanese_with_the_cli() {
    let conf = json("installer/windows/tauri.windows.conf.json");
    assert_eq!(conf["bundle"]["targets"][0], "nsis");
    let nsis = &conf["bundle"]["windows"]["nsis"];
    assert_eq!(nsis["languages"][0], "Japanese");
    let resources = conf["bundle"]["resources"].as_object().unwrap();
    assert_eq!(
        resources["../target/release/madoguchi.exe"],
        "madoguchi.exe"
    );
    let tauri_dir = root().join("src-tauri");
    for rel in [
        nsis["installerIcon"].as_str().unwrap(),
        nsis["license"].as_str().unwrap(),
    ] {
        assert!(tauri_dir.join(rel).is_file(), "{rel}");
    }
    for src in resources.keys().filter(|k| !k.contains("target/")) {
        assert!(Path::new(&tauri_dir.join(src)).is_file(), "{src}");
    }
}
