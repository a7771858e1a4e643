//! Aggregates for the zoomed-out picture: the customers a reseller (or direct bill partner) sells
//! to sit side by side after the barycentre sweeps, so each such run is drawn as one counted box
//! ("1,234 customers") with one edge from its seller, instead of a thousand boxes too small to see.

use super::{EdgeKind, Layout, NODE_SIZE, NODE_SPACING, Position, Tier};

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
        // One segment per stretch of side-by-side boxes (a row, or a row within a market band).
        let mut segments: Vec<(Position, Position)> = Vec::new();
        let mut previous: Option<Position> = None;
        for &node in &tier[start..end] {
            let p = layout.nodes[node as usize].position;
            let joins = previous
                .is_some_and(|q| (q.y - p.y).abs() < 0.5 && (p.x - q.x - NODE_SPACING).abs() < 0.5);
            match segments.last_mut() {
                Some(last) if joins => last.1.x = p.x + half.x,
                _ => segments.push((
                    Position {
                        x: p.x - half.x,
                        y: p.y - half.y,
                    },
                    Position {
                        x: p.x + half.x,
                        y: p.y + half.y,
                    },
                )),
            }
            previous = Some(p);
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
