//! The diagram driven headless: click a box to select it, drag it to move it (one undo step).

use csp_studio::app::StudioApp;
use csp_studio::model::Id;
use csp_studio::ui::theme;
use egui::Modifiers;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, StudioApp> {
    let mut harness = Harness::builder()
        .with_size([1600.0, 1000.0])
        .with_context_setup(theme::install_fonts)
        .build_ui_state(
            |ui, app: &mut StudioApp| app.show(ui),
            StudioApp::new(None, Default::default()),
        );
    harness.run();
    harness
}

fn click_at(harness: &mut Harness<'static, StudioApp>, pos: egui::Pos2) {
    harness.hover_at(pos);
    harness.run();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.run();
    }
}

fn id(text: &str) -> Id {
    Id::new(text).expect("id")
}

#[test]
fn the_canvas_is_labelled_for_screen_readers() {
    let harness = harness();
    harness.get_by_label("Network diagram");
}

#[test]
fn clicking_a_box_selects_its_organization() {
    let mut harness = harness();
    let rect = harness
        .state()
        .diagram()
        .screen_rect_of(&id("dist-eu"))
        .expect("on screen");
    click_at(&mut harness, rect.center());
    assert_eq!(harness.state().primary().map(Id::as_str), Some("dist-eu"));
    // The explorer shows the same selection.
    let rect = harness
        .state()
        .diagram()
        .screen_rect_of(&id("dist-eu"))
        .expect("on screen");
    click_at(&mut harness, rect.right_bottom() + egui::vec2(40.0, 40.0));
    assert_eq!(
        harness.state().primary(),
        None,
        "a click on empty canvas clears the selection"
    );
}

#[test]
fn dragging_a_box_moves_it_as_one_undoable_step() {
    let mut harness = harness();
    let start = harness
        .state()
        .diagram()
        .screen_rect_of(&id("dist-eu"))
        .expect("on screen")
        .center();
    harness.drag_at(start);
    harness.run();
    for step in 1..=5 {
        harness.hover_at(start + egui::vec2(12.0 * step as f32, 6.0 * step as f32));
        harness.run();
    }
    harness.drop_at(start + egui::vec2(60.0, 30.0));
    harness.run();
    let moved = harness
        .state()
        .document
        .workspace
        .positions
        .get(&id("dist-eu"))
        .copied()
        .expect("a saved position");
    let after = harness
        .state()
        .diagram()
        .screen_rect_of(&id("dist-eu"))
        .expect("on screen")
        .center();
    assert!(
        (after - start).length() > 40.0,
        "the box follows the pointer: {start:?} -> {after:?}"
    );
    assert!(harness.state().document.history.is_dirty());
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(
        !harness
            .state()
            .document
            .workspace
            .positions
            .contains_key(&id("dist-eu")),
        "one undo puts it back: {moved:?}"
    );
    assert!(!harness.state().document.history.is_dirty());
}

#[test]
fn dragging_from_a_handle_to_another_box_offers_the_sensible_kinds_and_the_rules_judge_at_once() {
    let mut harness = harness();
    assert!(
        !harness
            .state()
            .document
            .diagnostics
            .iter()
            .any(|d| d.code == "CSP502")
    );
    let from = harness
        .state()
        .diagram()
        .screen_rect_of(&id("dist-eu"))
        .expect("on screen")
        .center_bottom();
    let to = harness
        .state()
        .diagram()
        .screen_rect_of(&id("res-tokyo"))
        .expect("on screen")
        .center();
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    for step in 1..=4 {
        harness.hover_at(from + (to - from) * (step as f32 / 4.0));
        harness.run();
    }
    harness.drop_at(to);
    harness.run();
    harness.get_by_label("New relationship");
    assert!(
        harness.state().document.workspace.positions.is_empty(),
        "drawing a link moves nothing"
    );
    let option = "partnership: Nordwind Distribution GmbH (Berlin) → 桜システムズ株式会社";
    harness.get_by_label(option).click();
    harness.run();
    // A European provider partnered with a Japanese reseller: drawn as asked, flagged at once.
    assert!(
        harness
            .state()
            .document
            .diagnostics
            .iter()
            .any(|d| d.code == "CSP502")
    );
    assert!(harness.query_by_label("New relationship").is_none());
}

#[test]
fn shift_dragging_a_box_selects_the_organizations_inside() {
    let mut harness = harness();
    let a = harness
        .state()
        .diagram()
        .screen_rect_of(&id("res-munich"))
        .expect("on screen");
    let b = harness
        .state()
        .diagram()
        .screen_rect_of(&id("res-lyon"))
        .expect("on screen");
    let start = a.left_top() - egui::vec2(10.0, 10.0);
    let end = b.right_bottom() + egui::vec2(10.0, 10.0);
    harness.hover_at(start);
    harness.run();
    harness.event_modifiers(
        egui::Event::PointerButton {
            pos: start,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::SHIFT,
        },
        Modifiers::SHIFT,
    );
    harness.run();
    for step in 1..=4 {
        harness.event_modifiers(
            egui::Event::PointerMoved(start + (end - start) * (step as f32 / 4.0)),
            Modifiers::SHIFT,
        );
        harness.run();
    }
    harness.event_modifiers(
        egui::Event::PointerButton {
            pos: end,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::SHIFT,
        },
        Modifiers::SHIFT,
    );
    harness.run();
    let mut selected: Vec<&str> = harness.state().selection.iter().map(Id::as_str).collect();
    selected.sort_unstable();
    assert_eq!(selected, ["res-lyon", "res-munich"]);
}

#[test]
fn the_view_menu_groups_the_diagram_by_market_and_back() {
    let mut harness = harness();
    assert!(harness.state().diagram().layout().markets.is_empty());
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Group by Market").click();
    harness.run_steps(2);
    let diagram = harness.state().diagram();
    assert!(diagram.group_by_market());
    let bands = &diagram.layout().markets;
    assert!(bands.len() > 1, "{bands:?}");
    // Every box is still on screen after the new layout is framed.
    let canvas = harness.get_by_label("Network diagram").rect();
    let rect = harness
        .state()
        .diagram()
        .screen_rect_of(&id("dist-eu"))
        .expect("laid out");
    assert!(canvas.contains_rect(rect));
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Group by Market").click();
    harness.run_steps(2);
    assert!(harness.state().diagram().layout().markets.is_empty());
}

#[test]
fn choosing_a_problem_brings_its_boxes_into_view() {
    let mut harness = harness();
    // A network with planted violations, opened in place of the (clean) sample.
    harness.state_mut().document = csp_studio::app::Document::new(
        csp_studio::generate::generate(&csp_studio::generate::GenerateOptions {
            resellers: 5,
            customers: 60,
            seed: 3,
            violations: true,
        }),
        None,
    );
    harness.run_steps(3);
    let canvas = harness.get_by_label("Network diagram").rect();
    // The problem whose box is farthest from the centre: zooming in pushes it off screen.
    let entities = {
        let app = harness.state();
        app.document
            .diagnostics
            .iter()
            .filter_map(|d| {
                let at = d
                    .entities
                    .iter()
                    .find_map(|e| app.diagram().screen_rect_of(e))?;
                Some((d, at.center().distance(canvas.center())))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(d, _)| d.entities.clone())
            .expect("a problem drawn on a box")
    };
    // The zoom keys zoom about the canvas' centre.
    harness.hover_at(canvas.center());
    harness.run();
    for _ in 0..12 {
        harness.key_press(egui::Key::Plus);
        harness.run();
    }
    let off_screen = |harness: &Harness<'static, StudioApp>| {
        entities
            .iter()
            .filter_map(|e| harness.state().diagram().screen_rect_of(e))
            .filter(|r| !canvas.intersects(*r))
            .count()
    };
    assert!(off_screen(&harness) > 0, "zooming in moved the box away");
    // What the Problems panel sends when a problem is chosen.
    harness
        .state_mut()
        .push(csp_studio::app::Command::Select(entities.clone()));
    harness.run_steps(3);
    assert_eq!(off_screen(&harness), 0, "every box of the problem in view");
}
