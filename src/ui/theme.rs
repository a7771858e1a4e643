//! Fonts, colours and spacing shared by every panel.

use egui::{Color32, FontData, FontDefinitions, FontFamily};

use crate::rules::Severity;

use crate::assets::JAPANESE_FONT;

/// Name under which the bundled font is registered.
const JAPANESE_FONT_NAME: &str = "noto-sans-cjk-jp";

/// Installs the bundled font as a fallback after egui's own, so Japanese names render on a
/// machine without any CJK font (and in headless tests, where a missing glyph panics).
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        JAPANESE_FONT_NAME.to_owned(),
        FontData::from_static(JAPANESE_FONT).into(),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(JAPANESE_FONT_NAME.to_owned());
    }
    ctx.set_fonts(fonts);
}

/// Colour of a severity, readable on light and dark backgrounds.
pub fn severity_color(severity: Severity, dark: bool) -> Color32 {
    match (severity, dark) {
        (Severity::Error, true) => Color32::from_rgb(0xff, 0x6b, 0x6b),
        (Severity::Error, false) => Color32::from_rgb(0xc0, 0x1c, 0x28),
        (Severity::Warning, true) => Color32::from_rgb(0xf5, 0xc2, 0x11),
        (Severity::Warning, false) => Color32::from_rgb(0x9c, 0x6a, 0x00),
        (Severity::Info, true) => Color32::from_rgb(0x7a, 0xb8, 0xff),
        (Severity::Info, false) => Color32::from_rgb(0x1a, 0x5f, 0xb4),
    }
}

/// Width of the explorer panel at first start.
pub const EXPLORER_WIDTH: f32 = 300.0;

/// Height of the problems panel at first start.
pub const PROBLEMS_HEIGHT: f32 = 200.0;

/// Width of field labels in the inspector, so fields line up.
pub const LABEL_WIDTH: f32 = 140.0;

/// Width of text fields and pickers in the inspector.
pub const FIELD_WIDTH: f32 = 220.0;

/// Width of a date field.
pub const DATE_WIDTH: f32 = 100.0;

/// Height of one row in lists and pickers.
pub const ROW_HEIGHT: f32 = 20.0;

/// Height of the list inside a picker.
pub const PICKER_HEIGHT: f32 = 300.0;

/// Width of the inspector panel at first start.
pub const INSPECTOR_WIDTH: f32 = 400.0;

/// Size of a scenario card's thumbnail in the gallery, in points (and pixels rendered).
pub const THUMBNAIL: [f32; 2] = [240.0, 140.0];
/// Width of a scenario card in the gallery.
pub const CARD_WIDTH: f32 = 256.0;
/// Default size of the scenario gallery window.
pub const GALLERY_SIZE: [f32; 2] = [1120.0, 720.0];
/// Colour of a legal verdict on a scenario card.
pub const LEGAL: Color32 = Color32::from_rgb(0x2e, 0x9d, 0x4f);
/// Outline around what the current walkthrough step changed in the diagram.
pub const STEP_HIGHLIGHT: Color32 = Color32::from_rgb(0x00, 0xb8, 0xd4);
/// Width of the narrative beside the diagram in the presentation view.
pub const PRESENTATION_NARRATIVE_WIDTH: f32 = 520.0;
/// How much larger text is in the presentation view.
pub const PRESENTATION_TEXT_SCALE: f32 = 1.7;

/// Indent of items under a group header.
pub const INDENT: f32 = 12.0;

/// Height of the rule explanation shown in the problems panel.
pub const EXPLANATION_HEIGHT: f32 = 140.0;

/// Diagram background, dark theme (not an inverted page: boxes keep their colours).
pub const DIAGRAM_BG_DARK: Color32 = Color32::from_rgb(0x1e, 0x22, 0x26);
/// Diagram background, light theme.
pub const DIAGRAM_BG_LIGHT: Color32 = Color32::from_rgb(0xf7, 0xf8, 0xfa);
/// Outline of a selected node.
pub const SELECTION: Color32 = Color32::from_rgb(0xff, 0xc1, 0x07);
/// Outline of a node without problems.
pub const NODE_OUTLINE: Color32 = Color32::from_rgb(0x26, 0x32, 0x38);
/// Second line of a node (country, roles).
pub const NODE_SUBTITLE: Color32 = Color32::from_rgb(0xe0, 0xe0, 0xe0);
/// Badge of a node with warnings only.
pub const WARNING_BADGE: Color32 = Color32::from_rgb(0xf5, 0x7c, 0x00);
/// Name size in a node at 100 % zoom.
pub const NODE_FONT_SIZE: f32 = 13.0;
/// Subtitle size in a node at 100 % zoom.
pub const NODE_SMALL_FONT_SIZE: f32 = 10.0;
/// How fast the wheel zooms.
pub const WHEEL_ZOOM: f32 = 0.0015;
/// Margin around the network when fitting it to the canvas, in diagram units.
pub const FIT_MARGIN: f32 = 40.0;

/// Radius of the handle a relationship is drawn from, under a node.
pub const HANDLE_RADIUS: f32 = 6.0;
/// Fill of that handle.
pub const HANDLE_FILL: Color32 = Color32::from_rgb(0xff, 0xff, 0xff);

/// Side of a tenant mark on a node at 100 % zoom.
pub const TENANT_MARK: f32 = 8.0;
/// Most tenant marks drawn on one node.
pub const MAX_TENANT_MARKS: usize = 6;

/// How far an arrow key pans the diagram, in points.
pub const KEY_PAN: f32 = 60.0;

/// Background of the review marker in the status bar: amber, unmistakable in both themes.
pub fn review_fill(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xff, 0xb3, 0x00)
    } else {
        Color32::from_rgb(0xb2, 0x6a, 0x00)
    }
}

/// Text on the review marker.
pub fn review_text(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x1e, 0x22, 0x26)
    } else {
        Color32::WHITE
    }
}

/// Height of the comparison window's list before it scrolls.
pub const COMPARE_LIST_HEIGHT: f32 = 360.0;
/// Height of the timeline strip under the diagram.
pub const TIMELINE_HEIGHT: f32 = 48.0;
/// Font size of the timeline's year and date labels.
pub const TIMELINE_FONT_SIZE: f32 = 11.0;
/// Height of a timeline tick for one change (more changes on a day draw taller).
pub const TIMELINE_TICK: f32 = 8.0;
/// Timeline ticks where relationships and subscriptions start.
pub const TIMELINE_START: Color32 = Color32::from_rgb(0x2e, 0x7d, 0x32);
/// Timeline ticks where more ends than starts.
pub const TIMELINE_END: Color32 = Color32::from_rgb(0xc6, 0x28, 0x28);
/// Timeline flags of the program's dated rule boundaries.
pub const TIMELINE_PROGRAM: Color32 = Color32::from_rgb(0x15, 0x65, 0xc0);
/// Width of the radar panel beside the problems.
pub const RADAR_WIDTH: f32 = 560.0;
