//! Lowers JSON schemas into named Rust types ([`TypeDef`]) and type references ([`TypeRef`]).
//!
//! Component schemas keep their names; inline object, enum and union schemas are named after
//! where they appear (`Parent` + `Field`). Names are claimed in one [`Scope`] so they never clash.

use super::view::{View, view};
use crate::diagnostics::{Diagnostic, Diagnostics, child, unescape_token};
use crate::ir::{EnumVariant, Field, IntConst, Lenient, Prim, Struct, TypeDef, TypeKind, TypeRef, Union, UnionVariant};
use crate::naming::{self, Scope};
use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema};
use std::collections::BTreeMap;

/// Prefix of references to component schemas.
const SCHEMA_REF: &str = "#/components/schemas/";

/// Nesting depth past which schemas are treated as free-form JSON. Real schemas stay far
/// below it; the bound keeps hostile input small, and keeps generated type expressions such
/// as `Vec<Option<Vec<..>>>` shallow enough for syn to parse on a 2 MiB stack in debug builds
/// (at about 50 nested generics it overflows, which aborts instead of reporting).
const MAX_DEPTH: usize = 20;

/// The type table being built.
pub struct Types<'a> {
    doc: &'a OpenAPI,
    /// Named types, in creation order.
    pub defs: Vec<TypeDef>,
    /// Type-name scope.
    pub names: Scope,
    by_component: BTreeMap<String, usize>,
    /// Component schemas currently being lowered (guards `allOf` cycles).
    merging: Vec<String>,
}

/// A lowered schema: its type and how struct fields of that type decode.
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The Rust type.
    pub ty: TypeRef,
    /// Decoding leniency for fields of this type.
    pub lenient: Lenient,
    /// `format: password` or similar: redact in Debug.
    pub secret: bool,
}

impl Lowered {
    fn plain(ty: TypeRef) -> Self {
        Self { ty, lenient: Lenient::None, secret: false }
    }
}

impl<'a> Types<'a> {
    /// Reserves a name for every component schema, so references resolve before bodies are lowered.
    pub fn new(doc: &'a OpenAPI, reserved: &[&str]) -> Self {
        let mut types = Types { doc, defs: Vec::new(), names: Scope::with_reserved(reserved), by_component: BTreeMap::new(), merging: Vec::new() };
        if let Some(components) = &doc.components {
            for key in components.schemas.keys() {
                let name = types.names.claim(&naming::pascal(key));
                let pointer = child("#/components/schemas", key);
                types.by_component.insert(key.clone(), types.defs.len());
                types.defs.push(TypeDef { name, doc: String::new(), kind: TypeKind::Alias(TypeRef::Json), example: None, pointer, lenient: Lenient::None, directions: Default::default() });
            }
        }
        types
    }

    /// Lowers every component schema into its reserved slot.
    pub fn lower_components(&mut self, diags: &mut Diagnostics) {
        let Some(components) = &self.doc.components else { return };
        // Leniency first: fields lowered below may refer to lenient components defined later.
        for (key, schema) in &components.schemas {
            if let ReferenceOr::Item(schema) = schema {
                let index = self.by_component[key];
                let pointer = self.defs[index].pointer.clone();
                if let Some(lowered) = self.scalar(&view(schema), schema, &pointer, &mut Diagnostics::default()) {
                    self.defs[index].lenient = lowered.lenient;
                }
            }
        }
        for (key, schema) in &components.schemas {
            let index = self.by_component[key];
            let pointer = self.defs[index].pointer.clone();
            let name = self.defs[index].name.clone();
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.resolve_ref(reference, &pointer, diags);
                    self.defs[index].kind = TypeKind::Alias(target.ty);
                    self.defs[index].lenient = target.lenient;
                    self.defs[index].doc = format!("Another name for the type `{reference}` points to.");
                }
                ReferenceOr::Item(schema) => {
                    self.merging.push(key.clone());
                    let (kind, lenient) = self.lower_named_body(schema, &name, &pointer, 0, diags);
                    self.merging.pop();
                    let def = &mut self.defs[index];
                    def.kind = kind;
                    def.lenient = lenient;
                    def.doc = doc_text(schema).unwrap_or_else(|| format!("The `{key}` schema."));
                    def.example = schema.schema_data.example.clone();
                }
            }
        }
    }

    /// Resolves a `$ref` to a component schema.
    pub fn resolve_ref(&mut self, reference: &str, pointer: &str, diags: &mut Diagnostics) -> Lowered {
        match reference.strip_prefix(SCHEMA_REF).and_then(|key| self.by_component.get(unescape_token(key).as_ref()).copied()) {
            Some(index) => Lowered { ty: TypeRef::Named(index), lenient: self.defs[index].lenient.clone(), secret: false },
            // A reference to a schema the document does not define: free-form JSON, loudly.
            None if reference.starts_with(SCHEMA_REF) && !reference[SCHEMA_REF.len()..].contains('/') => {
                diags.push(Diagnostic::repair(
                    pointer,
                    format!("`$ref: {reference}` does not resolve to a schema under #/components/schemas"),
                    "the value is kept as free-form JSON (serde_json::Value); define the schema to get a type",
                ));
                Lowered::plain(TypeRef::Json)
            }
            None => {
                diags.push(Diagnostic::error(
                    pointer,
                    format!("`$ref: {reference}` does not resolve to a schema under #/components/schemas"),
                    "point the reference at an existing entry of components.schemas (external files and nested pointers are not supported)",
                ));
                Lowered::plain(TypeRef::Json)
            }
        }
    }

    /// The named type a component reference stands for, without lowering or diagnosing anything.
    pub fn component_index(&self, reference: &str) -> Option<usize> {
        self.by_component.get(unescape_token(reference.strip_prefix(SCHEMA_REF)?).as_ref()).copied()
    }

    /// Finds the schema a component reference points to.
    pub fn component_schema(&self, reference: &str) -> Option<&'a Schema> {
        let schemas = &self.doc.components.as_ref()?.schemas;
        let mut reference = reference;
        // Components may alias each other (`A: {$ref: B}`); a loop of aliases has no schema,
        // and bounding the walk keeps it from recursing forever.
        for _ in 0..=schemas.len() {
            match schemas.get(unescape_token(reference.strip_prefix(SCHEMA_REF)?).as_ref())? {
                ReferenceOr::Item(schema) => return Some(schema),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        None
    }

    /// Lowers a schema that appears somewhere (property, item, parameter, body), naming
    /// any new type after `hint`.
    pub fn lower(&mut self, schema: &ReferenceOr<Schema>, hint: &str, pointer: &str, depth: usize, diags: &mut Diagnostics) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => self.resolve_ref(reference, pointer, diags),
            ReferenceOr::Item(schema) => self.lower_inline(schema, hint, pointer, depth, diags),
        }
    }

    /// Same as [`Types::lower`] for the boxed schemas openapiv3 uses in properties and items.
    pub fn lower_boxed(&mut self, schema: &ReferenceOr<Box<Schema>>, hint: &str, pointer: &str, depth: usize, diags: &mut Diagnostics) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => self.resolve_ref(reference, pointer, diags),
            ReferenceOr::Item(schema) => self.lower_inline(schema, hint, pointer, depth, diags),
        }
    }

    fn lower_inline(&mut self, schema: &Schema, hint: &str, pointer: &str, depth: usize, diags: &mut Diagnostics) -> Lowered {
        if depth > MAX_DEPTH {
            diags.push(Diagnostic::warning(pointer, format!("schema nesting is deeper than {MAX_DEPTH} levels"), "the value is kept as serde_json::Value; flatten the schema with named components"));
            return Lowered::plain(TypeRef::Json);
        }
        let v = view(schema);
        let nullable = schema.schema_data.nullable;
        let mut lowered = if let Some(scalar) = self.scalar(&v, schema, pointer, diags) {
            scalar
        } else if needs_named_type(&v) {
            let name = self.names.claim(&naming::pascal(hint));
            let index = self.defs.len();
            self.defs.push(TypeDef {
                name: name.clone(),
                doc: doc_text(schema).unwrap_or_else(|| format!("Inline schema at `{pointer}`.")),
                kind: TypeKind::Alias(TypeRef::Json),
                example: schema.schema_data.example.clone(),
                pointer: pointer.to_owned(),
                lenient: Lenient::None,
                directions: Default::default(),
            });
            let (kind, lenient) = self.lower_named_body(schema, &name, pointer, depth, diags);
            let alias_target = match &kind {
                TypeKind::Alias(t) => Some(t.clone()),
                _ => None,
            };
            self.defs[index].kind = kind;
            self.defs[index].lenient = lenient.clone();
            match alias_target {
                // A name is pointless for an inline alias: use the target directly. Drop the
                // slot only when it is the last one; types made while lowering the body sit
                // after it, and removing it would shift their indices (the target among them).
                Some(target) => {
                    if self.defs.len() == index + 1 {
                        self.defs.pop();
                    }
                    Lowered { ty: target, lenient, secret: false }
                }
                None => Lowered { ty: TypeRef::Named(index), lenient, secret: false },
            }
        } else {
            self.structural(&v, hint, pointer, depth, diags)
        };
        if nullable && !matches!(lowered.ty, TypeRef::Option(_) | TypeRef::Json) {
            lowered.ty = TypeRef::Option(Box::new(lowered.ty));
        }
        lowered
    }

    /// Arrays, maps and free-form values that need no name of their own.
    fn structural(&mut self, v: &View<'_>, hint: &str, pointer: &str, depth: usize, diags: &mut Diagnostics) -> Lowered {
        if v.ty == Some("array") || (v.ty.is_none() && v.items.is_some()) {
            let item = match v.items {
                Some(items) => self.lower_boxed(items, &format!("{hint}Item"), &child(pointer, "items"), depth + 1, diags),
                None => Lowered::plain(TypeRef::Json),
            };
            return Lowered::plain(TypeRef::Vec(Box::new(item.ty)));
        }
        if v.properties.is_none() && (v.ty == Some("object") || v.additional.is_some()) {
            let value = self.additional_type(v, hint, pointer, depth, diags).unwrap_or(TypeRef::Json);
            return Lowered::plain(TypeRef::Map(Box::new(value)));
        }
        if v.has_not {
            diags.push(Diagnostic::warning(pointer, "`not` schemas are not supported", "the value is kept as serde_json::Value"));
        }
        Lowered::plain(TypeRef::Json)
    }

    fn additional_type(&mut self, v: &View<'_>, hint: &str, pointer: &str, depth: usize, diags: &mut Diagnostics) -> Option<TypeRef> {
        match v.additional? {
            AdditionalProperties::Any(true) => Some(TypeRef::Json),
            AdditionalProperties::Any(false) => None,
            AdditionalProperties::Schema(schema) => {
                Some(self.lower(schema, &format!("{hint}Value"), &child(pointer, "additionalProperties"), depth + 1, diags).ty)
            }
        }
    }

    /// Scalars, including the lenient unions (`boolean | "true"/"false"`, `integer | numeric string`, ...).
    fn scalar(&mut self, v: &View<'_>, schema: &Schema, pointer: &str, diags: &mut Diagnostics) -> Option<Lowered> {
        let secret = v.format.as_deref() == Some("password");
        let prim = |v: &View<'_>| -> Option<Prim> {
            let format = v.format.as_deref();
            match v.ty? {
                "string" if !v.enumeration.is_empty() => None,
                "string" => Some(match format {
                    Some("date") => Prim::Date,
                    Some("date-time") => Prim::DateTime,
                    Some("naive-date-time") => Prim::NaiveDateTime,
                    Some("binary") => Prim::Bytes,
                    Some("password") => Prim::Secret,
                    _ => Prim::String,
                }),
                "boolean" => Some(Prim::Bool),
                "integer" if !v.enumeration.is_empty() => None,
                "integer" => Some(if format == Some("int32") { Prim::I32 } else { Prim::I64 }),
                "number" => Some(if format == Some("float") { Prim::F32 } else { Prim::F64 }),
                _ => None,
            }
        };
        if v.properties.is_none() && v.items.is_none() && v.one_of.is_empty() && v.any_of.is_empty() && v.all_of.is_empty() {
            return prim(v).map(|p| Lowered { ty: TypeRef::Prim(p), lenient: Lenient::None, secret });
        }
        let variants = if v.one_of.is_empty() { v.any_of } else { v.one_of };
        if variants.len() != 2 || v.properties.is_some() {
            return None;
        }
        let views: Vec<View<'_>> = variants.iter().filter_map(|s| s.as_item()).map(view).collect();
        if views.len() != 2 {
            return None;
        }
        // An array-or-joined-string list.
        if let Some(delimiter) = schema.schema_data.extensions.get("x-list-delimiter").and_then(|d| d.as_str()) {
            let has_array = views.iter().any(|w| w.ty == Some("array"));
            let has_string = views.iter().any(|w| w.ty == Some("string"));
            if has_array && has_string {
                return Some(Lowered { ty: TypeRef::Vec(Box::new(TypeRef::Prim(Prim::String))), lenient: Lenient::Delimited(delimiter.to_owned()), secret: false });
            }
            diags.push(Diagnostic::warning(pointer, "`x-list-delimiter` on a schema needs `oneOf: [array, string]`", "the extension is ignored here"));
        }
        let string = views.iter().position(|w| w.ty == Some("string") && w.format.is_none())?;
        let other = &views[1 - string];
        let other_prim = match other.ty? {
            "boolean" | "integer" | "number" if other.enumeration.is_empty() => prim(other)?,
            _ => return None,
        };
        let constrained = !views[string].enumeration.is_empty() || views[string].pattern.is_some();
        let ty = if constrained { other_prim } else { Prim::String };
        Some(Lowered { ty: TypeRef::Prim(ty), lenient: Lenient::Scalar, secret: false })
    }

    /// Lowers the body of a schema that owns a name: struct, enum, union or alias.
    fn lower_named_body(&mut self, schema: &Schema, name: &str, pointer: &str, depth: usize, diags: &mut Diagnostics) -> (TypeKind, Lenient) {
        let v = view(schema);
        if let Some(lowered) = self.scalar(&v, schema, pointer, diags) {
            let ty = if schema.schema_data.nullable { TypeRef::Option(Box::new(lowered.ty)) } else { lowered.ty };
            return (TypeKind::Alias(ty), lowered.lenient);
        }
        if !v.enumeration.is_empty() {
            return (self.enumeration(&v, schema, pointer, diags), Lenient::None);
        }
        if !v.all_of.is_empty() {
            let kind = match self.all_of(&v, name, pointer, depth, diags) {
                TypeKind::Alias(ty) if schema.schema_data.nullable && !matches!(ty, TypeRef::Option(_) | TypeRef::Json) => TypeKind::Alias(TypeRef::Option(Box::new(ty))),
                other => other,
            };
            return (kind, Lenient::None);
        }
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            return (self.union(&v, schema, name, pointer, depth, diags), Lenient::None);
        }
        if let Some(properties) = v.properties {
            let mut fields = Vec::new();
            // Properties claim names first; the flattened map gets `additional_properties`, or a
            // suffixed name when a property already has it.
            let mut scope = Scope::default();
            self.fields(properties, v.required, name, pointer, depth, &mut scope, &mut fields, diags);
            let additional = self.additional_type(&v, name, pointer, depth, diags).map(|t| (scope.claim("additional_properties"), t));
            return (TypeKind::Struct(Struct { fields, additional }), Lenient::None);
        }
        let lowered = self.structural(&v, name, pointer, depth, diags);
        let ty = if schema.schema_data.nullable && !matches!(lowered.ty, TypeRef::Json) { TypeRef::Option(Box::new(lowered.ty)) } else { lowered.ty };
        (TypeKind::Alias(ty), lowered.lenient)
    }

    #[allow(clippy::too_many_arguments)]
    fn fields(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        owner: &str,
        pointer: &str,
        depth: usize,
        scope: &mut Scope,
        out: &mut Vec<Field>,
        diags: &mut Diagnostics,
    ) {
        for (wire, schema) in properties {
            if out.iter().any(|f| &f.wire_name == wire) {
                continue;
            }
            let field_pointer = child(&child(pointer, "properties"), wire);
            let hint = format!("{owner}{}", naming::pascal(wire).trim_start_matches("r#"));
            let lowered = self.lower_boxed(schema, &hint, &field_pointer, depth + 1, diags);
            let item = match schema {
                ReferenceOr::Item(s) => Some(&**s),
                ReferenceOr::Reference { reference } => self.component_schema(reference),
            };
            let nullable = item.is_some_and(|s| s.schema_data.nullable) || matches!(lowered.ty, TypeRef::Option(_));
            let ty = match lowered.ty {
                TypeRef::Option(inner) => *inner,
                TypeRef::Prim(Prim::String) if lowered.secret => TypeRef::Prim(Prim::Secret),
                other => other,
            };
            let doc = match schema {
                ReferenceOr::Item(s) => doc_text(s),
                ReferenceOr::Reference { .. } => item.and_then(doc_text),
            };
            out.push(Field {
                rust_name: scope.claim(&naming::snake(wire)),
                wire_name: wire.clone(),
                ty,
                required: required.contains(wire),
                nullable,
                doc,
                lenient: lowered.lenient,
            });
        }
    }

    fn enumeration(&mut self, v: &View<'_>, schema: &Schema, pointer: &str, diags: &mut Diagnostics) -> TypeKind {
        let names = schema.schema_data.extensions.get("x-enum-varnames").and_then(|n| n.as_array());
        let descriptions = schema.schema_data.extensions.get("x-enum-descriptions").and_then(|n| n.as_array());
        // `enum: [null]` (Dropshot's unit answer) allows no value but null: an enum without
        // variants would have nothing to match, so keep it as a JSON value.
        if v.enumeration.iter().all(serde_json::Value::is_null) {
            return TypeKind::Alias(TypeRef::Json);
        }
        if v.enumeration.iter().all(|e| e.is_string() || e.is_null()) {
            let mut scope = Scope::with_reserved(&["Unknown"]);
            let variants = v
                .enumeration
                .iter()
                .filter_map(|e| e.as_str())
                .enumerate()
                .map(|(i, wire)| {
                    let wanted = names.and_then(|n| n.get(i)).and_then(|n| n.as_str()).unwrap_or(wire);
                    EnumVariant { rust_name: scope.claim(&naming::pascal(wanted)), wire: wire.to_owned() }
                })
                .collect();
            return TypeKind::StringEnum(variants);
        }
        if v.enumeration.iter().all(|e| e.is_i64() || e.is_null()) {
            let mut scope = Scope::default();
            let consts = v
                .enumeration
                .iter()
                .filter_map(|e| e.as_i64())
                .enumerate()
                .map(|(i, value)| {
                    let wanted = names.and_then(|n| n.get(i)).and_then(|n| n.as_str()).map(str::to_owned).unwrap_or_else(|| format!("VALUE_{value}").replace('-', "MINUS_"));
                    IntConst {
                        rust_name: scope.claim(&naming::shouty(&wanted)),
                        value,
                        doc: descriptions.and_then(|d| d.get(i)).and_then(|d| d.as_str()).map(str::to_owned),
                    }
                })
                .collect();
            return TypeKind::IntEnum(consts);
        }
        diags.push(Diagnostic::warning(pointer, "enum values of mixed or non-integer, non-string types", "the value is kept as serde_json::Value"));
        TypeKind::Alias(TypeRef::Json)
    }

    fn all_of(&mut self, v: &View<'_>, name: &str, pointer: &str, depth: usize, diags: &mut Diagnostics) -> TypeKind {
        // `allOf: [ $ref ]` (often used to attach a description) is the referenced type itself.
        if v.all_of.len() == 1 && v.properties.is_none() {
            let only = self.lower(&v.all_of[0], &format!("{name}Inner"), &child(&child(pointer, "allOf"), "0"), depth + 1, diags);
            return TypeKind::Alias(only.ty);
        }
        // Members that are all scalars or mere annotations (`allOf: [{$ref: Language},
        // {description: ...}]`, `allOf: [{type: string, nullable: true}, {$ref: Link}]`) describe
        // one scalar or enum type, not a struct: that type is the first member that has one.
        if v.properties.is_none() {
            if let Some(index) = self.scalar_all_of(v.all_of) {
                let member = &v.all_of[index];
                let only = self.lower(member, &format!("{name}Inner"), &child(&child(pointer, "allOf"), &index.to_string()), depth + 1, diags);
                let nullable = v.all_of.iter().any(|m| m.as_item().is_some_and(|s| s.schema_data.nullable));
                let ty = if nullable && !matches!(only.ty, TypeRef::Option(_) | TypeRef::Json) { TypeRef::Option(Box::new(only.ty)) } else { only.ty };
                return TypeKind::Alias(ty);
            }
        }
        let mut merged = Merged::default();
        for (i, member) in v.all_of.iter().enumerate() {
            let member_pointer = child(&child(pointer, "allOf"), &i.to_string());
            self.merge_member(member, name, &member_pointer, depth, &mut merged, diags);
        }
        if let Some(properties) = v.properties {
            self.fields(properties, v.required, name, pointer, depth, &mut merged.scope, &mut merged.fields, diags);
        }
        merged.require(v.required);
        TypeKind::Struct(Struct { fields: merged.fields, additional: merged.additional })
    }

    /// For an `allOf` without object members: the index of the member that gives the type
    /// (the first one that is not a mere annotation), when every typed member is a scalar,
    /// an enum or a reference to one.
    fn scalar_all_of(&self, members: &[ReferenceOr<Schema>]) -> Option<usize> {
        let mut first = None;
        for (i, member) in members.iter().enumerate() {
            let schema = match member {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference } => self.component_schema(reference)?,
            };
            let mv = view(schema);
            let annotation = mv.ty.is_none() && mv.enumeration.is_empty() && mv.properties.is_none() && mv.items.is_none() && mv.additional.is_none() && mv.one_of.is_empty() && mv.any_of.is_empty() && mv.all_of.is_empty() && !mv.has_not;
            if annotation {
                continue;
            }
            let scalar = matches!(mv.ty, Some("string" | "integer" | "number" | "boolean")) && mv.properties.is_none() && mv.all_of.is_empty() && mv.one_of.is_empty() && mv.any_of.is_empty();
            if !scalar {
                return None;
            }
            // Prefer a reference (it names the type, e.g. an enum) over an inline scalar.
            match (first, member) {
                (None, _) => first = Some(i),
                (Some(f), ReferenceOr::Reference { .. }) if members[f].as_item().is_some() => first = Some(i),
                _ => {}
            }
        }
        first
    }

    /// Merges one `allOf` member. A referenced member is merged under its own pointer (so
    /// problems inside it point at the component), and stays on the `merging` stack while it
    /// is, so a member that leads back to a schema being merged is reported, not expanded forever.
    fn merge_member(&mut self, member: &ReferenceOr<Schema>, name: &str, pointer: &str, depth: usize, merged: &mut Merged, diags: &mut Diagnostics) {
        let reference = match member {
            ReferenceOr::Item(schema) => return self.merge_part(schema, name, pointer, depth, merged, diags),
            ReferenceOr::Reference { reference } => reference,
        };
        let key = reference.strip_prefix(SCHEMA_REF).map(|key| unescape_token(key).into_owned()).unwrap_or_default();
        if self.merging.contains(&key) {
            diags.push(Diagnostic::error(pointer, format!("`allOf` includes `{reference}`, which includes this schema again"), "break the cycle: an allOf member cannot contain its owner"));
            return;
        }
        match self.component_schema(reference) {
            Some(schema) => {
                let member_pointer = child("#/components/schemas", &key);
                self.merging.push(key);
                self.merge_part(schema, name, &member_pointer, depth + 1, merged, diags);
                self.merging.pop();
            }
            None => {
                self.resolve_ref(reference, pointer, diags);
            }
        }
    }

    fn merge_part(&mut self, part: &Schema, name: &str, pointer: &str, depth: usize, merged: &mut Merged, diags: &mut Diagnostics) {
        if depth > MAX_DEPTH {
            return;
        }
        let pv = view(part);
        for (i, nested) in pv.all_of.iter().enumerate() {
            let nested_pointer = child(&child(pointer, "allOf"), &i.to_string());
            self.merge_member(nested, name, &nested_pointer, depth + 1, merged, diags);
        }
        if let Some(properties) = pv.properties {
            self.fields(properties, pv.required, name, pointer, depth, &mut merged.scope, &mut merged.fields, diags);
        } else if pv.all_of.is_empty() && pv.ty.is_some_and(|t| t != "object") {
            diags.push(Diagnostic::warning(pointer, "an `allOf` member that is not an object cannot be merged into a struct", "its constraints are ignored; the other members define the type"));
        }
        merged.require(pv.required);
        if merged.additional.is_none() {
            if let Some(t) = self.additional_type(&pv, name, pointer, depth, diags) {
                merged.additional = Some((merged.scope.claim("additional_properties"), t));
            }
        }
    }

    fn union(&mut self, v: &View<'_>, schema: &Schema, name: &str, pointer: &str, depth: usize, diags: &mut Diagnostics) -> TypeKind {
        let (members, keyword) = if v.one_of.is_empty() { (v.any_of, "anyOf") } else { (v.one_of, "oneOf") };
        let mut scope = Scope::with_reserved(&["Other"]);
        let mut variants = Vec::new();
        let mut by_ref: BTreeMap<String, usize> = BTreeMap::new();
        for (i, member) in members.iter().enumerate() {
            let member_pointer = child(&child(pointer, keyword), &i.to_string());
            let wanted = match member {
                ReferenceOr::Reference { reference } => naming::pascal(reference.rsplit('/').next().unwrap_or("Variant")),
                ReferenceOr::Item(s) => s.schema_data.title.as_deref().map(naming::pascal).unwrap_or_else(|| variant_name(&view(s), i)),
            };
            let variant_name = scope.claim(wanted.trim_start_matches("r#"));
            let lowered = self.lower(member, &format!("{name}{variant_name}"), &member_pointer, depth + 1, diags);
            if let ReferenceOr::Reference { reference } = member {
                by_ref.insert(reference.clone(), variants.len());
            }
            variants.push(UnionVariant { name: variant_name, ty: lowered.ty });
        }
        let discriminator = schema.schema_data.discriminator.as_ref().map(|d| {
            let mut mapping = BTreeMap::new();
            for (value, target) in &d.mapping {
                let target_ref = if target.starts_with('#') { target.clone() } else { format!("{SCHEMA_REF}{target}") };
                match by_ref.get(&target_ref) {
                    Some(index) => {
                        mapping.insert(value.clone(), *index);
                    }
                    None => diags.push(Diagnostic::warning(child(pointer, "discriminator"), format!("discriminator mapping `{value}` points to `{target}`, which is not a member"), "the mapping entry is ignored")),
                }
            }
            // Implicit mapping: a member's schema name is its discriminator value.
            for (reference, index) in &by_ref {
                let key = reference.rsplit('/').next().unwrap_or_default().to_owned();
                mapping.entry(key).or_insert(*index);
            }
            (d.property_name.clone(), mapping)
        });
        // A discriminator that maps no value to a member (its members are inline schemas, not
        // references) cannot tell them apart: fall back to the implicit one, or to trying each.
        let discriminator = discriminator.filter(|(_, mapping)| !mapping.is_empty()).or_else(|| self.implicit_discriminator(members));
        TypeKind::Union(Union { variants, discriminator })
    }

    /// OpenAPI 3.0 has no `const`: members that each pin one required property to a single
    /// `enum` value (`EventTypeID: {enum: [1]}`) are told apart by that value.
    fn implicit_discriminator(&self, members: &[ReferenceOr<Schema>]) -> Option<(String, BTreeMap<String, usize>)> {
        if members.len() < 2 {
            return None;
        }
        let mut shared: Option<Vec<(String, String)>> = None;
        let mut per_member: Vec<Vec<(String, String)>> = Vec::new();
        for member in members {
            let schema = match member {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference } => self.component_schema(reference)?,
            };
            let v = view(schema);
            let mut pinned = Vec::new();
            for (name, property) in v.properties? {
                if !v.required.contains(name) {
                    continue;
                }
                let property = match property {
                    ReferenceOr::Item(p) => &**p,
                    ReferenceOr::Reference { reference } => match self.component_schema(reference) {
                        Some(p) => p,
                        None => continue,
                    },
                };
                let pv = view(property);
                if let [only] = pv.enumeration.as_slice() {
                    let value = match only {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Number(n) => n.to_string(),
                        _ => continue,
                    };
                    pinned.push((name.clone(), value));
                }
            }
            shared = Some(match shared {
                None => pinned.clone(),
                Some(prev) => prev.into_iter().filter(|(n, _)| pinned.iter().any(|(m, _)| m == n)).collect(),
            });
            per_member.push(pinned);
        }
        for (property, _) in shared? {
            let mut mapping = BTreeMap::new();
            for (index, pinned) in per_member.iter().enumerate() {
                if let Some((_, value)) = pinned.iter().find(|(n, _)| *n == property) {
                    mapping.insert(value.clone(), index);
                }
            }
            // Usable only when every member has its own value.
            if mapping.len() == members.len() {
                return Some((property, mapping));
            }
        }
        None
    }
}

/// The struct an `allOf` is being merged into.
#[derive(Default)]
struct Merged {
    scope: Scope,
    fields: Vec<Field>,
    additional: Option<(String, TypeRef)>,
}

impl Merged {
    /// Marks the fields any member lists as required.
    fn require(&mut self, required: &[String]) {
        for field in &mut self.fields {
            if required.contains(&field.wire_name) {
                field.required = true;
            }
        }
    }
}

/// Whether a schema needs a named Rust type (struct, enum or union).
fn needs_named_type(v: &View<'_>) -> bool {
    v.properties.is_some() || !v.enumeration.is_empty() || !v.one_of.is_empty() || !v.any_of.is_empty() || !v.all_of.is_empty()
}

fn variant_name(v: &View<'_>, index: usize) -> String {
    match v.ty {
        Some("string") => "String".into(),
        Some("integer") => "Integer".into(),
        Some("number") => "Number".into(),
        Some("boolean") => "Boolean".into(),
        Some("array") => "Array".into(),
        Some("object") => "Object".into(),
        _ => format!("Variant{index}"),
    }
}

/// The schema's description (or title), trimmed.
pub fn doc_text(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .description
        .as_deref()
        .or(schema.schema_data.title.as_deref())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}
