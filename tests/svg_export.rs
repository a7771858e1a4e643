//! The SVG export read back with an XML parser: every organization is one box carrying its id
//! and name, every relationship one edge in its kind's colour (administration dashed), for the
//! bundled sample and for a generated network.

use csp_studio::app::SAMPLE;
use csp_studio::generate::{GenerateOptions, generate};
use csp_studio::layout::svg::{self, clip, edge_class, edge_colour, hex};
use csp_studio::layout::{EdgeKind, layout};
use csp_studio::model::{RelationshipKind, Workspace};
use std::collections::{HashMap, HashSet};
use std::path::Path;

fn kind_of(kind: &RelationshipKind) -> EdgeKind {
    match kind {
        RelationshipKind::Supply => EdgeKind::Supply,
        RelationshipKind::Partnership => EdgeKind::Partnership,
        RelationshipKind::Reseller => EdgeKind::SellsTo,
        RelationshipKind::Admin { .. } => EdgeKind::Administers,
    }
}

fn check(ws: &Workspace) {
    let laid = layout(ws);
    let text = svg::to_svg(ws, &laid, &HashSet::new());
    let doc = roxmltree::Document::parse(&text).expect("the export is well-formed XML");
    let by_id: HashMap<&str, Vec<roxmltree::Node>> = doc
        .descendants()
        .filter_map(|n| n.attribute("id").map(|id| (id, n)))
        .fold(HashMap::new(), |mut map, (id, n)| {
            map.entry(id).or_insert_with(Vec::new).push(n);
            map
        });
    let nodes = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("node ")))
        .count();
    assert_eq!(nodes, ws.organizations.len(), "one box per organization");
    for org in &ws.organizations {
        let key = format!("n-{}", org.id);
        let found = by_id.get(key.as_str()).map_or(0, Vec::len);
        assert_eq!(found, 1, "{} drawn once", org.id);
        let group = by_id[key.as_str()][0];
        let title = group
            .children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|t| t.text());
        assert_eq!(
            title,
            Some(org.name.as_str()),
            "{} titled with its name",
            org.id
        );
        let shown: Vec<&str> = group
            .children()
            .filter(|c| c.has_tag_name("text"))
            .filter_map(|t| t.text())
            .collect();
        assert!(
            shown.contains(&clip(&org.name, svg::NAME_WIDTH).as_str()),
            "{} shows its name: {shown:?}",
            org.id
        );
    }
    let edges = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("edge ")))
        .count();
    assert_eq!(edges, ws.relationships.len(), "one edge per relationship");
    for rel in &ws.relationships {
        let key = format!("e-{}", rel.id);
        let found = by_id
            .get(key.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        assert_eq!(found.len(), 1, "{} drawn once", rel.id);
        let path = found[0];
        let kind = kind_of(&rel.kind);
        assert_eq!(
            path.attribute("class"),
            Some(format!("edge {}", edge_class(kind)).as_str())
        );
        assert_eq!(
            path.attribute("stroke"),
            Some(hex(edge_colour(kind)).as_str())
        );
        assert_eq!(
            path.attribute("stroke-dasharray").is_some(),
            kind == EdgeKind::Administers,
            "{}: only administration is dashed",
            rel.id
        );
        assert_eq!(path.attribute("marker-end"), Some("url(#arrow)"));
    }
}

#[test]
fn the_sample_reads_back_node_for_node_and_edge_for_edge() {
    let ws = csp_studio::io::load_str(SAMPLE, Path::new("sample.ron")).expect("sample loads");
    assert!(ws.relationships.len() > 5);
    check(&ws);
}

#[test]
fn a_generated_network_reads_back_node_for_node_and_edge_for_edge() {
    let ws = generate(&GenerateOptions {
        resellers: 60,
        customers: 1_200,
        seed: 11,
        violations: false,
    });
    assert!(ws.relationships.len() > 1_200);
    check(&ws);
}

#[test]
fn grouped_by_market_the_export_draws_each_band_once_with_its_name() {
    let ws = generate(&GenerateOptions {
        resellers: 30,
        customers: 500,
        seed: 4,
        violations: false,
    });
    let laid =
        csp_studio::layout::layout_with(&ws, csp_studio::layout::LayoutOptions { by_market: true });
    assert!(laid.markets.len() > 1);
    let text = svg::to_svg(&ws, &laid, &HashSet::new());
    let doc = roxmltree::Document::parse(&text).expect("well-formed");
    let names: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("market"))
        .filter_map(|g| g.children().find(|c| c.has_tag_name("text")))
        .filter_map(|t| t.text())
        .collect();
    let expected: Vec<&str> = laid.markets.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, expected);
    // Bands first, so boxes and edges are drawn over them.
    let first_box = doc
        .descendants()
        .position(|n| n.attribute("class").is_some_and(|c| c.starts_with("node ")));
    let last_band = doc
        .descendants()
        .rposition(|n| n.attribute("class") == Some("market"));
    assert!(last_band < first_box);
}
