//! Every Rust identifier the generator emits is made here: case conversion, keyword
//! escaping, invalid-character repair and deterministic collision resolution.

use std::collections::{BTreeSet, HashMap};

/// Rust keywords (all editions) that cannot be used as plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut",
    "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// The words of a wire name, as heck 0.5 splits them (the names are those heck gave; a test
/// compares them on many inputs): runs of ASCII letters and digits, every other character
/// separating them, and each run split again where the case changes (`fooBar` -> `foo`,
/// `Bar`; `HTTPServer` -> `HTTP`, `Server`). Done here over bytes because naming was about a
/// tenth of lowering: heck works on any Unicode through `fmt`, these names are ASCII.
fn for_each_word(raw: &str, mut word: impl FnMut(&str)) {
    // A multi-byte character's bytes are all non-ASCII, so splitting the bytes splits the text
    // at the same places as splitting its characters, and every run is ASCII.
    for run in raw.split(|c: char| !c.is_ascii_alphanumeric()) {
        split_run(run, &mut word);
    }
}

/// Splits one run of ASCII letters and digits at its case changes (heck's `transform`).
fn split_run(run: &str, word: &mut impl FnMut(&str)) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        /// No letter since the last boundary.
        Boundary,
        /// The last letter was lowercase.
        Lower,
        /// The last letter was uppercase.
        Upper,
    }
    let bytes = run.as_bytes();
    let mut start = 0;
    let mut mode = Mode::Boundary;
    for (i, pair) in bytes.windows(2).enumerate() {
        let (c, next) = (pair[0], pair[1]);
        let next_mode = if c.is_ascii_lowercase() {
            Mode::Lower
        } else if c.is_ascii_uppercase() {
            Mode::Upper
        } else {
            mode
        };
        if next_mode == Mode::Lower && next.is_ascii_uppercase() {
            // `aB`: a boundary after `a`.
            word(&run[start..i + 1]);
            start = i + 1;
            mode = Mode::Boundary;
        } else if mode == Mode::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
            // `ABc`: a boundary before `B`.
            word(&run[start..i]);
            start = i;
            mode = Mode::Boundary;
        } else {
            mode = next_mode;
        }
    }
    if start < run.len() {
        word(&run[start..]);
    }
}

/// The words lowercased and joined by `separator`, or uppercased (heck's snake and shouty snake case).
fn joined(raw: &str, separator: char, upper: bool) -> String {
    let mut out = String::with_capacity(raw.len() + 4);
    for_each_word(raw, |word| {
        if !out.is_empty() {
            out.push(separator);
        }
        for c in word.chars() {
            out.push(if upper { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() });
        }
    });
    out
}

/// Each word capitalised, the rest of it lowercased, no separator (heck's upper camel case).
fn capitalised(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for_each_word(raw, |word| {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
        }
        out.extend(chars.map(|c| c.to_ascii_lowercase()));
    });
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
    let s = legalise(joined(raw, '_', false), "n");
    escape_keyword(s)
}

/// `PascalCase` identifier for types and variants.
pub fn pascal(raw: &str) -> String {
    let s = legalise(capitalised(raw), "N");
    escape_keyword(s)
}

/// `SHOUTY_SNAKE_CASE` identifier for constants.
pub fn shouty(raw: &str) -> String {
    let s = joined(raw, '_', true);
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
    /// For each numbered stem (`Foo`, `foo_`), the last number handed out with it: every
    /// smaller number is taken already (names are never given back), so the search for a free
    /// one starts after it instead of at 2, which made claiming a common name over and over
    /// (`Item`, `Data`) quadratic in the number of claims.
    last_number: HashMap<String, usize>,
}

impl Scope {
    /// A scope where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self { taken: reserved.iter().map(|s| (*s).to_owned()).collect(), last_number: HashMap::new() }
    }

    /// Claims `wanted`, or the first free `wanted2`, `wanted3`, ...
    pub fn claim(&mut self, wanted: &str) -> String {
        let plain = wanted.trim_start_matches("r#");
        if self.taken.insert(plain.to_owned()) {
            return wanted.to_owned();
        }
        // `Foo2` for types and `foo_2` for snake names; `self_2` rather than `self__2`, and
        // `Self2` rather than `Self_2` (which the non_camel_case_types lint rejects).
        let (stem, separator) = if plain.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
            (plain.trim_end_matches('_'), "")
        } else if plain.ends_with('_') {
            (plain, "")
        } else {
            (plain, "_")
        };
        let numbered = format!("{stem}{separator}");
        let first = self.last_number.get(&numbered).map_or(2, |last| last + 1);
        for n in first.. {
            let candidate = format!("{numbered}{n}");
            if self.taken.insert(candidate.clone()) {
                self.last_number.insert(numbered, n);
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

    /// The conversions heck made before naming.rs split words itself.
    fn heck_names(raw: &str) -> (String, String, String) {
        use heck::{ToPascalCase, ToShoutySnakeCase, ToSnakeCase};
        let words: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
        let snake = escape_keyword(legalise(words.to_snake_case(), "n"));
        let pascal = escape_keyword(legalise(words.to_pascal_case(), "N"));
        let shouty = words.to_shouty_snake_case();
        let shouty = if shouty.is_empty() { "VALUE".to_owned() } else { shouty };
        let shouty = if shouty.starts_with(|c: char| c.is_ascii_digit()) { format!("VALUE_{shouty}") } else { shouty };
        (snake, pascal, shouty)
    }

    #[test]
    fn names_are_those_heck_gave() {
        // Every string of up to four characters over an alphabet with each class heck tells
        // apart, then longer pseudo-random ones.
        let alphabet = ['a', 'z', 'A', 'Z', '0', '9', '_', '-', ' ', '/', '.', '$', 'é', 'Σ', 'ß', '\u{1F600}'];
        let mut inputs = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            last = last.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            inputs.extend(last.iter().cloned());
        }
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let len = (state % 24) as usize;
            let text: String = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize]
                })
                .collect();
            inputs.push(text);
        }
        inputs.extend(["HTTPServer", "getHTTPResponseCode", "v2APIKey", "ABCdef", "aBC", "X-Request-ID", "ipv4Address", "OAuth2Token", "already_snake_case", "SHOUTY_CASE", "self", "Self", "type", "crate", "_"].map(str::to_owned));
        for raw in &inputs {
            let (s, p, u) = heck_names(raw);
            assert_eq!(snake(raw), s, "snake({raw:?})");
            assert_eq!(pascal(raw), p, "pascal({raw:?})");
            assert_eq!(shouty(raw), u, "shouty({raw:?})");
        }
    }

    #[test]
    fn numbered_names_continue_after_the_last_one() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("Foo"), "Foo");
        assert_eq!(scope.claim("Foo1"), "Foo1");
        assert_eq!(scope.claim("Foo12"), "Foo12");
        assert_eq!(scope.claim("Foo3"), "Foo3");
        assert_eq!(scope.claim("Foo"), "Foo2");
        assert_eq!(scope.claim("Foo"), "Foo4");
        // `Foo1` numbered is `Foo12`, taken: the next is `Foo13`.
        assert_eq!(scope.claim("Foo1"), "Foo13");
        for n in 5..12 {
            assert_eq!(scope.claim("Foo"), format!("Foo{n}"));
        }
        assert_eq!(scope.claim("Foo"), "Foo14");
        assert_eq!(scope.claim("Foo"), "Foo15");
    }

    #[test]
    fn shouty_names() {
        assert_eq!(shouty("campaign processed"), "CAMPAIGN_PROCESSED");
        assert_eq!(shouty("1"), "VALUE_1");
    }
}
