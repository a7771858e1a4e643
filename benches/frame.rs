//! Frame time of the whole window (explorer, inspector, problems) on generated networks, drawn
//! headless: what a channel manager feels while scrolling and typing.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use csp_studio::app::{Command, Document, StudioApp};
use csp_studio::generate::{GenerateOptions, generate};
use csp_studio::ui::theme;
use egui_kittest::Harness;

fn app_with(entities: usize) -> StudioApp {
    let workspace = generate(&GenerateOptions::about_entities(entities, 7));
    let mut app = StudioApp::new(None, Default::default());
    app.document = Document::new(workspace, None);
    if let Some(org) = app.document.workspace.organizations.get(1) {
        app.push(Command::Select(vec![org.id.clone()]));
    }
    app
}

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    group.sample_size(20);
    for entities in [1_000, 100_000] {
        let mut harness = Harness::builder()
            .with_size([1600.0, 1000.0])
            .with_context_setup(theme::install_fonts)
            .build_ui_state(|ui, app: &mut StudioApp| app.show(ui), app_with(entities));
        harness.run_steps(3);
        group.bench_function(format!("{entities}_entities"), |b| {
            b.iter(|| harness.step())
        });
    }
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
