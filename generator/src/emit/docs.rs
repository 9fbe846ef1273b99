//! Turns spec prose into rustdoc attributes that never trip rustdoc: one `#[doc]` per line,
//! no accidental doctests (indented text, untyped fences), bare URLs wrapped in `<>`.

/// Makes spec text safe for rustdoc.
pub fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.trim().lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            out.push(if in_fence { "```".to_owned() } else { "```text".to_owned() });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
        } else {
            out.push(wrap_urls(&escape_brackets(trimmed)));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out.join("\n")
}

/// Square brackets would be read as intra-doc links; escape them.
fn escape_brackets(line: &str) -> String {
    line.replace('[', "\\[").replace(']', "\\]")
}

fn wrap_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(pos) = rest.find("http").filter(|p| rest[*p..].starts_with("http://") || rest[*p..].starts_with("https://")) {
        let before = &rest[..pos];
        out.push_str(before);
        let tail = &rest[pos..];
        let end = tail.find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\'' | '`' | '\\')).unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(['.', ',', ';', ':']);
        let already = before.ends_with('<') || before.ends_with('(') || before.ends_with('`');
        if already || url.len() <= "https://".len() {
            out.push_str(url);
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = &tail[url.len()..];
    }
    out.push_str(rest);
    out
}

/// The sanitized doc text of optional spec text, or the fallback sentence.
pub fn from_spec_text<'a>(text: Option<&str>, fallback: &'a str) -> std::borrow::Cow<'a, str> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => sanitize(t).into(),
        None => fallback.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn no_doctests_or_links() {
        assert_eq!(sanitize("See https://x.io/a.\n    indented [x]"), "See <https://x.io/a>.\nindented \\[x\\]");
        assert_eq!(sanitize("```\ncode\n```"), "```text\ncode\n```");
        assert_eq!(sanitize("<https://x.io>"), "<https://x.io>");
    }
}
