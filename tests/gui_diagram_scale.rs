//! The diagram on a generated network of thousands of organizations, driven headless: customers
//! are counted per seller when zoomed out and drawn one by one when zoomed in; the overview map
//! pans the view where it is clicked.

use csp_studio::app::Document;
use csp_studio::generate::{GenerateOptions, generate};
use csp_studio::layout::Tier;
use csp_studio::ui::diagram::{Detail, Diagram};
use csp_studio::ui::theme;
use egui::Modifiers;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

struct State {
    diagram: Diagram,
    doc: Document,
}

fn harness() -> Harness<'static, State> {
    let doc = Document::new(
        generate(&GenerateOptions {
            resellers: 150,
            customers: 4_000,
            seed: 9,
            violations: false,
        }),
        None,
    );
    let mut harness = Harness::builder()
        .with_size([1200.0, 800.0])
        .with_context_setup(theme::install_fonts)
        .build_ui_state(
            |ui, state: &mut State| {
                state.diagram.ui(ui, &state.doc, &[], false);
            },
            State {
                diagram: Diagram::default(),
                doc,
            },
        );
    harness.run_steps(3);
    harness
}

#[test]
fn customers_are_counted_when_zoomed_out_and_drawn_one_by_one_when_zoomed_in() {
    let mut harness = harness();
    harness.state_mut().diagram.set_zoom(0.1);
    harness.run_steps(2);
    let far = harness.state().diagram.last_frame();
    assert_eq!(Detail::at(harness.state().diagram.zoom()), Detail::Mid);
    assert!(far.groups > 0, "counted customer boxes: {far:?}");
    harness.state_mut().diagram.set_zoom(1.0);
    harness.run_steps(2);
    let close = harness.state().diagram.last_frame();
    assert_eq!(close.groups, 0, "no counted boxes close up: {close:?}");
    assert!(close.boxes > 0 && close.edges > 0, "{close:?}");
    // Fit all frames thousands of boxes without drawing each one.
    harness.state_mut().diagram.fit_all();
    harness.run_steps(2);
    let fit = harness.state().diagram.last_frame();
    assert!(fit.boxes + fit.groups + fit.runs < 2_000, "{fit:?}");
}

#[test]
fn clicking_the_overview_map_moves_the_view_there() {
    let mut harness = harness();
    harness.state_mut().diagram.set_zoom(1.0);
    harness.run_steps(2);
    let canvas = harness.get_by_label("Network diagram").rect();
    let map = harness
        .state()
        .diagram
        .minimap_rect()
        .expect("a map when the network does not fit");
    harness.get_by_label("Overview map");
    // The last customer sits far from the centre, at the bottom of the network.
    let layout = harness.state().diagram.layout();
    let (lo, hi) = layout.bounds().expect("bounds");
    let (target, position) = layout
        .nodes
        .iter()
        .filter(|n| n.tier == Tier::Customer)
        .max_by(|a, b| a.position.y.total_cmp(&b.position.y))
        .map(|n| (n.id.clone(), n.position))
        .expect("customers");
    let scale = map.width() / (hi.x - lo.x);
    assert!(
        (map.height() / (hi.y - lo.y) - scale).abs() < 1e-3,
        "map keeps the aspect"
    );
    let on_map = map.min + egui::vec2(position.x - lo.x, position.y - lo.y) * scale;
    let before = harness
        .state()
        .diagram
        .screen_rect_of(&target)
        .expect("laid out");
    assert!(!canvas.intersects(before), "starts off screen");
    harness.hover_at(on_map);
    harness.run();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: on_map,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.run();
    }
    let after = harness
        .state()
        .diagram
        .screen_rect_of(&target)
        .expect("laid out");
    // A point on the map is about 1/scale diagram units wide.
    assert!(
        after.center().distance(canvas.center()) < 2.0 / scale,
        "{:?} near the centre {:?}",
        after.center(),
        canvas.center()
    );
    assert!(canvas.intersects(after));
}
