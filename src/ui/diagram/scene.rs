//! Drawing the network at three levels of detail, looking only at what is on screen:
//! - close: every box with its name, roles, tenant marks and badge, every edge of a box in view;
//! - mid: boxes without text, and each seller's customers as one counted box with one edge;
//! - far: coloured runs from the grid's pyramid, a few hundred shapes for a million boxes.
//!
//! Text is laid out only where it is at least [`MIN_TEXT`] points tall.

use std::collections::HashSet;

use egui::{Color32, CornerRadius, FontId, Painter, Pos2, Rect, Stroke, StrokeKind, pos2, vec2};

use crate::layout::{EdgeKind, NODE_SIZE, Tier, svg};
use crate::model::Position;

use super::{Diagram, colour, draw_edge, tenant_mark};
use crate::ui::theme;

/// The smallest text drawn, in points: anything smaller is not laid out at all.
pub const MIN_TEXT: f32 = 7.0;
/// Below this zoom each seller's customers are drawn as one counted box.
pub const AGGREGATE_ZOOM: f32 = 0.3;
/// Below this zoom boxes are under about five points wide: the grid's runs are drawn instead.
pub const FAR_ZOOM: f32 = 0.03;
/// Size of the count on a group of customers, in points.
const GROUP_FONT: f32 = 10.0;
/// Most edges drawn in one frame; past it the frame stays fast and edges thin out.
const EDGE_BUDGET: usize = 30_000;

/// What one frame drew, for tests and the status line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FrameStats {
    /// Boxes drawn one by one.
    pub boxes: usize,
    /// Counted customer boxes drawn.
    pub groups: usize,
    /// Runs drawn at the far level.
    pub runs: usize,
    /// Edges drawn.
    pub edges: usize,
}

/// The level of detail at a zoom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every box.
    Close,
    /// Customers counted per seller.
    Mid,
    /// Coloured runs.
    Far,
}

impl Detail {
    /// The level used at `zoom`.
    pub fn at(zoom: f32) -> Self {
        if zoom >= AGGREGATE_ZOOM {
            Detail::Close
        } else if zoom >= FAR_ZOOM {
            Detail::Mid
        } else {
            Detail::Far
        }
    }
}

impl Diagram {
    /// The diagram rectangle (in layout units) the canvas shows.
    pub(super) fn visible_area(&self, rect: Rect) -> (Position, Position) {
        let lo = -self.offset / self.zoom;
        let hi = (rect.size() - self.offset) / self.zoom;
        (Position { x: lo.x, y: lo.y }, Position { x: hi.x, y: hi.y })
    }

    pub(super) fn to_screen(&self, rect: Rect, p: Position) -> Pos2 {
        rect.min + self.offset + vec2(p.x, p.y) * self.zoom
    }

    fn box_rect(&self, rect: Rect, p: Position) -> Rect {
        Rect::from_center_size(
            self.to_screen(rect, p),
            vec2(NODE_SIZE[0], NODE_SIZE[1]) * self.zoom,
        )
    }

    /// The topmost box under a screen point, found through the grid.
    pub(super) fn node_at(&self, rect: Rect, point: Pos2) -> Option<usize> {
        let p = (point - rect.min - self.offset) / self.zoom;
        let p = Position { x: p.x, y: p.y };
        let detail = Detail::at(self.zoom);
        let mut best = None;
        self.grid.query(p, p, |node| {
            let n = &self.layout.nodes[node];
            if detail != Detail::Close && n.tier == Tier::Customer && !n.pinned {
                return;
            }
            if self.box_rect(rect, n.position).contains(point) {
                best = best.max(Some(node));
            }
        });
        best
    }

    /// Draws edges and boxes of what is in view; returns what was drawn.
    pub(super) fn draw_network(
        &mut self,
        painter: &Painter,
        rect: Rect,
        doc: &crate::app::Document,
        selected: &HashSet<usize>,
    ) -> FrameStats {
        let (lo, hi) = self.visible_area(rect);
        let mut stats = FrameStats::default();
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.seen.iter_mut().for_each(|s| *s = 0);
            self.stamp = 1;
        }
        self.seen.resize(self.layout.nodes.len(), 0);
        let detail = Detail::at(self.zoom);
        self.draw_bands(painter, rect);
        if detail == Detail::Far {
            let mut runs = std::mem::take(&mut self.runs);
            self.grid.runs(lo, hi, 2.0 / self.zoom, &mut runs);
            for run in &runs {
                let r = Rect::from_min_max(
                    self.to_screen(rect, run.min),
                    self.to_screen(rect, run.max),
                );
                painter.rect_filled(r, CornerRadius::ZERO, tier_colour(run.tier));
            }
            stats.runs = runs.len();
            self.runs = runs;
            for node in self.grid.loose().chain(selected.iter().copied()) {
                let r = self.box_rect(rect, self.layout.nodes[node].position);
                painter.rect_filled(
                    r.expand(1.5),
                    CornerRadius::ZERO,
                    if selected.contains(&node) {
                        theme::SELECTION
                    } else {
                        colour(svg::tier_fill(self.layout.nodes[node].tier))
                    },
                );
                stats.boxes += 1;
            }
            return stats;
        }
        // Which boxes are on screen, marked so edges can ask in constant time.
        let mut visible = std::mem::take(&mut self.visible);
        visible.clear();
        let area = Rect::from_min_max(pos2(lo.x, lo.y), pos2(hi.x, hi.y))
            .expand2(vec2(NODE_SIZE[0], NODE_SIZE[1]) / 2.0);
        self.grid.query(lo, hi, |node| {
            let n = &self.layout.nodes[node];
            if self.seen[node] != self.stamp && area.contains(pos2(n.position.x, n.position.y)) {
                self.seen[node] = self.stamp;
                visible.push(node as u32);
            }
        });
        visible.sort_unstable();
        let aggregated = |n: usize| {
            detail == Detail::Mid
                && self.layout.nodes[n].tier == Tier::Customer
                && !self.layout.nodes[n].pinned
                && !selected.contains(&n)
        };
        let on_screen = |n: usize| self.seen[n] == self.stamp;
        let highlighted: HashSet<usize> = self
            .highlight
            .iter()
            .filter_map(|id| self.layout.node_for_entity(id))
            .collect();
        // Edges of visible boxes, each once.
        for &node in &visible {
            let node = node as usize;
            for &edge in self.adjacency.of(node) {
                if stats.edges >= EDGE_BUDGET {
                    break;
                }
                let edge = &self.layout.edges[edge as usize];
                let other = if edge.from == node {
                    edge.to
                } else {
                    edge.from
                };
                if (on_screen(other) && other < node)
                    || aggregated(edge.from)
                    || aggregated(edge.to)
                {
                    continue;
                }
                let (a, b) = (
                    self.layout.nodes[edge.from].position,
                    self.layout.nodes[edge.to].position,
                );
                if self.highlight.contains(&edge.relationship) {
                    painter.line_segment(
                        [self.to_screen(rect, a), self.to_screen(rect, b)],
                        Stroke::new(6.0, theme::STEP_HIGHLIGHT),
                    );
                }
                draw_edge(
                    painter,
                    self.to_screen(rect, a),
                    self.to_screen(rect, b),
                    edge.kind,
                    self.zoom,
                );
                stats.edges += 1;
            }
        }
        if detail == Detail::Mid {
            self.draw_groups(painter, rect, lo, hi, &mut stats);
        }
        let text =
            detail == Detail::Close && theme::NODE_FONT_SIZE * self.zoom.min(1.5) >= MIN_TEXT;
        let font = FontId::proportional(theme::NODE_FONT_SIZE * self.zoom.min(1.5));
        let small_size = theme::NODE_SMALL_FONT_SIZE * self.zoom.min(1.5);
        let small = FontId::proportional(small_size);
        let radius = CornerRadius::same((6.0 * self.zoom.min(1.0)).round() as u8);
        for &node in &visible {
            let i = node as usize;
            if aggregated(i) {
                continue;
            }
            let n = &self.layout.nodes[i];
            let node_rect = self.box_rect(rect, n.position);
            let (errors, warnings) = self.node_errors.get(&i).copied().unwrap_or_default();
            let stroke = if selected.contains(&i) {
                Stroke::new(3.0, theme::SELECTION)
            } else if errors > 0 {
                Stroke::new(2.5, colour(svg::ERROR_OUTLINE))
            } else if detail == Detail::Close {
                Stroke::new(1.0, theme::NODE_OUTLINE)
            } else {
                Stroke::NONE
            };
            if highlighted.contains(&i) {
                painter.rect_stroke(
                    node_rect.expand(5.0),
                    CornerRadius::same(9),
                    Stroke::new(3.0, theme::STEP_HIGHLIGHT),
                    StrokeKind::Outside,
                );
            }
            painter.rect(
                node_rect,
                radius,
                colour(svg::tier_fill(n.tier)),
                stroke,
                StrokeKind::Outside,
            );
            stats.boxes += 1;
            if !text {
                continue;
            }
            let centre = node_rect.center();
            painter.text(
                centre - vec2(0.0, 8.0 * self.zoom),
                egui::Align2::CENTER_CENTER,
                self.name(doc, i),
                font.clone(),
                Color32::WHITE,
            );
            if small_size >= MIN_TEXT {
                painter.text(
                    centre + vec2(0.0, 10.0 * self.zoom),
                    egui::Align2::CENTER_CENTER,
                    self.subtitle(doc, i),
                    small.clone(),
                    theme::NODE_SUBTITLE,
                );
            }
            for (k, kind) in n.tenants.iter().take(theme::MAX_TENANT_MARKS).enumerate() {
                let size = theme::TENANT_MARK * self.zoom.clamp(0.6, 1.5);
                let corner =
                    node_rect.left_bottom() + vec2(4.0 + k as f32 * (size + 3.0), -size - 3.0);
                tenant_mark(
                    painter,
                    Rect::from_min_size(corner, egui::Vec2::splat(size)),
                    *kind,
                );
            }
            if errors + warnings > 0 {
                let badge = node_rect.right_top();
                let fill = if errors > 0 {
                    colour(svg::ERROR_OUTLINE)
                } else {
                    theme::WARNING_BADGE
                };
                painter.circle_filled(badge, 9.0, fill);
                painter.text(
                    badge,
                    egui::Align2::CENTER_CENTER,
                    (errors + warnings).to_string(),
                    FontId::proportional(11.0),
                    Color32::WHITE,
                );
            }
        }
        self.visible = visible;
        stats
    }

    /// The market bands behind the boxes, each named at its top (kept on screen while scrolling).
    fn draw_bands(&self, painter: &Painter, rect: Rect) {
        let dark = painter.ctx().global_style().visuals.dark_mode;
        let (fill, text) = if dark {
            (Color32::from_white_alpha(10), Color32::from_gray(200))
        } else {
            (Color32::from_black_alpha(10), Color32::from_gray(60))
        };
        for band in &self.layout.markets {
            let r = Rect::from_min_max(
                self.to_screen(rect, band.min),
                self.to_screen(rect, band.max),
            );
            if !r.intersects(rect) {
                continue;
            }
            painter.rect(
                r,
                CornerRadius::same(8),
                fill,
                Stroke::new(1.0, text.gamma_multiply(0.4)),
                StrokeKind::Inside,
            );
            let label_at = pos2(
                r.center().x.clamp(rect.left() + 60.0, rect.right() - 60.0),
                r.top().max(rect.top()) + 12.0,
            );
            if r.width() >= band.name.chars().count() as f32 * 7.5 && r.contains(label_at) {
                painter.text(
                    label_at,
                    egui::Align2::CENTER_CENTER,
                    &band.name,
                    FontId::proportional(13.0),
                    text,
                );
            }
        }
    }

    /// Each seller's customers as one box with a count, and one edge from the seller.
    fn draw_groups(
        &self,
        painter: &Painter,
        rect: Rect,
        lo: Position,
        hi: Position,
        stats: &mut FrameStats,
    ) {
        let font = FontId::proportional(GROUP_FONT);
        let fill = colour(svg::tier_fill(Tier::Customer));
        let text_colour = Color32::WHITE;
        for (g, group) in self.layout.groups.iter().enumerate() {
            let (a, b) = self.group_bounds[g];
            if b.x < lo.x || a.x > hi.x || b.y < lo.y || a.y > hi.y {
                continue;
            }
            let errors = self.group_errors.get(&g).copied().unwrap_or(0);
            let stroke = if errors > 0 {
                Stroke::new(2.0, colour(svg::ERROR_OUTLINE))
            } else {
                Stroke::new(1.0, fill.gamma_multiply(0.6))
            };
            for (s, (min, max)) in group.segments.iter().enumerate() {
                let r = Rect::from_min_max(self.to_screen(rect, *min), self.to_screen(rect, *max));
                painter.rect(
                    r,
                    CornerRadius::same(3),
                    fill.gamma_multiply(0.85),
                    stroke,
                    StrokeKind::Inside,
                );
                // The count is formatted only when the bar is tall enough to carry it, and
                // laid out only when it also fits the bar's width (about 0.6 em a glyph).
                if s == 0 && r.height() >= GROUP_FONT * 0.7 {
                    let label = crate::i18n::t!(
                        "diagram.group_count",
                        count = thousands(group.members.len())
                    );
                    let wide = label.chars().count() as f32 * GROUP_FONT * 0.6 + 8.0;
                    if r.width() >= wide {
                        painter.text(
                            r.center(),
                            egui::Align2::CENTER_CENTER,
                            label,
                            font.clone(),
                            text_colour,
                        );
                    }
                }
            }
            stats.groups += 1;
            if let Some(seller) = group.seller
                && stats.edges < EDGE_BUDGET
                && let Some((min, max)) = group.segments.first()
            {
                let top = Position {
                    x: (min.x + max.x) / 2.0,
                    y: min.y + NODE_SIZE[1] / 2.0,
                };
                draw_edge(
                    painter,
                    self.to_screen(rect, self.layout.nodes[seller].position),
                    self.to_screen(rect, top),
                    EdgeKind::SellsTo,
                    self.zoom,
                );
                stats.edges += 1;
            }
        }
    }
}

/// The fill of a tier given by its index.
pub(super) fn tier_colour(tier: u8) -> Color32 {
    let tier = match tier {
        0 => Tier::Microsoft,
        1 => Tier::Supplier,
        2 => Tier::Reseller,
        _ => Tier::Customer,
    };
    colour(svg::tier_fill(tier))
}

/// 1234567 as "1,234,567".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The edges at each node, in one flat array.
#[derive(Default)]
pub(super) struct Adjacency {
    start: Vec<u32>,
    list: Vec<u32>,
}

impl Adjacency {
    pub(super) fn new(layout: &crate::layout::Layout) -> Self {
        let count = layout.nodes.len();
        let mut start = vec![0_u32; count + 1];
        for e in &layout.edges {
            start[e.from + 1] += 1;
            if e.to != e.from {
                start[e.to + 1] += 1;
            }
        }
        for i in 0..count {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut list = vec![0_u32; start[count] as usize];
        for (k, e) in layout.edges.iter().enumerate() {
            list[fill[e.from] as usize] = k as u32;
            fill[e.from] += 1;
            if e.to != e.from {
                list[fill[e.to] as usize] = k as u32;
                fill[e.to] += 1;
            }
        }
        Self { start, list }
    }

    fn of(&self, node: usize) -> &[u32] {
        match (self.start.get(node), self.start.get(node + 1)) {
            (Some(&a), Some(&b)) => &self.list[a as usize..b as usize],
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_with_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234), "1,234");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn detail_falls_with_zoom() {
        assert_eq!(Detail::at(1.0), Detail::Close);
        assert_eq!(Detail::at(0.1), Detail::Mid);
        assert_eq!(Detail::at(0.01), Detail::Far);
    }
}
