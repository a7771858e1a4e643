//! Diagram layout time on generated networks of about 1k, 10k and 100k nodes (organizations).
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use csp_studio::generate::{GenerateOptions, generate};
use csp_studio::layout::layout;

/// A network with about `nodes` organizations: one reseller per 20 customers.
fn network(nodes: usize) -> csp_studio::model::Workspace {
    generate(&GenerateOptions {
        resellers: nodes / 21,
        customers: nodes * 20 / 21,
        seed: 3,
        violations: false,
    })
}

fn layouts(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    group.sample_size(10);
    for nodes in [1_000, 10_000, 100_000] {
        let ws = network(nodes);
        group.bench_function(format!("{}_nodes", ws.organizations.len()), |b| {
            b.iter(|| layout(&ws))
        });
    }
    group.finish();
}

criterion_group!(benches, layouts);
criterion_main!(benches);
