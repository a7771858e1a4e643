//! Grouping by market: each market (region of the region table) gets a vertical band holding its
//! providers, resellers and customers, so a channel manager sees at a glance which part of the
//! network sells where. Microsoft stays centred above all bands.

use std::collections::BTreeMap;

use super::{Layout, NODE_SIZE, NODE_SPACING, Position, ROW_SPACING, TIER_SPACING, Tier};
use crate::model::{TenantKind, Workspace};

/// Gap between two bands.
pub const BAND_GAP: f32 = 80.0;

/// One market's band.
#[derive(Debug, Clone, PartialEq)]
pub struct MarketBand {
    /// The market's name (from the region table), or "Unknown market".
    pub name: String,
    /// Top-left corner.
    pub min: Position,
    /// Bottom-right corner.
    pub max: Position,
}

/// The name of the band for organizations whose market is not known.
pub const UNKNOWN_MARKET: &str = "Unknown market";

/// Each node's market: a customer's follows its customer tenant's country, anyone else's the
/// organization's country.
fn markets(ws: &Workspace, layout: &Layout) -> Vec<String> {
    let table = ws.region_table();
    let mut country: Vec<Option<crate::model::Country>> = layout
        .nodes
        .iter()
        .enumerate()
        .map(|(node, _)| {
            layout
                .org_index
                .get(node)
                .and_then(|&at| ws.organizations.get(at))
                .and_then(|o| o.country)
        })
        .collect();
    for tenant in &ws.tenants {
        if tenant.kind == TenantKind::Customer
            && let Some(c) = tenant.country
            && let Some(node) = tenant.owner.as_ref().and_then(|o| layout.node_of(o))
            && layout.nodes[node].tier == Tier::Customer
        {
            country[node] = Some(c);
        }
    }
    country
        .into_iter()
        .map(|c| {
            c.and_then(|c| table.region_on(c, ws.as_of))
                .map_or_else(|| UNKNOWN_MARKET.to_owned(), str::to_owned)
        })
        .collect()
}

/// Places tiers 1–3 in market bands (keeping each tier's order within a market) and Microsoft
/// centred above; returns the bands.
pub(super) fn place(ws: &Workspace, out: &mut Layout, tiers: &[Vec<u32>]) -> Vec<MarketBand> {
    let market_of = markets(ws, out);
    let mut names: Vec<&str> = market_of.iter().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    // Unknown last, whatever its spelling sorts as.
    if let Some(at) = names.iter().position(|n| *n == UNKNOWN_MARKET) {
        let unknown = names.remove(at);
        names.push(unknown);
    }
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let market: Vec<usize> = market_of.iter().map(|m| index[m.as_str()]).collect();
    // Per tier and market, the nodes in tier order.
    let mut cells: Vec<Vec<Vec<u32>>> = vec![vec![Vec::new(); names.len()]; tiers.len()];
    for (t, tier) in tiers.iter().enumerate().skip(1) {
        for &node in tier {
            cells[t][market[node as usize]].push(node);
        }
    }
    let widths: Vec<usize> = (0..names.len())
        .map(|m| {
            let most = cells.iter().map(|c| c[m].len()).max().unwrap_or(0);
            (((most as f32).sqrt() * 1.2).ceil() as usize).clamp(1, most.max(1))
        })
        .collect();
    let total: f32 = widths
        .iter()
        .map(|&w| w as f32 * NODE_SPACING + BAND_GAP)
        .sum::<f32>()
        - BAND_GAP;
    let mut left = Vec::with_capacity(names.len());
    let mut x = -total / 2.0;
    for &w in &widths {
        left.push(x);
        x += w as f32 * NODE_SPACING + BAND_GAP;
    }
    let mut y = 0.0;
    for (t, tier) in tiers.iter().enumerate() {
        if t == 0 {
            let count = tier.len();
            for (i, &node) in tier.iter().enumerate() {
                out.nodes[node as usize].position = Position {
                    x: (i as f32 - (count as f32 - 1.0) / 2.0) * NODE_SPACING,
                    y,
                };
            }
            y += TIER_SPACING;
            continue;
        }
        let mut rows = 1;
        for (m, nodes) in cells[t].iter().enumerate() {
            let width = widths[m];
            rows = rows.max(nodes.len().div_ceil(width));
            for (slot, &node) in nodes.iter().enumerate() {
                let row = slot / width;
                let in_row = nodes.len().saturating_sub(row * width).min(width);
                let column = slot % width;
                let spare = (width - in_row) as f32 / 2.0;
                out.nodes[node as usize].position = Position {
                    x: left[m] + (column as f32 + spare + 0.5) * NODE_SPACING,
                    y: y + row as f32 * ROW_SPACING,
                };
            }
        }
        y += (rows - 1) as f32 * ROW_SPACING + TIER_SPACING;
    }
    let top = TIER_SPACING / 2.0;
    let bottom = y - TIER_SPACING + NODE_SIZE[1] / 2.0 + 20.0;
    names
        .iter()
        .enumerate()
        .map(|(m, name)| MarketBand {
            name: (*name).to_owned(),
            min: Position { x: left[m], y: top },
            max: Position {
                x: left[m] + widths[m] as f32 * NODE_SPACING,
                y: bottom,
            },
        })
        .collect()
}
