//! The diagram canvas: organizations as boxes in tiers, relationships as arrows, problems in the
//! error colour. Drawn with the painter (no widget per node), culled to what is on screen, with
//! less detail when zoomed out. Click selects, dragging a box moves it (an undoable edit), dragging
//! the background pans, the wheel zooms.

use std::collections::{HashMap, HashSet};

use egui::{
    Color32, CornerRadius, FontId, Pos2, Rect, RichText, Sense, Shape, Stroke, StrokeKind, Ui,
    Vec2, pos2, vec2,
};

use crate::app::{Command, Document};
use crate::edit::{Edit, ops};
use crate::i18n::t;
use crate::layout::{self, EdgeKind, Layout, NODE_SIZE, Tier, svg};
use crate::model::{Id, Position};

use super::{names, theme};

mod minimap;
mod scene;

pub use scene::{Detail, FrameStats};

/// Below this zoom, boxes are drawn without text.
const TEXT_ZOOM: f32 = 0.35;
/// Zoom limits.
const ZOOM_RANGE: (f32, f32) = (0.002, 4.0);

/// The diagram's view state.
#[derive(Default)]
pub struct Diagram {
    layout: Layout,
    /// Each node's index in the workspace's organizations (valid while the structure is).
    org_at: Vec<usize>,
    /// The structure fingerprint the layout was built for.
    structure: Option<u64>,
    /// The document generations last seen (rules, positions) and the document's instance.
    seen_generation: Option<(u64, u64)>,
    /// The content generation the structure was last compared at.
    seen_content: Option<u64>,
    seen_instance: u64,
    grid: crate::layout::grid::Grid,
    adjacency: scene::Adjacency,
    group_bounds: Vec<(Position, Position)>,
    group_errors: HashMap<usize, usize>,
    /// Per node, the frame stamp of the last frame it was on screen.
    seen: Vec<u32>,
    stamp: u32,
    visible: Vec<u32>,
    runs: Vec<crate::layout::grid::Run>,
    last_frame: FrameStats,
    node_errors: rustc_hash::FxHashMap<usize, (usize, usize)>,
    /// Pan, in screen points, of the diagram origin from the canvas' top-left.
    offset: Vec2,
    zoom: f32,
    fit_pending: bool,
    fit_selection_pending: bool,
    drag: Option<usize>,
    /// The node a new relationship is being drawn from (dragging its handle).
    connecting: Option<usize>,
    /// A relationship drawn from one node to another, waiting for its kind to be chosen.
    pending_connection: Option<(usize, usize)>,
    /// Where a Shift-drag selection box started, in screen points.
    boxing: Option<Pos2>,
    /// The node the context menu was opened on.
    context_node: Option<usize>,
    last_selection: Vec<Id>,
    canvas: Option<Rect>,
    pending_zoom: Option<f32>,
    minimap_rect: Option<Rect>,
    /// Bands per market instead of one block per tier.
    by_market: bool,
    /// Entities outlined as changed (what the current walkthrough step did).
    pub highlight: HashSet<Id>,
}

fn colour(rgb: svg::Rgb) -> Color32 {
    Color32::from_rgb(rgb[0], rgb[1], rgb[2])
}

impl Diagram {
    /// Keeps the picture in step with the document, doing as little as each change needs: a
    /// change of structure lays out again; a rename or a rule-visible edit only recounts the
    /// problems; a moved box moves that box in the grid.
    fn refresh(&mut self, doc: &Document) {
        if self.seen_instance != doc.instance {
            // Another document: nothing cached belongs to it.
            self.seen_instance = doc.instance;
            self.seen_generation = None;
            self.seen_content = None;
            self.structure = None;
        }
        let key = (doc.generation, doc.view_generation);
        if self.seen_generation == Some(key) {
            return;
        }
        let first = self.seen_generation.is_none();
        let rules_changed = self.seen_generation.map(|k| k.0) != Some(doc.generation);
        self.seen_generation = Some(key);
        if rules_changed {
            // A move of the as-of date changes the problems, never the structure.
            if self.seen_content != Some(doc.content_generation) {
                let structure = crate::layout::structure::structure_key(&doc.workspace);
                if self.structure != Some(structure) {
                    self.rebuild(doc);
                    self.structure = Some(structure);
                }
                self.seen_content = Some(doc.content_generation);
            }
            self.count_problems(doc);
        }
        let moved = self.layout.sync_positions(&doc.workspace.positions);
        if self.grid.moved(&moved) {
            self.grid = crate::layout::grid::Grid::build(&self.layout.nodes);
        }
        if first {
            self.fit_pending = true;
        }
    }

    fn rebuild(&mut self, doc: &Document) {
        self.layout = layout::layout_with(
            &doc.workspace,
            layout::LayoutOptions {
                by_market: self.by_market,
            },
        );
        self.grid = crate::layout::grid::Grid::build(&self.layout.nodes);
        self.adjacency = scene::Adjacency::new(&self.layout);
        self.group_bounds = self.layout.groups.iter().map(|g| g.bounds()).collect();
        self.org_at = (0..self.layout.nodes.len())
            .map(|n| self.layout.organization_index(n).unwrap_or(usize::MAX))
            .collect();
    }

    fn count_problems(&mut self, doc: &Document) {
        self.node_errors.clear();
        for (id, count) in &doc.problem_counts {
            if let Some(node) = self.layout.node_for_entity(id) {
                let entry = self.node_errors.entry(node).or_default();
                entry.0 += count.errors;
                entry.1 += count.warnings;
            }
        }
        let mut group_of = HashMap::new();
        for (g, group) in self.layout.groups.iter().enumerate() {
            for &m in &group.members {
                if self.node_errors.get(&m).is_some_and(|e| e.0 > 0) {
                    group_of.insert(m, g);
                }
            }
        }
        self.group_errors.clear();
        for g in group_of.into_values() {
            *self.group_errors.entry(g).or_default() += 1;
        }
    }

    fn organization<'a>(
        &self,
        doc: &'a Document,
        node: usize,
    ) -> Option<&'a crate::model::Organization> {
        let id = &self.layout.nodes.get(node)?.id;
        doc.workspace
            .organizations
            .get(*self.org_at.get(node)?)
            .filter(|o| o.id == *id)
    }

    /// A node's name as its box shows it.
    fn name(&self, doc: &Document, node: usize) -> String {
        self.organization(doc, node).map_or_else(
            || self.layout.nodes[node].id.to_string(),
            |o| svg::clip(&o.name, svg::NAME_WIDTH),
        )
    }

    /// What a box shows under its name, in the interface language: country and role tags (the
    /// exported pictures keep the English ones).
    fn subtitle(&self, doc: &Document, node: usize) -> String {
        let country = self.organization(doc, node).and_then(|o| o.country);
        let tags: Vec<_> = self.layout.nodes[node]
            .roles
            .iter()
            .map(|r| names::role_tag(*r))
            .collect();
        let mut parts: Vec<String> = country.map(|c| c.to_string()).into_iter().collect();
        if !tags.is_empty() {
            parts.push(tags.join(" · "));
        }
        parts.join(" · ")
    }

    /// Whether the diagram is grouped by market.
    pub fn group_by_market(&self) -> bool {
        self.by_market
    }

    /// Groups the diagram by market (one band per market) or not; lays out again.
    pub fn set_group_by_market(&mut self, on: bool) {
        if self.by_market != on {
            self.by_market = on;
            self.structure = None;
            self.seen_generation = None;
            self.seen_content = None;
            self.fit_pending = true;
        }
    }

    /// The diagram's entries in the View menu.
    pub fn view_menu(&mut self, ui: &mut Ui) {
        let mut on = self.by_market;
        if ui
            .checkbox(&mut on, crate::i18n::t!("diagram.group_by_market"))
            .on_hover_text(crate::i18n::t!("diagram.group_by_market_hint"))
            .clicked()
        {
            self.set_group_by_market(on);
            ui.close();
        }
    }

    /// What the last frame drew.
    pub fn last_frame(&self) -> FrameStats {
        self.last_frame
    }

    /// The current zoom (1 = one diagram unit per point).
    pub fn zoom(&self) -> f32 {
        self.zoom
    }

    /// Zooms about the canvas' centre on the next frame (benchmarks and tests; users use the
    /// wheel or the keys).
    pub fn set_zoom(&mut self, zoom: f32) {
        self.pending_zoom = Some(zoom);
    }

    /// Asks for the whole network to be framed on the next frame.
    pub fn fit_all(&mut self) {
        self.fit_pending = true;
    }

    /// The layout as drawn (for export).
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Where an organization's box is on screen (after the last frame), for tests and tooltips.
    pub fn screen_rect_of(&self, id: &Id) -> Option<Rect> {
        let node = &self.layout.nodes[self.layout.node_of(id)?];
        let centre =
            self.canvas?.min + self.offset + vec2(node.position.x, node.position.y) * self.zoom;
        Some(Rect::from_center_size(
            centre,
            vec2(NODE_SIZE[0], NODE_SIZE[1]) * self.zoom,
        ))
    }

    /// Nodes drawn in the error colour.
    pub fn error_nodes(&self) -> HashSet<usize> {
        self.node_errors
            .iter()
            .filter(|(_, (e, _))| *e > 0)
            .map(|(n, _)| *n)
            .collect()
    }

    /// Draws the toolbar and canvas; returns the user's commands.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        selection: &[Id],
        read_only: bool,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        self.refresh(doc);
        ui.horizontal(|ui| {
            if ui
                .button(t!("diagram.fit_all"))
                .on_hover_text(t!("diagram.fit_all_hint"))
                .clicked()
            {
                self.fit_pending = true;
            }
            if ui
                .add_enabled(
                    !selection.is_empty(),
                    egui::Button::new(t!("diagram.fit_selection")),
                )
                .clicked()
            {
                self.fit_selection_pending = true;
            }
            if !read_only
                && ui
                    .add_enabled(
                        !doc.workspace.positions.is_empty(),
                        egui::Button::new(t!("diagram.relayout")),
                    )
                    .on_hover_text(t!("diagram.relayout_hint"))
                    .clicked()
            {
                let edits = doc
                    .workspace
                    .positions
                    .keys()
                    .map(|id| Edit::SetPosition {
                        id: id.clone(),
                        position: None,
                    })
                    .collect();
                commands.push(Command::Apply {
                    edit: Edit::Batch(edits),
                    merge_key: None,
                    select: None,
                });
            }
            // The as-of date here too, beside what it changes, as in the status bar; before
            // the zoom figure, so a narrow diagram cuts the figure, not the picker's buttons.
            ui.separator();
            if let Some(date) = crate::ui::as_of::picker(ui, doc.workspace.as_of) {
                commands.push(Command::Apply {
                    edit: Edit::SetAsOf(date),
                    merge_key: None,
                    select: None,
                });
            }
            ui.separator();
            ui.label(t!(
                "diagram.zoom",
                percent = format!("{:.0}", self.zoom * 100.0)
            ));
        });
        let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Canvas, true, t!("diagram.canvas"))
        });
        self.canvas = Some(rect);
        let painter = ui.painter_at(rect);
        let dark = ui.visuals().dark_mode;
        painter.rect_filled(
            rect,
            CornerRadius::ZERO,
            if dark {
                theme::DIAGRAM_BG_DARK
            } else {
                theme::DIAGRAM_BG_LIGHT
            },
        );
        if self.fit_pending || self.zoom <= 0.0 {
            self.fit(rect);
            self.fit_pending = false;
        }
        if std::mem::take(&mut self.fit_selection_pending) {
            let nodes: Vec<Position> = selection
                .iter()
                .filter_map(|id| self.layout.node_for_entity(id))
                .map(|i| self.layout.nodes[i].position)
                .collect();
            self.frame_bounds(rect, bounds_of(&nodes));
        }
        if selection != self.last_selection.as_slice() {
            self.reveal(rect, selection);
            self.last_selection = selection.to_vec();
        }
        self.navigate(ui, rect, &response);
        if let Some(zoom) = self.pending_zoom.take()
            && self.zoom > 0.0
        {
            self.zoom_around(rect, rect.center(), zoom / self.zoom);
        }
        let selected: HashSet<usize> = selection
            .iter()
            .filter_map(|id| self.layout.node_for_entity(id))
            .collect();
        let pointer = response
            .hover_pos()
            .or_else(|| ui.ctx().pointer_latest_pos());
        let handle_radius = theme::HANDLE_RADIUS;
        self.last_frame = self.draw_network(&painter, rect, doc, &selected);
        let to_screen = |p: Position| rect.min + self.offset + vec2(p.x, p.y) * self.zoom;
        let hovered_node = pointer
            .filter(|p| rect.contains(*p) && !self.minimap_rect.is_some_and(|m| m.contains(*p)))
            .and_then(|p| self.node_at(rect, p));
        self.legend(&painter, rect);
        if !read_only && self.zoom >= TEXT_ZOOM {
            for i in [hovered_node, self.connecting].into_iter().flatten() {
                let node = &self.layout.nodes[i];
                let bottom = to_screen(node.position) + vec2(0.0, NODE_SIZE[1] / 2.0 * self.zoom);
                painter.circle(
                    bottom,
                    handle_radius,
                    theme::HANDLE_FILL,
                    Stroke::new(1.0, theme::NODE_OUTLINE),
                );
            }
        }
        if let (Some(i), Some(p)) = (self.connecting, pointer) {
            let start = to_screen(self.layout.nodes[i].position)
                + vec2(0.0, NODE_SIZE[1] / 2.0 * self.zoom);
            painter.line_segment([start, p], Stroke::new(2.0, theme::SELECTION));
        }
        if let (Some(start), Some(p)) = (self.boxing, pointer) {
            painter.rect(
                Rect::from_two_pos(start, p),
                CornerRadius::ZERO,
                theme::SELECTION.gamma_multiply(0.15),
                Stroke::new(1.0, theme::SELECTION),
                StrokeKind::Inside,
            );
        }

        if let Some(i) = hovered_node {
            let name = self.name(doc, i);
            let messages: Vec<&str> = doc
                .diagnostics
                .iter()
                .filter(|d| d.severity != crate::rules::Severity::Info)
                .filter(|d| {
                    d.entities
                        .iter()
                        .any(|e| self.layout.node_for_entity(e) == Some(i))
                })
                .map(|d| d.message.as_str())
                .take(8)
                .collect();
            response.clone().on_hover_ui_at_pointer(|ui| {
                ui.strong(name);
                for message in messages {
                    ui.label(message);
                }
            });
        }
        if response.drag_started() {
            // A drag starts a few points after the press: judge what was under the press.
            let (shift, origin) = ui.input(|i| (i.modifiers.shift, i.pointer.press_origin()));
            let origin = origin.or(pointer);
            let on_handle = origin
                .and_then(|o| {
                    [o, o - vec2(0.0, handle_radius + 3.0)]
                        .into_iter()
                        .filter_map(|p| self.node_at(rect, p))
                        .find(|&n| {
                            let r = Rect::from_center_size(
                                to_screen(self.layout.nodes[n].position),
                                vec2(NODE_SIZE[0], NODE_SIZE[1]) * self.zoom,
                            );
                            o.distance(r.center_bottom()) <= handle_radius + 3.0
                        })
                })
                .filter(|_| !read_only && self.zoom >= TEXT_ZOOM);
            if on_handle.is_some() {
                self.connecting = on_handle;
            } else if shift {
                self.boxing = origin;
            } else {
                self.drag = origin
                    .and_then(|o| self.node_at(rect, o))
                    .filter(|_| !read_only);
            }
        }
        if response.drag_stopped() {
            if let Some(from) = self.connecting.take()
                && let Some(to) = hovered_node.filter(|to| *to != from)
            {
                self.pending_connection = Some((from, to));
            }
            if let (Some(start), Some(end)) = (self.boxing.take(), pointer) {
                let area = Rect::from_two_pos(start, end);
                let picked: Vec<Id> = self
                    .layout
                    .nodes
                    .iter()
                    .filter(|n| area.contains(to_screen(n.position)))
                    .map(|n| n.id.clone())
                    .collect();
                commands.push(Command::Select(picked));
            }
        }
        self.connection_menu(ui, doc, &mut commands);
        self.context_menu(&response, doc, hovered_node, &mut commands, read_only);
        if let Some(i) = self.drag {
            if response.dragged() {
                let delta = response.drag_delta() / self.zoom;
                let node = &self.layout.nodes[i];
                let moved = Position {
                    x: node.position.x + delta.x,
                    y: node.position.y + delta.y,
                };
                commands.push(Command::Apply {
                    edit: Edit::SetPosition {
                        id: node.id.clone(),
                        position: Some(moved),
                    },
                    merge_key: Some(format!("move:{}", node.id)),
                    select: None,
                });
            }
            if response.drag_stopped() {
                self.drag = None;
            }
        }
        if response.clicked() {
            let additive = ui.input(|i| i.modifiers.command);
            match hovered_node {
                Some(i) => {
                    let id = self.layout.nodes[i].id.clone();
                    let mut next: Vec<Id> = if additive {
                        selection.to_vec()
                    } else {
                        Vec::new()
                    };
                    if let Some(at) = next.iter().position(|s| *s == id) {
                        next.remove(at);
                    } else {
                        next.insert(0, id);
                    }
                    commands.push(Command::Select(next));
                }
                None if !additive => commands.push(Command::Select(Vec::new())),
                None => {}
            }
        }
        self.minimap(ui, rect);
        commands
    }

    /// Asks which relationship a drawn link stands for, offering only kinds that make sense
    /// for its two ends.
    fn connection_menu(&mut self, ui: &Ui, doc: &Document, commands: &mut Vec<Command>) {
        let Some((from, to)) = self.pending_connection else {
            return;
        };
        let (from_id, to_id) = (
            self.layout.nodes[from].id.clone(),
            self.layout.nodes[to].id.clone(),
        );
        let options = ops::connections_between(&doc.workspace, &from_id, &to_id);
        let mut open = true;
        egui::Window::new(t!("diagram.new_relationship"))
            .collapsible(false)
            .resizable(false)
            .open(&mut open)
            .show(ui.ctx(), |ui| {
                if options.is_empty() {
                    ui.label(t!(
                        "diagram.no_relationship",
                        from = self.name(doc, from),
                        to = self.name(doc, to)
                    ));
                }
                for option in options {
                    let label = format!(
                        "{}: {} → {}",
                        names::relationship_kind(&option.kind),
                        doc.workspace.display_name(option.from.as_str()),
                        doc.workspace.display_name(option.to.as_str())
                    );
                    if ui.button(label).clicked() {
                        let (edit, id) = ops::add_relationship(
                            &doc.workspace,
                            option.kind,
                            &option.from,
                            &option.to,
                            Some(doc.workspace.as_of),
                        );
                        commands.push(Command::Apply {
                            edit,
                            merge_key: None,
                            select: Some(id),
                        });
                        self.pending_connection = None;
                    }
                }
                if ui.button(t!("dialog.cancel")).clicked() {
                    self.pending_connection = None;
                }
            });
        if !open {
            self.pending_connection = None;
        }
    }

    fn context_menu(
        &mut self,
        response: &egui::Response,
        doc: &Document,
        hovered: Option<usize>,
        commands: &mut Vec<Command>,
        read_only: bool,
    ) {
        if response.secondary_clicked() {
            self.context_node = hovered;
        }
        let Some(node) = self.context_node else {
            return;
        };
        let Some(id) = self.layout.nodes.get(node).map(|n| n.id.clone()) else {
            self.context_node = None;
            return;
        };
        let pinned = self.layout.nodes[node].pinned;
        response.context_menu(|ui| {
            ui.label(RichText::new(self.name(doc, node)).strong());
            if ui.button(t!("diagram.select")).clicked() {
                commands.push(Command::Select(vec![id.clone()]));
                ui.close();
            }
            if ui.button(t!("diagram.fit_all")).clicked() {
                self.fit_pending = true;
                ui.close();
            }
            if !read_only {
                if pinned && ui.button(t!("diagram.unpin")).clicked() {
                    commands.push(Command::Apply {
                        edit: Edit::SetPosition {
                            id: id.clone(),
                            position: None,
                        },
                        merge_key: None,
                        select: None,
                    });
                    ui.close();
                }
                if ui.button(t!("inspector.delete")).clicked() {
                    commands.push(Command::Select(vec![id.clone()]));
                    commands.push(Command::DeleteSelection);
                    ui.close();
                }
            }
        });
    }

    fn navigate(&mut self, ui: &Ui, rect: Rect, response: &egui::Response) {
        // On the frame a drag starts it is not yet known whether it moves a box, draws a link or
        // pans; panning waits a frame so the press is judged where it happened.
        if response.dragged()
            && !response.drag_started()
            && self.drag.is_none()
            && self.connecting.is_none()
            && self.boxing.is_none()
        {
            self.offset += response.drag_delta();
        }
        if response.hovered() {
            let (scroll, zoom_delta) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
            let factor = zoom_delta * (scroll * theme::WHEEL_ZOOM).exp();
            if (factor - 1.0).abs() > f32::EPSILON {
                let anchor = response.hover_pos().unwrap_or(rect.center());
                self.zoom_around(rect, anchor, factor);
            }
        }
        if response.hovered() && !ui.ctx().text_edit_focused() {
            let keys = ui.input(|i| {
                (
                    i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals),
                    i.key_pressed(egui::Key::Minus),
                    i.key_pressed(egui::Key::Home),
                )
            });
            let step = theme::KEY_PAN;
            let pan = ui.input(|i| {
                let mut v = Vec2::ZERO;
                for (key, d) in [
                    (egui::Key::ArrowLeft, vec2(step, 0.0)),
                    (egui::Key::ArrowRight, vec2(-step, 0.0)),
                    (egui::Key::ArrowUp, vec2(0.0, step)),
                    (egui::Key::ArrowDown, vec2(0.0, -step)),
                ] {
                    if i.key_pressed(key) {
                        v += d;
                    }
                }
                v
            });
            self.offset += pan;
            if keys.0 {
                self.zoom_around(rect, rect.center(), 1.25);
            }
            if keys.1 {
                self.zoom_around(rect, rect.center(), 0.8);
            }
            if keys.2 {
                self.fit(rect);
            }
        }
    }

    fn zoom_around(&mut self, rect: Rect, anchor: Pos2, factor: f32) {
        let new_zoom = (self.zoom * factor).clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
        let point = (anchor - rect.min - self.offset) / self.zoom;
        self.zoom = new_zoom;
        self.offset = anchor - rect.min - point * self.zoom;
    }

    fn fit(&mut self, rect: Rect) {
        self.frame_bounds(rect, self.layout.bounds());
    }

    fn frame_bounds(&mut self, rect: Rect, bounds: Option<(Position, Position)>) {
        let Some((lo, hi)) = bounds else {
            self.zoom = 1.0;
            self.offset = rect.size() / 2.0;
            return;
        };
        let size = vec2(hi.x - lo.x, hi.y - lo.y) + Vec2::splat(theme::FIT_MARGIN * 2.0);
        self.zoom = (rect.width() / size.x)
            .min(rect.height() / size.y)
            .clamp(ZOOM_RANGE.0, 1.0);
        let centre = vec2(lo.x + hi.x, lo.y + hi.y) / 2.0;
        self.offset = rect.size() / 2.0 - centre * self.zoom;
    }

    /// Frames the selected nodes when any of them is off screen.
    fn reveal(&mut self, rect: Rect, selection: &[Id]) {
        let nodes: Vec<Position> = selection
            .iter()
            .filter_map(|id| self.layout.node_for_entity(id))
            .map(|i| self.layout.nodes[i].position)
            .collect();
        if nodes.is_empty() || self.zoom <= 0.0 {
            return;
        }
        let on_screen =
            |p: &Position| rect.contains(rect.min + self.offset + vec2(p.x, p.y) * self.zoom);
        if nodes.iter().all(on_screen) {
            return;
        }
        let Some((lo, hi)) = bounds_of(&nodes) else {
            return;
        };
        let keep_zoom = self.zoom;
        self.frame_bounds(rect, Some((lo, hi)));
        self.zoom = self.zoom.min(keep_zoom.max(TEXT_ZOOM));
        let centre = vec2(lo.x + hi.x, lo.y + hi.y) / 2.0;
        self.offset = rect.size() / 2.0 - centre * self.zoom;
    }

    fn legend(&self, painter: &egui::Painter, rect: Rect) {
        let entries: [(std::borrow::Cow<'static, str>, Color32, bool); 8] = [
            (
                t!("diagram.legend_microsoft"),
                colour(svg::tier_fill(Tier::Microsoft)),
                false,
            ),
            (
                t!("diagram.legend_supplier"),
                colour(svg::tier_fill(Tier::Supplier)),
                false,
            ),
            (
                t!("diagram.legend_reseller"),
                colour(svg::tier_fill(Tier::Reseller)),
                false,
            ),
            (
                t!("diagram.legend_customer"),
                colour(svg::tier_fill(Tier::Customer)),
                false,
            ),
            (
                t!("diagram.legend_supply"),
                colour(svg::edge_colour(EdgeKind::Supply)),
                true,
            ),
            (
                t!("diagram.legend_partnership"),
                colour(svg::edge_colour(EdgeKind::Partnership)),
                true,
            ),
            (
                t!("diagram.legend_sells_to"),
                colour(svg::edge_colour(EdgeKind::SellsTo)),
                true,
            ),
            (
                t!("diagram.legend_administers"),
                colour(svg::edge_colour(EdgeKind::Administers)),
                true,
            ),
        ];
        let origin = rect.left_top() + vec2(10.0, 10.0);
        let text_colour = painter.ctx().global_style().visuals.text_color();
        // A backing panel so the legend stays legible over a dense network.
        let rows = entries.len() + 3;
        painter.rect_filled(
            Rect::from_min_size(
                origin - vec2(6.0, 6.0),
                vec2(170.0, rows as f32 * 16.0 + 10.0),
            ),
            CornerRadius::same(4),
            painter
                .ctx()
                .global_style()
                .visuals
                .extreme_bg_color
                .gamma_multiply(0.85),
        );
        for (n, (label, fill, line)) in entries.iter().enumerate() {
            let y = origin.y + n as f32 * 16.0;
            if *line {
                painter.line_segment(
                    [pos2(origin.x, y + 6.0), pos2(origin.x + 16.0, y + 6.0)],
                    Stroke::new(2.0, *fill),
                );
            } else {
                painter.rect_filled(
                    Rect::from_min_size(pos2(origin.x, y), vec2(16.0, 12.0)),
                    CornerRadius::same(2),
                    *fill,
                );
            }
            painter.text(
                pos2(origin.x + 22.0, y + 6.0),
                egui::Align2::LEFT_CENTER,
                label,
                FontId::proportional(11.0),
                text_colour,
            );
        }
        let marks = [
            crate::model::TenantKind::CspPartner,
            crate::model::TenantKind::Customer,
            crate::model::TenantKind::SharedServices,
        ];
        for (n, kind) in marks.into_iter().enumerate() {
            let label = names::tenant_kind(kind);
            let y = origin.y + (entries.len() + n) as f32 * 16.0;
            let mark = Rect::from_min_size(pos2(origin.x + 3.0, y + 1.0), Vec2::splat(10.0));
            painter.rect_filled(
                mark.expand(2.0),
                CornerRadius::same(2),
                colour(svg::tier_fill(Tier::Customer)),
            );
            tenant_mark(painter, mark, kind);
            painter.text(
                pos2(origin.x + 22.0, y + 6.0),
                egui::Align2::LEFT_CENTER,
                label,
                FontId::proportional(11.0),
                text_colour,
            );
        }
    }
}

/// A tenant on its owner's box: a CSP partner tenant is a filled square, a customer tenant an
/// open square, a shared services tenant a dot.
fn tenant_mark(painter: &egui::Painter, rect: Rect, kind: crate::model::TenantKind) {
    use crate::model::TenantKind;
    let white = Color32::WHITE;
    match kind {
        TenantKind::CspPartner => {
            painter.rect_filled(rect, CornerRadius::ZERO, white);
        }
        TenantKind::Customer => {
            painter.rect_stroke(
                rect,
                CornerRadius::ZERO,
                Stroke::new(1.2, white),
                StrokeKind::Inside,
            );
        }
        TenantKind::SharedServices => {
            painter.circle_filled(rect.center(), rect.width() / 2.0, white);
        }
    }
}

/// The rectangle holding boxes centred at `centres`, if any.
fn bounds_of(centres: &[Position]) -> Option<(Position, Position)> {
    let half = [NODE_SIZE[0] / 2.0, NODE_SIZE[1] / 2.0];
    centres.iter().fold(None, |acc, p| {
        let (lo, hi) = acc.unwrap_or((*p, *p));
        Some((
            Position {
                x: lo.x.min(p.x - half[0]),
                y: lo.y.min(p.y - half[1]),
            },
            Position {
                x: hi.x.max(p.x + half[0]),
                y: hi.y.max(p.y + half[1]),
            },
        ))
    })
}

fn draw_edge(painter: &egui::Painter, from: Pos2, to: Pos2, kind: EdgeKind, zoom: f32) {
    let colour = colour(svg::edge_colour(kind));
    let half = NODE_SIZE[1] / 2.0 * zoom;
    let (start, end) = if to.y >= from.y {
        (from + vec2(0.0, half), to - vec2(0.0, half))
    } else {
        (from - vec2(0.0, half), to + vec2(0.0, half))
    };
    let stroke = Stroke::new(1.5, colour);
    if kind == EdgeKind::Administers {
        painter.extend(Shape::dashed_line(&[start, end], stroke, 6.0, 4.0));
    } else {
        painter.line_segment([start, end], stroke);
    }
    let direction = (end - start).normalized();
    let side = vec2(-direction.y, direction.x);
    let size = 8.0 * zoom.clamp(0.5, 1.5);
    painter.add(Shape::convex_polygon(
        vec![
            end,
            end - direction * size + side * size * 0.5,
            end - direction * size - side * size * 0.5,
        ],
        colour,
        Stroke::NONE,
    ));
}

#[cfg(test)]
mod tests {
    use crate::layout::svg::clip;

    #[test]
    fn names_are_clipped_by_display_width() {
        assert_eq!(clip("Contoso", 26), "Contoso");
        assert_eq!(
            clip("ダイワ ディストリビューション株式会社", 26),
            "ダイワ ディストリビューシ…"
        );
        assert!(clip(&"A".repeat(40), 26).ends_with('…'));
    }
}
