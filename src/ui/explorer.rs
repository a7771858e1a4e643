//! The explorer: organizations by kind, tenants and subscriptions, filtered by a search box.

use egui::Ui;

use crate::model::{Id, OrganizationKind, Role, Workspace};

/// The explorer's own view state.
#[derive(Debug, Default)]
pub struct Explorer {
    /// The search text; matches anywhere in name, id, Partner ID or country.
    pub query: String,
}

/// A group of the explorer and the ids in it.
struct Group {
    title: &'static str,
    items: Vec<(Id, String)>,
}

impl Explorer {
    /// Draws the explorer; returns the id the user clicked, if any.
    pub fn ui(&mut self, ui: &mut Ui, ws: &Workspace, selected: Option<&Id>) -> Option<Id> {
        ui.horizontal(|ui| {
            let label = ui.label("Search");
            ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text("name, id, Partner ID, country"),
            )
            .labelled_by(label.id);
        });
        ui.separator();
        let query = self.query.to_lowercase();
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for group in groups(ws, &query) {
                    let header = format!("{} ({})", group.title, group.items.len());
                    egui::CollapsingHeader::new(header)
                        .id_salt(group.title)
                        .default_open(true)
                        .show(ui, |ui| {
                            for (id, label) in group.items {
                                let is_selected = selected == Some(&id);
                                if ui.selectable_label(is_selected, label).clicked() {
                                    clicked = Some(id);
                                }
                            }
                        });
                }
            });
        clicked
    }
}

fn groups(ws: &Workspace, query: &str) -> Vec<Group> {
    let matches = |fields: &[&str]| {
        query.is_empty() || fields.iter().any(|f| f.to_lowercase().contains(query))
    };
    let mut groups = vec![
        Group {
            title: "Microsoft",
            items: Vec::new(),
        },
        Group {
            title: "Indirect providers",
            items: Vec::new(),
        },
        Group {
            title: "Direct bill partners",
            items: Vec::new(),
        },
        Group {
            title: "Indirect resellers",
            items: Vec::new(),
        },
        Group {
            title: "Customers",
            items: Vec::new(),
        },
        Group {
            title: "Tenants",
            items: Vec::new(),
        },
        Group {
            title: "Subscriptions",
            items: Vec::new(),
        },
    ];
    for org in &ws.organizations {
        let country = org.country.map(|c| c.to_string()).unwrap_or_default();
        let locations: Vec<_> = ws
            .locations
            .iter()
            .filter(|l| l.organization == org.id)
            .collect();
        let partner_ids: Vec<&str> = locations
            .iter()
            .filter_map(|l| l.partner_id.as_deref())
            .collect();
        let mut fields = vec![org.name.as_str(), org.id.as_str(), country.as_str()];
        fields.extend(partner_ids.iter().copied());
        if !matches(&fields) {
            continue;
        }
        let label = format!(
            "{}  ·  {}",
            org.name,
            if country.is_empty() { "?" } else { &country }
        );
        let mut placed = false;
        if org.kind == OrganizationKind::Microsoft {
            groups[0].items.push((org.id.clone(), label.clone()));
            placed = true;
        }
        for (index, role) in [
            (1, Role::IndirectProvider),
            (2, Role::DirectBill),
            (3, Role::IndirectReseller),
        ] {
            if locations.iter().any(|l| l.enrolment(role).is_some()) {
                groups[index].items.push((org.id.clone(), label.clone()));
                placed = true;
            }
        }
        if !placed && locations.is_empty() {
            groups[4].items.push((org.id.clone(), label));
        }
    }
    for tenant in &ws.tenants {
        let country = tenant.country.map(|c| c.to_string()).unwrap_or_default();
        if matches(&[tenant.name.as_str(), tenant.id.as_str(), country.as_str()]) {
            let name = if tenant.name.is_empty() {
                tenant.id.as_str()
            } else {
                tenant.name.as_str()
            };
            groups[5].items.push((
                tenant.id.clone(),
                format!("{name}  ·  {}", tenant.kind.label()),
            ));
        }
    }
    for sub in &ws.subscriptions {
        if matches(&[sub.offer.as_str(), sub.id.as_str(), sub.tenant.as_str()]) {
            groups[6].items.push((
                sub.id.clone(),
                format!("{}  ·  {}", sub.offer, ws.display_name(sub.tenant.as_str())),
            ));
        }
    }
    groups
}
