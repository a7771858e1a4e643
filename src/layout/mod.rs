//! Diagram layout: organizations as nodes in tiers (Microsoft; providers and direct bill
//! partners; resellers; customers), relationships as edges between them, crossings reduced by
//! barycentre sweeps. Pure and deterministic: the same workspace always gives the same picture.

pub mod dot;
pub mod png;
pub mod svg;

use std::collections::HashMap;

use crate::model::{
    EntityKind, Id, OrganizationKind, Position, RelationshipKind, Role, TenantKind, Workspace,
};

/// Horizontal distance between neighbouring nodes, in diagram units.
pub const NODE_SPACING: f32 = 200.0;
/// Vertical distance between tiers.
pub const TIER_SPACING: f32 = 160.0;
/// Vertical distance between the rows of a tier too wide for one row.
pub const ROW_SPACING: f32 = 70.0;
/// Most nodes in one row; wider tiers wrap, so 50,000 resellers stay a navigable block.
pub const MAX_ROW: usize = 100;
/// Fewest nodes in a row before a tier wraps.
const MIN_ROW: usize = 12;
/// Size of a node's box.
pub const NODE_SIZE: [f32; 2] = [170.0, 44.0];
/// Barycentre sweeps (down and up count as one).
const SWEEPS: usize = 4;

/// The tier a node is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// The vendor.
    Microsoft,
    /// Indirect providers and direct bill partners: they buy from Microsoft.
    Supplier,
    /// Indirect resellers.
    Reseller,
    /// End customers (and organizations with no role).
    Customer,
}

impl Tier {
    const ALL: [Tier; 4] = [
        Tier::Microsoft,
        Tier::Supplier,
        Tier::Reseller,
        Tier::Customer,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// What an edge stands for, which decides how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    /// Microsoft sells to a provider or direct bill partner.
    Supply,
    /// Provider–reseller partnership.
    Partnership,
    /// A partner sells to a customer (reseller relationship).
    SellsTo,
    /// A partner administers a customer's tenant (DAP/GDAP), drawn dashed.
    Administers,
}

/// One organization in the picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The organization.
    pub id: Id,
    /// Its tier.
    pub tier: Tier,
    /// The roles its locations hold (a partner with several roles shows them all).
    pub roles: Vec<Role>,
    /// Centre of the node, in diagram units.
    pub position: Position,
    /// True when the user placed it (a saved position), false when laid out automatically.
    pub pinned: bool,
    /// The kinds of the tenants it owns, drawn as small marks on its box.
    pub tenants: Vec<TenantKind>,
}

/// One relationship in the picture, between two nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// The relationship.
    pub relationship: Id,
    /// Index of the node it starts from.
    pub from: usize,
    /// Index of the node it points to.
    pub to: usize,
    /// How to draw it.
    pub kind: EdgeKind,
}

/// Nodes and edges with positions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Nodes, one per organization, in workspace order.
    pub nodes: Vec<Node>,
    /// Edges, one per relationship whose ends are known.
    pub edges: Vec<Edge>,
    index: HashMap<Id, usize>,
    owner_of: HashMap<Id, usize>,
}

impl Layout {
    /// The node of an organization.
    pub fn node_of(&self, id: &Id) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The node an entity is drawn on: an organization itself, a location's or tenant's organization,
    /// a relationship's source, a subscription's tenant owner.
    pub fn node_for_entity(&self, id: &Id) -> Option<usize> {
        self.index
            .get(id)
            .or_else(|| self.owner_of.get(id))
            .copied()
    }

    /// The smallest rectangle holding every node: (min, max) corners.
    pub fn bounds(&self) -> Option<(Position, Position)> {
        let half = [NODE_SIZE[0] / 2.0, NODE_SIZE[1] / 2.0];
        self.nodes.iter().fold(None, |acc, node| {
            let p = node.position;
            let (lo, hi) = acc.unwrap_or((p, p));
            Some((
                Position {
                    x: lo.x.min(p.x - half[0]),
                    y: lo.y.min(p.y - half[1]),
                },
                Position {
                    x: hi.x.max(p.x + half[0]),
                    y: hi.y.max(p.y + half[1]),
                },
            ))
        })
    }
}

/// Lays out the workspace; nodes with a saved position keep it.
pub fn layout(ws: &Workspace) -> Layout {
    let mut out = Layout::default();
    let mut roles_of: HashMap<&str, Vec<Role>> = HashMap::new();
    for location in &ws.locations {
        let roles = roles_of.entry(location.organization.as_str()).or_default();
        for enrolment in &location.enrolments {
            if !roles.contains(&enrolment.role) {
                roles.push(enrolment.role);
            }
        }
    }
    for org in &ws.organizations {
        if out.index.contains_key(&org.id) {
            continue;
        }
        let mut roles = roles_of.remove(org.id.as_str()).unwrap_or_default();
        roles.sort();
        let tier = if org.kind == OrganizationKind::Microsoft {
            Tier::Microsoft
        } else if roles
            .iter()
            .any(|r| matches!(r, Role::IndirectProvider | Role::DirectBill))
        {
            Tier::Supplier
        } else if roles.contains(&Role::IndirectReseller) {
            Tier::Reseller
        } else {
            Tier::Customer
        };
        out.index.insert(org.id.clone(), out.nodes.len());
        out.nodes.push(Node {
            id: org.id.clone(),
            tier,
            roles,
            position: Position::default(),
            pinned: false,
            tenants: Vec::new(),
        });
    }
    for location in &ws.locations {
        if let Some(&node) = out.index.get(&location.organization) {
            out.owner_of.insert(location.id.clone(), node);
        }
    }
    for tenant in &ws.tenants {
        if let Some(&node) = tenant.owner.as_ref().and_then(|o| out.index.get(o)) {
            out.owner_of.insert(tenant.id.clone(), node);
            out.nodes[node].tenants.push(tenant.kind);
        }
    }
    for sub in &ws.subscriptions {
        if let Some(&node) = out.owner_of.get(&sub.tenant) {
            out.owner_of.insert(sub.id.clone(), node);
        }
    }
    for rel in &ws.relationships {
        let (Some(from), Some(to)) = (out.node_for_entity(&rel.from), out.node_for_entity(&rel.to))
        else {
            continue;
        };
        let kind = match rel.kind {
            RelationshipKind::Supply => EdgeKind::Supply,
            RelationshipKind::Partnership => EdgeKind::Partnership,
            RelationshipKind::Reseller => EdgeKind::SellsTo,
            RelationshipKind::Admin { .. } => EdgeKind::Administers,
        };
        out.owner_of.insert(rel.id.clone(), from);
        out.edges.push(Edge {
            relationship: rel.id.clone(),
            from,
            to,
            kind,
        });
    }
    for own in &ws.ownerships {
        if let Some(&node) = out.index.get(&own.owned) {
            out.owner_of.insert(own.id.clone(), node);
        }
    }
    place(&mut out, ws);
    out
}

/// Orders each tier to reduce crossings, then assigns coordinates.
fn place(out: &mut Layout, ws: &Workspace) {
    let names: HashMap<&Id, String> = ws
        .organizations
        .iter()
        .map(|o| (&o.id, o.name.to_lowercase()))
        .collect();
    let mut tiers: Vec<Vec<usize>> = vec![Vec::new(); Tier::ALL.len()];
    for (i, node) in out.nodes.iter().enumerate() {
        tiers[node.tier.index()].push(i);
    }
    for tier in &mut tiers {
        tier.sort_by(|&a, &b| {
            (names.get(&out.nodes[a].id), &out.nodes[a].id)
                .cmp(&(names.get(&out.nodes[b].id), &out.nodes[b].id))
        });
    }
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); out.nodes.len()];
    for edge in &out.edges {
        if edge.from != edge.to {
            neighbours[edge.from].push(edge.to);
            neighbours[edge.to].push(edge.from);
        }
    }
    let mut rank = vec![0.0_f32; out.nodes.len()];
    let set_ranks = |tiers: &Vec<Vec<usize>>, rank: &mut Vec<f32>| {
        for tier in tiers {
            let width = tier.len().max(1) as f32;
            for (i, &node) in tier.iter().enumerate() {
                rank[node] = (i as f32 + 0.5) / width;
            }
        }
    };
    set_ranks(&tiers, &mut rank);
    for _ in 0..SWEEPS {
        for order in [[1, 2, 3], [2, 1, 0]] {
            for t in order {
                let reference = if order[0] == 1 { t - 1 } else { t + 1 };
                sort_by_barycentre(&mut tiers[t], &neighbours, &rank, &out.nodes, reference);
                set_ranks(&tiers, &mut rank);
            }
        }
    }
    // Rows about 1.2 times the square root of the widest tier: a big network is a block that
    // fits a screen when zoomed out, not a strip a hundred screens wide.
    let widest = tiers.iter().map(Vec::len).max().unwrap_or(0);
    let row_length = ((widest as f32).sqrt() * 1.2).ceil() as usize;
    let row_length = row_length.clamp(MIN_ROW, MAX_ROW);
    let mut y = 0.0;
    for tier in &tiers {
        let rows = tier.len().div_ceil(row_length).max(1);
        for (i, &node) in tier.iter().enumerate() {
            let row = i / row_length;
            let in_row = tier.len().saturating_sub(row * row_length).min(row_length);
            let column = i % row_length;
            let x = (column as f32 - (in_row as f32 - 1.0) / 2.0) * NODE_SPACING;
            out.nodes[node].position = Position {
                x,
                y: y + row as f32 * ROW_SPACING,
            };
        }
        y += (rows - 1) as f32 * ROW_SPACING + TIER_SPACING;
    }
    for node in &mut out.nodes {
        if let Some(saved) = ws.positions.get(&node.id) {
            node.position = *saved;
            node.pinned = true;
        }
    }
}

/// Sorts a tier by the mean rank of each node's neighbours in the reference tier; nodes without
/// such neighbours keep their relative place. Ties break by current order, so it is deterministic.
fn sort_by_barycentre(
    tier: &mut [usize],
    neighbours: &[Vec<usize>],
    rank: &[f32],
    nodes: &[Node],
    reference: usize,
) {
    let keys: HashMap<usize, f32> = tier
        .iter()
        .enumerate()
        .map(|(position, &node)| {
            let linked: Vec<f32> = neighbours[node]
                .iter()
                .filter(|&&n| nodes[n].tier.index() == reference)
                .map(|&n| rank[n])
                .collect();
            let key = if linked.is_empty() {
                (position as f32 + 0.5) / tier.len().max(1) as f32
            } else {
                linked.iter().sum::<f32>() / linked.len() as f32
            };
            (node, key)
        })
        .collect();
    let current: HashMap<usize, usize> = tier.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    tier.sort_by(|a, b| {
        keys[a]
            .total_cmp(&keys[b])
            .then(current[a].cmp(&current[b]))
    });
}

/// The entity kinds the diagram draws as nodes (organizations); others are drawn on their owner.
pub fn is_node_kind(kind: EntityKind) -> bool {
    kind == EntityKind::Organization
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::base;

    fn tier_of(layout: &Layout, id: &str) -> Tier {
        layout.nodes[layout.node_of(&Id::new(id).expect("id")).expect("node")].tier
    }

    #[test]
    fn tiers_follow_roles() {
        let layout = layout(&base());
        assert_eq!(tier_of(&layout, "msft"), Tier::Microsoft);
        assert_eq!(tier_of(&layout, "prov"), Tier::Supplier);
        assert_eq!(tier_of(&layout, "dbp"), Tier::Supplier);
        assert_eq!(tier_of(&layout, "res"), Tier::Reseller);
        assert_eq!(tier_of(&layout, "cust"), Tier::Customer);
        let y = |id| {
            layout.nodes[layout.node_of(&Id::new(id).expect("id")).expect("node")]
                .position
                .y
        };
        assert!(y("msft") < y("prov") && y("prov") < y("res") && y("res") < y("cust"));
    }

    #[test]
    fn tenants_are_marked_on_their_owner() {
        let laid = layout(&base());
        let res = &laid.nodes[laid.node_of(&Id::new("res").expect("id")).expect("node")];
        assert_eq!(res.tenants, vec![TenantKind::CspPartner]);
        let cust = &laid.nodes[laid.node_of(&Id::new("cust").expect("id")).expect("node")];
        assert_eq!(cust.tenants, vec![TenantKind::Customer]);
    }

    #[test]
    fn relationships_become_edges_between_organizations() {
        let layout = layout(&base());
        assert_eq!(layout.edges.len(), base().relationships.len());
        let partnership = layout
            .edges
            .iter()
            .find(|e| e.relationship.as_str() == "partnership")
            .expect("edge");
        assert_eq!(layout.nodes[partnership.from].id.as_str(), "prov");
        assert_eq!(layout.nodes[partnership.to].id.as_str(), "res");
        assert_eq!(partnership.kind, EdgeKind::Partnership);
    }

    #[test]
    fn layout_is_deterministic_and_saved_positions_win() {
        let mut ws = base();
        assert_eq!(layout(&ws), layout(&ws));
        ws.positions
            .insert(Id::new("res").expect("id"), Position { x: 999.0, y: -5.0 });
        let laid = layout(&ws);
        let node = &laid.nodes[laid.node_of(&Id::new("res").expect("id")).expect("node")];
        assert_eq!(node.position, Position { x: 999.0, y: -5.0 });
        assert!(node.pinned);
    }

    #[test]
    fn crossings_are_reduced_by_ordering_children_under_their_parents() {
        // Two providers (named so that name order puts them the other way round from their
        // resellers) each with one reseller: after the sweeps each reseller sits under its provider.
        let mut ws = base();
        let mut other = crate::rules::test_support::org("a-prov", "AAA Provider", "US");
        other.id = Id::new("a-prov").expect("id");
        ws.organizations.push(other);
        ws.organizations.push(crate::rules::test_support::org(
            "z-res",
            "ZZZ Reseller",
            "US",
        ));
        ws.locations.push(crate::rules::test_support::location(
            "a-loc",
            "a-prov",
            "US",
            "a-t",
            "1000009",
            &[Role::IndirectProvider],
        ));
        ws.locations.push(crate::rules::test_support::location(
            "z-loc",
            "z-res",
            "US",
            "z-t",
            "1000010",
            &[Role::IndirectReseller],
        ));
        ws.relationships.push(crate::rules::test_support::rel(
            "p2",
            RelationshipKind::Partnership,
            "a-loc",
            "z-loc",
            "2019-01-01",
        ));
        let laid = layout(&ws);
        let x = |id: &str| {
            laid.nodes[laid.node_of(&Id::new(id).expect("id")).expect("node")]
                .position
                .x
        };
        assert_eq!(
            x("a-prov") < x("prov"),
            x("z-res") < x("res"),
            "resellers follow their providers' order"
        );
    }

    #[test]
    fn no_two_boxes_overlap_in_a_generated_network() {
        let ws = crate::generate::generate(&crate::generate::GenerateOptions {
            resellers: 40,
            customers: 800,
            seed: 5,
            violations: true,
        });
        let laid = layout(&ws);
        let mut cells = std::collections::HashSet::new();
        for node in &laid.nodes {
            // Boxes sit on a grid of NODE_SPACING × ROW_SPACING (both larger than a box), so two
            // boxes overlap only if they share a grid cell.
            let cell = (
                (node.position.x / NODE_SPACING * 2.0).round() as i64,
                (node.position.y / ROW_SPACING).round() as i64,
            );
            assert!(cells.insert(cell), "two boxes at {:?}", node.position);
        }
        const { assert!(NODE_SPACING > NODE_SIZE[0] && ROW_SPACING > NODE_SIZE[1]) };
    }

    #[test]
    fn wide_tiers_wrap_into_rows() {
        let mut ws = base();
        for i in 0..(MAX_ROW + 5) {
            ws.organizations.push(crate::rules::test_support::org(
                &format!("c{i}"),
                &format!("Customer {i}"),
                "US",
            ));
        }
        let laid = layout(&ws);
        let customer_rows: std::collections::BTreeSet<i64> = laid
            .nodes
            .iter()
            .filter(|n| n.tier == Tier::Customer)
            .map(|n| n.position.y as i64)
            .collect();
        // 106 customers in rows of ceil(1.2 * sqrt(106)) = 13: nine rows.
        assert_eq!(customer_rows.len(), 9);
    }
}
