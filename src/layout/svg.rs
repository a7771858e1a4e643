//! The diagram as an SVG picture, drawn from the same layout and colours as the app's canvas, so
//! an exported slide matches the screen. Text stays text (Japanese names intact, searchable).

use std::fmt::Write;

use super::{EdgeKind, Layout, NODE_SIZE, Tier};
use crate::model::{Role, Workspace};

/// An sRGB colour.
pub type Rgb = [u8; 3];

/// The fill of a node by tier, on a light background.
pub fn tier_fill(tier: Tier) -> Rgb {
    match tier {
        Tier::Microsoft => [0x00, 0x67, 0xb8],
        Tier::Supplier => [0x2e, 0x7d, 0x32],
        Tier::Reseller => [0x6a, 0x1b, 0x9a],
        Tier::Customer => [0x45, 0x5a, 0x64],
    }
}

/// The colour of an edge by kind.
pub fn edge_colour(kind: EdgeKind) -> Rgb {
    match kind {
        EdgeKind::Supply => [0x00, 0x67, 0xb8],
        EdgeKind::Partnership => [0x6a, 0x1b, 0x9a],
        EdgeKind::SellsTo => [0x45, 0x5a, 0x64],
        EdgeKind::Administers => [0xef, 0x6c, 0x00],
    }
}

/// Outline colour of a node with an error.
pub const ERROR_OUTLINE: Rgb = [0xd3, 0x2f, 0x2f];

/// How wide a name may be in a box, in half-width units.
pub const NAME_WIDTH: usize = 26;

/// Shortens a name to fit a box: `max` is in half-width units (a kanji or kana counts two).
pub fn clip(text: &str, max: usize) -> String {
    let width = |c: char| {
        if c.is_ascii() || ('\u{00a0}'..'\u{2000}').contains(&c) {
            1
        } else {
            2
        }
    };
    if text.chars().map(width).sum::<usize>() <= max {
        return text.to_owned();
    }
    let mut used = 0;
    let mut out: String = text
        .chars()
        .take_while(|&c| {
            used += width(c);
            used < max
        })
        .collect();
    out.push('…');
    out
}

/// Short role tags shown under a partner's name.
pub fn role_tags(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| match r {
            Role::IndirectProvider => "provider",
            Role::DirectBill => "direct bill",
            Role::IndirectReseller => "reseller",
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// What to draw under a node's name: its country and roles.
pub fn subtitle(country: Option<crate::model::Country>, roles: &[Role]) -> String {
    let country = country.map(|c| c.to_string());
    let tags = role_tags(roles);
    match (country, tags.is_empty()) {
        (Some(c), false) => format!("{c} · {tags}"),
        (Some(c), true) => c,
        (None, _) => tags,
    }
}

/// A tenant mark as in the app: filled square (CSP partner tenant), open square (customer
/// tenant), dot (shared services tenant).
fn tenant_mark_svg(x: f32, y: f32, kind: crate::model::TenantKind) -> String {
    use crate::model::TenantKind;
    match kind {
        TenantKind::CspPartner => format!(
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"8\" height=\"8\" fill=\"#ffffff\"><title>CSP partner tenant</title></rect>"
        ),
        TenantKind::Customer => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\" fill=\"none\" stroke=\"#ffffff\" stroke-width=\"1.2\"><title>customer tenant</title></rect>",
            x + 0.5,
            y + 0.5
        ),
        TenantKind::SharedServices => format!(
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"#ffffff\"><title>shared services tenant</title></circle>",
            x + 4.0,
            y + 4.0
        ),
    }
}

/// A colour as SVG writes it.
pub fn hex(rgb: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

/// The class an edge carries in the SVG, so a slide's styles or a script can pick a kind out.
pub fn edge_class(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Supply => "supply",
        EdgeKind::Partnership => "partnership",
        EdgeKind::SellsTo => "sells-to",
        EdgeKind::Administers => "administers",
    }
}

/// The class a node carries in the SVG.
pub fn tier_class(tier: Tier) -> &'static str {
    match tier {
        Tier::Microsoft => "microsoft",
        Tier::Supplier => "supplier",
        Tier::Reseller => "reseller",
        Tier::Customer => "customer",
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes the whole diagram as a standalone SVG document; nodes named in `errors` get the error outline.
pub fn to_svg(
    ws: &Workspace,
    layout: &Layout,
    errors: &std::collections::HashSet<usize>,
) -> String {
    let margin = 40.0;
    let Some((lo, hi)) = layout.bounds() else {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>\n".to_owned();
    };
    let (w, h) = (hi.x - lo.x + 2.0 * margin, hi.y - lo.y + 2.0 * margin);
    let (ox, oy) = (margin - lo.x, margin - lo.y);
    let orgs: std::collections::HashMap<_, _> =
        ws.organizations.iter().map(|o| (&o.id, o)).collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" font-family=\"Noto Sans CJK JP, Noto Sans JP, sans-serif\">"
    );
    let _ = writeln!(
        out,
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"context-stroke\"/></marker></defs>"
    );
    let _ = writeln!(
        out,
        "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
    );
    for band in &layout.markets {
        let _ = writeln!(
            out,
            "<g class=\"market\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"8\" fill=\"#000000\" fill-opacity=\"0.04\" stroke=\"#3c3c3c\" stroke-opacity=\"0.4\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#3c3c3c\">{}</text></g>",
            band.min.x + ox,
            band.min.y + oy,
            band.max.x - band.min.x,
            band.max.y - band.min.y,
            (band.min.x + band.max.x) / 2.0 + ox,
            band.min.y + oy + 18.0,
            escape(&band.name)
        );
    }
    for edge in &layout.edges {
        let (a, b) = (
            layout.nodes[edge.from].position,
            layout.nodes[edge.to].position,
        );
        // As on screen: from the bottom of the upper box to the top of the lower one.
        let half = if b.y >= a.y {
            NODE_SIZE[1] / 2.0
        } else {
            -NODE_SIZE[1] / 2.0
        };
        let (x1, y1) = (a.x + ox, a.y + oy + half);
        let (x2, y2) = (b.x + ox, b.y + oy - half);
        let dash = if edge.kind == EdgeKind::Administers {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<path id=\"e-{}\" class=\"edge {}\" d=\"M{x1:.1},{y1:.1} L{x2:.1},{y2:.1}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"{dash} marker-end=\"url(#arrow)\"><title>{}</title></path>",
            escape(edge.relationship.as_str()),
            edge_class(edge.kind),
            hex(edge_colour(edge.kind)),
            escape(edge.relationship.as_str())
        );
    }
    for (i, node) in layout.nodes.iter().enumerate() {
        let (x, y) = (
            node.position.x + ox - NODE_SIZE[0] / 2.0,
            node.position.y + oy - NODE_SIZE[1] / 2.0,
        );
        let stroke = if errors.contains(&i) {
            hex(ERROR_OUTLINE)
        } else {
            "#263238".to_owned()
        };
        let width = if errors.contains(&i) { 3 } else { 1 };
        let org = orgs.get(&node.id);
        let name = clip(
            org.map_or(node.id.as_str(), |o| o.name.as_str()),
            NAME_WIDTH,
        );
        let country = org.and_then(|o| o.country);
        let _ = writeln!(
            out,
            "<g id=\"n-{}\" class=\"node {}\"><title>{}</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"{}\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>\
<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#ffffff\">{}</text>\
<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#e0e0e0\">{}</text></g>",
            escape(node.id.as_str()),
            tier_class(node.tier),
            escape(org.map_or(node.id.as_str(), |o| o.name.as_str())),
            NODE_SIZE[0],
            NODE_SIZE[1],
            hex(tier_fill(node.tier)),
            x + NODE_SIZE[0] / 2.0,
            y + 18.0,
            escape(&name),
            x + NODE_SIZE[0] / 2.0,
            y + 34.0,
            escape(&subtitle(country, &node.roles))
        );
        for (n, kind) in node.tenants.iter().take(6).enumerate() {
            let (mx, my) = (x + 4.0 + n as f32 * 11.0, y + NODE_SIZE[1] - 11.0);
            let _ = writeln!(out, "{}", tenant_mark_svg(mx, my, *kind));
        }
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::base;

    #[test]
    fn every_organization_and_relationship_is_in_the_picture_with_names_escaped() {
        let mut ws = base();
        ws.organizations[1].name = "A&B <桜>".into();
        let laid = super::super::layout(&ws);
        let svg = to_svg(&ws, &laid, &std::collections::HashSet::from([1]));
        assert!(svg.starts_with("<svg"));
        // One box per organization, plus one mark per tenant on its owner.
        assert_eq!(
            svg.matches("<rect x=").count(),
            ws.organizations.len() + ws.tenants.len()
        );
        assert_eq!(svg.matches("</path>").count(), ws.relationships.len());
        assert!(svg.contains("A&amp;B &lt;桜&gt;"));
        assert_eq!(svg.matches(&hex(ERROR_OUTLINE)).count(), 1);
    }
}
