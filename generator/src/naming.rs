//! Every Rust identifier the generator emits is made here: case conversion, keyword
//! escaping, invalid-character repair and deterministic collision resolution.

use heck::{ToPascalCase, ToShoutySnakeCase, ToSnakeCase};
use std::collections::BTreeSet;

/// Rust keywords (all editions) that cannot be used as plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut",
    "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Splits a wire name into words heck understands: every non-alphanumeric character is a separator.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for ch in raw.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else {
            out.push(' ');
        }
    }
    out
}

/// Makes `candidate` a legal identifier: prefixes a letter when it starts with a digit or is empty.
fn legalise(candidate: String, prefix: &str) -> String {
    if candidate.is_empty() {
        return prefix.to_owned();
    }
    if candidate.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("{prefix}{candidate}");
    }
    candidate
}

/// `snake_case` identifier for fields, methods, modules and parameters.
pub fn snake(raw: &str) -> String {
    let s = legalise(words(raw).to_snake_case(), "n");
    escape_keyword(s)
}

/// `PascalCase` identifier for types and variants.
pub fn pascal(raw: &str) -> String {
    let s = legalise(words(raw).to_pascal_case(), "N");
    escape_keyword(s)
}

/// `SHOUTY_SNAKE_CASE` identifier for constants.
pub fn shouty(raw: &str) -> String {
    let s = words(raw).to_shouty_snake_case();
    let s = if s.is_empty() { "VALUE".to_owned() } else { s };
    if s.starts_with(|c: char| c.is_ascii_digit()) { format!("VALUE_{s}") } else { s }
}

/// Keywords become `r#kw`, or get a trailing underscore where raw identifiers are not allowed.
fn escape_keyword(s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// True when `word` is a Rust keyword (any edition).
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word) || NOT_RAW.contains(&word)
}

/// True when `ident` (as produced here) is a raw identifier.
pub fn is_raw(ident: &str) -> bool {
    ident.starts_with("r#")
}

/// Hands out unique names inside one scope; the first claimant keeps the plain name,
/// later ones get `2`, `3`, ... in the order they ask, so results are deterministic.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self { taken: reserved.iter().map(|s| (*s).to_owned()).collect() }
    }

    /// Claims `wanted`, or the first free `wanted2`, `wanted3`, ...
    pub fn claim(&mut self, wanted: &str) -> String {
        let plain = wanted.trim_start_matches("r#").to_owned();
        if self.taken.insert(plain.clone()) {
            return wanted.to_owned();
        }
        // `Foo2` for types and `foo_2` for snake names; `self_2` rather than `self__2`, and
        // `Self2` rather than `Self_2` (which the non_camel_case_types lint rejects).
        let (stem, separator) = if plain.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
            (plain.trim_end_matches('_'), "")
        } else if plain.ends_with('_') {
            (plain.as_str(), "")
        } else {
            (plain.as_str(), "_")
        };
        for n in 2.. {
            let candidate = format!("{stem}{separator}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
        unreachable!("an unbounded counter always finds a free name")
    }

    /// True when `name` is already taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name.trim_start_matches("r#"))
    }
}

/// Type names the generated crate defines itself or uses unqualified, so schemas may not take them.
pub const RESERVED_TYPE_NAMES: &[&str] = &["Client", "ClientBuilder", "Error", "Result", "Option", "Vec", "String", "Box", "Credentials"];

/// Method names every request builder has, so parameters may not take them.
/// The request-building helpers of the runtime's `Request` are among them: every builder is a
/// `Request<Op>`, whose inherent method names must be unique.
pub const RESERVED_BUILDER_METHODS: &[&str] = &[
    "new", "send", "into_future", "into_stream", "client", "clone", "fmt", "body", "request", "deadline", "set", "set_json", "set_serde", "json_body", "form_body", "bytes_body", "text_body", "multipart_body",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("type", "r#type", "Type"),
            ("self", "self_", "Self_"),
            ("Self", "self_", "Self_"),
            ("$top", "top", "Top"),
            ("123abc", "n123abc", "N123abc"),
            ("foo-bar", "foo_bar", "FooBar"),
            ("foo_bar", "foo_bar", "FooBar"),
            ("CustomerID", "customer_id", "CustomerId"),
            ("RecipientGroupID", "recipient_group_id", "RecipientGroupId"),
            ("Result", "result", "Result"),
            ("", "n", "N"),
            ("x-api-key", "x_api_key", "XApiKey"),
            ("async", "r#async", "Async"),
            ("été", "t", "T"),
        ];
        for (raw, s, p) in cases {
            assert_eq!(snake(raw), s, "snake({raw:?})");
            assert_eq!(pascal(raw), p, "pascal({raw:?})");
        }
    }

    #[test]
    fn scope_is_deterministic() {
        let mut scope = Scope::with_reserved(&["send"]);
        assert_eq!(scope.claim("top"), "top");
        assert_eq!(scope.claim("top"), "top_2");
        assert_eq!(scope.claim("send"), "send_2");
        let mut types = Scope::default();
        assert_eq!(types.claim("Foo"), "Foo");
        assert_eq!(types.claim("Foo"), "Foo2");
        assert_eq!(types.claim("Self_"), "Self_");
        assert_eq!(types.claim("Self_"), "Self2");
        assert_eq!(scope.claim("r#type"), "r#type");
        assert_eq!(scope.claim("r#type"), "type_2");
        assert_eq!(scope.claim("self_"), "self_");
        assert_eq!(scope.claim("self_"), "self_2");
    }

    #[test]
    fn shouty_names() {
        assert_eq!(shouty("campaign processed"), "CAMPAIGN_PROCESSED");
        assert_eq!(shouty("1"), "VALUE_1");
    }
}
