//! Converted pointer -> original pointer: the longest recorded prefix of a pointer (whole
//! tokens only) is replaced by where that piece came from; a pointer with no recorded prefix
//! is where it was.

use crate::diagnostics::Diagnostics;
use std::collections::BTreeMap;

/// Where each moved piece of a converted document came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PointerMap {
    entries: BTreeMap<String, String>,
    /// `$ref` prefixes the converter rewrote (converted, original): messages that name a
    /// reference name it as the user wrote it.
    refs: Vec<(String, String)>,
}

impl PointerMap {
    /// Records that `converted` (and everything below it) came from `original`.
    pub fn add(&mut self, converted: impl Into<String>, original: impl Into<String>) {
        self.entries.insert(converted.into(), original.into());
    }

    /// Records that `$ref`s starting with `original` were rewritten to start with `converted`.
    pub fn add_ref_prefix(&mut self, converted: impl Into<String>, original: impl Into<String>) {
        self.refs.push((converted.into(), original.into()));
    }

    /// True when nothing moved.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The pointer into the original document for `pointer` into the converted one.
    pub fn original(&self, pointer: &str) -> String {
        if self.entries.is_empty() {
            return pointer.to_owned();
        }
        let mut prefix = pointer;
        loop {
            if let Some(original) = self.entries.get(prefix) {
                return format!("{original}{}", &pointer[prefix.len()..]);
            }
            match prefix.rfind('/') {
                Some(i) => prefix = &prefix[..i],
                None => return pointer.to_owned(),
            }
        }
    }

    /// `text` with every rewritten `$ref` prefix as the original document wrote it.
    pub fn original_text(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for (converted, original) in &self.refs {
            if out.contains(converted.as_str()) {
                out = out.replace(converted.as_str(), original);
            }
        }
        out
    }

    /// Maps every diagnostic's pointer back into the original document.
    pub fn map_back(&self, diags: &mut Diagnostics) {
        if self.entries.is_empty() {
            return;
        }
        for d in &mut diags.items {
            d.pointer = self.original(&d.pointer);
            d.message = self.original_text(&d.message);
            d.hint = self.original_text(&d.hint);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_whole_token_prefix_wins() {
        let mut map = PointerMap::default();
        map.add("#/components/schemas", "#/definitions");
        map.add(
            "#/paths/~1a/get/requestBody",
            "#/paths/~1a/get/parameters/1",
        );
        map.add(
            "#/paths/~1a/get/requestBody/content/application~1json/schema",
            "#/paths/~1a/get/parameters/1/schema",
        );
        assert_eq!(
            map.original("#/components/schemas/Pet/properties/id"),
            "#/definitions/Pet/properties/id"
        );
        assert_eq!(
            map.original("#/components/schemasX"),
            "#/components/schemasX"
        );
        assert_eq!(
            map.original("#/paths/~1a/get/requestBody/required"),
            "#/paths/~1a/get/parameters/1/required"
        );
        assert_eq!(
            map.original("#/paths/~1a/get/requestBody/content/application~1json/schema/type"),
            "#/paths/~1a/get/parameters/1/schema/type"
        );
        assert_eq!(map.original("#/info/title"), "#/info/title");
    }
}
