//! Best-effort mapping from a JSON pointer to a line of the YAML or JSON source text.
//!
//! The parsers we use do not keep positions, so this walks the text by indentation. It
//! never fails: when a token cannot be found, the line of the deepest parent found is used.

/// Line lookup over one source text.
pub struct LineIndex<'a> {
    lines: Vec<&'a str>,
}

impl<'a> LineIndex<'a> {
    /// Splits the source into lines once.
    pub fn new(source: &'a str) -> Self {
        Self { lines: source.lines().collect() }
    }

    /// The 1-based line of `pointer` (`#/a/b` or `/a/b`), if the first token is found.
    pub fn line_of(&self, pointer: &str) -> Option<usize> {
        let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
        let tokens: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect();
        let mut start = 0usize;
        let mut parent_indent: isize = -1;
        let mut found: Option<usize> = None;
        for token in &tokens {
            // A numeric token is a sequence index or a mapping key such as a status code
            // (`"200":`); only mappings have `key:` lines, so try the key first.
            let hit = match token.parse::<usize>() {
                Ok(index) => self.find_key(start, parent_indent, token).or_else(|| self.find_item(start, parent_indent, index)),
                Err(_) => self.find_key(start, parent_indent, token),
            };
            match hit {
                Some((line, indent)) => {
                    found = Some(line);
                    start = line + 1;
                    parent_indent = indent;
                }
                None => break,
            }
        }
        found.map(|l| l + 1)
    }

    fn indent_of(line: &str) -> isize {
        (line.len() - line.trim_start_matches([' ', '-']).len()) as isize
    }

    /// Finds `key:` below `parent_indent`, starting at line `start`; the key may sit after `- `.
    fn find_key(&self, start: usize, parent_indent: isize, key: &str) -> Option<(usize, isize)> {
        let candidates = [format!("{key}:"), format!("\"{key}\":"), format!("'{key}':"), format!("\"{key}\" :")];
        for (i, line) in self.lines.iter().enumerate().skip(start) {
            let trimmed = line.trim_start_matches([' ', '-', '{', ',']);
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = Self::indent_of(line);
            if indent <= parent_indent && i > start && !line.trim().starts_with(['}', ']']) && is_yaml_like(line) {
                return None;
            }
            if candidates.iter().any(|c| trimmed.starts_with(c.as_str())) {
                return Some((i, indent));
            }
        }
        None
    }

    /// Finds the `index`-th `- ` item below `parent_indent` (YAML block sequences only).
    fn find_item(&self, start: usize, parent_indent: isize, index: usize) -> Option<(usize, isize)> {
        let mut seen = 0usize;
        let mut item_indent: Option<usize> = None;
        for (i, line) in self.lines.iter().enumerate().skip(start) {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            let rest = &line[spaces..];
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            if (spaces as isize) < parent_indent {
                return None;
            }
            if rest.starts_with("- ") || rest == "-" {
                match item_indent {
                    None => item_indent = Some(spaces),
                    Some(level) if level != spaces => continue,
                    Some(_) => {}
                }
                if seen == index {
                    return Some((i, spaces as isize + 1));
                }
                seen += 1;
            } else if item_indent.is_some_and(|level| spaces < level) {
                return None;
            }
        }
        None
    }
}

/// A line that carries a YAML-style key (used to stop at the end of a block).
fn is_yaml_like(line: &str) -> bool {
    let t = line.trim();
    !t.starts_with('"') || t.contains(':')
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn finds_nested_yaml_keys_and_items() {
        let src = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      parameters:\n        - name: x\n        - name: y\n          in: query\ncomponents:\n  schemas:\n    Foo:\n      type: object\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_of("#/paths/~1a/get"), Some(4));
        assert_eq!(idx.line_of("#/paths/~1a/get/parameters/1"), Some(7));
        assert_eq!(idx.line_of("#/paths/~1a/get/parameters/1/in"), Some(8));
        assert_eq!(idx.line_of("#/components/schemas/Foo/type"), Some(12));
    }

    #[test]
    fn numeric_mapping_keys_are_keys() {
        let src = "paths:\n  /a:\n    get:\n      responses:\n        \"200\":\n          description: ok\n        404:\n          description: no\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_of("#/paths/~1a/get/responses/200/description"), Some(6));
        assert_eq!(idx.line_of("#/paths/~1a/get/responses/404"), Some(7));
    }

    #[test]
    fn finds_pretty_json_keys() {
        let src = "{\n  \"paths\": {\n    \"/a\": {\n      \"get\": {}\n    }\n  }\n}\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_of("#/paths/~1a/get"), Some(4));
    }

    #[test]
    fn unknown_pointer_falls_back_to_parent() {
        let src = "paths:\n  /a:\n    get: {}\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_of("#/paths/~1a/post"), Some(2));
        assert_eq!(idx.line_of("#/nothing"), None);
    }
}
