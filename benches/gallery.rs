//! What opening the scenario gallery costs: judging a scenario and drawing its thumbnail (the
//! gallery draws one thumbnail per frame), and one walkthrough step on a scenario.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use csp_studio::edit::walkthrough::Walkthrough;
use csp_studio::scenarios::{self, ALL};
use csp_studio::ui::thumbnail::Thumbnailer;

fn gallery(c: &mut Criterion) {
    let mut group = c.benchmark_group("gallery");
    let scenario = ALL
        .iter()
        .find(|s| s.key == "s1-indirect")
        .expect("bundled");
    let ws = scenario.load().expect("loads");
    let thumbnailer = Thumbnailer::default();
    group.bench_function("thumbnail_s1", |b| {
        b.iter(|| thumbnailer.render(&ws, [240, 140]))
    });
    group.bench_function("load_and_judge_all_17", |b| {
        b.iter(|| {
            ALL.iter()
                .filter_map(|s| s.load().ok())
                .map(|ws| scenarios::verdict(&ws))
                .collect::<Vec<_>>()
        })
    });
    group.bench_function("walk_s1_forward_and_back", |b| {
        b.iter(|| {
            let mut ws = ws.clone();
            let mut walk = Walkthrough::start(&ws);
            while walk.next(&mut ws).unwrap_or(false) {}
            while walk.previous(&mut ws).unwrap_or(false) {}
            ws
        })
    });
    group.finish();
}

criterion_group!(benches, gallery);
criterion_main!(benches);
