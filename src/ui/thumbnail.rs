//! Small pictures of a workspace's diagram: the exported SVG rasterised once with resvg, so a
//! thumbnail looks exactly like the export and the bundled font draws Japanese names.

use std::collections::HashSet;

use crate::assets::{JAPANESE_FONT, JAPANESE_FONT_FAMILY};
use crate::layout::{self, svg};
use crate::model::Workspace;
use crate::rules::{self, Severity};

/// Renders thumbnails; holds the font database so it is loaded once, not per picture.
pub struct Thumbnailer {
    options: resvg::usvg::Options<'static>,
}

impl Default for Thumbnailer {
    fn default() -> Self {
        let mut options = resvg::usvg::Options {
            font_family: JAPANESE_FONT_FAMILY.to_owned(),
            ..Default::default()
        };
        options.fontdb_mut().load_font_data(JAPANESE_FONT.to_vec());
        Self { options }
    }
}

impl Thumbnailer {
    /// The diagram of `ws` scaled to fit `max` (width, height) pixels, boxes with errors outlined
    /// as on screen; `None` when the SVG cannot be read or has no area.
    pub fn render(&self, ws: &Workspace, max: [u32; 2]) -> Option<egui::ColorImage> {
        let layout = layout::layout(ws);
        let errors: HashSet<usize> = rules::check(ws)
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .flat_map(|d| d.entities.iter())
            .filter_map(|id| layout.node_for_entity(id))
            .collect();
        let text = svg::to_svg(ws, &layout, &errors);
        let tree = resvg::usvg::Tree::from_str(&text, &self.options).ok()?;
        let size = tree.size();
        let scale = (max[0] as f32 / size.width()).min(max[1] as f32 / size.height());
        let width = (size.width() * scale).ceil().max(1.0) as u32;
        let height = (size.height() * scale).ceil().max(1.0) as u32;
        let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height)?;
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        Some(egui::ColorImage::from_rgba_premultiplied(
            [width as usize, height as usize],
            pixmap.data(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_thumbnail_fits_the_box_and_has_drawn_pixels() {
        let ws = crate::scenarios::ALL[0].load().expect("loads");
        let image = Thumbnailer::default()
            .render(&ws, [240, 150])
            .expect("renders");
        let [w, h] = image.size;
        assert!(w <= 240 && h <= 150 && (w == 240 || h == 150), "{w} × {h}");
        let coloured = image
            .pixels
            .iter()
            .filter(|p| p.r() != p.g() || p.g() != p.b())
            .count();
        assert!(coloured > 500, "only {coloured} coloured pixels");
    }
}
