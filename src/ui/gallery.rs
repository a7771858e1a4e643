//! The scenario gallery: the article's eight questions as cards (title, question, verdict,
//! thumbnail), and their variants under "More". Choosing a card opens a copy of the scenario.

use egui::{Context, RichText, TextureHandle, TextureOptions, Ui, vec2};

use crate::i18n::t;
use crate::rules::Severity;
use crate::scenarios::{self, Scenario, Verdict};
use crate::ui::theme;
use crate::ui::thumbnail::Thumbnailer;

/// One card's derived content, computed once.
struct Card {
    scenario: &'static Scenario,
    verdict: Verdict,
    steps: usize,
    thumbnail: Option<TextureHandle>,
    /// True once a thumbnail was tried (drawn or failed), so a failure is not retried each frame.
    rendered: bool,
}

/// The gallery window's state.
#[derive(Default)]
pub struct Gallery {
    /// Whether the window is shown.
    pub open: bool,
    cards: Vec<Card>,
    thumbnailer: Option<Thumbnailer>,
}

impl Gallery {
    fn build_cards(&mut self) {
        if !self.cards.is_empty() {
            return;
        }
        self.cards = scenarios::ALL
            .iter()
            .map(|scenario| {
                let loaded = scenario.load();
                Card {
                    scenario,
                    verdict: loaded.as_ref().map_or(Verdict::Legal, scenarios::verdict),
                    steps: loaded
                        .as_ref()
                        .map_or(0, |ws| ws.narrative.as_ref().map_or(0, |n| n.steps.len())),
                    thumbnail: None,
                    rendered: false,
                }
            })
            .collect();
    }

    /// Draws one missing thumbnail per frame, so opening the gallery never stalls a frame.
    fn render_next_thumbnail(&mut self, ctx: &Context) {
        let Some(card) = self.cards.iter_mut().find(|c| !c.rendered) else {
            return;
        };
        card.rendered = true;
        let thumbnailer = self.thumbnailer.get_or_insert_with(Thumbnailer::default);
        let size = [theme::THUMBNAIL[0] as u32, theme::THUMBNAIL[1] as u32];
        if let Ok(ws) = card.scenario.load()
            && let Some(image) = thumbnailer.render(&ws, size)
        {
            card.thumbnail = Some(ctx.load_texture(
                format!("scenario-{}", card.scenario.key),
                image,
                TextureOptions::LINEAR,
            ));
        }
        ctx.request_repaint();
    }

    /// Shows the window while open; returns the scenario the user chose.
    pub fn show(&mut self, ctx: &Context) -> Option<&'static Scenario> {
        if !self.open {
            return None;
        }
        self.build_cards();
        self.render_next_thumbnail(ctx);
        let mut chosen = None;
        let mut open = self.open;
        egui::Window::new(t!("trainer.gallery.title"))
            .open(&mut open)
            .collapsible(false)
            .default_size(theme::GALLERY_SIZE)
            .anchor(egui::Align2::CENTER_CENTER, vec2(0.0, 0.0))
            .show(ctx, |ui| {
                ui.label(t!("trainer.gallery.intro"));
                ui.add_space(8.0);
                egui::ScrollArea::vertical().show(ui, |ui| {
                    chosen = self.cards_ui(ui);
                });
            });
        self.open = open && chosen.is_none();
        chosen
    }

    fn cards_ui(&self, ui: &mut Ui) -> Option<&'static Scenario> {
        let mut chosen = None;
        let per_row = ((ui.available_width() / (theme::CARD_WIDTH + 12.0)) as usize).max(1);
        let featured: Vec<&Card> = self.cards.iter().filter(|c| c.scenario.featured).collect();
        let variants: Vec<&Card> = self.cards.iter().filter(|c| !c.scenario.featured).collect();
        for row in featured.chunks(per_row) {
            ui.horizontal_top(|ui| {
                for card in row {
                    if card_ui(ui, card) {
                        chosen = Some(card.scenario);
                    }
                }
            });
            ui.add_space(8.0);
        }
        egui::CollapsingHeader::new(t!("trainer.gallery.more", count = variants.len()))
            .id_salt("gallery-more")
            .show(ui, |ui| {
                for row in variants.chunks(per_row) {
                    ui.horizontal_top(|ui| {
                        for card in row {
                            if card_ui(ui, card) {
                                chosen = Some(card.scenario);
                            }
                        }
                    });
                    ui.add_space(8.0);
                }
            });
        chosen
    }
}

/// The title a card and its opened workspace are known by.
pub fn scenario_title(scenario: &Scenario) -> String {
    t!(format!("trainer.scenario.{}", scenario.key)).into_owned()
}

fn card_ui(ui: &mut Ui, card: &Card) -> bool {
    let mut clicked = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(theme::CARD_WIDTH);
        ui.vertical(|ui| {
            let size = vec2(theme::THUMBNAIL[0], theme::THUMBNAIL[1]);
            let centred = egui::Layout::top_down(egui::Align::Center);
            let picture = ui
                .allocate_ui_with_layout(size, centred, |ui| match &card.thumbnail {
                    Some(texture) => ui.add(
                        egui::Image::new((texture.id(), texture.size_vec2()))
                            .max_size(size)
                            .sense(egui::Sense::click()),
                    ),
                    None => ui.allocate_response(size, egui::Sense::click()),
                })
                .inner;
            clicked |= picture.clicked();
            ui.label(
                RichText::new(t!(
                    "trainer.gallery.scenario_number",
                    number = card.scenario.article
                ))
                .small(),
            );
            let title = scenario_title(card.scenario);
            clicked |= ui
                .add(egui::Button::new(RichText::new(title).strong()).frame(false))
                .on_hover_text(t!("trainer.gallery.open"))
                .clicked();
            ui.label(
                RichText::new(t!(format!("trainer.question.{}", card.scenario.article))).small(),
            );
            ui.horizontal(|ui| {
                let dark = ui.visuals().dark_mode;
                match &card.verdict {
                    Verdict::Legal => {
                        ui.colored_label(theme::LEGAL, t!("trainer.verdict.legal"));
                    }
                    Verdict::Breaks(codes) => {
                        ui.colored_label(
                            theme::severity_color(Severity::Error, dark),
                            t!("trainer.verdict.breaks", codes = codes.join(", ")),
                        );
                    }
                }
                if card.steps > 0 {
                    ui.label(
                        RichText::new(t!("trainer.gallery.steps", count = card.steps)).small(),
                    );
                }
            });
        });
    });
    clicked
}
