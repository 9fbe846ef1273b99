//! A flat view of an openapiv3 schema, so lowering need not care which of openapiv3's
//! `SchemaKind` variants (typed, combinator or catch-all `Any`) a schema was parsed into.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

/// Every keyword lowering looks at, borrowed from the schema.
#[derive(Debug, Default)]
pub struct View<'a> {
    /// `type`, if given.
    pub ty: Option<&'a str>,
    /// `format`, if given.
    pub format: Option<String>,
    /// `enum` values.
    pub enumeration: Vec<serde_json::Value>,
    /// `pattern`.
    pub pattern: Option<&'a str>,
    /// `properties`.
    pub properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    /// `required`.
    pub required: &'a [String],
    /// `additionalProperties`.
    pub additional: Option<&'a AdditionalProperties>,
    /// `items`.
    pub items: Option<&'a ReferenceOr<Box<Schema>>>,
    /// `oneOf`.
    pub one_of: &'a [ReferenceOr<Schema>],
    /// `anyOf`.
    pub any_of: &'a [ReferenceOr<Schema>],
    /// `allOf`.
    pub all_of: &'a [ReferenceOr<Schema>],
    /// `not` is present.
    pub has_not: bool,
    /// `maximum`.
    pub maximum: Option<f64>,
}

fn format_name<T: std::fmt::Debug>(format: &VariantOrUnknownOrEmpty<T>, known: impl Fn(&T) -> &'static str) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => Some(known(item).to_owned()),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn string_format(f: &StringFormat) -> &'static str {
    match f {
        StringFormat::Date => "date",
        StringFormat::DateTime => "date-time",
        StringFormat::Password => "password",
        StringFormat::Byte => "byte",
        StringFormat::Binary => "binary",
    }
}

/// Flattens `schema` into a [`View`].
pub fn view(schema: &Schema) -> View<'_> {
    let mut v = View::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            v.ty = Some("string");
            v.format = format_name(&s.format, string_format);
            v.pattern = s.pattern.as_deref();
            v.enumeration = s.enumeration.iter().map(|e| e.clone().map(serde_json::Value::String).unwrap_or_default()).collect();
        }
        SchemaKind::Type(Type::Number(n)) => {
            v.ty = Some("number");
            v.format = format_name(&n.format, |f| match f {
                openapiv3::NumberFormat::Float => "float",
                openapiv3::NumberFormat::Double => "double",
            });
            v.maximum = n.maximum;
            v.enumeration = n.enumeration.iter().flatten().filter_map(|x| serde_json::Number::from_f64(*x)).map(serde_json::Value::Number).collect();
        }
        SchemaKind::Type(Type::Integer(i)) => {
            v.ty = Some("integer");
            v.format = format_name(&i.format, |f| match f {
                openapiv3::IntegerFormat::Int32 => "int32",
                openapiv3::IntegerFormat::Int64 => "int64",
            });
            v.maximum = i.maximum.map(|m| m as f64);
            v.enumeration = i.enumeration.iter().flatten().map(|x| serde_json::Value::from(*x)).collect();
        }
        SchemaKind::Type(Type::Boolean(_)) => v.ty = Some("boolean"),
        SchemaKind::Type(Type::Object(o)) => {
            v.ty = Some("object");
            // Like the `Any` case below: `type: object` without properties is a map (of
            // anything, unless additionalProperties says otherwise), not an empty struct
            // that would drop every key.
            v.properties = if o.properties.is_empty() { None } else { Some(&o.properties) };
            v.required = &o.required;
            v.additional = o.additional_properties.as_ref();
        }
        SchemaKind::Type(Type::Array(a)) => {
            v.ty = Some("array");
            v.items = a.items.as_ref();
        }
        SchemaKind::OneOf { one_of } => v.one_of = one_of,
        SchemaKind::AnyOf { any_of } => v.any_of = any_of,
        SchemaKind::AllOf { all_of } => v.all_of = all_of,
        SchemaKind::Not { .. } => v.has_not = true,
        SchemaKind::Any(a) => {
            v.ty = a.typ.as_deref();
            v.format = a.format.clone();
            v.pattern = a.pattern.as_deref();
            v.enumeration = a.enumeration.clone();
            v.properties = if a.properties.is_empty() { None } else { Some(&a.properties) };
            v.required = &a.required;
            v.additional = a.additional_properties.as_ref();
            v.items = a.items.as_ref();
            v.one_of = &a.one_of;
            v.any_of = &a.any_of;
            v.all_of = &a.all_of;
            v.has_not = a.not.is_some();
            v.maximum = a.maximum;
        }
    }
    v
}
