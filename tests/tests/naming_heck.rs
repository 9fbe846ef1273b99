//! The generator splits and cases names itself (generator/src/naming.rs) rather than through
//! heck, for speed; the names must stay those heck gave. This compares the two on every
//! mapping key and short string of the documents under `../shared`, the project's spec and
//! the fixtures: the names real documents give schemas, properties, parameters and enums.

use heck::{ToPascalCase, ToShoutySnakeCase, ToSnakeCase};
use std::collections::BTreeSet;
use workspace_tests::{read_text, shared_dir, workspace_root};

/// The snake, pascal and shouty names as naming.rs made them with heck.
fn with_heck(raw: &str) -> (String, String, String) {
    let words: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let legal = |s: String, prefix: &str| {
        if s.is_empty() {
            prefix.to_owned()
        } else if s.starts_with(|c: char| c.is_ascii_digit()) {
            format!("{prefix}{s}")
        } else {
            s
        }
    };
    let escape = |s: String| {
        if ["crate", "self", "Self", "super", "_"].contains(&s.as_str()) {
            format!("{s}_")
        } else if generator::naming::is_keyword(&s) {
            format!("r#{s}")
        } else {
            s
        }
    };
    let shouty = words.to_shouty_snake_case();
    let shouty = if shouty.is_empty() { "VALUE".to_owned() } else { shouty };
    let shouty = if shouty.starts_with(|c: char| c.is_ascii_digit()) { format!("VALUE_{shouty}") } else { shouty };
    (escape(legal(words.to_snake_case(), "n")), escape(legal(words.to_pascal_case(), "N")), shouty)
}

fn collect(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                out.insert(key.clone());
                collect(item, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect(item, out)),
        serde_json::Value::String(s) if s.len() <= 120 => {
            out.insert(s.clone());
        }
        _ => {}
    }
}

#[test]
fn names_of_real_documents_are_those_heck_gave() {
    let mut files = Vec::new();
    for dir in [shared_dir().join("corpus"), shared_dir().join("specs"), workspace_root().join("spec"), workspace_root().join("tests/fixtures")] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        files.extend(entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json")));
    }
    let mut names = BTreeSet::new();
    let mut read = 0;
    for file in &files {
        if let Ok(value) = generator::yaml::read(&read_text(file)) {
            collect(&value, &mut names);
            read += 1;
        }
    }
    assert!(read >= 40, "the shared corpus and specs are there ({read} documents read)");
    for raw in &names {
        let (snake, pascal, shouty) = with_heck(raw);
        assert_eq!(generator::naming::snake(raw), snake, "snake({raw:?})");
        assert_eq!(generator::naming::pascal(raw), pascal, "pascal({raw:?})");
        assert_eq!(generator::naming::shouty(raw), shouty, "shouty({raw:?})");
    }
}
