//! YAML text -> [`serde_json::Value`], built straight from the parser's events.
//!
//! libyaml-safer (a safe Rust port of libyaml, the parser serde_yaml 0.9 runs) hands out one
//! event at a time; a stack of the open mappings and sequences turns them into the JSON value
//! as they come. Nothing else of the document is kept: while reading, what is alive is the text,
//! the value built so far and the anchored values, where serde_yaml held every event of the
//! document, then its own `Value`, then (in our old conversion) the JSON one. Values are those
//! serde_yaml gave after that conversion (`scalar.rs` resolves scalars as it does), errors keep
//! its messages and gain lines: a duplicate key, a mapping key that is no scalar, an unknown or
//! self-containing alias, nesting deeper than 128 and an alias expansion past its budget (a
//! "billion laughs" document) are each one located error.

mod scalar;

use libyaml_safer::{EventData, Mark, Parser};
use scalar::Kind;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

/// How deeply collections may nest, as in serde_yaml (its `recursion limit exceeded`): later
/// stages walk the value recursively.
const MAX_DEPTH: usize = 128;

/// Alias expansion may copy at most this many nodes per event read so far (serde_yaml allows a
/// hundred alias jumps per event of the document). A document that shares a few schemas stays
/// far below it; one whose aliases nest aliases grows exponentially and hits it at once.
const EXPANSION_PER_EVENT: usize = 100;

/// Up to this many keys, a mapping looks for a key among its keys by comparing them (see
/// [`MapFrame::hashes`]).
const SCAN_LIMIT: usize = 8;

/// How much of the text the parser is handed at a time.
const INPUT_CHUNK: usize = 16 * 1024;

/// Why a YAML text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What is wrong, in serde_yaml's words where it had some, ending with the position.
    pub message: String,
    /// The 1-based line, when known.
    pub line: Option<usize>,
    /// The JSON pointer of the mapping or sequence the problem is in (`#` for syntax errors).
    pub pointer: String,
    /// Whether the problem is a mapping key with no JSON form (a mapping, a sequence, a tagged
    /// non-string): the text is valid YAML, just not a JSON document.
    pub non_scalar_key: bool,
}

/// Reads one YAML document into a JSON value (an empty text is `null`).
pub fn read(text: &str) -> Result<Value, Error> {
    // libyaml-safer decodes everything its input offers into a queue of `char`s (4 bytes
    // each): over the bare slice that is the whole text at once, four times its size. A
    // 16 KiB buffer (libyaml's own input buffer size) keeps the queue that small.
    let mut parser = Parser::new();
    parser.set_input(std::io::BufReader::with_capacity(INPUT_CHUNK, text.as_bytes()));
    Builder::default().run(&mut parser, text)
}

/// One open collection.
enum Frame {
    Seq { items: Vec<Value>, info: Info },
    Map(Box<MapFrame>),
}

/// What every open collection carries besides its content.
struct Info {
    /// The anchor's name and the number of its definition (a later one of the same name
    /// replaces it, also while this collection is open).
    anchor: Option<(String, usize)>,
    start: Mark,
    /// Nodes in this collection so far, itself included (what an alias of it would copy).
    nodes: usize,
    /// The levels of collections it spans, itself included (a scalar spans none): an alias of
    /// it must not nest past [`MAX_DEPTH`].
    height: usize,
}

/// Where a mapping is between a key and its value.
enum Slot {
    /// Expecting a key.
    Empty,
    /// A key read, expecting its value.
    Key(String),
    /// A key with no JSON form read (the error is recorded): its value is dropped.
    Dropped,
}

struct MapFrame {
    /// The entries so far, in order. The mapping's `Map` is made from them when it ends, at
    /// its size: one hash of each key, where a `Map` grown entry by entry hashed each key to
    /// insert it and again to rebuild it without the room its growth left.
    entries: Vec<(String, Value)>,
    /// The hashes of the keys so far, once there are more than [`SCAN_LIMIT`] (fewer are
    /// compared one by one, which is cheaper than hashing): a key whose hash is not here is
    /// new; one whose hash is here is compared with the keys to be sure.
    hashes: HashSet<u64>,
    /// The key read, waiting for its value.
    key: Slot,
    /// Keys that were no plain string or whose text came twice, with their kind and whether
    /// they were the first key of that text: enough to tell a YAML duplicate (same text, same
    /// kind) from two YAML keys that only share their JSON text (`1` and `"1"`).
    marked: Vec<(String, Kind, bool)>,
    info: Info,
}

/// A finished node on its way into its parent.
struct Node {
    value: Value,
    /// `None` for a mapping or sequence (no key), the scalar's kind otherwise.
    kind: Option<Kind>,
    nodes: usize,
    height: usize,
}

/// An anchored node, kept for its aliases, with the number of its definition. The node is
/// `None` while it is still open (an alias to it would contain itself).
type Anchored = (usize, Option<Node>);

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<String, Anchored>,
    /// Anchor definitions so far.
    definitions: usize,
    events: usize,
    expanded: usize,
    /// The first key with no JSON form: reported once the whole text parsed, as serde_yaml
    /// reported it only after a complete parse.
    bad_key: Option<Error>,
    root: Option<Value>,
}

impl Builder {
    fn run<R: std::io::BufRead>(mut self, parser: &mut Parser<R>, text: &str) -> Result<Value, Error> {
        let mut documents = 0usize;
        loop {
            let event = parser.parse().map_err(|e| syntax_error(e, text))?;
            self.events += 1;
            let mark = event.start_mark;
            match event.data {
                EventData::StreamStart { .. } => {}
                EventData::StreamEnd => break,
                EventData::DocumentStart { .. } => {
                    documents += 1;
                    if documents > 1 {
                        return Err(error(format!("deserializing from YAML containing more than one document is not supported (the second starts at {mark})"), &mark, "#".to_owned()));
                    }
                }
                EventData::DocumentEnd { .. } => {}
                EventData::Alias { anchor } => {
                    let node = self.alias(&anchor, &mark)?;
                    self.deliver(node, &mark)?;
                }
                EventData::Scalar { anchor, tag, value, style, .. } => {
                    let resolved = scalar::resolve(value, tag, style).map_err(|message| error(format!("{message} at {mark}"), &mark, self.pointer()))?;
                    let node = Node { value: resolved.value, kind: Some(resolved.kind), nodes: 1, height: 0 };
                    let definition = anchor.map(|name| self.define(name));
                    let node = self.anchor(definition, node);
                    self.deliver(node, &mark)?;
                }
                EventData::SequenceStart { anchor, .. } => {
                    let info = self.open(anchor, mark)?;
                    self.stack.push(Frame::Seq { items: Vec::new(), info });
                }
                EventData::MappingStart { anchor, .. } => {
                    let info = self.open(anchor, mark)?;
                    self.stack.push(Frame::Map(Box::new(MapFrame { entries: Vec::new(), hashes: HashSet::new(), key: Slot::Empty, marked: Vec::new(), info })));
                }
                EventData::SequenceEnd | EventData::MappingEnd => {
                    let (value, info) = match self.stack.pop() {
                        Some(Frame::Seq { items, info }) => (Value::Array(exact_items(items)), info),
                        Some(Frame::Map(frame)) => (Value::Object(exact_map(frame.entries)), frame.info),
                        None => unreachable!("libyaml ends only collections it started"),
                    };
                    let node = self.anchor(info.anchor, Node { value, kind: None, nodes: info.nodes, height: info.height });
                    self.deliver(node, &info.start)?;
                }
            }
        }
        match self.bad_key {
            Some(bad_key) => Err(bad_key),
            None => Ok(self.root.unwrap_or(Value::Null)),
        }
    }

    /// Checks the depth of a new collection and reserves its anchor (an alias inside it would
    /// be the collection containing itself).
    fn open(&mut self, anchor: Option<String>, start: Mark) -> Result<Info, Error> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(error(format!("recursion limit exceeded at {start}"), &start, self.pointer()));
        }
        let anchor = anchor.map(|name| self.define(name));
        Ok(Info { anchor, start, nodes: 1, height: 1 })
    }

    /// Starts a definition of the anchor `name`: until its node is complete, aliases of the
    /// name refer to a node that contains them.
    fn define(&mut self, name: String) -> (String, usize) {
        self.definitions += 1;
        self.anchors.insert(name.clone(), (self.definitions, None));
        (name, self.definitions)
    }

    /// Keeps a copy of an anchored node for its aliases, unless its name was defined again
    /// inside it (then the inner definition stands, as in serde_yaml).
    fn anchor(&mut self, anchor: Option<(String, usize)>, node: Node) -> Node {
        if let Some((name, definition)) = anchor {
            if let Some(entry) = self.anchors.get_mut(&name).filter(|(d, _)| *d == definition) {
                entry.1 = Some(Node { value: node.value.clone(), kind: node.kind.clone(), nodes: node.nodes, height: node.height });
            }
        }
        node
    }

    /// A copy of the node an alias names, within the expansion and depth budgets.
    fn alias(&mut self, name: &str, mark: &Mark) -> Result<Node, Error> {
        let node = match self.anchors.get(name) {
            None => return Err(error(format!("unknown anchor at {mark}"), mark, self.pointer())),
            Some((_, None)) => return Err(error(format!("recursion limit exceeded at {mark} (the alias *{name} is inside the node it names)"), mark, self.pointer())),
            Some((_, Some(node))) => node,
        };
        self.expanded += node.nodes;
        if self.expanded > self.events.saturating_mul(EXPANSION_PER_EVENT) {
            return Err(error(format!("repetition limit exceeded at {mark} (aliases expand to more than {EXPANSION_PER_EVENT} nodes per event read)"), mark, self.pointer()));
        }
        if self.stack.len() + node.height > MAX_DEPTH {
            return Err(error(format!("recursion limit exceeded at {mark}"), mark, self.pointer()));
        }
        Ok(Node { value: node.value.clone(), kind: node.kind.clone(), nodes: node.nodes, height: node.height })
    }

    /// Puts a finished node into the open collection: an item, a key or a key's value.
    fn deliver(&mut self, node: Node, mark: &Mark) -> Result<(), Error> {
        let frame = match self.stack.last_mut() {
            None => {
                self.root = Some(node.value);
                return Ok(());
            }
            Some(Frame::Seq { items, info }) => {
                info.nodes += node.nodes;
                info.height = info.height.max(node.height + 1);
                items.push(node.value);
                return Ok(());
            }
            Some(Frame::Map(frame)) => frame,
        };
        frame.info.nodes += node.nodes;
        frame.info.height = frame.info.height.max(node.height + 1);
        match std::mem::replace(&mut frame.key, Slot::Empty) {
            Slot::Key(key) => frame.push(key, node.value),
            Slot::Dropped => {}
            Slot::Empty => match key_text(node) {
                Ok((text, kind)) => {
                    let seen = frame.contains(&text);
                    if seen && frame.is_duplicate(&text, &kind) {
                        let message = format!("duplicate entry with key {text:?} at {mark}, in the mapping at {}", frame.info.start);
                        return Err(error(message, mark, self.pointer()));
                    }
                    frame.remember(&text, kind, !seen);
                    frame.key = Slot::Key(text);
                }
                Err(what) => {
                    // The entry is left out; the first such key is the error, reported once
                    // the rest of the text has parsed.
                    frame.key = Slot::Dropped;
                    if self.bad_key.is_none() {
                        let mut e = error(format!("a mapping key is not a scalar: {what} at {mark}"), mark, self.pointer());
                        e.non_scalar_key = true;
                        self.bad_key = Some(e);
                    }
                }
            },
        }
        Ok(())
    }

    /// The JSON pointer of the innermost open collection (only built for an error).
    fn pointer(&self) -> String {
        let mut pointer = String::from("#");
        for (depth, frame) in self.stack.iter().enumerate() {
            if depth + 1 == self.stack.len() {
                break;
            }
            let token = match frame {
                Frame::Seq { items, .. } => items.len().to_string(),
                Frame::Map(frame) => match &frame.key {
                    Slot::Key(key) => key.clone(),
                    Slot::Empty | Slot::Dropped => String::new(),
                },
            };
            pointer = crate::diagnostics::child(&pointer, &token);
        }
        pointer
    }
}

impl MapFrame {
    /// Whether an entry with the key `text` came before.
    fn contains(&self, text: &str) -> bool {
        let has = |entries: &[(String, Value)]| entries.iter().any(|(key, _)| key == text);
        if self.entries.len() <= SCAN_LIMIT {
            return has(&self.entries);
        }
        self.hashes.contains(&key_hash(text)) && has(&self.entries)
    }

    /// Adds an entry (a key of the same text as an earlier one replaces its value in its place
    /// once the `Map` is made, as inserting it into a `Map` would).
    fn push(&mut self, key: String, value: Value) {
        if self.entries.len() == SCAN_LIMIT {
            self.hashes = self.entries.iter().map(|(key, _)| key_hash(key)).collect();
        }
        if self.entries.len() >= SCAN_LIMIT {
            self.hashes.insert(key_hash(&key));
        }
        self.entries.push((key, value));
    }

    /// Whether the key `text`, which an earlier key has as its JSON text too, is the same YAML
    /// key as that one.
    fn is_duplicate(&self, text: &str, kind: &Kind) -> bool {
        let mut first_marked = false;
        for (t, k, first) in &self.marked {
            if t == text {
                if k == kind {
                    return true;
                }
                first_marked |= *first;
            }
        }
        // A plain string key of this text came before unless the first key of this text was
        // a marked one.
        *kind == Kind::Str && !first_marked
    }

    /// Notes the key when it is no plain string or its text came before (`first` when not).
    fn remember(&mut self, text: &str, kind: Kind, first: bool) {
        if kind != Kind::Str || !first {
            self.marked.push((text.to_owned(), kind, first));
        }
    }
}

/// The items without the room their growth left: the value lives through every later stage of
/// `parse_document`, whose peak it is part of.
fn exact_items(mut items: Vec<Value>) -> Vec<Value> {
    items.shrink_to_fit();
    items
}

/// The mapping at its size, for the same reason (serde_json's `Map` cannot shrink); a later
/// entry of a key replaces the earlier one's value in its place.
fn exact_map(entries: Vec<(String, Value)>) -> Map<String, Value> {
    let mut map = Map::with_capacity(entries.len());
    map.extend(entries);
    map
}

/// A key's hash for [`MapFrame::hashes`] (a fixed SipHash: the hashes never leave the frame).
fn key_hash(key: &str) -> u64 {
    BuildHasherDefault::<DefaultHasher>::default().hash_one(key)
}

/// A key's JSON text and kind, or what it is when it has no JSON form.
fn key_text(node: Node) -> Result<(String, Kind), String> {
    match node.kind {
        None => Err(match node.value {
            Value::Array(_) => "a sequence".to_owned(),
            _ => "a mapping".to_owned(),
        }),
        Some(Kind::TaggedOther) => Err(format!("a tagged {}", node.value)),
        Some(kind) => Ok((
            match node.value {
                Value::String(s) => s,
                Value::Null => "null".to_owned(),
                other => other.to_string(),
            },
            kind,
        )),
    }
}

fn error(message: String, mark: &Mark, pointer: String) -> Error {
    Error { message, line: Some(mark.line as usize + 1), pointer, non_scalar_key: false }
}

/// A parser error in serde_yaml's words: `problem at line L column C, context at line ...`.
fn syntax_error(e: libyaml_safer::Error, text: &str) -> Error {
    // Only a reader error has no mark; in valid UTF-8 that is a character YAML does not allow,
    // which serde_yaml placed by its byte offset and which is placed here by its line too.
    let Some(problem_mark) = e.problem_mark() else {
        let offset = text.char_indices().find(|(_, c)| !allowed(*c)).map(|(i, _)| i);
        let message = match offset {
            Some(offset) => format!("{} at position {offset}", e.problem()),
            None => e.to_string(),
        };
        let line = offset.map(|offset| text[..offset].matches('\n').count() + 1);
        return Error { message, line, pointer: "#".to_owned(), non_scalar_key: false };
    };
    let mut message = e.problem().to_owned();
    let at_start = |m: &Mark| m.line == 0 && m.column == 0;
    if !at_start(&problem_mark) {
        message.push_str(&format!(" at {problem_mark}"));
    }
    if let Some(context) = e.context() {
        message.push_str(&format!(", {context}"));
        if let Some(context_mark) = e.context_mark().filter(|m| !at_start(m) && (m.line, m.column) != (problem_mark.line, problem_mark.column)) {
            message.push_str(&format!(" at {context_mark}"));
        }
    }
    Error { message, line: Some(problem_mark.line as usize + 1), pointer: "#".to_owned(), non_scalar_key: false }
}

/// The characters libyaml's reader accepts (YAML's printable set).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}
