//! Synthetic OpenAPI 3.0 documents of any size, built in memory, for the generation benchmarks.
//!
//! The shape follows spec/optimove.yaml (about 1.5 schemas per operation, one tag per ten
//! operations, shared parameters and responses, descriptions on everything, offset paging, enums,
//! lenient unions, nullable references between schemas), so that time per operation here says
//! something about real documents. `spec(130)` is the "~130 paths, ~200 schemas, a few hundred KB"
//! target document; `spec(100)`, `spec(1_000)` and `spec(10_000)` are the scaling family.

use std::fmt::Write as _;

/// Paths, operations and schemas of a synthetic document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Number of paths (one operation each).
    pub paths: usize,
    /// Number of component schemas.
    pub schemas: usize,
    /// Number of tags (one generated module each).
    pub tags: usize,
}

/// What [`spec`] makes for `operations` operations.
pub fn shape(operations: usize) -> Shape {
    let creates = (0..operations).filter(|i| i % 3 == 1).count();
    let enums = (0..operations).filter(|i| i % 6 == 0).count();
    // `+ 1`: the shared RateLimitError.
    Shape { paths: operations, schemas: operations + creates + enums + 1, tags: operations.div_ceil(10).max(1) }
}

/// A YAML OpenAPI 3.0 document with `operations` operations (and paths); see the module docs.
pub fn spec(operations: usize) -> String {
    let tags = operations.div_ceil(10).max(1);
    // Roughly 2.4 KB of YAML per operation, like spec/optimove.yaml.
    let mut out = String::with_capacity(operations * 2600 + 4096);
    out.push_str(HEAD);
    out.push_str("tags:\n");
    for t in 0..tags {
        let _ = writeln!(out, "- name: Area {t}\n  description: Operations of functional area {t} (lists, creation and lookups of its resources).");
    }
    out.push_str("paths:\n");
    for i in 0..operations {
        operation(&mut out, i, i / 10);
    }
    out.push_str(COMPONENTS);
    for i in 0..operations {
        item_schema(&mut out, i);
        if i % 3 == 1 {
            create_schema(&mut out, i);
        }
        if i % 6 == 0 {
            let _ = write!(
                out,
                "    Status{i}:
      type: string
      description: Processing state of resources of kind {i}; servers may add states, which clients keep as unknown values.
      enum:
      - Pending
      - Active
      - Suspended
      - Archived
      - Deleted
"
            );
        }
    }
    out
}

/// The first resource of the group of six that resource `i` belongs to: the owner of the
/// group's enum schema, and what `Previous` points at.
fn head_of(i: usize) -> usize {
    i - i % 6
}

fn operation(out: &mut String, i: usize, tag: usize) {
    match i % 3 {
        0 => {
            let _ = write!(
                out,
                "  /v1/area{tag}/resources{i}:
    get:
      operationId: ListResources{i}
      tags:
      - Area {tag}
      summary: List resources of kind {i}
      description: Returns the resources of kind {i} that match the filters, one page at a time, ordered by creation time (oldest first).
      parameters:
      - name: Status
        in: query
        required: false
        description: Only resources in this processing state.
        schema:
          $ref: '#/components/schemas/Status{s}'
      - name: Labels
        in: query
        required: false
        description: Only resources carrying all of these labels, joined with `;` on the wire.
        style: form
        explode: false
        x-list-delimiter: ';'
        schema:
          type: array
          items:
            type: string
      - name: CreatedAfter
        in: query
        required: false
        description: Only resources created after this instant (RFC 3339).
        schema:
          type: string
          format: date-time
      - $ref: '#/components/parameters/Top'
      - $ref: '#/components/parameters/Skip'
      responses:
        '200':
          description: One page of resources.
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: '#/components/schemas/Resource{i}'
{errors}      x-pagination:
        offset-param: $skip
        limit-param: $top
",
                s = head_of(i),
                errors = ERRORS,
            );
        }
        1 => {
            let _ = write!(
                out,
                "  /v1/area{tag}/resources{i}/create:
    post:
      operationId: CreateResource{i}
      tags:
      - Area {tag}
      summary: Create a resource of kind {i}
      description: Creates a resource of kind {i} from the given fields and returns it with its server-assigned identifier and timestamps.
      parameters:
      - name: X-Request-Source
        in: header
        required: false
        description: Free text naming the calling system, kept in the audit log.
        schema:
          type: string
      requestBody:
        required: true
        description: Fields of the new resource.
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/CreateResource{i}'
      responses:
        '200':
          description: The created resource.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Resource{i}'
{errors}      x-idempotency-field: RequestId
",
                errors = ERRORS,
            );
        }
        _ => {
            let _ = write!(
                out,
                "  /v1/area{tag}/resources{i}/{{ResourceId}}:
    get:
      operationId: GetResource{i}
      tags:
      - Area {tag}
      summary: Get a resource of kind {i}
      description: Returns one resource of kind {i} by its identifier, with all fields the caller may see.
      parameters:
      - name: ResourceId
        in: path
        required: true
        description: Identifier of the resource, as returned when it was created.
        schema:
          type: integer
          format: int64
      - name: IncludeDeleted
        in: query
        required: false
        description: Also return the resource when it was deleted (its Status is then Deleted).
        schema:
          type: boolean
      responses:
        '200':
          description: The resource.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Resource{i}'
{errors}        '404':
          $ref: '#/components/responses/NotFound'
",
                errors = ERRORS,
            );
        }
    }
}

fn item_schema(out: &mut String, i: usize) {
    let _ = write!(
        out,
        "    Resource{i}:
      type: object
      description: A resource of kind {i} as the server stores it, with its identifier, state and audit fields.
      required:
      - Id
      - Name
      properties:
        Id:
          type: integer
          format: int64
          description: Server-assigned identifier, unique among resources of kind {i}.
        Name:
          type: string
          description: Display name chosen by the creator; not unique.
        Status:
          $ref: '#/components/schemas/Status{s}'
        Amount:
          type: number
          format: double
          description: Monetary amount in the account currency, when the resource carries one.
        Count:
          oneOf:
          - type: integer
          - type: string
            pattern: '^[0-9]+$'
          description: Number of items; some servers send it as a numeric string, so both are accepted.
        Enabled:
          type: boolean
          description: Whether the resource takes part in processing.
        CreatedAt:
          type: string
          format: date-time
          description: When the resource was created (RFC 3339).
        Labels:
          type: array
          description: Free-form labels for grouping and filtering.
          items:
            type: string
        Attributes:
          type: object
          description: Extra attribute values by attribute name.
          additionalProperties:
            type: string
",
        s = head_of(i),
    );
    // A nullable reference to the first resource of its group of six. Not to the preceding
    // kind: a chain of hundreds of structs nested by value exceeds rustc's recursion limit in
    // drop checking (E0320), which is a finding about the generator, not a benchmark input.
    if i % 6 != 0 {
        let _ = write!(
            out,
            "        Previous:
          allOf:
          - $ref: '#/components/schemas/Resource{p}'
          nullable: true
          description: The resource of the first kind of its group this one was derived from, if any.
",
            p = head_of(i)
        );
    }
    let _ = write!(
        out,
        "      example:
        Id: {i}
        Name: Resource number {i}
        Enabled: true
"
    );
}

fn create_schema(out: &mut String, i: usize) {
    let _ = write!(
        out,
        "    CreateResource{i}:
      type: object
      description: Fields of a new resource of kind {i}; the server fills in the identifier and timestamps.
      required:
      - Name
      properties:
        Name:
          type: string
          description: Display name of the new resource.
          minLength: 1
          maxLength: 200
        Status:
          $ref: '#/components/schemas/Status{s}'
        Labels:
          type: array
          description: Labels to attach.
          items:
            type: string
        RequestId:
          type: string
          description: Caller-chosen key that makes retries of this request safe.
",
        s = head_of(i),
    );
}

const HEAD: &str = "# Synthetic benchmark document (optimove-benches).
openapi: '3.0.3'
info:
  title: Synthetic Benchmark API
  version: '1.0.0'
  description: A generated document whose size is chosen by the benchmark; every operation follows one of three shapes.
servers:
- url: https://api.example.net
  description: Production.
security:
- ApiKey: []
x-rate-limit:
  requests: 50
  window-seconds: 10
";

const ERRORS: &str = "        '400':
          $ref: '#/components/responses/BadRequest'
        '401':
          $ref: '#/components/responses/Unauthorized'
        '429':
          $ref: '#/components/responses/TooManyRequests'
";

const COMPONENTS: &str = "components:
  securitySchemes:
    ApiKey:
      type: apiKey
      in: header
      name: X-API-KEY
      description: API key created in the account settings.
  parameters:
    Top:
      name: $top
      in: query
      required: false
      description: 'Page size: maximum number of rows to return.'
      schema:
        type: integer
        format: int32
        minimum: 1
        maximum: 10000
    Skip:
      name: $skip
      in: query
      required: false
      description: Number of rows to skip (offset of the page).
      schema:
        type: integer
        format: int32
        minimum: 0
  responses:
    BadRequest:
      description: The request is malformed or fails validation.
    Unauthorized:
      description: Missing or invalid credentials.
    NotFound:
      description: The resource does not exist.
    TooManyRequests:
      description: Rate limit exceeded; retry later.
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/RateLimitError'
  schemas:
    RateLimitError:
      type: object
      description: Body returned with HTTP 429.
      required:
      - status
      - message
      properties:
        status:
          type: integer
          format: int32
          description: HTTP status code, always 429.
        message:
          type: string
          description: Human-readable explanation.
";
