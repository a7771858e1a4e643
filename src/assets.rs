//! Files shipped inside the binary, shared by the app and the headless exports.

/// The bundled Japanese-capable font: a subset of Noto Sans CJK JP (SIL OFL 1.1, see
/// `assets/fonts/OFL.txt`), so Japanese names render on screen and in exported pictures on any machine.
pub const JAPANESE_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansCJKjp-Regular-subset.otf");

/// The family name inside [`JAPANESE_FONT`].
pub const JAPANESE_FONT_FAMILY: &str = "Noto Sans CJK JP";
