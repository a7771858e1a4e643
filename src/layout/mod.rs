//! Diagram layout: organizations as nodes in tiers (Microsoft; providers and direct bill
//! partners; resellers; customers), relationships as edges between them, crossings reduced by
//! barycentre sweeps. Pure and deterministic: the same workspace always gives the same picture.

pub mod dot;
pub mod grid;
pub mod groups;
pub mod markets;
pub mod png;
pub mod structure;
pub mod svg;

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::model::{
    EntityKind, Id, OrganizationKind, Position, RelationshipKind, Role, TenantKind, Workspace,
};

/// Horizontal distance between neighbouring nodes, in diagram units.
pub const NODE_SPACING: f32 = 200.0;
/// Vertical distance between tiers.
pub const TIER_SPACING: f32 = 160.0;
/// Vertical distance between the rows of a tier too wide for one row.
pub const ROW_SPACING: f32 = 70.0;
/// Most nodes in one row; wider tiers wrap (at about the square root of the widest tier), so a
/// million customers make a block, not a strip.
pub const MAX_ROW: usize = 1_500;
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
    /// Each reseller's (or direct bill partner's) customers as one counted group, for the
    /// zoomed-out picture.
    pub groups: Vec<groups::Group>,
    /// Where each tier's slots are (without market grouping).
    pub rows: Vec<TierRows>,
    /// One band per market, when grouped by market.
    pub markets: Vec<markets::MarketBand>,
    /// Each node's index in the workspace's organizations.
    org_index: Vec<usize>,
    /// Looked up for every entity with a problem on each check (Fx: a move of the as-of date
    /// recounts tens of thousands).
    index: FxHashMap<Id, usize>,
    owner_of: FxHashMap<Id, usize>,
    /// Each node's automatic position (where it goes back to when its saved position is cleared).
    auto: Vec<Position>,
    /// Nodes at a saved position.
    pinned: Vec<usize>,
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

    /// Moves nodes to their saved positions and back to their automatic ones, touching only the
    /// nodes whose placement changed: dragging one box costs one box, not a layout. Returns the
    /// nodes that moved.
    pub fn sync_positions(
        &mut self,
        positions: &std::collections::BTreeMap<Id, Position>,
    ) -> Vec<usize> {
        let mut moved = Vec::new();
        for node in std::mem::take(&mut self.pinned) {
            if !positions.contains_key(&self.nodes[node].id) {
                self.nodes[node].position = self.auto[node];
                self.nodes[node].pinned = false;
                moved.push(node);
            }
        }
        for (id, position) in positions {
            let Some(&node) = self.index.get(id) else {
                continue;
            };
            let entry = &mut self.nodes[node];
            if entry.position != *position || !entry.pinned {
                entry.position = *position;
                entry.pinned = true;
                moved.push(node);
            }
            self.pinned.push(node);
        }
        moved
    }

    /// The index in the workspace's organizations of a node's organization.
    pub fn organization_index(&self, node: usize) -> Option<usize> {
        self.org_index.get(node).copied()
    }

    /// The smallest rectangle holding every node (and market band): (min, max) corners.
    pub fn bounds(&self) -> Option<(Position, Position)> {
        let half = [NODE_SIZE[0] / 2.0, NODE_SIZE[1] / 2.0];
        let boxes = self.nodes.iter().map(|n| {
            let p = n.position;
            (
                Position {
                    x: p.x - half[0],
                    y: p.y - half[1],
                },
                Position {
                    x: p.x + half[0],
                    y: p.y + half[1],
                },
            )
        });
        let bands = self.markets.iter().map(|b| (b.min, b.max));
        boxes.chain(bands).fold(None, |acc, (a, b)| {
            let (lo, hi) = acc.unwrap_or((a, b));
            Some((
                Position {
                    x: lo.x.min(a.x),
                    y: lo.y.min(a.y),
                },
                Position {
                    x: hi.x.max(b.x),
                    y: hi.y.max(b.y),
                },
            ))
        })
    }
}

/// How to lay out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LayoutOptions {
    /// One band per market (region) instead of one row block per tier.
    pub by_market: bool,
}

/// Lays out the workspace; nodes with a saved position keep it.
pub fn layout(ws: &Workspace) -> Layout {
    layout_with(ws, LayoutOptions::default())
}

/// Lays out the workspace with options; nodes with a saved position keep it.
pub fn layout_with(ws: &Workspace, options: LayoutOptions) -> Layout {
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
    let mut names = Vec::with_capacity(ws.organizations.len());
    for (at, org) in ws.organizations.iter().enumerate() {
        if out.index.contains_key(&org.id) {
            continue;
        }
        names.push(org.name.to_lowercase());
        out.org_index.push(at);
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
    place(&mut out, ws, &names, options);
    out
}

/// Orders each tier to reduce crossings, then assigns coordinates.
fn place(out: &mut Layout, ws: &Workspace, names: &[String], options: LayoutOptions) {
    let count = out.nodes.len();
    let mut tiers: Vec<Vec<u32>> = vec![Vec::new(); Tier::ALL.len()];
    let tier_of: Vec<u8> = out.nodes.iter().map(|n| n.tier.index() as u8).collect();
    for (i, &tier) in tier_of.iter().enumerate() {
        tiers[tier as usize].push(i as u32);
    }
    for tier in &mut tiers {
        tier.sort_unstable_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            names[a]
                .cmp(&names[b])
                .then_with(|| out.nodes[a].id.cmp(&out.nodes[b].id))
        });
    }
    let neighbours = Neighbours::new(count, &out.edges);
    let mut rank = vec![0.0_f32; count];
    for tier in &tiers {
        set_ranks(tier, &mut rank);
    }
    let mut scratch = Sweep::default();
    for _ in 0..SWEEPS {
        for order in [[1, 2, 3], [2, 1, 0]] {
            for t in order {
                let reference = if order[0] == 1 { t - 1 } else { t + 1 };
                scratch.sort(&mut tiers[t], &neighbours, &tier_of, &rank, reference as u8);
                set_ranks(&tiers[t], &mut rank);
            }
        }
    }
    if options.by_market {
        out.markets = markets::place(ws, out, &tiers);
    } else {
        place_rows(out, &tiers);
    }
    out.auto = out.nodes.iter().map(|n| n.position).collect();
    out.groups = groups::customer_groups(out, &tiers[Tier::Customer.index()]);
    out.sync_positions(&ws.positions);
}

/// Places each tier in centred rows.
fn place_rows(out: &mut Layout, tiers: &[Vec<u32>]) {
    // Rows about 1.2 times the square root of the widest tier: a big network is a block that
    // fits a screen when zoomed out, not a strip a hundred screens wide or tall.
    let widest = tiers.iter().map(Vec::len).max().unwrap_or(0);
    let row_length = ((widest as f32).sqrt() * 1.2).ceil() as usize;
    let row_length = row_length.clamp(MIN_ROW, MAX_ROW);
    let mut y = 0.0;
    out.rows = Vec::with_capacity(tiers.len());
    for tier in tiers {
        let rows = TierRows {
            top: y,
            length: row_length,
            count: tier.len(),
        };
        for (slot, &node) in tier.iter().enumerate() {
            out.nodes[node as usize].position = rows.slot_centre(slot);
        }
        y += (rows.rows() - 1) as f32 * ROW_SPACING + TIER_SPACING;
        out.rows.push(rows);
    }
}

/// Where a tier's slots are: rows of `length` boxes, centred, from `top` down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TierRows {
    /// The centre line of the first row.
    pub top: f32,
    /// Slots in a full row.
    pub length: usize,
    /// Slots in the tier.
    pub count: usize,
}

impl TierRows {
    /// Rows the tier takes (at least one, so an empty tier still leaves its gap).
    pub fn rows(&self) -> usize {
        self.count.div_ceil(self.length.max(1)).max(1)
    }

    /// The centre of the box in `slot`.
    pub fn slot_centre(&self, slot: usize) -> Position {
        let length = self.length.max(1);
        let row = slot / length;
        let in_row = self.count.saturating_sub(row * length).min(length);
        let column = slot % length;
        Position {
            x: (column as f32 - (in_row as f32 - 1.0) / 2.0) * NODE_SPACING,
            y: self.top + row as f32 * ROW_SPACING,
        }
    }
}

fn set_ranks(tier: &[u32], rank: &mut [f32]) {
    let width = tier.len().max(1) as f32;
    for (i, &node) in tier.iter().enumerate() {
        rank[node as usize] = (i as f32 + 0.5) / width;
    }
}

/// Each node's neighbours in one flat array (no list per node: a million small allocations
/// would cost more than the sweeps).
struct Neighbours {
    start: Vec<u32>,
    list: Vec<u32>,
}

impl Neighbours {
    fn new(count: usize, edges: &[Edge]) -> Self {
        let mut start = vec![0_u32; count + 1];
        for edge in edges.iter().filter(|e| e.from != e.to) {
            start[edge.from + 1] += 1;
            start[edge.to + 1] += 1;
        }
        for i in 0..count {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut list = vec![0_u32; start[count] as usize];
        for edge in edges.iter().filter(|e| e.from != e.to) {
            for (a, b) in [(edge.from, edge.to), (edge.to, edge.from)] {
                list[fill[a] as usize] = b as u32;
                fill[a] += 1;
            }
        }
        Self { start, list }
    }

    fn of(&self, node: u32) -> &[u32] {
        &self.list[self.start[node as usize] as usize..self.start[node as usize + 1] as usize]
    }
}

/// Buffers one barycentre sort reuses, so the sweeps allocate once.
#[derive(Default)]
struct Sweep {
    keys: Vec<u64>,
    before: Vec<u32>,
}

impl Sweep {
    /// Sorts a tier by the mean rank of each node's neighbours in the reference tier; nodes
    /// without such neighbours keep their relative place. The key is the rank's bit pattern (a
    /// positive float orders as its bits do) above the current slot, so ties keep the current
    /// order and one integer sort does it all, deterministically.
    fn sort(
        &mut self,
        tier: &mut [u32],
        neighbours: &Neighbours,
        tier_of: &[u8],
        rank: &[f32],
        reference: u8,
    ) {
        let width = tier.len().max(1) as f32;
        self.keys.clear();
        self.keys
            .extend(tier.iter().enumerate().map(|(slot, &node)| {
                let (mut sum, mut linked) = (0.0_f32, 0_u32);
                for &n in neighbours.of(node) {
                    if tier_of[n as usize] == reference {
                        sum += rank[n as usize];
                        linked += 1;
                    }
                }
                let key = if linked == 0 {
                    (slot as f32 + 0.5) / width
                } else {
                    sum / linked as f32
                };
                (u64::from(key.max(0.0).to_bits()) << 32) | slot as u64
            }));
        self.keys.sort_unstable();
        self.before.clear();
        self.before.extend_from_slice(tier);
        for (to, key) in tier.iter_mut().zip(&self.keys) {
            *to = self.before[(key & u64::from(u32::MAX)) as usize];
        }
    }
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
        for i in 0..105 {
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

    fn generated() -> Workspace {
        crate::generate::generate(&crate::generate::GenerateOptions {
            resellers: 40,
            customers: 900,
            seed: 8,
            violations: true,
        })
    }

    #[test]
    fn customer_groups_hold_every_customer_once_with_one_seller_and_cover_their_boxes() {
        let ws = generated();
        let laid = layout(&ws);
        let mut seen = std::collections::HashSet::new();
        for group in &laid.groups {
            for &m in &group.members {
                assert_eq!(laid.nodes[m].tier, Tier::Customer);
                assert!(seen.insert(m), "customer in two groups");
                let sells = laid
                    .edges
                    .iter()
                    .any(|e| Some(e.from) == group.seller && e.to == m);
                assert!(group.seller.is_none() || sells, "seller does not reach {m}");
                let p = laid.nodes[m].position;
                assert!(
                    group
                        .segments
                        .iter()
                        .any(|(lo, hi)| lo.x < p.x && p.x < hi.x && lo.y < p.y && p.y < hi.y),
                    "box outside its group"
                );
            }
        }
        let customers = laid
            .nodes
            .iter()
            .filter(|n| n.tier == Tier::Customer)
            .count();
        assert_eq!(seen.len(), customers);
        // Customers of one seller sit together: far fewer groups than customers.
        assert!(
            laid.groups.len() * 5 < customers,
            "{} groups",
            laid.groups.len()
        );
    }

    #[test]
    fn by_market_every_box_sits_in_its_band_bands_apart_and_nothing_overlaps() {
        let ws = generated();
        let options = LayoutOptions { by_market: true };
        let laid = layout_with(&ws, options);
        assert_eq!(laid, layout_with(&ws, options), "deterministic");
        assert!(laid.markets.len() > 1, "{:?}", laid.markets);
        for pair in laid.markets.windows(2) {
            assert!(pair[0].max.x < pair[1].min.x, "bands apart");
        }
        let mut tiers_y: [Vec<f32>; 4] = Default::default();
        for node in &laid.nodes {
            tiers_y[node.tier as usize].push(node.position.y);
            if node.tier == Tier::Microsoft {
                continue;
            }
            let inside = laid.markets.iter().filter(|b| {
                b.min.x < node.position.x
                    && node.position.x < b.max.x
                    && b.min.y < node.position.y
                    && node.position.y < b.max.y
            });
            assert_eq!(inside.count(), 1, "{} in one band", node.id);
        }
        for pair in tiers_y.windows(2) {
            let above = pair[0].iter().copied().fold(f32::MIN, f32::max);
            let below = pair[1].iter().copied().fold(f32::MAX, f32::min);
            assert!(above < below, "tiers ordered top to bottom");
        }
        let mut cells = std::collections::HashSet::new();
        for node in &laid.nodes {
            let cell = (
                (node.position.x / NODE_SPACING * 4.0).round() as i64,
                (node.position.y / ROW_SPACING).round() as i64,
            );
            assert!(cells.insert(cell), "two boxes at {:?}", node.position);
        }
    }
}
