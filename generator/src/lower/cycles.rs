//! Finds recursive types and boxes exactly the references that close a cycle of by-value
//! containment (through struct fields, union variants, aliases and `Option`).

use crate::ir::{TypeDef, TypeKind, TypeRef};

/// Named types a reference contains by value (not behind `Vec`, map or `Box`).
fn direct_targets(ty: &TypeRef, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(i) => out.push(*i),
        TypeRef::Option(inner) => direct_targets(inner, out),
        _ => {}
    }
}

fn edges(def: &TypeDef) -> Vec<usize> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().for_each(|f| direct_targets(&f.ty, &mut out)),
        TypeKind::Union(u) => u.variants.iter().for_each(|v| direct_targets(&v.ty, &mut out)),
        TypeKind::Alias(t) => direct_targets(t, &mut out),
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
    }
    out
}

/// Strongly connected component id of every node (iterative Tarjan, so deep chains cannot overflow the stack).
fn components(adjacency: &[Vec<usize>]) -> Vec<usize> {
    let n = adjacency.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_comp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = adjacency[v].get(*child) {
                *child += 1;
                if w >= n {
                    continue;
                }
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = next_comp;
                    if w == v {
                        break;
                    }
                }
                next_comp += 1;
            }
        }
    }
    comp
}

fn box_if_cyclic(ty: &mut TypeRef, own: usize, comp: &[usize]) {
    match ty {
        TypeRef::Named(i) if comp.get(*i) == Some(&comp[own]) => {
            let inner = std::mem::replace(ty, TypeRef::Json);
            *ty = TypeRef::Boxed(Box::new(inner));
        }
        TypeRef::Option(inner) => box_if_cyclic(inner, own, comp),
        _ => {}
    }
}

/// Type aliases that could not be emitted because they are defined in terms of themselves.
#[derive(Debug, Default)]
pub struct AliasCycles {
    /// Cycles through references, single-member `allOf` or `Option` only: no value but
    /// `null` fits them, so they are spec errors.
    pub degenerate: Vec<usize>,
    /// Cycles through arrays or maps (`A: {type: array, items: A}`): valid JSON Schema, but
    /// a Rust type alias cannot refer to itself, so they fall back to `serde_json::Value`.
    pub through_containers: Vec<usize>,
}

/// Cuts every cycle made only of aliases (replacing one member per cycle by a JSON value)
/// until none is left, and returns the members cut. `deep` follows containers as well.
fn cut_alias_cycles(defs: &mut [TypeDef], deep: bool) -> Vec<usize> {
    let mut cut = Vec::new();
    // Each pass cuts at least one alias, so this ends after at most `defs.len()` passes.
    loop {
        let adjacency: Vec<Vec<usize>> = defs
            .iter()
            .map(|def| {
                let mut out = Vec::new();
                if let TypeKind::Alias(t) = &def.kind {
                    if deep { t.push_named(&mut out) } else { direct_targets(t, &mut out) }
                }
                out.retain(|&i| i < defs.len() && matches!(defs[i].kind, TypeKind::Alias(_)));
                out
            })
            .collect();
        let comp = components(&adjacency);
        let mut members: std::collections::BTreeMap<usize, Vec<usize>> = std::collections::BTreeMap::new();
        for (i, c) in comp.iter().enumerate() {
            members.entry(*c).or_default().push(i);
        }
        let before = cut.len();
        for group in members.values() {
            let first = group[0];
            if group.len() > 1 || adjacency[first].contains(&first) {
                defs[first].kind = TypeKind::Alias(TypeRef::Json);
                cut.push(first);
            }
        }
        if cut.len() == before {
            return cut;
        }
    }
}

/// Boxes every by-value reference between types of the same cycle, after cutting the cycles
/// no box can fix (aliases that expand to themselves), which it returns for reporting.
pub fn box_cycles(defs: &mut [TypeDef]) -> AliasCycles {
    let degenerate = cut_alias_cycles(defs, false);
    let through_containers = cut_alias_cycles(defs, true);
    let adjacency: Vec<Vec<usize>> = defs.iter().map(edges).collect();
    let comp = components(&adjacency);
    for (own, def) in defs.iter_mut().enumerate() {
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| box_if_cyclic(&mut f.ty, own, &comp)),
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| box_if_cyclic(&mut v.ty, own, &comp)),
            // An alias cannot be boxed in place (`type A = Box<A>` is still infinite); the
            // struct or union on the cycle is boxed instead.
            TypeKind::Alias(_) | TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
        }
    }
    AliasCycles { degenerate, through_containers }
}
