//! Aggregates for the zoomed-out picture: the customers a reseller (or direct bill partner) sells
//! to sit side by side after the barycentre sweeps, so each such run is drawn as one counted box
//! ("1,234 customers") with one edge from its seller, instead of a thousand boxes too small to see.

use super::{EdgeKind, Layout, NODE_SIZE, Position, Tier};

/// A run of neighbouring customers with the same seller.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The node that sells to them (none for customers nobody sells to).
    pub seller: Option<usize>,
    /// The customers, in tier order.
    pub members: Vec<usize>,
    /// The boxes' outline: one rectangle (min, max corners) per row the run takes.
    pub segments: Vec<(Position, Position)>,
}

impl Group {
    /// The rectangle holding every segment.
    pub fn bounds(&self) -> (Position, Position) {
        self.segments.iter().fold(
            (
                Position {
                    x: f32::INFINITY,
                    y: f32::INFINITY,
                },
                Position {
                    x: f32::NEG_INFINITY,
                    y: f32::NEG_INFINITY,
                },
            ),
            |(lo, hi), (a, b)| {
                (
                    Position {
                        x: lo.x.min(a.x),
                        y: lo.y.min(a.y),
                    },
                    Position {
                        x: hi.x.max(b.x),
                        y: hi.y.max(b.y),
                    },
                )
            },
        )
    }
}

/// Groups the customer tier (in slot order) into runs with the same seller: the first node that
/// sells to the customer, or failing that the first partner tied to it in any way.
pub(super) fn customer_groups(layout: &Layout, tier: &[u32]) -> Vec<Group> {
    const NONE: u32 = u32::MAX;
    let mut seller = vec![NONE; layout.nodes.len()];
    let mut fallback = vec![NONE; layout.nodes.len()];
    for edge in &layout.edges {
        if layout.nodes[edge.from].tier == Tier::Customer {
            continue;
        }
        let slot = if edge.kind == EdgeKind::SellsTo {
            &mut seller[edge.to]
        } else {
            &mut fallback[edge.to]
        };
        if *slot == NONE {
            *slot = edge.from as u32;
        }
    }
    let seller_of = |node: u32| {
        let s = seller[node as usize];
        let s = if s == NONE {
            fallback[node as usize]
        } else {
            s
        };
        (s != NONE).then_some(s as usize)
    };
    let Some(rows) = layout.rows.get(Tier::Customer as usize).copied() else {
        return Vec::new();
    };
    let half = Position {
        x: NODE_SIZE[0] / 2.0,
        y: NODE_SIZE[1] / 2.0,
    };
    let mut groups: Vec<Group> = Vec::new();
    let mut start = 0;
    while start < tier.len() {
        let who = seller_of(tier[start]);
        let mut end = start + 1;
        while end < tier.len() && seller_of(tier[end]) == who {
            end += 1;
        }
        let length = rows.length.max(1);
        let mut segments = Vec::new();
        for row in start / length..=(end - 1) / length {
            let first = rows.slot_centre(start.max(row * length));
            let last = rows.slot_centre((end.min((row + 1) * length)) - 1);
            segments.push((
                Position {
                    x: first.x - half.x,
                    y: first.y - half.y,
                },
                Position {
                    x: last.x + half.x,
                    y: last.y + half.y,
                },
            ));
        }
        groups.push(Group {
            seller: who,
            members: tier[start..end].iter().map(|&n| n as usize).collect(),
            segments,
        });
        start = end;
    }
    groups
}
