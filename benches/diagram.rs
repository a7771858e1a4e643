//! One frame of the diagram alone, built and tessellated headless (what the GPU would be handed),
//! at about 10k and 1M entities and three zoom levels: the whole network, a mid zoom where
//! customers are counted per seller, and close up with names.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use csp_studio::app::Document;
use csp_studio::generate::{GenerateOptions, generate};
use csp_studio::ui::diagram::Diagram;
use csp_studio::ui::theme;
use egui::{Context, RawInput, Rect, pos2, vec2};

/// Builds one frame's shapes and tessellates them; returns the number of primitives.
fn frame(ctx: &Context, diagram: &mut Diagram, doc: &Document) -> usize {
    let input = RawInput {
        screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1600.0, 1000.0))),
        ..Default::default()
    };
    let output = ctx.run_ui(input, |ui| {
        diagram.ui(ui, doc, &[], false);
    });
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("diagram_frame");
    group.sample_size(20);
    for entities in [10_000, 1_000_000] {
        let doc = Document::new(
            generate(&GenerateOptions::about_entities(entities, 7)),
            None,
        );
        let ctx = Context::default();
        theme::install_fonts(&ctx);
        let mut diagram = Diagram::default();
        for _ in 0..2 {
            frame(&ctx, &mut diagram, &doc);
        }
        let fit = diagram.zoom();
        for (name, zoom) in [("fit_all", fit), ("mid", 0.1), ("close", 1.0)] {
            diagram.set_zoom(zoom);
            for _ in 0..2 {
                frame(&ctx, &mut diagram, &doc);
            }
            group.bench_function(format!("{entities}_entities/{name}"), |b| {
                b.iter(|| frame(&ctx, &mut diagram, &doc))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
