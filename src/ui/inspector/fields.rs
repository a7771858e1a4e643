//! Field editors, one function per entity kind; each edits a copy and reports what changed.

use chrono::NaiveDate;
use egui::Ui;

use crate::model::{
    AdminKind, EnrolmentStatus, Fact, Id, Location, OfferKind, Organization, OrganizationKind,
    Ownership, Purpose, RegionTable, Relationship, RelationshipKind, Role, Subscription, Tenant,
    TenantKind,
};
use crate::ui::widgets::{
    choice, country_picker, date_field, fact_bool_field, fact_date_field, picker, text_field,
};

use super::candidates::Candidates;
use crate::i18n::t;
use crate::ui::names;

/// What an editor reports: something changed, and whether keystrokes should merge into one step.
#[derive(Default)]
pub struct Changed {
    /// True when the copy differs.
    pub any: bool,
    /// The field typed in, for merging keystrokes into one undo step.
    pub typed_field: Option<&'static str>,
}

impl Changed {
    fn typed(&mut self, field: &'static str, changed: bool) {
        if changed {
            self.any = true;
            self.typed_field = Some(field);
        }
    }

    fn picked(&mut self, changed: bool) {
        if changed {
            self.any = true;
            self.typed_field = None;
        }
    }
}

/// Shared inputs of every editor.
pub struct Env<'a> {
    /// Picker lists.
    pub candidates: &'a Candidates,
    /// Region table for the country picker.
    pub regions: &'a RegionTable,
    /// The workspace's as-of date (markets shown in the country picker).
    pub as_of: NaiveDate,
    /// Put the cursor in the name field this frame (F2).
    pub focus_name: bool,
}

fn name_field(ui: &mut Ui, env: &Env<'_>, label: &str, value: &mut String) -> bool {
    let response = text_field(ui, label, value);
    if env.focus_name {
        response.request_focus();
    }
    response.changed()
}

/// Organization fields.
pub fn organization(ui: &mut Ui, env: &Env<'_>, org: &mut Organization) -> Changed {
    let mut c = Changed::default();
    c.typed(
        "name",
        name_field(ui, env, &t!("field.name"), &mut org.name),
    );
    c.picked(choice(
        ui,
        &t!("field.kind"),
        &mut org.kind,
        &[
            (OrganizationKind::Company, t!("field.company")),
            (OrganizationKind::Microsoft, t!("field.microsoft")),
        ],
    ));
    c.picked(country_picker(
        ui,
        &t!("field.country_offices"),
        &mut org.country,
        env.regions,
        env.as_of,
    ));
    let mut registration = org.registration_id.stated().cloned().unwrap_or_default();
    let mut state = fact_state(&org.registration_id);
    if choice(ui, &t!("field.registration_id"), &mut state, &fact_states()) {
        org.registration_id = with_state(state, registration.clone());
        c.picked(true);
    }
    if state == FactState::Stated
        && text_field(ui, &t!("field.registration_number"), &mut registration).changed()
    {
        org.registration_id = Fact::Stated(registration);
        c.typed("registration", true);
    }
    c.typed(
        "mca",
        fact_date_field(
            ui,
            &t!("field.mca_accepted"),
            &t!("field.not_accepted"),
            env.as_of,
            &mut org.mca_accepted,
        ),
    );
    c.picked(picker(
        ui,
        &t!("field.mca_attested_by"),
        &mut org.mca_attested_by,
        &env.candidates.locations,
        Some(&t!("field.not_recorded")),
    ));
    c
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FactState {
    Unknown,
    Absent,
    Stated,
}

fn fact_states() -> [(FactState, std::borrow::Cow<'static, str>); 3] {
    [
        (FactState::Unknown, t!("widget.unknown")),
        (FactState::Absent, t!("widget.none")),
        (FactState::Stated, t!("field.stated")),
    ]
}

fn fact_state<T>(fact: &Fact<T>) -> FactState {
    match fact {
        Fact::Unknown => FactState::Unknown,
        Fact::Absent => FactState::Absent,
        Fact::Stated(_) => FactState::Stated,
    }
}

fn with_state<T>(state: FactState, value: T) -> Fact<T> {
    match state {
        FactState::Unknown => Fact::Unknown,
        FactState::Absent => Fact::Absent,
        FactState::Stated => Fact::Stated(value),
    }
}

/// Location fields, enrolments and capabilities.
pub fn location(ui: &mut Ui, env: &Env<'_>, location: &mut Location) -> Changed {
    let mut c = Changed::default();
    let mut org = Some(location.organization.clone());
    if picker(
        ui,
        &t!("field.organization"),
        &mut org,
        &env.candidates.organizations,
        None,
    ) && let Some(org) = org
    {
        location.organization = org;
        c.picked(true);
    }
    c.typed(
        "name",
        name_field(ui, env, &t!("field.location_name"), &mut location.name),
    );
    let mut partner_id = location.partner_id.clone().unwrap_or_default();
    if text_field(ui, &t!("field.partner_id"), &mut partner_id).changed() {
        location.partner_id = (!partner_id.trim().is_empty()).then(|| partner_id.trim().to_owned());
        c.typed("partner-id", true);
    }
    c.picked(country_picker(
        ui,
        &t!("field.country"),
        &mut location.country,
        env.regions,
        env.as_of,
    ));
    c.picked(picker(
        ui,
        &t!("field.csp_tenant"),
        &mut location.csp_tenant,
        &env.candidates.csp_tenants,
        Some(&t!("widget.none")),
    ));
    c.typed(
        "onboarded",
        fact_date_field(
            ui,
            &t!("field.onboarded"),
            &t!("field.never"),
            env.as_of,
            &mut location.onboarded,
        ),
    );
    c.typed(
        "mpa",
        fact_date_field(
            ui,
            &t!("field.mpa_signed"),
            &t!("field.never_signed"),
            env.as_of,
            &mut location.mpa_signed,
        ),
    );
    ui.separator();
    ui.strong(t!("field.roles"));
    for role in Role::ALL {
        let mut held = location.enrolment(role).is_some();
        if ui.checkbox(&mut held, names::role(role)).changed() {
            if held {
                location.enrolments.push(crate::model::Enrolment {
                    role,
                    enrolled: None,
                    status: EnrolmentStatus::Active,
                    status_date: None,
                });
            } else {
                location.enrolments.retain(|e| e.role != role);
            }
            c.picked(true);
        }
    }
    for enrolment in &mut location.enrolments {
        ui.push_id(enrolment.role, |ui| {
            c.picked(choice(
                ui,
                &t!("field.role_status", role = names::role(enrolment.role)),
                &mut enrolment.status,
                &statuses(),
            ));
            c.typed(
                "enrolled",
                date_field(
                    ui,
                    &t!("field.role_since", role = names::role(enrolment.role)),
                    &mut enrolment.enrolled,
                ),
            );
        });
    }
    if location.enrolment(Role::DirectBill).is_some() {
        ui.separator();
        ui.strong(t!("field.capabilities"));
        let caps = &mut location.capabilities;
        c.picked(fact_bool_field(
            ui,
            &t!("field.api_integration"),
            &mut caps.api_integration,
        ));
        c.picked(fact_bool_field(ui, &t!("field.billing"), &mut caps.billing));
        c.picked(fact_bool_field(
            ui,
            &t!("field.support_plan"),
            &mut caps.support_plan,
        ));
        c.picked(fact_bool_field(
            ui,
            &t!("field.managed_service"),
            &mut caps.managed_service,
        ));
    }
    let mut revenue = location
        .revenue_ttm_usd
        .map(|r| r.to_string())
        .unwrap_or_default();
    if text_field(ui, &t!("field.revenue"), &mut revenue).changed() {
        let digits: String = revenue.chars().filter(char::is_ascii_digit).collect();
        location.revenue_ttm_usd = digits.parse().ok();
        c.typed("revenue", true);
    }
    c
}

fn statuses() -> [(EnrolmentStatus, std::borrow::Cow<'static, str>); 6] {
    [
        (EnrolmentStatus::Active, t!("field.active")),
        (EnrolmentStatus::Qualified, t!("field.qualified")),
        (EnrolmentStatus::Pending, t!("field.pending")),
        (EnrolmentStatus::Rejected, t!("field.rejected")),
        (EnrolmentStatus::Restricted, t!("field.restricted")),
        (EnrolmentStatus::Deauthorized, t!("field.deauthorized")),
    ]
}

/// Tenant fields.
pub fn tenant(ui: &mut Ui, env: &Env<'_>, tenant: &mut Tenant) -> Changed {
    let mut c = Changed::default();
    c.typed(
        "name",
        name_field(ui, env, &t!("field.domain_or_name"), &mut tenant.name),
    );
    c.picked(picker(
        ui,
        &t!("field.owner"),
        &mut tenant.owner,
        &env.candidates.organizations,
        Some(&t!("field.no_owner")),
    ));
    c.picked(choice(
        ui,
        &t!("field.kind"),
        &mut tenant.kind,
        &[
            (
                TenantKind::Customer,
                names::tenant_kind(TenantKind::Customer),
            ),
            (
                TenantKind::CspPartner,
                names::tenant_kind(TenantKind::CspPartner),
            ),
            (
                TenantKind::SharedServices,
                names::tenant_kind(TenantKind::SharedServices),
            ),
        ],
    ));
    c.picked(country_picker(
        ui,
        &t!("field.country"),
        &mut tenant.country,
        env.regions,
        env.as_of,
    ));
    let mut directory = tenant.directory_id.clone().unwrap_or_default();
    if text_field(ui, &t!("field.tenant_id"), &mut directory).changed() {
        tenant.directory_id = (!directory.trim().is_empty()).then(|| directory.trim().to_owned());
        c.typed("directory", true);
    }
    c
}

/// Relationship fields.
pub fn relationship(ui: &mut Ui, env: &Env<'_>, rel: &mut Relationship) -> Changed {
    let mut c = Changed::default();
    let kinds = [
        (RelationshipKind::Supply, t!("field.kind_supply")),
        (RelationshipKind::Partnership, t!("field.kind_partnership")),
        (RelationshipKind::Reseller, t!("field.kind_reseller")),
        (
            RelationshipKind::Admin {
                access: AdminKind::Gdap,
                roles: Vec::new(),
                auto_extend: false,
            },
            t!("model.gdap"),
        ),
        (
            RelationshipKind::Admin {
                access: AdminKind::Dap,
                roles: Vec::new(),
                auto_extend: false,
            },
            t!("model.dap"),
        ),
    ];
    let mut kind = match &rel.kind {
        RelationshipKind::Admin { access, .. } => RelationshipKind::Admin {
            access: *access,
            roles: Vec::new(),
            auto_extend: false,
        },
        other => other.clone(),
    };
    if choice(ui, &t!("field.kind"), &mut kind, &kinds) {
        rel.kind = kind;
        c.picked(true);
    }
    let from_list = if matches!(rel.kind, RelationshipKind::Supply) {
        &env.candidates.organizations
    } else {
        &env.candidates.locations
    };
    let to_list = match rel.kind {
        RelationshipKind::Supply | RelationshipKind::Partnership => &env.candidates.locations,
        _ => &env.candidates.tenants,
    };
    let mut from = Some(rel.from.clone());
    if picker(ui, &t!("field.from"), &mut from, from_list, None)
        && let Some(from) = from
    {
        rel.from = from;
        c.picked(true);
    }
    let mut to = Some(rel.to.clone());
    if picker(ui, &t!("field.to"), &mut to, to_list, None)
        && let Some(to) = to
    {
        rel.to = to;
        c.picked(true);
    }
    if matches!(rel.kind, RelationshipKind::Partnership) {
        c.typed(
            "requested",
            date_field(ui, &t!("field.requested"), &mut rel.requested),
        );
    }
    c.typed("start", date_field(ui, &t!("field.start"), &mut rel.start));
    c.typed("end", date_field(ui, &t!("field.end"), &mut rel.end));
    if let RelationshipKind::Admin {
        roles, auto_extend, ..
    } = &mut rel.kind
    {
        let mut text = roles.join(", ");
        if text_field(ui, &t!("field.roles_list"), &mut text).changed() {
            *roles = text
                .split(',')
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned)
                .collect();
            c.typed("roles", true);
        }
        c.picked(ui.checkbox(auto_extend, t!("field.auto_extend")).changed());
        microsoft_id_field(ui, &mut rel.microsoft_id, &mut c);
    }
    c
}

/// Subscription fields.
pub fn subscription(ui: &mut Ui, env: &Env<'_>, sub: &mut Subscription) -> Changed {
    let mut c = Changed::default();
    c.typed(
        "name",
        name_field(ui, env, &t!("field.offer"), &mut sub.offer),
    );
    c.picked(choice(
        ui,
        &t!("field.offer_kind"),
        &mut sub.offer_kind,
        &[
            (OfferKind::LicenceBased, t!("field.licence_based")),
            (OfferKind::AzurePlan, t!("field.azure_plan")),
            (OfferKind::Software, t!("field.software")),
            (OfferKind::ThirdParty, t!("field.third_party")),
            (
                OfferKind::SharedServicesAzure,
                t!("field.shared_services_azure"),
            ),
        ],
    ));
    c.picked(choice(
        ui,
        &t!("field.purpose"),
        &mut sub.purpose,
        &[
            (Purpose::Resale, t!("field.resale")),
            (Purpose::OwnUse, t!("field.own_use")),
        ],
    ));
    let mut tenant = Some(sub.tenant.clone());
    if picker(
        ui,
        &t!("field.tenant"),
        &mut tenant,
        &env.candidates.tenants,
        None,
    ) && let Some(tenant) = tenant
    {
        sub.tenant = tenant;
        c.picked(true);
    }
    let mut billed = Some(sub.billed_by.clone());
    if picker(
        ui,
        &t!("field.billed_by"),
        &mut billed,
        &env.candidates.billing_locations,
        None,
    ) && let Some(billed) = billed
    {
        sub.billed_by = billed;
        c.picked(true);
    }
    let mut state = fact_state(&sub.reseller_of_record);
    let mut reseller = sub.reseller_of_record.stated().cloned();
    if choice(
        ui,
        &t!("field.reseller_of_record"),
        &mut state,
        &fact_states(),
    ) {
        let fallback = env
            .candidates
            .reseller_locations
            .first()
            .map(|(id, _)| id.clone());
        sub.reseller_of_record = match (state, reseller.clone().or(fallback)) {
            (FactState::Stated, Some(id)) => Fact::Stated(id),
            (FactState::Stated, None) | (FactState::Unknown, _) => Fact::Unknown,
            (FactState::Absent, _) => Fact::Absent,
        };
        c.picked(true);
    }
    if state == FactState::Stated
        && picker(
            ui,
            &t!("field.reseller"),
            &mut reseller,
            &env.candidates.reseller_locations,
            None,
        )
    {
        sub.reseller_of_record = reseller.map_or(Fact::Unknown, Fact::Stated);
        c.picked(true);
    }
    c.typed("start", date_field(ui, &t!("field.start"), &mut sub.start));
    c.typed("end", date_field(ui, &t!("field.end"), &mut sub.end));
    microsoft_id_field(ui, &mut sub.microsoft_id, &mut c);
    c
}

/// Microsoft's own id of a subscription or admin relationship, which reconciling later
/// exports matches on.
fn microsoft_id_field(ui: &mut Ui, value: &mut Option<String>, c: &mut Changed) {
    let mut text = value.clone().unwrap_or_default();
    if text_field(ui, &t!("field.microsoft_id"), &mut text).changed() {
        *value = (!text.trim().is_empty()).then(|| text.trim().to_owned());
        c.typed("microsoft_id", true);
    }
}

/// Ownership fields.
pub fn ownership(ui: &mut Ui, env: &Env<'_>, own: &mut Ownership) -> Changed {
    let mut c = Changed::default();
    for (label, field) in [
        (t!("field.owner"), &mut own.owner),
        (t!("field.owned"), &mut own.owned),
    ] {
        let mut value: Option<Id> = Some(field.clone());
        if picker(ui, &label, &mut value, &env.candidates.organizations, None)
            && let Some(value) = value
        {
            *field = value;
            c.picked(true);
        }
    }
    let mut equity = own
        .equity_percent
        .map(|p| p.to_string())
        .unwrap_or_default();
    if text_field(ui, &t!("field.equity"), &mut equity).changed() {
        own.equity_percent = equity
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|p| (0.0..=100.0).contains(p));
        c.typed("equity", true);
    }
    c.picked(
        ui.checkbox(&mut own.directs_management, t!("field.directs_management"))
            .changed(),
    );
    c
}
