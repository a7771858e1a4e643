//! The overview map in the canvas' corner: the whole network as tier-coloured runs with the part
//! on screen outlined. Clicking or dragging on it moves the view there. Shown only when the
//! network does not fit on screen.

use egui::{CornerRadius, Rect, Sense, Stroke, StrokeKind, Ui, vec2};

use crate::i18n::t;
use crate::model::Position;
use crate::ui::theme;

use super::Diagram;
use super::scene::tier_colour;

/// Largest size of the map, in points.
const MAP_SIZE: [f32; 2] = [240.0, 170.0];
/// Gap between the map and the canvas' edge.
const MAP_MARGIN: f32 = 10.0;

impl Diagram {
    /// Draws the map and pans when it is clicked or dragged.
    pub(super) fn minimap(&mut self, ui: &Ui, rect: Rect) {
        self.minimap_rect = None;
        let Some((lo, hi)) = self.layout.bounds() else {
            return;
        };
        let (view_lo, view_hi) = self.visible_area(rect);
        if view_lo.x <= lo.x && view_lo.y <= lo.y && view_hi.x >= hi.x && view_hi.y >= hi.y {
            return;
        }
        let (w, h) = ((hi.x - lo.x).max(1.0), (hi.y - lo.y).max(1.0));
        let scale = (MAP_SIZE[0] / w).min(MAP_SIZE[1] / h);
        let size = vec2(w * scale, h * scale).max(vec2(40.0, 30.0));
        let map = Rect::from_min_size(
            rect.right_bottom() - size - vec2(MAP_MARGIN, MAP_MARGIN),
            size,
        );
        if !rect.contains_rect(map) {
            return;
        }
        self.minimap_rect = Some(map);
        let response = ui.interact(
            map,
            ui.scope_id().with("diagram-minimap"),
            Sense::click_and_drag(),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Canvas, true, t!("diagram.minimap"))
        });
        if (response.clicked() || response.dragged())
            && let Some(p) = response.interact_pointer_pos()
        {
            let target = (p - map.min) / scale;
            let centre = vec2(lo.x + target.x, lo.y + target.y);
            self.offset = rect.size() / 2.0 - centre * self.zoom;
            ui.ctx().request_repaint();
        }
        let painter = ui.painter_at(map.expand(2.0));
        let dark = ui.visuals().dark_mode;
        let background = if dark {
            theme::DIAGRAM_BG_DARK
        } else {
            theme::DIAGRAM_BG_LIGHT
        };
        painter.rect(
            map.expand(2.0),
            CornerRadius::same(4),
            background,
            Stroke::new(1.0, theme::NODE_OUTLINE),
            StrokeKind::Inside,
        );
        let to_map = |p: Position| map.min + vec2(p.x - lo.x, p.y - lo.y) * scale;
        let mut runs = std::mem::take(&mut self.runs);
        self.grid.runs(lo, hi, 1.5 / scale, &mut runs);
        for run in &runs {
            painter.rect_filled(
                Rect::from_min_max(to_map(run.min), to_map(run.max)),
                CornerRadius::ZERO,
                tier_colour(run.tier),
            );
        }
        self.runs = runs;
        let view = Rect::from_min_max(to_map(view_lo), to_map(view_hi)).intersect(map);
        painter.rect(
            view,
            CornerRadius::ZERO,
            theme::SELECTION.gamma_multiply(0.15),
            Stroke::new(1.5, theme::SELECTION),
            StrokeKind::Inside,
        );
    }

    /// Where the overview map was drawn on the last frame (none when the network fits on screen).
    pub fn minimap_rect(&self) -> Option<Rect> {
        self.minimap_rect
    }
}
