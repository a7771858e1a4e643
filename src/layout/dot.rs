//! The network as a Graphviz DOT graph, for people who lay out or render with Graphviz.

use std::fmt::Write;

use super::{EdgeKind, Layout};
use crate::model::Workspace;

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Nodes (organizations, grouped in ranks by tier) and edges (relationships) in DOT.
pub fn to_dot(ws: &Workspace, layout: &Layout) -> String {
    let names: std::collections::HashMap<_, _> = ws
        .organizations
        .iter()
        .map(|o| (&o.id, o.name.as_str()))
        .collect();
    let mut out = String::from("digraph network {\n  node [shape=box];\n");
    for node in &layout.nodes {
        let name = names.get(&node.id).copied().unwrap_or(node.id.as_str());
        let _ = writeln!(
            out,
            "  {} [label={}];",
            quote(node.id.as_str()),
            quote(name)
        );
    }
    for edge in &layout.edges {
        let style = if edge.kind == EdgeKind::Administers {
            " [style=dashed]"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {} -> {}{style};",
            quote(layout.nodes[edge.from].id.as_str()),
            quote(layout.nodes[edge.to].id.as_str())
        );
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::base;

    #[test]
    fn every_node_and_edge_is_written_with_quotes_escaped() {
        let mut ws = base();
        ws.organizations[1].name = "Say \"hi\"".into();
        let layout = super::super::layout(&ws);
        let dot = to_dot(&ws, &layout);
        assert_eq!(dot.matches(" [label=").count(), ws.organizations.len());
        assert_eq!(dot.matches(" -> ").count(), ws.relationships.len());
        assert!(dot.contains("Say \\\"hi\\\""));
    }
}
