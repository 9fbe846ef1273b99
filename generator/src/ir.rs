//! The generator's own model of an API. Lowering fills it from openapiv3; emitters read it
//! and never see openapiv3. Every name here is already a unique, legal Rust identifier.

use std::collections::BTreeMap;

/// A whole API, ready to emit.
#[derive(Debug, Clone)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`, if any.
    pub description: Option<String>,
    /// Servers: index 0 is the API's default server list; operations may point at others.
    pub server_groups: Vec<ServerGroup>,
    /// Named types, in emission order.
    pub types: Vec<TypeDef>,
    /// Operation groups (one per tag), sorted by module name.
    pub groups: Vec<Group>,
    /// Security schemes the client can hold credentials for.
    pub security_schemes: Vec<SecurityScheme>,
    /// Default security alternatives (indices into `security_schemes`).
    pub default_security: Vec<Vec<usize>>,
    /// Root-level rate limit, if the spec declares one (`x-rate-limit`).
    pub rate_limit: Option<RateLimit>,
    /// Callback (webhook) payload types, grouped for documentation.
    pub webhooks: Vec<Webhook>,
    /// Media-type examples of JSON bodies and responses, with the type they must decode into.
    pub examples: Vec<MediaExample>,
}

/// An `example` (or named `examples` entry) of a JSON request body or response.
#[derive(Debug, Clone)]
pub struct MediaExample {
    /// Where it sits, e.g. `GetCustomersByAction 200`.
    pub label: String,
    /// The type it must decode into.
    pub ty: TypeRef,
    /// The example value.
    pub value: serde_json::Value,
}

/// One set of alternative base URLs (a `servers` array).
#[derive(Debug, Clone, PartialEq)]
pub struct ServerGroup {
    /// Rust identifier of this group (`Default` for the root servers).
    pub rust_name: String,
    /// The servers, first is the default.
    pub servers: Vec<Server>,
}

/// One server URL with its variables.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// URL template, e.g. `https://api{instance}.optimove.net`.
    pub url: String,
    /// Description from the spec.
    pub description: Option<String>,
    /// Variables: wire name, default, allowed values, description.
    pub variables: Vec<ServerVariable>,
}

/// A `{name}` placeholder in a server URL.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// Name as written in the URL template.
    pub name: String,
    /// Default value.
    pub default: String,
    /// Allowed values, if restricted.
    pub allowed: Vec<String>,
    /// Description.
    pub description: Option<String>,
}

/// Operations sharing a tag; emitted as one module.
#[derive(Debug, Clone)]
pub struct Group {
    /// Module name (snake case).
    pub module: String,
    /// Accessor type name (Pascal case).
    pub type_name: String,
    /// Accessor method on `Client` (snake case).
    pub accessor: String,
    /// Tag name as in the spec.
    pub tag: String,
    /// Tag description.
    pub description: Option<String>,
    /// The operations, in spec order.
    pub operations: Vec<Operation>,
}

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Api {
    /// Per type (index into `types`): whether it is reachable from `roots` through fields, the
    /// extra-properties map, union variants, alias targets, items and map values.
    pub fn reachable<'a>(&'a self, roots: impl IntoIterator<Item = &'a TypeRef>) -> Vec<bool> {
        let mut seen = vec![false; self.types.len()];
        let mut stack = Vec::new();
        for root in roots {
            root.push_named(&mut stack);
        }
        while let Some(t) = stack.pop() {
            // An index out of range would be a lowering bug; it reaches nothing, so emission stays total.
            let Some(slot) = seen.get_mut(t) else { continue };
            if std::mem::replace(slot, true) {
                continue;
            }
            match &self.types[t].kind {
                TypeKind::Struct(s) => {
                    s.fields.iter().for_each(|f| f.ty.push_named(&mut stack));
                    if let Some((_, ty)) = &s.additional {
                        ty.push_named(&mut stack);
                    }
                }
                TypeKind::Union(u) => u.variants.iter().for_each(|v| v.ty.push_named(&mut stack)),
                TypeKind::Alias(ty) => ty.push_named(&mut stack),
                TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
            }
        }
        seen
    }
}

impl Method {
    /// Upper-case wire form.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// Idempotent by HTTP semantics (RFC 9110), so safe to retry on transport faults.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

/// One operation, emitted as a method on its group plus a request builder.
#[derive(Debug, Clone)]
pub struct Operation {
    /// operationId, or the name derived from method and path.
    pub id: String,
    /// True when the spec gives no operationId and `id` was derived from method and path.
    pub id_derived: bool,
    /// Method name on the group accessor (snake case).
    pub method_name: String,
    /// Request builder type name (Pascal case).
    pub builder_name: String,
    /// HTTP method.
    pub method: Method,
    /// Path template as in the spec, e.g. `/pets/{petId}`.
    pub path: String,
    /// Summary line.
    pub summary: Option<String>,
    /// Long description.
    pub description: Option<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// Parameters (path, query, header, cookie), in spec order.
    pub params: Vec<Param>,
    /// Request body, if any.
    pub body: Option<Body>,
    /// What the method returns on success.
    pub success: Success,
    /// Documented non-2xx responses: status (or `None` for `default`) and description.
    pub errors: Vec<ErrorResponse>,
    /// Index into `Api::server_groups`.
    pub server_group: usize,
    /// Security alternatives (indices into `Api::security_schemes`); empty = anonymous.
    pub security: Vec<Vec<usize>>,
    /// When the operation may be retried automatically.
    pub retry: RetryClass,
    /// Operation-specific rate limit.
    pub rate_limit: Option<RateLimit>,
    /// Offset paging, if the operation pages.
    pub pagination: Option<Pagination>,
    /// Evidence level from an `x-*-evidence` extension.
    pub evidence: Option<String>,
    /// Pointer to the operation in the spec.
    pub pointer: String,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// How a list or object parameter is serialised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamStyle {
    /// `name=a&name=b` (form, explode).
    FormExploded,
    /// `name=a<sep>b` with the given separator (form with comma, spaceDelimited, pipeDelimited, `x-list-delimiter`).
    Delimited(String),
    /// `name[key]=value`.
    DeepObject,
    /// A scalar: `name=value`.
    Scalar,
    /// The whole value as JSON text (`content: application/json` instead of a schema).
    Json,
}

/// One parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Identifier for the argument and setter.
    pub rust_name: String,
    /// Exact name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: Location,
    /// Rust type (without the `Option` for optional parameters).
    pub ty: TypeRef,
    /// Whether the caller must give it.
    pub required: bool,
    /// Serialisation style.
    pub style: ParamStyle,
    /// Description.
    pub doc: Option<String>,
    /// Largest allowed value (for page sizes).
    pub maximum: Option<f64>,
    /// Whether the value is secret (redacted in Debug).
    pub secret: bool,
}

/// Request body encodings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json` (or `+json`).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// Raw bytes with the given content type.
    Bytes(String),
    /// Text with the given content type.
    Text(String),
}

/// The request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// Encoding.
    pub kind: BodyKind,
    /// Type of the value the caller passes.
    pub ty: TypeRef,
    /// Whether the body is required.
    pub required: bool,
    /// Description.
    pub doc: Option<String>,
    /// For multipart: the fields (wire name, is binary).
    pub multipart_fields: Vec<(String, bool)>,
    /// Top-level body property whose presence makes a retry safe (`x-idempotency-field`).
    pub idempotency_field: Option<String>,
}

/// A decoded response payload.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// No body (or a body that is ignored).
    Empty,
    /// JSON decoded into the type.
    Json(TypeRef),
    /// Text kept as `String`.
    Text,
    /// Bytes kept as `Vec<u8>`.
    Bytes,
}

impl Payload {
    /// The type a JSON payload decodes into; `None` for the other kinds.
    pub fn json_type(&self) -> Option<&TypeRef> {
        match self {
            Payload::Json(ty) => Some(ty),
            Payload::Empty | Payload::Text | Payload::Bytes => None,
        }
    }
}

/// What a successful call returns.
#[derive(Debug, Clone)]
pub enum Success {
    /// One success shape for every 2xx status.
    Single(Payload),
    /// Several documented 2xx statuses or media types: a per-operation enum.
    Enum {
        /// Enum type name.
        type_name: String,
        /// Variants: name, status, payload, description.
        variants: Vec<SuccessVariant>,
    },
}

/// One variant of a success enum.
#[derive(Debug, Clone)]
pub struct SuccessVariant {
    /// Variant name.
    pub name: String,
    /// Status code (None = any other 2xx).
    pub status: Option<u16>,
    /// Payload.
    pub payload: Payload,
    /// Description.
    pub doc: String,
}

/// A documented error status.
#[derive(Debug, Clone)]
pub struct ErrorResponse {
    /// Status code; None for `default`; ranges like 4XX as the low code with `range` set.
    pub status: Option<u16>,
    /// True for `4XX`-style ranges.
    pub range: bool,
    /// Description from the spec.
    pub description: String,
}

/// Retry behaviour derived from method and extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryClass {
    /// GET/PUT/DELETE/... or `x-idempotent: true`: retry on transport faults and 502/503/504.
    Idempotent,
    /// Retry on faults only when the idempotency field is set in the body.
    IdempotencyField,
    /// Only a 429 (which the server did not process) is retried.
    Unsafe,
}

/// A request budget: `requests` per `window_seconds`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Requests allowed in one window.
    pub requests: u32,
    /// Window length in seconds.
    pub window_seconds: f64,
}

/// Offset paging parameters (indices into `Operation::params`) and the page item type.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// The offset parameter (`$skip`).
    pub offset_param: usize,
    /// The page-size parameter (`$top`).
    pub limit_param: usize,
    /// Type of one item of the page array.
    pub item: TypeRef,
    /// Page size used when the caller sets none.
    pub default_limit: u64,
}

/// A credential slot of the client.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// Name in `components.securitySchemes`.
    pub name: String,
    /// Builder method that sets the credential.
    pub setter: String,
    /// How the credential is sent.
    pub kind: SchemeKind,
    /// Description.
    pub doc: Option<String>,
    /// Legacy login that obtains this credential (`x-login`).
    pub login: Option<Login>,
}

/// How a credential travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// API key in a header.
    ApiKeyHeader(String),
    /// API key in the query string.
    ApiKeyQuery(String),
    /// API key in a cookie.
    ApiKeyCookie(String),
    /// `Authorization: Bearer <token>` (http bearer, oauth2, openIdConnect).
    Bearer,
    /// `Authorization: Basic ...`.
    Basic,
}

/// A login operation that yields a token for a scheme.
#[derive(Debug, Clone)]
pub struct Login {
    /// Path of the login operation.
    pub path: String,
    /// Method of the login operation.
    pub method: Method,
    /// Server group of the login operation.
    pub server_group: usize,
    /// Body field carrying the user name.
    pub username_field: String,
    /// Body field carrying the password.
    pub password_field: String,
    /// Status that means "token expired, log in again".
    pub expired_status: u16,
    /// Text an "expired" body contains, when the status alone is ambiguous.
    pub expired_text: Option<String>,
    /// Rate limit of the login operation.
    pub rate_limit: Option<RateLimit>,
}

/// A webhook (callback) the server sends, for documentation of its payload types.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// Operation that registers it.
    pub registered_by: String,
    /// Callback name.
    pub name: String,
    /// Request payload type, if any.
    pub request: Option<TypeRef>,
    /// Reply payload type, if any.
    pub reply: Option<TypeRef>,
    /// Description.
    pub doc: Option<String>,
}

/// A reference to a Rust type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// A generated named type (index into `Api::types`).
    Named(usize),
    /// A primitive.
    Prim(Prim),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `Option<T>` (a nullable value).
    Option(Box<TypeRef>),
    /// `Box<T>` (breaks a recursive cycle).
    Boxed(Box<TypeRef>),
    /// `serde_json::Value`.
    Json,
}

impl TypeRef {
    /// Pushes every named type this reference mentions, behind any wrapper.
    pub fn push_named(&self, out: &mut Vec<usize>) {
        match self {
            TypeRef::Named(i) => out.push(*i),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) | TypeRef::Boxed(inner) => inner.push_named(out),
            TypeRef::Prim(_) | TypeRef::Json => {}
        }
    }
}

/// Primitive types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prim {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `chrono::NaiveDate`.
    Date,
    /// `chrono::DateTime<FixedOffset>`.
    DateTime,
    /// `chrono::NaiveDateTime` (`YYYY-MM-DD HH:MM:SS`).
    NaiveDateTime,
    /// `Vec<u8>` (binary).
    Bytes,
    /// A secret string with redacted Debug.
    Secret,
}

/// How a field is decoded beyond plain serde.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lenient {
    /// Plain serde.
    None,
    /// Accepts the value or its string form (`"true"`, `"42"`); for strings, accepts numbers and booleans.
    Scalar,
    /// A list sent as an array or as one string joined by the delimiter.
    Delimited(String),
}

/// A named type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Rust name.
    pub name: String,
    /// Rustdoc text.
    pub doc: String,
    /// Its shape.
    pub kind: TypeKind,
    /// JSON example from the spec, if any.
    pub example: Option<serde_json::Value>,
    /// Pointer to the schema.
    pub pointer: String,
    /// Leniency that applies wherever a struct field refers to this (alias) type.
    pub lenient: Lenient,
    /// Which ways the type crosses the wire; serde is derived only for these.
    pub directions: Directions,
}

/// Which ways a named type crosses the wire, computed by lowering from every use (request
/// bodies and parameters are sent; responses, error bodies and webhook payloads are received),
/// through fields, items, map values, union variants and aliases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Directions {
    /// The client encodes it (`Serialize`, constructors, `ToParam`).
    pub sent: bool,
    /// The client decodes it (`Deserialize`).
    pub received: bool,
}

impl Directions {
    /// Both ways: what a type needs when its use is not known.
    pub const BOTH: Directions = Directions { sent: true, received: true };
}

/// Shapes of named types.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// A struct.
    Struct(Struct),
    /// A string enum with an `Unknown(String)` fallback.
    StringEnum(Vec<EnumVariant>),
    /// An integer enum: a newtype with associated constants.
    IntEnum(Vec<IntConst>),
    /// A union (oneOf/anyOf).
    Union(Union),
    /// `pub type Name = T;`
    Alias(TypeRef),
}

/// A struct's fields.
#[derive(Debug, Clone)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// `additionalProperties` value type, kept in a flattened map.
    pub additional: Option<(String, TypeRef)>,
}

/// A struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Rust name.
    pub rust_name: String,
    /// JSON key.
    pub wire_name: String,
    /// Value type (without the Option added for optional fields).
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// Description.
    pub doc: Option<String>,
    /// Decoding leniency.
    pub lenient: Lenient,
}

/// A string enum variant.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// Rust name.
    pub rust_name: String,
    /// Wire value.
    pub wire: String,
}

/// A named value of an integer enum.
#[derive(Debug, Clone)]
pub struct IntConst {
    /// Constant name.
    pub rust_name: String,
    /// Value.
    pub value: i64,
    /// Description.
    pub doc: Option<String>,
}

/// A oneOf/anyOf.
#[derive(Debug, Clone)]
pub struct Union {
    /// Variants, in spec order.
    pub variants: Vec<UnionVariant>,
    /// Discriminator property and its value -> variant index mapping.
    pub discriminator: Option<(String, BTreeMap<String, usize>)>,
}

/// A union variant.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// Rust name.
    pub name: String,
    /// Payload type.
    pub ty: TypeRef,
}
