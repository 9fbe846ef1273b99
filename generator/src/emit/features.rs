//! Per-tag Cargo features: one feature per operation group, and for every named type the set of
//! groups whose operations reach it, so that a crate built with a few tags compiles only their
//! modules and the types they use.
//!
//! Mapping from tag to feature name: the group's module name (already a unique snake-case Rust
//! identifier, `r#` dropped) with `_` turned into `-` (`Customer Lists` -> module
//! `customer_lists` -> feature `customer-lists`). Module names never contain `-`, so distinct
//! modules give distinct names; a name that is taken by the manifest's own features (`default`,
//! the TLS backends, the optional dependencies) gets `-tag` appended (the group of untagged
//! operations, module `default`, becomes feature `default-tag`).
//!
//! Schemas no operation reaches (components the document declares but no operation uses, such
//! as the originals of a dereferenced document's inlined schemas) are behind one more feature,
//! [`UNUSED`], on by default like the tags: they can be as large as all operations together
//! (sentry's), so a one-tag build must be able to leave them out. Types a webhook payload reaches
//! stay ungated, and so does every type they name: a callback receiver decodes payloads without
//! calling the operation that registered them.

use crate::ir::{Api, Group, Success, TypeRef};

/// Crates with fewer groups get no tag features: one tag is the whole crate.
const MIN_GROUPS: usize = 2;

/// The feature of the schemas no operation reaches.
pub const UNUSED: &str = "unused-schemas";

/// Names a generated manifest already uses for its own features or optional dependencies.
const RESERVED: &[&str] = &["default", "rustls-ring", "rustls-aws-lc", "native-tls", "rustls", "rustls-platform-verifier", UNUSED];

/// The feature of every group and the groups that reach every type.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Feature name per group (index into `Api::groups`), then [`UNUSED`] when some schema is
    /// unreached (as group `groups.len()`); empty when the crate has no tag features.
    names: Vec<String>,
    /// Per type (index into `Api::types`): the groups that reach it, ascending; empty = ungated.
    reached_by: Vec<Vec<usize>>,
}

impl Features {
    /// Computes the features of `api` (none when it has fewer than two groups).
    pub fn new(api: &Api) -> Self {
        if api.groups.len() < MIN_GROUPS {
            return Self::default();
        }
        let mut names: Vec<String> = Vec::with_capacity(api.groups.len());
        for g in &api.groups {
            let base = g.module.trim_start_matches("r#").replace('_', "-");
            let mut name = base.clone();
            let mut n = 1;
            while RESERVED.contains(&name.as_str()) || names.contains(&name) {
                name = if n == 1 { format!("{base}-tag") } else { format!("{base}-tag-{n}") };
                n += 1;
            }
            names.push(name);
        }
        let mut reached_by = vec![Vec::new(); api.types.len()];
        for (g, group) in api.groups.iter().enumerate() {
            for (t, hit) in api.reachable(roots(group)).into_iter().enumerate() {
                if hit {
                    reached_by[t].push(g);
                }
            }
        }
        // Schemas no operation reaches, and everything they name, form one more group.
        let unreached: Vec<TypeRef> = reached_by.iter().enumerate().filter(|(_, g)| g.is_empty()).map(|(t, _)| TypeRef::Named(t)).collect();
        if !unreached.is_empty() {
            let unused = names.len();
            names.push(UNUSED.to_owned());
            for (groups, hit) in reached_by.iter_mut().zip(api.reachable(&unreached)) {
                if hit {
                    groups.push(unused);
                }
            }
        }
        // What is always compiled (webhook payloads) and everything it names must be ungated,
        // or the crate would not build with those tags off.
        let ungated = api.reachable(api.webhooks.iter().flat_map(|w| [&w.request, &w.reply]).flatten());
        for (groups, always) in reached_by.iter_mut().zip(ungated) {
            if always {
                groups.clear();
            }
        }
        Self { names, reached_by }
    }

    /// Whether the crate has tag features at all.
    pub fn is_on(&self) -> bool {
        !self.names.is_empty()
    }

    /// `(feature, group)` of every group, in group order (empty when off).
    pub fn groups<'a>(&'a self, api: &'a Api) -> impl Iterator<Item = (&'a str, &'a Group)> + 'a {
        self.names.iter().map(String::as_str).zip(&api.groups)
    }

    /// Whether some schemas are behind [`UNUSED`].
    pub fn has_unused(&self, api: &Api) -> bool {
        self.names.len() > api.groups.len()
    }

    /// The feature of group `g`, if the crate has features.
    pub fn name(&self, g: usize) -> Option<&str> {
        self.names.get(g).map(String::as_str)
    }

    /// The `cfg` predicate type `t` needs, any of the groups that reach it, as text: `feature = "a"`
    /// or `any(feature = "a", feature = "b")`; `None` = always.
    pub fn type_predicate_text(&self, t: usize) -> Option<String> {
        let groups = self.reached_by.get(t).filter(|g| !g.is_empty())?;
        let features: Vec<String> = groups.iter().map(|g| format!("feature = {}", super::text::string_lit(&self.names[*g]))).collect();
        Some(if let [one] = features.as_slice() { one.clone() } else { format!("any({})", features.join(", ")) })
    }

    /// The `cfg` predicate a use of `ty` needs, as text: every named type it mentions must
    /// exist (`all(..)` of their predicates); `None` = always.
    pub fn typeref_predicate_text(&self, ty: &TypeRef) -> Option<String> {
        let mut named = Vec::new();
        ty.push_named(&mut named);
        named.sort_unstable();
        named.dedup();
        let predicates: Vec<String> = named.into_iter().filter_map(|t| self.type_predicate_text(t)).collect();
        match predicates.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            many => Some(format!("all({})", many.join(", "))),
        }
    }

    /// The manifest lines of the tag features: the names for `default`, and one commented entry each.
    pub fn manifest(&self, api: &Api) -> (String, String) {
        if !self.is_on() {
            return (String::new(), String::new());
        }
        let defaults: String = self.names.iter().map(|n| format!(", \"{n}\"")).collect();
        let unused = self.has_unused(api);
        let mut entries = String::from(
            "\n# One feature per tag of the API, all on by default. Each enables that tag's module under\n# `api`, its accessor on `Client` and the types only its operations use; turn off default\n# features and list the tags you call (plus a TLS backend) to compile less:\n# `default-features = false, features = [\"rustls-ring\", \"<tag>\"]`.\n",
        );
        for (name, group) in self.groups(api) {
            let count = group.operations.len();
            let tag = group.tag.replace(['\n', '\r'], " ");
            entries.push_str(&format!("# Tag `{tag}` ({count} operation{}).\n{name} = []\n", if count == 1 { "" } else { "s" }));
        }
        if unused {
            let count = self.reached_by.iter().filter(|g| g.contains(&api.groups.len())).count();
            entries.push_str(&format!("# Schemas no operation uses: {count} type{} (with what they name).\n{UNUSED} = []\n", if count == 1 { "" } else { "s" }));
        }
        (defaults, entries)
    }
}

/// Every type an operation of the group names directly: parameters, body, success payloads, page item.
fn roots(group: &Group) -> impl Iterator<Item = &TypeRef> {
    group.operations.iter().flat_map(|op| {
        let payloads: Vec<&TypeRef> = match &op.success {
            Success::Single(p) => p.json_type().into_iter().collect(),
            Success::Enum { variants, .. } => variants.iter().filter_map(|v| v.payload.json_type()).collect(),
        };
        op.params.iter().map(|p| &p.ty).chain(op.body.as_ref().map(|b| &b.ty)).chain(payloads).chain(op.pagination.as_ref().map(|p| &p.item))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(text: &str) -> Api {
        let doc = crate::parse(text).expect("parses");
        crate::to_ir(&doc).0
    }

    #[test]
    fn names_are_kebab_case_and_avoid_the_manifests_own_features() {
        let text = r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
            "/a": {"get": {"operationId": "a", "tags": ["Customer Lists"], "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}},
            "/b": {"get": {"operationId": "b", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/B"}}}}}}},
            "/c": {"get": {"operationId": "c", "tags": ["Native TLS"], "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/B"}}}}}}}},
            "components": {"schemas": {
                "A": {"type": "object", "properties": {"c": {"$ref": "#/components/schemas/C"}}},
                "B": {"type": "object", "properties": {"c": {"type": "array", "items": {"$ref": "#/components/schemas/C"}}}},
                "C": {"type": "string", "enum": ["x"]},
                "Unused": {"type": "object", "properties": {"c": {"$ref": "#/components/schemas/C"}}}}}}"##;
        let api = api(text);
        let features = Features::new(&api);
        let names: Vec<&str> = features.groups(&api).map(|(n, _)| n).collect();
        assert_eq!(names, ["customer-lists", "default-tag", "native-tls-tag"]);
        assert_eq!(features.name(3), Some(UNUSED), "`Unused` is reached by no operation");
        let cfg = |name: &str| {
            let t = api.types.iter().position(|t| t.name == name).expect("type");
            features.type_predicate_text(t)
        };
        assert_eq!(cfg("A").as_deref(), Some("feature = \"customer-lists\""));
        assert_eq!(cfg("B").as_deref(), Some("any(feature = \"default-tag\", feature = \"native-tls-tag\")"));
        assert_eq!(cfg("Unused").as_deref(), Some("feature = \"unused-schemas\""));
        assert_eq!(
            cfg("C").as_deref(),
            Some("any(feature = \"customer-lists\", feature = \"default-tag\", feature = \"native-tls-tag\", feature = \"unused-schemas\")"),
            "what an unused schema names is there with it, or with the tags that use it"
        );
        let (defaults, entries) = features.manifest(&api);
        assert_eq!(defaults, ", \"customer-lists\", \"default-tag\", \"native-tls-tag\", \"unused-schemas\"");
        assert!(entries.contains("# Tag `Customer Lists` (1 operation).\ncustomer-lists = []\n"), "{entries}");
        assert!(entries.contains("# Schemas no operation uses: 2 types (with what they name).\nunused-schemas = []\n"), "{entries}");
        let (a, b) = (api.types.iter().position(|t| t.name == "A").expect("A"), api.types.iter().position(|t| t.name == "B").expect("B"));
        let pair = TypeRef::Map(Box::new(TypeRef::Vec(Box::new(TypeRef::Named(a)))));
        assert_eq!(features.typeref_predicate_text(&pair).as_deref(), Some("feature = \"customer-lists\""));
        let both = TypeRef::Option(Box::new(TypeRef::Named(b)));
        assert!(features.typeref_predicate_text(&both).is_some_and(|p| p.starts_with("any(")), "one named type: its own predicate");
    }

    #[test]
    fn one_group_gets_no_features() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/types.yaml")).expect("fixture");
        let api = api(&text);
        if api.groups.len() < MIN_GROUPS {
            assert!(!Features::new(&api).is_on());
        }
        let mut single = api.clone();
        single.groups.truncate(1);
        assert!(!Features::new(&single).is_on());
        assert_eq!(Features::new(&single).type_predicate_text(0), None);
    }
}
