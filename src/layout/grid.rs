//! A spatial index of the laid-out nodes: which boxes are in a rectangle (what is on screen, what
//! is under the pointer) without looking at every node, and a pyramid of coarser grids saying
//! which tier fills each cell, for drawing a million boxes as a few hundred coloured runs when
//! they are smaller than a pixel or two.

use super::{NODE_SIZE, NODE_SPACING, Node, Position, ROW_SPACING};

/// The index. Nodes moved after it was built are kept in a short side list.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    origin: Position,
    cell: [f32; 2],
    cols: usize,
    rows: usize,
    start: Vec<u32>,
    items: Vec<u32>,
    loose: Vec<u32>,
    is_loose: Vec<bool>,
    levels: Vec<Level>,
}

/// One level of the pyramid: per cell, 0 when empty, else 1 + the highest tier (smallest index)
/// with a node in it.
#[derive(Debug, Clone)]
struct Level {
    cell: [f32; 2],
    cols: usize,
    rows: usize,
    tiers: Vec<u8>,
}

/// A horizontal run of cells filled by one tier, for the zoomed-out picture.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Run {
    /// Top-left corner.
    pub min: Position,
    /// Bottom-right corner.
    pub max: Position,
    /// Index of the tier (0 Microsoft … 3 customers).
    pub tier: u8,
}

/// Loose nodes beyond this rebuild the index.
const MAX_LOOSE: usize = 4_096;

impl Grid {
    /// Indexes the nodes where they are now.
    pub fn build(nodes: &[Node]) -> Self {
        let Some((lo, hi)) = centre_bounds(nodes) else {
            return Self::default();
        };
        let mut cell = [NODE_SPACING, ROW_SPACING];
        let span = |c: [f32; 2]| {
            (
                ((hi.x - lo.x) / c[0]).floor() as usize + 1,
                ((hi.y - lo.y) / c[1]).floor() as usize + 1,
            )
        };
        let (mut cols, mut rows) = span(cell);
        // Boxes dragged far away must not make the grid huge: at most about four cells a node.
        let budget = nodes.len() * 4 + 4_096;
        if cols.saturating_mul(rows) > budget {
            let scale = ((cols as f64 * rows as f64) / budget as f64).sqrt() as f32 * 1.01;
            cell = [cell[0] * scale, cell[1] * scale];
            (cols, rows) = span(cell);
        }
        let mut grid = Self {
            origin: lo,
            cell,
            cols,
            rows,
            start: vec![0; cols * rows + 1],
            items: vec![0; nodes.len()],
            loose: Vec::new(),
            is_loose: vec![false; nodes.len()],
            levels: Vec::new(),
        };
        let cells: Vec<usize> = nodes.iter().map(|n| grid.cell_of(n.position)).collect();
        for &c in &cells {
            grid.start[c + 1] += 1;
        }
        for i in 0..cols * rows {
            grid.start[i + 1] += grid.start[i];
        }
        let mut fill = grid.start.clone();
        let mut base = vec![0_u8; cols * rows];
        for (node, &c) in cells.iter().enumerate() {
            grid.items[fill[c] as usize] = node as u32;
            fill[c] += 1;
            let tier = nodes[node].tier as u8 + 1;
            if base[c] == 0 || tier < base[c] {
                base[c] = tier;
            }
        }
        grid.levels.push(Level {
            cell,
            cols,
            rows,
            tiers: base,
        });
        while let Some(last) = grid.levels.last().filter(|l| l.cols > 1 || l.rows > 1) {
            let next = last.halved();
            grid.levels.push(next);
        }
        grid
    }

    fn cell_of(&self, p: Position) -> usize {
        let (c, r) = self.col_row(p);
        r * self.cols + c
    }

    fn col_row(&self, p: Position) -> (usize, usize) {
        // Slots sit on the grid's lines: a hair of slack keeps rounding from moving a box a cell.
        let c = ((p.x - self.origin.x) / self.cell[0] + 1e-3).floor();
        let r = ((p.y - self.origin.y) / self.cell[1] + 1e-3).floor();
        (
            (c.max(0.0) as usize).min(self.cols.saturating_sub(1)),
            (r.max(0.0) as usize).min(self.rows.saturating_sub(1)),
        )
    }

    /// Notes that nodes moved since the index was built; true when the index should be rebuilt.
    pub fn moved(&mut self, nodes: &[usize]) -> bool {
        for &node in nodes {
            if let Some(flag) = self.is_loose.get_mut(node)
                && !*flag
            {
                *flag = true;
                self.loose.push(node as u32);
            }
        }
        self.loose.len() > MAX_LOOSE
    }

    /// Calls `found` for every node whose box may reach into the rectangle `lo`..`hi` (a few
    /// more near its edge; the caller tests the box itself).
    pub fn query(&self, lo: Position, hi: Position, mut found: impl FnMut(usize)) {
        if self.cols == 0 {
            return;
        }
        let pad = [NODE_SIZE[0] / 2.0, NODE_SIZE[1] / 2.0];
        let (c0, r0) = self.col_row(Position {
            x: lo.x - pad[0],
            y: lo.y - pad[1],
        });
        let (c1, r1) = self.col_row(Position {
            x: hi.x + pad[0],
            y: hi.y + pad[1],
        });
        for r in r0..=r1 {
            let row = r * self.cols;
            let (a, b) = (self.start[row + c0], self.start[row + c1 + 1]);
            for &node in &self.items[a as usize..b as usize] {
                if !self.is_loose[node as usize] {
                    found(node as usize);
                }
            }
        }
        for &node in &self.loose {
            found(node as usize);
        }
    }

    /// Nodes moved since the index was built (drawn one by one at every zoom).
    pub fn loose(&self) -> impl Iterator<Item = usize> + '_ {
        self.loose.iter().map(|&n| n as usize)
    }

    /// The filled cells in `lo`..`hi` at the finest level whose cells are at least `min_cell`
    /// units tall, merged into horizontal runs of one tier.
    pub fn runs(&self, lo: Position, hi: Position, min_cell: f32, out: &mut Vec<Run>) {
        out.clear();
        let Some(level) = self
            .levels
            .iter()
            .find(|l| l.cell[1] >= min_cell)
            .or(self.levels.last())
        else {
            return;
        };
        let to_cell = |p: Position| {
            (
                (((p.x - self.origin.x) / level.cell[0]).floor().max(0.0) as usize)
                    .min(level.cols - 1),
                (((p.y - self.origin.y) / level.cell[1]).floor().max(0.0) as usize)
                    .min(level.rows - 1),
            )
        };
        let (c0, r0) = to_cell(lo);
        let (c1, r1) = to_cell(hi);
        for r in r0..=r1 {
            let row = &level.tiers[r * level.cols..(r + 1) * level.cols];
            let mut c = c0;
            while c <= c1 {
                let tier = row[c];
                if tier == 0 {
                    c += 1;
                    continue;
                }
                let first = c;
                while c <= c1 && row[c] == tier {
                    c += 1;
                }
                out.push(Run {
                    min: Position {
                        x: self.origin.x + first as f32 * level.cell[0],
                        y: self.origin.y + r as f32 * level.cell[1],
                    },
                    max: Position {
                        x: self.origin.x + c as f32 * level.cell[0],
                        y: self.origin.y + (r + 1) as f32 * level.cell[1],
                    },
                    tier: tier - 1,
                });
            }
        }
        // Cells hold box centres: shift runs by half a box so they cover the boxes.
        for run in out.iter_mut() {
            run.min.x -= NODE_SIZE[0] / 2.0;
            run.max.x -= NODE_SIZE[0] / 2.0;
            run.min.y -= NODE_SIZE[1] / 2.0;
            run.max.y -= NODE_SIZE[1] / 2.0;
        }
    }
}

impl Level {
    fn halved(&self) -> Level {
        let (cols, rows) = (self.cols.div_ceil(2), self.rows.div_ceil(2));
        let mut tiers = vec![0_u8; cols * rows];
        for r in 0..self.rows {
            for c in 0..self.cols {
                let t = self.tiers[r * self.cols + c];
                let slot = &mut tiers[(r / 2) * cols + c / 2];
                if t != 0 && (*slot == 0 || t < *slot) {
                    *slot = t;
                }
            }
        }
        Level {
            cell: [self.cell[0] * 2.0, self.cell[1] * 2.0],
            cols,
            rows,
            tiers,
        }
    }
}

fn centre_bounds(nodes: &[Node]) -> Option<(Position, Position)> {
    nodes.iter().fold(None, |acc, n| {
        let p = n.position;
        let (lo, hi) = acc.unwrap_or((p, p));
        Some((
            Position {
                x: lo.x.min(p.x),
                y: lo.y.min(p.y),
            },
            Position {
                x: hi.x.max(p.x),
                y: hi.y.max(p.y),
            },
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{GenerateOptions, generate};

    fn inside(n: &Node, lo: Position, hi: Position) -> bool {
        let h = [NODE_SIZE[0] / 2.0, NODE_SIZE[1] / 2.0];
        n.position.x + h[0] >= lo.x
            && n.position.x - h[0] <= hi.x
            && n.position.y + h[1] >= lo.y
            && n.position.y - h[1] <= hi.y
    }

    #[test]
    fn a_query_finds_exactly_the_boxes_a_scan_finds() {
        let ws = generate(&GenerateOptions {
            resellers: 30,
            customers: 600,
            seed: 2,
            violations: false,
        });
        let mut laid = super::super::layout(&ws);
        let mut grid = Grid::build(&laid.nodes);
        // One box dragged far away after the index was built.
        laid.nodes[7].position = Position { x: 9e5, y: -3e5 };
        assert!(!grid.moved(&[7]));
        for (lo, hi) in [
            (
                Position {
                    x: -900.0,
                    y: 100.0,
                },
                Position { x: 300.0, y: 900.0 },
            ),
            (
                Position {
                    x: 8.9e5,
                    y: -3.1e5,
                },
                Position {
                    x: 9.1e5,
                    y: -2.9e5,
                },
            ),
            (Position { x: -1e9, y: -1e9 }, Position { x: 1e9, y: 1e9 }),
        ] {
            let mut found = Vec::new();
            grid.query(lo, hi, |n| {
                if inside(&laid.nodes[n], lo, hi) {
                    found.push(n);
                }
            });
            found.sort_unstable();
            let scanned: Vec<usize> = (0..laid.nodes.len())
                .filter(|&n| inside(&laid.nodes[n], lo, hi))
                .collect();
            assert!(!scanned.is_empty());
            assert_eq!(found, scanned);
        }
    }

    #[test]
    fn runs_cover_every_box_and_merge_rows() {
        let ws = generate(&GenerateOptions {
            resellers: 100,
            customers: 3_000,
            seed: 4,
            violations: false,
        });
        let laid = super::super::layout(&ws);
        let grid = Grid::build(&laid.nodes);
        let (lo, hi) = laid.bounds().expect("bounds");
        let mut runs = Vec::new();
        grid.runs(lo, hi, 300.0, &mut runs);
        assert!(runs.len() < laid.nodes.len() / 10, "{} runs", runs.len());
        for node in &laid.nodes {
            let p = node.position;
            assert!(
                runs.iter()
                    .any(|r| r.min.x <= p.x && p.x <= r.max.x && r.min.y <= p.y && p.y <= r.max.y),
                "no run covers {p:?}"
            );
        }
    }
}
