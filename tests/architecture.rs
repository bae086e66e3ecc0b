//! The rules of ARCHITECTURE.md that a machine can check, read from the
//! crates' manifests and sources. A failure names the rule it breaks; fix the
//! code, or change the rule in ARCHITECTURE.md and here together.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The crate names of every dependency table of a manifest
/// (`[dependencies]`, `[dev-dependencies]`, `[target.….dependencies]`, …).
fn dependencies(manifest: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut in_deps = false;
    for line in read(manifest).lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line.trim_matches(['[', ']']).ends_with("dependencies");
            continue;
        }
        if in_deps {
            if let Some((name, _)) = line.split_once('=') {
                let name = name.trim();
                if !name.is_empty() && !name.starts_with('#') {
                    names.insert(name.to_string());
                }
            }
        }
    }
    assert!(!names.is_empty(), "{manifest}: no dependencies read");
    names
}

/// The `.rs` files under `dir`, relative to it, sorted.
fn rust_files(dir: &str) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path.strip_prefix(base).unwrap().display().to_string());
            }
        }
    }
    let base = root().join(dir);
    let mut out = Vec::new();
    walk(&base, &base, &mut out);
    out.sort();
    out
}

const BROWSER_CRATES: [&str; 7] = [
    "leptos",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "wasm-bindgen-futures",
    "gloo-net",
    "serde-wasm-bindgen",
];

#[test]
fn the_core_depends_on_neither_leptos_nor_the_browser() {
    let deps = dependencies("core/Cargo.toml");
    for c in BROWSER_CRATES {
        assert!(!deps.contains(c), "core/Cargo.toml depends on {c}");
    }
    for file in rust_files("core/src") {
        let text = read(&format!("core/src/{file}"));
        for word in ["leptos", "web_sys", "js_sys", "wasm_bindgen", "gloo"] {
            assert!(
                !text.contains(word),
                "core/src/{file} names {word}: the core is plain Rust"
            );
        }
    }
}

#[test]
fn the_local_api_never_depends_on_the_core() {
    // So that the two validation implementations check each other; the
    // static demo's server (demo-sw, local-api in the browser) too.
    for krate in ["local-api", "demo-sw"] {
        let deps = dependencies(&format!("{krate}/Cargo.toml"));
        assert!(
            !deps.contains("talkover-core"),
            "{krate} depends on talkover-core"
        );
        for file in rust_files(&format!("{krate}/src")) {
            assert!(
                !read(&format!("{krate}/src/{file}")).contains("talkover_core"),
                "{krate}/src/{file} uses talkover_core"
            );
        }
    }
}

#[test]
fn every_module_is_on_the_map_and_every_mapped_module_exists() {
    let map = read("ARCHITECTURE.md");
    for (dir, listed_under) in [
        ("core/src", "core/src/"),
        ("src", "src/"),
        ("demo-sw/src", "demo-sw/src/"),
    ] {
        for file in rust_files(dir) {
            let name = Path::new(&file).file_name().unwrap().to_str().unwrap();
            if name == "lib.rs" && dir == "core/src" {
                continue; // the crate root: its modules are the map's lines
            }
            assert!(
                map.contains(name),
                "{dir}/{file} is missing from ARCHITECTURE.md's module map (under {listed_under})"
            );
        }
    }
    // Each `name.rs` the map lists exists somewhere it says.
    for word in map.split(|c: char| c.is_whitespace() || c == '`' || c == '(' || c == ')') {
        if let Some(stem) = word.strip_suffix(".rs") {
            if stem.is_empty() || stem.contains('/') || stem.contains('*') {
                continue;
            }
            let file = format!("{stem}.rs");
            let found = [
                "core/src",
                "core/src/state",
                "src",
                "src/components",
                "src/bin",
                "tests",
                "core/tests",
                "demo-sw/src",
                "demo-sw/tests",
            ]
            .iter()
            .any(|d| root().join(d).join(&file).exists());
            assert!(found, "ARCHITECTURE.md names {file}, which does not exist");
        }
    }
}

#[test]
fn every_script_is_on_the_map() {
    let map = read("ARCHITECTURE.md");
    for entry in fs::read_dir(root().join("scripts")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        assert!(
            map.contains(&name),
            "scripts/{name} is missing from ARCHITECTURE.md"
        );
    }
}

#[test]
fn the_shell_declares_the_modules_the_map_lists() {
    let lib = read("src/lib.rs");
    let declared: BTreeSet<_> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';').to_string())
        .collect();
    let files: BTreeSet<_> = rust_files("src")
        .into_iter()
        .filter(|f| !f.contains('/') && f != "lib.rs" && f != "main.rs")
        .map(|f| f.trim_end_matches(".rs").to_string())
        .chain(["components".to_string()])
        .collect();
    assert_eq!(declared, files, "src/lib.rs's modules and src/*.rs differ");
    for m in &declared {
        assert!(
            lib.contains(&format!("[`{m}`]")),
            "src/lib.rs's doc list misses {m}"
        );
    }
}

#[test]
fn main_only_starts_the_app() {
    for main in ["src/main.rs", "src/bin/talkover-training-workspace.rs"] {
        let code: Vec<_> = read(main)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
            .map(str::to_string)
            .collect();
        assert_eq!(
            code,
            ["fn main() {", "talkover_training_form::start();", "}"],
            "{main} does more than start()"
        );
    }
}

#[test]
fn one_short_component_per_file() {
    for file in rust_files("src/components") {
        let text = read(&format!("src/components/{file}"));
        let components = text.matches("#[component]").count();
        let expected = usize::from(!matches!(file.as_str(), "mod.rs" | "a11y.rs"));
        assert_eq!(
            components, expected,
            "src/components/{file}: {components} components"
        );
        let lines = text.lines().count();
        assert!(
            lines <= 120,
            "src/components/{file} is {lines} lines: split it"
        );
    }
}

#[test]
fn every_crate_takes_the_workspace_lints() {
    for manifest in [
        "Cargo.toml",
        "core/Cargo.toml",
        "local-api/Cargo.toml",
        "demo-sw/Cargo.toml",
    ] {
        assert!(
            read(manifest).contains("[lints]\nworkspace = true"),
            "{manifest} lacks `[lints] workspace = true`"
        );
    }
}
