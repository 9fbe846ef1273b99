//! Lowers operations: names, parameters, bodies, responses, servers, security, paging,
//! retry class and the callback (webhook) payloads they declare.

use super::schema::{Lowered, Types};
use super::{path_pointer, rate_limit, servers};
use crate::diagnostics::{Diagnostic, Diagnostics, child};
use crate::ir::{
    Body, BodyKind, ErrorResponse, Lenient, Location, MediaExample, Method, Operation, Pagination, Param, ParamStyle, Payload, Prim, RetryClass,
    SecurityScheme, ServerGroup, Success, SuccessVariant, TypeRef, Webhook,
};
use crate::naming::{self, Scope};
use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr, RequestBody, Response, StatusCode,
};
use std::collections::BTreeSet;

/// Every operation of the document in spec order: (path, method, operation, path item, pointer).
pub fn operations<'a>(doc: &'a OpenAPI, diags: &mut Diagnostics) -> Vec<(&'a str, Method, &'a openapiv3::Operation, &'a PathItem, String)> {
    let mut out = Vec::new();
    for (path, item) in &doc.paths.paths {
        let pointer = path_pointer(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                diags.push(Diagnostic::error(&pointer, format!("path item `$ref: {reference}` is not supported"), "inline the path item under #/paths"));
                continue;
            }
        };
        let methods = [
            (Method::Get, &item.get, "get"),
            (Method::Put, &item.put, "put"),
            (Method::Post, &item.post, "post"),
            (Method::Delete, &item.delete, "delete"),
            (Method::Options, &item.options, "options"),
            (Method::Head, &item.head, "head"),
            (Method::Patch, &item.patch, "patch"),
            (Method::Trace, &item.trace, "trace"),
        ];
        for (method, op, key) in methods {
            if let Some(op) = op {
                out.push((path.as_str(), method, op, item, child(&pointer, key)));
            }
        }
    }
    out
}

/// State shared while lowering all operations.
pub struct Lowerer<'a, 'd> {
    doc: &'d OpenAPI,
    types: &'a mut Types<'d>,
    schemes: &'a [SecurityScheme],
    default_security: &'a [Vec<usize>],
    server_groups: &'a mut Vec<ServerGroup>,
    webhooks: &'a mut Vec<Webhook>,
    /// Media-type examples collected while lowering bodies and responses.
    pub examples: Vec<MediaExample>,
    /// Component types named by documented error bodies, which callers decode with
    /// `ResponseError::json` (so they must be decodable); error bodies are not lowered otherwise.
    pub error_bodies: Vec<TypeRef>,
    operation_ids: BTreeSet<String>,
    /// Every explicit operationId of the document (suffixes for repeated ids avoid them).
    all_ids: BTreeSet<String>,
    group_names: Scope,
}

impl<'a, 'd> Lowerer<'a, 'd> {
    /// Starts lowering operations of `doc`.
    pub fn new(
        doc: &'d OpenAPI,
        types: &'a mut Types<'d>,
        schemes: &'a [SecurityScheme],
        default_security: &'a [Vec<usize>],
        server_groups: &'a mut Vec<ServerGroup>,
        webhooks: &'a mut Vec<Webhook>,
    ) -> Self {
        let all_ids = operations(doc, &mut Diagnostics::default()).into_iter().filter_map(|(_, _, op, _, _)| op.operation_id.clone()).collect();
        Self { doc, types, schemes, default_security, server_groups, webhooks, examples: Vec::new(), error_bodies: Vec::new(), operation_ids: BTreeSet::new(), all_ids, group_names: Scope::with_reserved(&["Default"]) }
    }

    /// Lowers one operation; `None` when it is too broken to emit.
    #[allow(clippy::too_many_arguments)]
    pub fn lower(
        &mut self,
        path: &str,
        method: Method,
        op: &'d openapiv3::Operation,
        item: &'d PathItem,
        pointer: &str,
        diags: &mut Diagnostics,
    ) -> Option<Operation> {
        let (id, id_derived) = match &op.operation_id {
            Some(id) if !id.trim().is_empty() => (id.clone(), false),
            _ => (derived_name(method, path), true),
        };
        // Only explicit ids must be unique; a derived name that matches one (or another
        // derived name) is told apart when method names are claimed. A repeated id gets the
        // first free numeric suffix, in document order, avoiding every id the document uses.
        let id = if !id_derived && !self.operation_ids.insert(id.clone()) {
            let renamed = (2..).map(|n| format!("{id}{n}")).find(|c| !self.all_ids.contains(c) && !self.operation_ids.contains(c)).unwrap_or_default();
            self.operation_ids.insert(renamed.clone());
            diags.push(Diagnostic::repair(child(pointer, "operationId"), format!("operationId `{id}` is used by more than one operation"), format!("this operation is named `{renamed}`")));
            renamed
        } else {
            id
        };
        let base = naming::pascal(&id).trim_start_matches("r#").to_owned();
        let params = self.params(path, op, item, pointer, &base, diags);
        let body = op.request_body.as_ref().and_then(|b| self.body(b, &child(pointer, "requestBody"), &base, op, Some(method), diags));
        let (success, errors) = self.responses(op, &child(pointer, "responses"), &base, diags);
        let server_group = self.server_group(op, item, path);
        let security = match &op.security {
            Some(requirements) => super::security::requirements(requirements, self.schemes, &child(pointer, "security"), diags),
            None => self.default_security.to_vec(),
        };
        let idempotent_ext = op.extensions.get("x-idempotent").and_then(|v| v.as_bool()).unwrap_or(false);
        let retry = if method.is_idempotent() || idempotent_ext {
            RetryClass::Idempotent
        } else if body.as_ref().is_some_and(|b| b.idempotency_field.is_some()) {
            RetryClass::IdempotencyField
        } else {
            RetryClass::Unsafe
        };
        let pagination = self.pagination(op, &params, &success, pointer, diags);
        let evidence = op.extensions.iter().find(|(k, _)| k.starts_with("x-") && k.ends_with("-evidence")).and_then(|(_, v)| v.as_str()).map(str::to_owned);
        self.callbacks(op, &id, pointer, diags);
        Some(Operation {
            method_name: naming::snake(&id),
            builder_name: base.clone(),
            id,
            id_derived,
            method,
            path: path.to_owned(),
            summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
            description: op.description.clone().filter(|s| !s.trim().is_empty()),
            deprecated: op.deprecated,
            params,
            body,
            success,
            errors,
            server_group,
            security,
            retry,
            rate_limit: rate_limit(op.extensions.get("x-rate-limit"), &child(pointer, "x-rate-limit"), diags),
            pagination,
            evidence,
            pointer: pointer.to_owned(),
        })
    }

    fn params(&mut self, path: &str, op: &'d openapiv3::Operation, item: &'d PathItem, pointer: &str, base: &str, diags: &mut Diagnostics) -> Vec<Param> {
        // Operation parameters override path-level ones with the same name and location.
        let mut merged: Vec<(&'d Parameter, String)> = Vec::new();
        let path_ptr = pointer.rsplit_once('/').map(|(p, _)| p.to_owned()).unwrap_or_default();
        for (i, p) in item.parameters.iter().enumerate() {
            if let Some(param) = self.resolve_param(p, &child(&child(&path_ptr, "parameters"), &i.to_string()), diags) {
                merged.push((param, child(&child(&path_ptr, "parameters"), &i.to_string())));
            }
        }
        for (i, p) in op.parameters.iter().enumerate() {
            let ptr = child(&child(pointer, "parameters"), &i.to_string());
            if let Some(param) = self.resolve_param(p, &ptr, diags) {
                let key = (param.parameter_data_ref().name.clone(), location(param));
                if let Some(slot) = merged.iter_mut().find(|(q, _)| (q.parameter_data_ref().name.clone(), location(q)) == key) {
                    *slot = (param, ptr);
                } else {
                    merged.push((param, ptr));
                }
            }
        }
        let mut scope = Scope::with_reserved(naming::RESERVED_BUILDER_METHODS);
        let mut out = Vec::new();
        let template_names = path_template_names(path);
        let merged_names: Vec<String> = merged.iter().filter(|(p, _)| location(p) == Location::Path).map(|(p, _)| p.parameter_data_ref().name.clone()).collect();
        for (param, ptr) in merged {
            let data = param.parameter_data_ref();
            let loc = location(param);
            if out.iter().any(|p: &Param| p.wire_name == data.name && p.location == loc) {
                diags.push(Diagnostic::error(&ptr, format!("parameter `{}` is declared twice", data.name), "remove the duplicate"));
                continue;
            }
            if loc == Location::Path && !template_names.contains(&data.name) {
                diags.push(Diagnostic::repair(&ptr, format!("path parameter `{}` does not appear in the path `{path}`", data.name), "the parameter is left out of this operation"));
                continue;
            }
            // A placeholder declared in another location (`{id}` with `in: query`): the
            // placeholder wins, the value goes into the path.
            let misplaced = loc != Location::Path
                && template_names.contains(&data.name)
                && !merged_has_path(&merged_names, &data.name)
                && !out.iter().any(|p: &Param| p.location == Location::Path && p.wire_name == data.name);
            let loc = if misplaced {
                let declared = match loc {
                    Location::Query => "query",
                    Location::Header => "header",
                    Location::Cookie => "cookie",
                    Location::Path => "path",
                };
                diags.push(Diagnostic::repair(&ptr, format!("the path `{path}` has the placeholder `{{{}}}`, but the parameter is declared `in: {declared}`", data.name), "read as `in: path, required: true`"));
                Location::Path
            } else {
                loc
            };
            let hint = format!("{base}{}", naming::pascal(&data.name).trim_start_matches("r#"));
            let lowered = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => self.types.lower(schema, &hint, &child(&ptr, "schema"), 0, diags),
                ParameterSchemaOrContent::Content(content) => match content.iter().next().and_then(|(_, m)| m.schema.as_ref()) {
                    Some(schema) => {
                        let l = self.types.lower(schema, &hint, &child(&ptr, "content"), 0, diags);
                        Lowered { ty: l.ty, lenient: Lenient::None, secret: false }
                    }
                    None => Lowered { ty: TypeRef::Prim(Prim::String), lenient: Lenient::None, secret: false },
                },
            };
            let ty = match lowered.ty {
                TypeRef::Option(inner) => *inner,
                other => other,
            };
            let delimiter = data.extensions.get("x-list-delimiter").and_then(|d| d.as_str()).map(str::to_owned);
            let style = match param {
                Parameter::Query { style, .. } => {
                    let explode = data.explode.unwrap_or(matches!(style, QueryStyle::Form));
                    match (style, &ty) {
                        (_, _) if delimiter.is_some() => ParamStyle::Delimited(delimiter.clone().unwrap_or_default()),
                        (QueryStyle::DeepObject, _) => ParamStyle::DeepObject,
                        (QueryStyle::SpaceDelimited, _) => ParamStyle::Delimited(" ".into()),
                        (QueryStyle::PipeDelimited, _) => ParamStyle::Delimited("|".into()),
                        (QueryStyle::Form, _) if explode => ParamStyle::FormExploded,
                        (QueryStyle::Form, _) => ParamStyle::Delimited(",".into()),
                    }
                }
                _ => match delimiter {
                    Some(d) => ParamStyle::Delimited(d),
                    None => ParamStyle::Delimited(",".into()),
                },
            };
            // A parameter given by `content` is serialised with that media type, not by a style.
            let json_content = matches!(&data.format, ParameterSchemaOrContent::Content(c) if c.keys().next().is_some_and(|m| body_kind(m) == BodyKind::Json));
            let style = if json_content {
                ParamStyle::Json
            } else if is_scalar(&ty, self.types) {
                ParamStyle::Scalar
            } else if misplaced {
                ParamStyle::Delimited(",".into())
            } else {
                style
            };
            let required = data.required || loc == Location::Path;
            if loc == Location::Path && !data.required && !misplaced {
                diags.push(Diagnostic::warning(&ptr, format!("path parameter `{}` is not marked required", data.name), "path parameters are always required; add `required: true`"));
            }
            let maximum = match &data.format {
                ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => super::view::view(s).maximum,
                _ => None,
            };
            out.push(Param {
                rust_name: scope.claim(&naming::snake(&data.name)),
                wire_name: data.name.clone(),
                location: loc,
                ty: if lowered.secret { TypeRef::Prim(Prim::Secret) } else { ty },
                required,
                style,
                doc: data.description.clone().filter(|d| !d.trim().is_empty()),
                maximum,
                secret: lowered.secret,
            });
        }
        for name in template_names {
            if !out.iter().any(|p| p.location == Location::Path && p.wire_name == name) {
                diags.push(Diagnostic::error(pointer, format!("the path `{path}` uses `{{{name}}}` but no path parameter `{name}` is declared"), "declare it under parameters with `in: path` and `required: true`"));
            }
        }
        // Required parameters first (they become positional arguments), keeping spec order otherwise.
        out.sort_by_key(|p| !p.required);
        out
    }

    fn resolve_param(&self, p: &'d ReferenceOr<Parameter>, pointer: &str, diags: &mut Diagnostics) -> Option<&'d Parameter> {
        resolve_component(p, "parameters", self.doc.components.as_ref().map(|c| &c.parameters), pointer, diags)
    }

    #[allow(clippy::too_many_arguments)]
    fn body(&mut self, body: &'d ReferenceOr<RequestBody>, pointer: &str, base: &str, op: &openapiv3::Operation, method: Option<Method>, diags: &mut Diagnostics) -> Option<Body> {
        let body = resolve_component(body, "requestBodies", self.doc.components.as_ref().map(|c| &c.request_bodies), pointer, diags)?;
        let (media, content) = pick_media(&body.content)?;
        let kind = body_kind(media);
        // A GET, DELETE, HEAD, OPTIONS or TRACE whose form body declares no field at all (some
        // generators emit one per operation) sends nothing: no body setter, no raw-bytes fallback.
        let bodyless = method.is_some_and(|m| !matches!(m, Method::Post | Method::Put | Method::Patch));
        if bodyless && matches!(kind, BodyKind::Form | BodyKind::Multipart) && content.schema.as_ref().is_none_or(|s| self.is_empty_object(s)) {
            let method = method.map(Method::as_str).unwrap_or_default();
            diags.push(Diagnostic::repair(pointer, format!("a {method} operation with a `{media}` body that declares no fields"), "the operation is generated without a request body"));
            return None;
        }
        self.body_of(body, media, content, kind, pointer, base, op, diags)
    }

    /// `{}` or `{type: object}` without properties, directly or through a `$ref`.
    fn is_empty_object(&self, schema: &ReferenceOr<openapiv3::Schema>) -> bool {
        let schema = match schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => match self.types.component_schema(reference) {
                Some(s) => s,
                None => return false,
            },
        };
        let v = super::view::view(schema);
        matches!(v.ty, None | Some("object")) && v.properties.is_none() && v.items.is_none() && v.all_of.is_empty() && v.one_of.is_empty() && v.any_of.is_empty() && v.enumeration.is_empty() && !matches!(v.additional, Some(openapiv3::AdditionalProperties::Schema(_)))
    }

    #[allow(clippy::too_many_arguments)]
    fn body_of(
        &mut self,
        body: &'d RequestBody,
        media: &str,
        content: &'d openapiv3::MediaType,
        kind: BodyKind,
        pointer: &str,
        base: &str,
        op: &openapiv3::Operation,
        diags: &mut Diagnostics,
    ) -> Option<Body> {
        let content_pointer = child(&child(pointer, "content"), media);
        let hint = format!("{base}Body");
        let ty = match (&kind, &content.schema) {
            (BodyKind::Bytes(_), _) => TypeRef::Prim(Prim::Bytes),
            (BodyKind::Text(_), _) => TypeRef::Prim(Prim::String),
            (_, Some(schema)) => self.types.lower(schema, &hint, &child(&content_pointer, "schema"), 0, diags).ty,
            (_, None) => TypeRef::Json,
        };
        if kind == BodyKind::Json {
            self.collect_examples(content, &format!("{base} request body"), &ty);
        }
        let mut multipart_fields = Vec::new();
        if kind == BodyKind::Multipart || kind == BodyKind::Form {
            let fields = match &ty {
                TypeRef::Named(i) => match &self.types.defs[*i].kind {
                    crate::ir::TypeKind::Struct(s) => Some(s.fields.iter().map(|f| (f.wire_name.clone(), f.ty == TypeRef::Prim(Prim::Bytes))).collect::<Vec<_>>()),
                    _ => None,
                },
                _ => None,
            };
            match fields {
                Some(f) => multipart_fields = f,
                None => {
                    diags.push(Diagnostic::warning(&content_pointer, format!("a `{media}` body whose schema is not an object"), "the body is sent as raw bytes instead"));
                    return Some(Body { kind: BodyKind::Bytes(media.to_owned()), ty: TypeRef::Prim(Prim::Bytes), required: body.required, doc: body.description.clone(), multipart_fields, idempotency_field: None });
                }
            }
        }
        let idempotency_field = op.extensions.get("x-idempotency-field").and_then(|f| f.as_str()).map(str::to_owned);
        if let Some(field) = &idempotency_field {
            let known = match &ty {
                TypeRef::Named(i) => matches!(&self.types.defs[*i].kind, crate::ir::TypeKind::Struct(s) if s.fields.iter().any(|f| &f.wire_name == field)),
                _ => false,
            };
            if !known {
                diags.push(Diagnostic::warning(pointer, format!("`x-idempotency-field: {field}` is not a top-level property of the JSON body"), "the operation is treated as not retryable"));
                return Some(Body { kind, ty, required: body.required, doc: body.description.clone(), multipart_fields, idempotency_field: None });
            }
        }
        Some(Body { kind, ty, required: body.required, doc: body.description.clone(), multipart_fields, idempotency_field })
    }

    fn resolve_response(&self, r: &'d ReferenceOr<Response>, pointer: &str, diags: &mut Diagnostics) -> Option<&'d Response> {
        resolve_component(r, "responses", self.doc.components.as_ref().map(|c| &c.responses), pointer, diags)
    }

    fn payload(&mut self, resp: &'d Response, pointer: &str, hint: &str, diags: &mut Diagnostics) -> Payload {
        let Some((media, content)) = pick_media(&resp.content) else { return Payload::Empty };
        match body_kind(media) {
            BodyKind::Json => {
                let ty = match &content.schema {
                    Some(schema) => self.types.lower(schema, hint, &child(&child(&child(pointer, "content"), media), "schema"), 0, diags).ty,
                    None => TypeRef::Json,
                };
                let status = pointer.rsplit('/').next().unwrap_or_default();
                self.collect_examples(content, &format!("{hint} ({status})"), &ty);
                Payload::Json(ty)
            }
            BodyKind::Text(_) => Payload::Text,
            _ => Payload::Bytes,
        }
    }

    fn responses(&mut self, op: &'d openapiv3::Operation, pointer: &str, base: &str, diags: &mut Diagnostics) -> (Success, Vec<ErrorResponse>) {
        let mut successes: Vec<(Option<u16>, Payload, String)> = Vec::new();
        let mut errors = Vec::new();
        for (code, response) in &op.responses.responses {
            let ptr = child(pointer, &code.to_string());
            let Some(resp) = self.resolve_response(response, &ptr, diags) else { continue };
            let (status, range) = match code {
                StatusCode::Code(c) => (*c, false),
                StatusCode::Range(r) => (r * 100, true),
            };
            if (200..300).contains(&status) {
                let hint = if successes.is_empty() { format!("{base}Response") } else { format!("{base}Response{status}") };
                let payload = self.payload(resp, &ptr, &hint, diags);
                successes.push((if range { None } else { Some(status) }, payload, resp.description.clone()));
            } else {
                self.error_body(resp);
                errors.push(ErrorResponse { status: Some(status), range, description: resp.description.clone() });
            }
        }
        if let Some(default) = &op.responses.default {
            let ptr = child(pointer, "default");
            if let Some(resp) = self.resolve_response(default, &ptr, diags) {
                if successes.is_empty() && !resp.content.is_empty() && looks_like_success(resp) {
                    let payload = self.payload(resp, &ptr, &format!("{base}Response"), diags);
                    successes.push((None, payload, resp.description.clone()));
                } else {
                    self.error_body(resp);
                    errors.push(ErrorResponse { status: None, range: false, description: resp.description.clone() });
                }
            }
        }
        let distinct: Vec<&Payload> = successes.iter().map(|(_, p, _)| p).fold(Vec::new(), |mut acc, p| {
            if !acc.contains(&p) {
                acc.push(p);
            }
            acc
        });
        let success = match distinct.len() {
            0 => Success::Single(Payload::Empty),
            1 => Success::Single(distinct[0].clone()),
            _ => {
                let mut scope = Scope::default();
                let variants = successes
                    .into_iter()
                    .map(|(status, payload, doc)| SuccessVariant {
                        name: scope.claim(&status.map(status_name).unwrap_or_else(|| "Other".into())),
                        status,
                        payload,
                        doc,
                    })
                    .collect();
                Success::Enum { type_name: format!("{base}Response"), variants }
            }
        };
        (success, errors)
    }

    /// Records every component schema an error response's JSON body refers to, at any depth.
    fn error_body(&mut self, resp: &Response) {
        fn refs(value: &serde_json::Value, out: &mut Vec<String>) {
            match value {
                serde_json::Value::Object(map) => {
                    if let Some(serde_json::Value::String(r)) = map.get("$ref") {
                        out.push(r.clone());
                    }
                    map.values().for_each(|v| refs(v, out));
                }
                serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
                _ => {}
            }
        }
        let Some((media, content)) = pick_media(&resp.content) else { return };
        if body_kind(media) != BodyKind::Json {
            return;
        }
        let mut found = Vec::new();
        if let Some(schema) = content.schema.as_ref().and_then(|s| serde_json::to_value(s).ok()) {
            refs(&schema, &mut found);
        }
        self.error_bodies.extend(found.iter().filter_map(|r| self.types.component_index(r)).map(TypeRef::Named));
    }

    /// Keeps a media type's `example` and inline `examples` values for the round-trip test.
    fn collect_examples(&mut self, content: &openapiv3::MediaType, label: &str, ty: &TypeRef) {
        if let Some(value) = &content.example {
            self.examples.push(MediaExample { label: label.to_owned(), ty: ty.clone(), value: value.clone() });
        }
        for (name, example) in &content.examples {
            if let Some(value) = example.as_item().and_then(|e| e.value.clone()) {
                self.examples.push(MediaExample { label: format!("{label} `{name}`"), ty: ty.clone(), value });
            }
        }
    }

    fn server_group(&mut self, op: &openapiv3::Operation, item: &PathItem, path: &str) -> usize {
        let list = if !op.servers.is_empty() { &op.servers } else if !item.servers.is_empty() { &item.servers } else { return 0 };
        let lowered = servers(list);
        if let Some(index) = self.server_groups.iter().position(|g| g.servers == lowered) {
            return index;
        }
        let host = lowered[0].url.split("://").nth(1).unwrap_or(path).split('/').next().unwrap_or("server").split('.').next().unwrap_or("server");
        let name = self.group_names.claim(&naming::pascal(host));
        self.server_groups.push(ServerGroup { rust_name: name.trim_start_matches("r#").to_owned(), servers: lowered });
        self.server_groups.len() - 1
    }

    fn pagination(&self, op: &openapiv3::Operation, params: &[Param], success: &Success, pointer: &str, diags: &mut Diagnostics) -> Option<Pagination> {
        let ext = op.extensions.get("x-pagination");
        let (offset_name, limit_name) = match ext {
            Some(e) => (e.get("offset-param")?.as_str()?.to_owned(), e.get("limit-param")?.as_str()?.to_owned()),
            None => ("$skip".to_owned(), "$top".to_owned()),
        };
        let find = |name: &str| params.iter().position(|p| p.location == Location::Query && p.wire_name == name && is_integer(&p.ty));
        let (offset_param, limit_param) = match (find(&offset_name), find(&limit_name)) {
            (Some(o), Some(l)) => (o, l),
            _ => {
                if ext.is_some() {
                    diags.push(Diagnostic::warning(child(pointer, "x-pagination"), format!("`x-pagination` names `{offset_name}` and `{limit_name}`, which are not both integer query parameters"), "no page stream is generated for this operation"));
                }
                return None;
            }
        };
        let item = match success {
            Success::Single(Payload::Json(TypeRef::Vec(item))) => Some((**item).clone()),
            Success::Single(Payload::Json(TypeRef::Named(i))) => match &self.types.defs[*i].kind {
                crate::ir::TypeKind::Alias(TypeRef::Vec(item)) => Some((**item).clone()),
                _ => None,
            },
            _ => None,
        };
        let Some(item) = item else {
            if ext.is_some() {
                diags.push(Diagnostic::warning(child(pointer, "x-pagination"), "a paged operation must answer a JSON array", "no page stream is generated for this operation"));
            }
            return None;
        };
        let default_limit = params[limit_param].maximum.filter(|m| *m >= 1.0 && *m <= 1e9).map(|m| m as u64).unwrap_or(100);
        Some(Pagination { offset_param, limit_param, item, default_limit })
    }

    pub fn callbacks(&mut self, op: &'d openapiv3::Operation, id: &str, pointer: &str, diags: &mut Diagnostics) {
        for (name, callback) in &op.callbacks {
            let cb_pointer = child(&child(pointer, "callbacks"), name);
            for (expression, item) in callback {
                let item_pointer = child(&cb_pointer, expression);
                for (method, cb_op) in item.iter() {
                    let op_pointer = child(&item_pointer, method);
                    let base = format!("{}{}", naming::pascal(name).trim_start_matches("r#"), if item.iter().count() > 1 { naming::pascal(method) } else { String::new() });
                    let request = cb_op.request_body.as_ref().and_then(|b| self.body(b, &child(&op_pointer, "requestBody"), &format!("{base}Payload"), cb_op, None, diags)).map(|b| b.ty);
                    let mut reply = None;
                    for (code, response) in &cb_op.responses.responses {
                        if matches!(code, StatusCode::Code(200..=299) | StatusCode::Range(2)) {
                            let ptr = child(&child(&op_pointer, "responses"), &code.to_string());
                            if let Some(resp) = self.resolve_response(response, &ptr, diags) {
                                if let Payload::Json(ty) = self.payload(resp, &ptr, &format!("{base}Reply"), diags) {
                                    reply = Some(ty);
                                }
                            }
                            break;
                        }
                    }
                    self.webhooks.push(Webhook {
                        registered_by: id.to_owned(),
                        name: name.clone(),
                        request,
                        reply,
                        doc: cb_op.description.clone().or_else(|| cb_op.summary.clone()),
                    });
                }
            }
        }
    }
}

/// Follows a `$ref` into one `components` section (`parameters`, `responses`, `requestBodies`);
/// only direct references to an inline entry are supported.
fn resolve_component<'d, T>(
    item: &'d ReferenceOr<T>,
    section: &str,
    entries: Option<&'d indexmap::IndexMap<String, ReferenceOr<T>>>,
    pointer: &str,
    diags: &mut Diagnostics,
) -> Option<&'d T> {
    let reference = match item {
        ReferenceOr::Item(found) => return Some(found),
        ReferenceOr::Reference { reference } => reference,
    };
    let found = reference
        .strip_prefix(&format!("#/components/{section}/"))
        .and_then(|key| entries?.get(crate::diagnostics::unescape_token(key).as_ref()))
        .and_then(|r| r.as_item());
    if found.is_none() {
        diags.push(Diagnostic::error(pointer, format!("`$ref: {reference}` does not resolve to an entry of components.{section}"), format!("point it at an existing entry of components.{section}")));
    }
    found
}

fn merged_has_path(names: &[String], name: &str) -> bool {
    names.iter().any(|n| n == name)
}

fn location(p: &Parameter) -> Location {
    match p {
        Parameter::Query { .. } => Location::Query,
        Parameter::Header { .. } => Location::Header,
        Parameter::Path { .. } => Location::Path,
        Parameter::Cookie { .. } => Location::Cookie,
    }
}

/// `{name}` placeholders of a path template.
pub fn path_template_names(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        names.push(rest[start + 1..start + len].to_owned());
        rest = &rest[start + len + 1..];
    }
    names
}

/// A name for an operation without operationId: `get_pets_by_pet_id` style, from method and path.
pub fn derived_name(method: Method, path: &str) -> String {
    let mut parts = vec![method.as_str().to_lowercase()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if segment.starts_with('{') && segment.ends_with('}') {
            parts.push(format!("by_{}", &segment[1..segment.len() - 1]));
        } else {
            parts.push(segment.to_owned());
        }
    }
    if parts.len() == 1 {
        parts.push("root".into());
    }
    naming::snake(&parts.join("_"))
}

fn status_name(status: u16) -> String {
    match status {
        200 => "Ok".into(),
        201 => "Created".into(),
        202 => "Accepted".into(),
        203 => "NonAuthoritative".into(),
        204 => "NoContent".into(),
        206 => "PartialContent".into(),
        other => format!("Status{other}"),
    }
}

/// Prefers JSON, then form, multipart, text, then anything else.
fn pick_media(content: &indexmap::IndexMap<String, openapiv3::MediaType>) -> Option<(&str, &openapiv3::MediaType)> {
    let rank = |media: &str| match body_kind(media) {
        BodyKind::Json => 0,
        BodyKind::Form => 1,
        BodyKind::Multipart => 2,
        BodyKind::Text(_) => 3,
        BodyKind::Bytes(_) => 4,
    };
    content.iter().min_by_key(|(m, _)| rank(m)).map(|(m, c)| (m.as_str(), c))
}

fn body_kind(media: &str) -> BodyKind {
    let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        BodyKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if essence == "multipart/form-data" {
        BodyKind::Multipart
    } else if essence.starts_with("text/") {
        BodyKind::Text(essence)
    } else {
        BodyKind::Bytes(essence)
    }
}

/// A `default` response is taken as the success shape only when its description says so.
fn looks_like_success(resp: &Response) -> bool {
    let d = resp.description.to_ascii_lowercase();
    !(d.contains("error") || d.contains("unexpected") || d.contains("fail"))
}

fn is_integer(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Prim(Prim::I32 | Prim::I64))
}

/// Scalars serialise as one value; everything else uses the parameter's style.
fn is_scalar(ty: &TypeRef, types: &Types<'_>) -> bool {
    let mut ty = ty;
    // A chain of aliases can loop (`P: {$ref: P}` with siblings); lowering reports that loop
    // later, so the walk is bounded by the number of types instead of following it forever.
    for _ in 0..=types.defs.len() {
        match ty {
            TypeRef::Prim(_) => return true,
            TypeRef::Named(i) => match &types.defs[*i].kind {
                crate::ir::TypeKind::StringEnum(_) | crate::ir::TypeKind::IntEnum(_) => return true,
                crate::ir::TypeKind::Alias(inner) => ty = inner,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_names() {
        assert_eq!(derived_name(Method::Get, "/pets/{petId}"), "get_pets_by_pet_id");
        assert_eq!(derived_name(Method::Post, "/"), "post_root");
        assert_eq!(derived_name(Method::Get, "/streams/{callbackUrl}/x"), "get_streams_by_callback_url_x");
    }

    #[test]
    fn template_names() {
        assert_eq!(path_template_names("/a/{b}/c/{d}"), vec!["b", "d"]);
        assert_eq!(path_template_names("/a/{b"), Vec::<String>::new());
    }
}
