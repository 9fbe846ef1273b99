//! The streaming YAML reader (`generator::yaml`) gives the values serde_yaml 0.9 gave, converted
//! to JSON as `source::read` converted them before: for every YAML document of `../shared/corpus`
//! and `../shared/specs` (read in place), every YAML fixture, the Optimove spec and a list of
//! edge cases of the core schema, tags, keys, anchors and streams. Where serde_yaml refused a
//! text, the reader refuses it too, with serde_yaml's message for a syntax error.

use serde_json::Value;
use std::path::{Path, PathBuf};
use workspace_tests::{read_text, shared_dir, workspace_root};

/// serde_yaml's reading plus the conversion `source::read` did until the streaming reader: the
/// oracle.
fn serde_yaml_json(text: &str) -> Result<Value, String> {
    let yaml = serde_yaml::from_str::<serde_yaml::Value>(text).map_err(|e| e.to_string())?;
    convert(yaml)
}

fn convert(value: serde_yaml::Value) -> Result<Value, String> {
    use serde_yaml::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f).map(Value::Number).unwrap_or_else(|| Value::String(n.to_string()))
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(convert).collect::<Result<_, _>>()?),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (key, item) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    Y::Tagged(t) => match t.value {
                        Y::String(s) => s,
                        other => return Err(format!("a mapping key is not a scalar: {other:?}")),
                    },
                    other => return Err(format!("a mapping key is not a scalar: {other:?}")),
                };
                out.insert(key, convert(item)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => convert(tagged.value)?,
    })
}

/// Both readers accept `text` with equal values, or both refuse it.
fn assert_agree(label: &str, text: &str) {
    let ours = generator::yaml::read(text);
    match serde_yaml_json(text) {
        Ok(expected) => match ours {
            Ok(value) => assert!(value == expected, "{label}: the values differ"),
            Err(e) => panic!("{label}: serde_yaml reads it, the streaming reader says {e:?}"),
        },
        Err(message) => assert!(ours.is_err(), "{label}: serde_yaml refuses it ({message}), the streaming reader reads {:?}", ours.ok()),
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(path);
        }
    }
}

#[test]
fn every_shared_and_fixture_yaml_document_reads_as_serde_yaml_read_it() {
    let mut files = Vec::new();
    yaml_files(&shared_dir().join("corpus"), &mut files);
    yaml_files(&shared_dir().join("specs"), &mut files);
    let shared = files.len();
    yaml_files(&workspace_root().join("tests/fixtures"), &mut files);
    files.push(workspace_root().join("spec/optimove.yaml"));
    // The shared folders hold 20 YAML documents today; a wrong path would silently test none.
    assert!(shared >= 20, "only {shared} shared YAML documents found");
    for path in &files {
        assert_agree(&path.display().to_string(), &read_text(path));
    }
}

/// Scalars of the core schema as serde_yaml resolves them, quoted and tagged ones included.
#[test]
fn scalars_resolve_as_serde_yaml_resolves_them() {
    let scalars = [
        "", "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "false", "FALSE", "yes", "no", "on", "0", "-0", "+0", "007", "-007", "+007", "12", "+12",
        "-12", "0x1F", "0x1f", "-0x1F", "+0x1F", "0x-1", "0o17", "-0o17", "0b101", "-0b101", "0b2", "1_000", "18446744073709551615", "18446744073709551616",
        "-9223372036854775808", "-9223372036854775809", "1.5", "-1.5", "+1.5", ".5", "5.", "1e3", "1E-3", "-0.0", ".inf", ".Inf", "+.inf", "-.inf", "-.INF",
        ".nan", ".NaN", "NaN", "nan", "inf", "infinity", "0.1e", "1..2", "2001-12-14", "12:30", "1,000", "a b", "'quoted'", "\"007\"", "'true'", "\"\"",
        "|\n  block 5\n", ">\n  folded\n  text\n", "!!str 5", "!!str true", "!!int \"5\"", "!!int 0x10", "!!int five", "!!float 1", "!!float \"1.5\"",
        "!!float x", "!!bool \"true\"", "!!bool yes", "!!null ''", "!!null x", "!custom 5", "!custom \"5\"", "!custom", "! 5", "!!binary aGk=",
        "!<tag:yaml.org,2002:str> 5", "!<tag:yaml.org,2002:int> '7'", "!<foo> 5", "!!timestamp 2001-12-14",
    ];
    for scalar in scalars {
        assert_agree(scalar, &format!("v: {scalar}\n"));
        assert_agree(scalar, &format!("- {scalar}\n"));
    }
}

/// Keys: scalars become their text, `1` and `"1"` share one JSON key (the later value wins),
/// a key given twice is an error, a key with no JSON form is an error.
#[test]
fn mapping_keys_behave_as_before() {
    let documents = [
        "200: ok\n404: missing\n",
        "true: t\nnull: n\n~: m\n1.5: f\n.inf: i\n0x10: h\n",
        "1: number\n'1': string\n",
        "'1': string\n1: number\n'1': again\n",
        "1: number\n'1': string\n1: again\n",
        "0x10: a\n16: b\n",
        "a: 1\na: 2\n",
        "a: 1\nb:\n  c: 1\n  c: 2\n",
        "null: 1\n~: 2\n",
        "!t a: 1\nb: 2\n",
        "!t a: 1\n!t a: 2\n",
        "!t a: 1\na: 2\n",
        "!t 5: 1\n",
        "? [a, b]\n: 1\n",
        "? {a: 1}\n: 1\n",
        "{[a]: 1}\n",
        "<<: {a: 1}\nb: 2\n",
        "'': empty\n",
        ": empty key\n",
    ];
    for document in documents {
        assert_agree(document, document);
    }
}

/// The same in mappings past the few keys the reader compares one by one (it hashes more).
#[test]
fn mapping_keys_behave_as_before_in_long_mappings() {
    let many: String = (0..20).map(|i| format!("k{i}: {i}\n")).collect();
    let tails = ["", "k3: again\n", "k19: again\n", "1: number\n'1': string\n", "'1': string\n1: number\n'1': again\n", "1: number\n'1': string\n1: again\n", "!t k5: tagged\n", "!t z: 1\n!t z: 2\n", "? [a]\n: 1\n"];
    for tail in tails {
        for split in [0, 7, 8, 9, 20] {
            let head: String = many.lines().take(split).map(|l| format!("{l}\n")).collect();
            let rest: String = many.lines().skip(split).map(|l| format!("{l}\n")).collect();
            let document = format!("{head}{tail}{rest}");
            assert_agree(&document, &document);
            let nested = format!("outer:\n{}", document.lines().map(|l| format!("  {l}\n")).collect::<String>());
            assert_agree(&nested, &nested);
        }
    }
}

/// Anchors and aliases are expanded; streams of several documents and odd streams agree too.
#[test]
fn anchors_aliases_and_streams_behave_as_before() {
    let documents = [
        "a: &x {b: 1}\nc: *x\n",
        "a: &x [1, 2]\nc: [*x, *x]\n",
        "a: &k key\n*k : value\n",
        "a: &k !t key\n*k : value\n",
        "a: &k [1]\n*k : value\n",
        "a: &x 1\nb: &x 2\nc: *x\n",
        "a: *missing\n",
        "a: &x [*x]\n",
        "a: &x [&x 1, *x]\nb: *x\n",
        "a: &x [&x {k: &x v}, *x]\nb: *x\n",
        "base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n",
        "",
        "# only a comment\n",
        "---\n",
        "--- a\n",
        "a: 1\n...\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n---\n",
        "--- 1\n--- 2\n",
        "%YAML 1.2\n---\na: 1\n",
        "a: [1, {b: c}, [d]]\n",
        "a: 'it''s'\nb: \"tab\\tnew\\nline \\u00e9\"\n",
        "a: |-\n  keep\n\n  lines\nb: >+\n  folded\n\n",
    ];
    for document in documents {
        assert_agree(document, document);
    }
}

/// Syntax errors keep serde_yaml's message (problem, line, column, context) and its line; a
/// character YAML does not allow gains its line.
#[test]
fn syntax_errors_keep_serde_yaml_messages() {
    let broken = [
        "a: [1, 2\nb: 3\n",
        "a:\n  b: 1\n c: 2\n",
        "a: 'open\n",
        "a: \"open\n",
        "a: {b: 1\n",
        "- a\nb: 1\n",
        "a: b: c\n",
        "a: @x\n",
        "a: \u{1}\n",
        "a: b\nc: \u{7f}\n",
        "a: !<x\n",
        "\ta: 1\n",
        "a:\n\t- 1\n",
        "key: value\n  bad: indent\n",
        "a: &x\n  - *\n",
    ];
    for text in broken {
        let expected = serde_yaml::from_str::<serde_yaml::Value>(text).expect_err(text);
        let ours = generator::yaml::read(text).expect_err(text);
        assert_eq!(ours.message, expected.to_string(), "{text:?}");
        // serde_yaml places a disallowed character by byte offset only (its line is then 1).
        if !expected.to_string().contains(" at position ") {
            assert_eq!(ours.line, expected.location().map(|l| l.line()), "{text:?}");
        }
    }
    assert_eq!(generator::yaml::read("a: b\nc: \u{7f}\n").expect_err("DEL").line, Some(2));
}

/// Nesting is bounded as serde_yaml bounds it (128 levels), with the place of the 129th.
#[test]
fn nesting_is_bounded_at_128_levels() {
    for depth in [127, 128, 129, 200] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_agree(&format!("depth {depth}"), &text);
    }
    // An alias counts the levels of what it names where it is used, an empty sequence included.
    for (outer, inner) in [(126, "[]"), (127, "[]"), (126, "[[]]"), (127, "1"), (127, "[1]")] {
        let text = format!("a: &x {inner}\nb: {}*x{}\n", "[".repeat(outer), "]".repeat(outer));
        assert_agree(&format!("alias at depth {outer} of {inner}"), &text);
    }
    let text = format!("a:\n  {}{}", "[".repeat(129), "]".repeat(129));
    let ours = generator::yaml::read(&text).expect_err("too deep");
    let expected = serde_yaml::from_str::<serde_yaml::Value>(&text).expect_err("too deep");
    assert_eq!(ours.message, expected.to_string());
    assert_eq!(ours.line, Some(2), "{}", ours.message);
}

/// A "billion laughs" document (each anchor aliases the previous one nine times) is refused
/// at once, at the alias that crosses the expansion budget, instead of filling the memory.
#[test]
fn an_alias_bomb_is_a_located_error() {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..=12 {
        let previous = format!("*a{}", level - 1);
        text.push_str(&format!("a{level}: &a{level} [{}]\n", vec![previous; 9].join(", ")));
    }
    let started = std::time::Instant::now();
    let e = generator::yaml::read(&text).expect_err("the bomb is refused");
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "took {:?}", started.elapsed());
    assert!(e.message.starts_with("repetition limit exceeded at line "), "{}", e.message);
    let line = e.line.expect("located");
    assert!((3..=13).contains(&line), "line {line}");
    // serde_yaml refuses it as well (without a line).
    assert!(serde_yaml_json(&text).is_err());
    // A document that shares one schema many times is no bomb.
    let mut shared = String::from("schema: &s {type: object, properties: {a: {type: string}, b: {type: integer}}}\nuses:\n");
    for i in 0..200 {
        shared.push_str(&format!("  u{i}: *s\n"));
    }
    assert_agree("shared schema", &shared);
}

/// What `source::read` reports: a syntax error is located at its line, a non-scalar key at the
/// key's line under the mapping's pointer, a duplicate key at the second one.
#[test]
fn source_read_locates_yaml_errors() {
    let diags = generator::source::read("openapi: 3.0.3\ninfo:\n  title: t\n  title: u\n").expect_err("duplicate");
    let d = &diags.items[0];
    assert_eq!((d.pointer.as_str(), d.line), ("#/info", Some(4)));
    assert!(d.message.starts_with("the document is not valid YAML: duplicate entry with key \"title\" at line 4 column 3, in the mapping at line 3"), "{}", d.message);
    let diags = generator::source::read("openapi: 3.0.3\npaths:\n  /a:\n    ? [x]\n    : 1\n").expect_err("sequence key");
    let d = &diags.items[0];
    assert_eq!((d.pointer.as_str(), d.line), ("#/paths/~1a", Some(4)));
    assert!(d.message.starts_with("a mapping key is not a scalar: a sequence"), "{}", d.message);
    let diags = generator::source::read("a: 1\n---\nb: 2\n").expect_err("two documents");
    assert_eq!(diags.items[0].line, Some(2));
}
