//! The diagram as a PNG picture: the SVG rendered with resvg and the bundled font, so a slide
//! made on a machine without Japanese fonts still shows Japanese names.

use crate::assets::{JAPANESE_FONT, JAPANESE_FONT_FAMILY};

/// The longest side of an exported picture, in pixels; bigger networks are scaled down to fit.
pub const MAX_SIDE: u32 = 8192;

/// Why a picture could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// The SVG did not parse (a bug in the SVG writer).
    #[error("cannot read the diagram as SVG: {0}")]
    Svg(String),
    /// The picture has no area or is too large to allocate.
    #[error("cannot make a picture of {0} × {1} pixels")]
    Size(u32, u32),
    /// PNG encoding failed.
    #[error("cannot encode the picture as PNG: {0}")]
    Encode(String),
}

/// Renders SVG text (as [`super::svg::to_svg`] writes it) to PNG bytes.
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, PngError> {
    let mut options = resvg::usvg::Options {
        font_family: JAPANESE_FONT_FAMILY.to_owned(),
        ..Default::default()
    };
    options.fontdb_mut().load_font_data(JAPANESE_FONT.to_vec());
    let tree =
        resvg::usvg::Tree::from_str(svg, &options).map_err(|e| PngError::Svg(e.to_string()))?;
    let size = tree.size();
    let scale = (MAX_SIDE as f32 / size.width().max(size.height())).min(1.0);
    let (width, height) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(width, height).ok_or(PngError::Size(width, height))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::base;

    #[test]
    fn the_sample_diagram_renders_to_a_png_with_drawn_pixels() {
        let mut ws = base();
        ws.organizations[1].name = "桜システムズ株式会社".into();
        let layout = super::super::layout(&ws);
        let png = svg_to_png(&super::super::svg::to_svg(
            &ws,
            &layout,
            &Default::default(),
        ))
        .expect("renders");
        assert_eq!(&png[1..4], b"PNG");
        // Width and height from the IHDR chunk: the picture has the SVG's size.
        let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
        let height = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
        assert!(width > 400 && height > 300, "{width} × {height}");
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("decodes");
        let drawn = pixmap
            .pixels()
            .iter()
            .filter(|p| (p.red(), p.green(), p.blue()) != (255, 255, 255))
            .count();
        assert!(drawn > 10_000, "only {drawn} pixels drawn");
    }
}
