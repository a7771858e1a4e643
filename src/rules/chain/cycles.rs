//! Loops among supplies and partnerships: CSP108.

use rustc_hash::FxHashMap as HashMap;

use crate::model::{Id, Relationship, RelationshipKind};
use crate::rules::registry::declare_rule;
use crate::rules::text::name_list;
use crate::rules::{Context, Sink};

declare_rule! {
    /// ## What it checks
    /// Supplies and partnerships, followed from seller to buyer, never lead back to where they
    /// started: no location ends up (directly or through others) buying from itself.
    ///
    /// Reading: relationships that ended on or before the workspace's as-of date are left out, so a
    /// provider and a reseller that swapped sides over the years are not a loop. One diagnostic per
    /// loop names every relationship and location in it.
    ///
    /// ## Why
    /// Scenario 1: a chain runs one way, Microsoft → (indirect provider →) reseller or direct bill
    /// partner → customer. In a loop nobody buys from Microsoft, and the chain of any subscription
    /// sold through it cannot be traced.
    ///
    /// ## Example
    /// Passes: 'Contoso Distribution' partners with 'Fabrikam KK'.
    /// Fails: 'Contoso Distribution' partners with 'Fabrikam KK', and a second partnership has
    /// 'Fabrikam KK' as the provider of 'Contoso Distribution'.
    pub CSP108, "CSP108", Error, "Supplies and partnerships form a loop"
}

const UNSET: usize = usize::MAX;

/// The graph of supplies and partnerships not ended by the as-of date, nodes interned to indices.
struct Graph<'a> {
    nodes: Vec<&'a Id>,
    edges: Vec<(usize, usize, &'a Relationship)>,
    /// Edge indices by source node: `targets[start[v]..start[v + 1]]`.
    start: Vec<usize>,
    targets: Vec<usize>,
}

impl<'a> Graph<'a> {
    fn new(cx: &Context<'a>) -> Self {
        let as_of = cx.as_of;
        let mut index: HashMap<&'a str, usize> = HashMap::default();
        let mut nodes: Vec<&'a Id> = Vec::new();
        let mut intern = |id: &'a Id| {
            *index.entry(id.as_str()).or_insert_with(|| {
                nodes.push(id);
                nodes.len() - 1
            })
        };
        let mut edges = Vec::new();
        for rel in &cx.ws.relationships {
            let chain_link = matches!(
                rel.kind,
                RelationshipKind::Supply | RelationshipKind::Partnership
            );
            if !chain_link || rel.end.is_some_and(|end| end <= as_of) {
                continue;
            }
            let from = intern(&rel.from);
            let to = intern(&rel.to);
            edges.push((from, to, rel));
        }
        let mut start = vec![0usize; nodes.len() + 1];
        for &(from, _, _) in &edges {
            start[from + 1] += 1;
        }
        for v in 0..nodes.len() {
            start[v + 1] += start[v];
        }
        let mut fill = start.clone();
        let mut targets = vec![0usize; edges.len()];
        for &(from, to, _) in &edges {
            targets[fill[from]] = to;
            fill[from] += 1;
        }
        Self {
            nodes,
            edges,
            start,
            targets,
        }
    }

    fn successors(&self, v: usize) -> &[usize] {
        &self.targets[self.start[v]..self.start[v + 1]]
    }

    /// Strongly connected components (Tarjan, iterative): the component of each node.
    fn components(&self) -> Vec<usize> {
        let n = self.nodes.len();
        let mut order = vec![UNSET; n];
        let mut low = vec![0usize; n];
        let mut on_stack = vec![false; n];
        let mut component = vec![UNSET; n];
        let mut stack: Vec<usize> = Vec::new();
        let mut calls: Vec<(usize, usize)> = Vec::new();
        let mut counter = 0usize;
        let mut components = 0usize;
        for root in 0..n {
            if order[root] != UNSET {
                continue;
            }
            order[root] = counter;
            low[root] = counter;
            counter += 1;
            stack.push(root);
            on_stack[root] = true;
            calls.push((root, 0));
            while let Some(&mut (v, ref mut next)) = calls.last_mut() {
                if let Some(&w) = self.successors(v).get(*next) {
                    *next += 1;
                    if order[w] == UNSET {
                        order[w] = counter;
                        low[w] = counter;
                        counter += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        calls.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(order[w]);
                    }
                    continue;
                }
                calls.pop();
                if let Some(&(u, _)) = calls.last() {
                    low[u] = low[u].min(low[v]);
                }
                if low[v] == order[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component[w] = components;
                        if w == v {
                            break;
                        }
                    }
                    components += 1;
                }
            }
        }
        component
    }
}

pub(super) fn check(cx: &Context<'_>, out: &mut Sink) {
    let graph = Graph::new(cx);
    if graph.edges.is_empty() {
        return;
    }
    let component = graph.components();
    // Relationships inside one component; a component is a loop when it has more than one node
    // or an edge from a node to itself.
    let mut loops: HashMap<usize, Vec<&Relationship>> = HashMap::default();
    let mut size: HashMap<usize, usize> = HashMap::default();
    for &c in &component {
        *size.entry(c).or_default() += 1;
    }
    for &(from, to, rel) in &graph.edges {
        if component[from] == component[to]
            && (from == to || size.get(&component[from]).is_some_and(|&s| s > 1))
        {
            loops.entry(component[from]).or_default().push(rel);
        }
    }
    let mut members: HashMap<usize, Vec<&Id>> = HashMap::default();
    for (v, &c) in component.iter().enumerate() {
        if loops.contains_key(&c) {
            members.entry(c).or_default().push(graph.nodes[v]);
        }
    }
    for (c, rels) in loops {
        let nodes = members.remove(&c).unwrap_or_default();
        let names: Vec<String> = nodes.iter().map(|id| cx.name(id.as_str())).collect();
        let links: Vec<String> = rels
            .iter()
            .map(|r| {
                format!(
                    "{} '{}' from '{}' to '{}'",
                    r.kind.label(),
                    r.id,
                    cx.name(r.from.as_str()),
                    cx.name(r.to.as_str())
                )
            })
            .collect();
        let message = format!(
            "Supplies and partnerships form a loop through {}: {}; a chain runs one way, from \
             Microsoft down to the customer",
            name_list(&names, 5),
            links.join(", "),
        );
        let mut entities: Vec<Id> = rels.iter().map(|r| r.id.clone()).collect();
        entities.extend(nodes.into_iter().cloned());
        out.report(&CSP108, message, entities);
    }
}
