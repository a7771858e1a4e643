//! Supplies, partnerships and relationships against the roles on record: CSP101, CSP102, CSP103,
//! CSP107.

use chrono::NaiveDate;

use super::common::{entity_text, has_role, holds_role_now, location_text};
use crate::edit::Edit;
use crate::model::{
    Enrolment, EnrolmentStatus, Entity, EntityKind, Location, Relationship, RelationshipKind, Role,
};
use crate::rules::registry::declare_rule;
use crate::rules::text::capitalized;
use crate::rules::{Context, Fix, Sink};

declare_rule! {
    /// ## What it checks
    /// Every supply relationship (Microsoft selling to a partner location) starts at Microsoft. A
    /// supply drawn from a partner location or from any other organization is reported.
    ///
    /// ## Why
    /// §Types: direct bill partners and indirect providers buy from Microsoft; that billing
    /// relationship with Microsoft is what makes them what they are. Both chains of scenario 1
    /// start with "Microsoft sells to ...". A provider selling on to a reseller is a partnership,
    /// not a supply.
    ///
    /// ## Example
    /// Passes: a supply from Microsoft to the indirect provider 'Contoso Distribution'.
    /// Fails: a supply from 'Contoso Distribution' to the direct bill partner 'Fabrikam KK': a direct
    /// bill partner buys from Microsoft only.
    pub CSP101, "CSP101", Error, "Only Microsoft supplies direct bill partners and indirect providers"
}

declare_rule! {
    /// ## What it checks
    /// Microsoft supplies only partner locations that hold a direct-bill or an indirect-provider
    /// enrolment. A supply to a location that is only an indirect reseller, to a location with no
    /// CSP enrolment, or to a tenant is reported.
    ///
    /// Reading: a supply in force on the workspace's as-of date needs that enrolment active (or, for
    /// direct bill, restricted) today; a supply that has ended or not yet started needs such an
    /// enrolment on record that was not rejected.
    ///
    /// ## Why
    /// §Types: an indirect reseller "has no direct billing relationship with Microsoft"; it buys
    /// through an indirect provider. Only direct bill partners and indirect providers buy from
    /// Microsoft (scenario 1).
    ///
    /// ## Example
    /// Passes: Microsoft supplies 'Contoso Distribution', which holds an active indirect-provider
    /// enrolment.
    /// Fails: Microsoft supplies 'Fabrikam KK', whose only enrolment is as an indirect reseller; it
    /// should buy through a provider instead.
    pub CSP102, "CSP102", Error, "Microsoft supplies only direct bill partners and indirect providers"
}

declare_rule! {
    /// ## What it checks
    /// The provider side of a partnership (indirect provider to indirect reseller) holds an active
    /// indirect-provider enrolment for as long as the partnership is in force.
    ///
    /// Reading: judged over the days the partnership was in force up to the as-of date. The
    /// enrolment must date from on or before the partnership's authorization, must not be pending,
    /// qualified or rejected, and must not have been restricted or deauthorized while the partnership
    /// ran. A partnership that starts after the as-of date is not judged yet. Where the enrolment or
    /// authorization date is not recorded, the partnership is counted as not judged.
    ///
    /// ## Why
    /// §Types: an indirect provider buys from Microsoft and resells to indirect resellers; scenario 1
    /// (relationship 2) chains Microsoft → indirect provider → indirect reseller. A partner that is
    /// not an enrolled indirect provider cannot supply resellers.
    ///
    /// ## Example
    /// Passes: 'Contoso Distribution' enrolled as an indirect provider on 2019-01-01 and authorized
    /// 'Fabrikam KK' on 2019-03-01.
    /// Fails: 'Contoso Distribution' was deauthorized as an indirect provider on 2022-05-01, but its
    /// partnership with 'Fabrikam KK' never ended.
    pub CSP103, "CSP103", Error, "A partnership's provider side holds an active indirect-provider enrolment"
}

declare_rule! {
    /// ## What it checks
    /// Every partner location holds a CSP role (an enrolment as indirect provider, indirect reseller
    /// or direct bill partner that was not rejected). And a location holding a reseller
    /// relationship or an admin relationship (DAP or GDAP) with a tenant holds a role today (an
    /// active or restricted enrolment) while that relationship is in force.
    ///
    /// Reading: relationships are judged on the as-of date. A location with no role at all is
    /// reported once, not again for each of its relationships. Supplies, partnerships and resellers
    /// of record are left to the more specific CSP102, CSP103 and CSP204.
    ///
    /// ## Why
    /// §Types: the CSP program supports three transactional roles, and roles live on the location
    /// (its Partner ID). A location without one cannot transact or administer customers in CSP.
    ///
    /// ## Example
    /// Passes: 'Fabrikam KK', an active indirect reseller, holds a reseller relationship with its
    /// customer's tenant.
    /// Fails: 'Fabrikam KK' has only a pending enrolment but already holds a GDAP relationship with a
    /// customer's tenant.
    pub CSP107, "CSP107", Warning, "A location holds no CSP role, or acts without the role it needs"
}

const CSP103_NO_ENROLMENT_DATE: &str = "no indirect-provider enrolment date recorded";
const CSP103_NO_STATUS_DATE: &str =
    "no restriction or deauthorization date recorded for the indirect-provider enrolment";
const CSP103_NO_AUTHORIZATION_DATE: &str = "no authorization date recorded";

pub(super) fn check(cx: &Context<'_>, out: &mut Sink) {
    // Per location: whether a relationship it holds can lack a role (it has a role on record
    // but none held today); computed once, as locations hold many relationships each.
    let may_lack: Vec<bool> = cx
        .ws
        .locations
        .iter()
        .map(|l| {
            Role::ALL.iter().any(|&r| has_role(l, r))
                && !Role::ALL.iter().any(|&r| holds_role_now(l, r))
        })
        .collect();
    for (r, rel) in cx.ws.relationships.iter().enumerate() {
        match rel.kind {
            RelationshipKind::Supply => {
                supplier(cx, r, rel, out);
                supplied(cx, r, rel, out);
            }
            RelationshipKind::Partnership => provider_side(cx, r, rel, out),
            RelationshipKind::Reseller | RelationshipKind::Admin { .. } => {
                acting_role(cx, &may_lack, r, rel, out);
            }
        }
    }
    for location in &cx.ws.locations {
        no_role(cx, location, out);
    }
}

/// CSP101: a supply whose seller is not Microsoft.
fn supplier(cx: &Context<'_>, r: usize, rel: &Relationship, out: &mut Sink) {
    if cx.rel_from_microsoft(r) || cx.rel_from(r).is_none() {
        return;
    }
    let on = rel.start.unwrap_or(cx.as_of);
    let message = format!(
        "Supply '{}' shows {} selling to {}, but only Microsoft supplies direct bill partners and \
         indirect providers; a provider selling to a reseller is a partnership",
        rel.id,
        entity_text(cx, rel.from.as_str(), on),
        entity_text(cx, rel.to.as_str(), on),
    );
    let diagnostic = out.report(
        &CSP101,
        message,
        vec![rel.id.clone(), rel.from.clone(), rel.to.clone()],
    );
    if let Some(ms) = cx.sole_microsoft() {
        let mut fixed = rel.clone();
        fixed.from = ms.id.clone();
        diagnostic.fixes.push(Fix {
            title: format!("Make Microsoft the seller of supply '{}'", rel.id),
            edit: Edit::Replace(Entity::Relationship(fixed)),
        });
    }
}

/// CSP102: Microsoft supplies something that is not a direct-bill or indirect-provider location.
fn supplied(cx: &Context<'_>, r: usize, rel: &Relationship, out: &mut Sink) {
    if !cx.rel_from_microsoft(r) {
        return;
    }
    let on = rel.start.unwrap_or(cx.as_of);
    let Some(at) = cx.rel_to(r) else {
        return;
    };
    let entities = || vec![rel.id.clone(), rel.to.clone(), rel.from.clone()];
    let Some(location) = (at.kind == EntityKind::Location).then(|| &cx.ws.locations[at.index])
    else {
        let message = format!(
            "Supply '{}' has Microsoft selling to {}, which is not a partner location; Microsoft \
             supplies only direct bill partners and indirect providers",
            rel.id,
            entity_text(cx, rel.to.as_str(), on),
        );
        out.report(&CSP102, message, entities());
        return;
    };
    let buying_roles = [Role::DirectBill, Role::IndirectProvider];
    let in_force = rel.in_force_on(cx.as_of);
    let ok = if in_force {
        buying_roles.iter().any(|&r| holds_role_now(location, r))
    } else {
        buying_roles.iter().any(|&r| has_role(location, r))
    };
    if ok {
        return;
    }
    let lacking = if in_force && buying_roles.iter().any(|&r| has_role(location, r)) {
        format!(
            "holds no active direct-bill or indirect-provider enrolment while the supply is in \
             force on {} ({})",
            cx.as_of,
            enrolments_text(location)
        )
    } else {
        format!(
            "holds no direct-bill or indirect-provider enrolment ({})",
            enrolments_text(location)
        )
    };
    let why = if has_role(location, Role::IndirectReseller) {
        "a location that only resells has no billing relationship with Microsoft and buys through \
         an indirect provider"
    } else {
        "Microsoft supplies only direct bill partners and indirect providers"
    };
    let message = format!(
        "Supply '{}' has Microsoft selling to {}, which {lacking}; {why}",
        rel.id,
        cx.describe(location.id.as_str(), on),
    );
    out.report(&CSP102, message, entities());
}

/// "enrolments: indirect reseller (active since 2019-01-01)", or "no CSP enrolment".
pub(super) fn enrolments_text(location: &Location) -> String {
    if location.enrolments.is_empty() {
        return "no CSP enrolment on record".to_owned();
    }
    let parts: Vec<String> = location
        .enrolments
        .iter()
        .map(|e| format!("{} ({})", e.role.label(), status_text(e)))
        .collect();
    format!("enrolments: {}", parts.join(", "))
}

fn status_word(status: EnrolmentStatus) -> &'static str {
    match status {
        EnrolmentStatus::Active => "active",
        EnrolmentStatus::Qualified => "qualified",
        EnrolmentStatus::Pending => "pending",
        EnrolmentStatus::Rejected => "rejected",
        EnrolmentStatus::Restricted => "restricted",
        EnrolmentStatus::Deauthorized => "deauthorized",
    }
}

fn status_text(e: &Enrolment) -> String {
    match (e.status, e.enrolled, e.status_date) {
        (EnrolmentStatus::Active, Some(enrolled), _) => format!("active since {enrolled}"),
        (status, _, Some(since)) => format!("{} since {since}", status_word(status)),
        (status, _, None) => status_word(status).to_owned(),
    }
}

/// CSP103: the provider side of a partnership lacks an active indirect-provider enrolment.
fn provider_side(cx: &Context<'_>, r: usize, rel: &Relationship, out: &mut Sink) {
    let as_of = cx.as_of;
    if rel.start.is_some_and(|start| start > as_of) {
        return;
    }
    let Some(at) = cx.rel_from(r) else {
        return;
    };
    let on = rel.start.unwrap_or(as_of);
    let entities = || vec![rel.id.clone(), rel.from.clone(), rel.to.clone()];
    let Some(provider) = (at.kind == EntityKind::Location).then(|| &cx.ws.locations[at.index])
    else {
        let message = format!(
            "Partnership '{}' has {} on the provider side; partnerships join an indirect provider \
             location to an indirect reseller location",
            rel.id,
            entity_text(cx, rel.from.as_str(), on),
        );
        out.report(&CSP103, message, entities());
        return;
    };
    let subject = format!(
        "Partnership '{}' with {}: the provider side, {},",
        rel.id,
        entity_text(cx, rel.to.as_str(), on),
        cx.describe(provider.id.as_str(), on),
    );
    match provider_enrolment_gap(provider, rel, as_of) {
        Gap::None => {}
        // A missing authorization date is the partnership's; an enrolment's, the provider's.
        Gap::Unknown(what) if what == CSP103_NO_AUTHORIZATION_DATE => {
            out.not_judged(&CSP103, &rel.id, what);
        }
        Gap::Unknown(what) => out.not_judged(&CSP103, &provider.id, what),
        Gap::Found(what) => {
            out.report(&CSP103, format!("{subject} {what}"), entities());
        }
    }
}

enum Gap {
    None,
    /// Not judged: the fact missing.
    Unknown(&'static str),
    Found(String),
}

/// Whether the provider's indirect-provider enrolment was active on every day the partnership was
/// in force up to `as_of`.
fn provider_enrolment_gap(provider: &Location, rel: &Relationship, as_of: NaiveDate) -> Gap {
    let enrolments: Vec<&Enrolment> = provider
        .enrolments
        .iter()
        .filter(|e| e.role == Role::IndirectProvider)
        .collect();
    if enrolments.is_empty() {
        return Gap::Found(format!(
            "holds no indirect-provider enrolment ({})",
            enrolments_text(provider)
        ));
    }
    let mut first_gap = None;
    let mut unknown = None;
    for e in enrolments {
        match enrolment_covers(e, rel, as_of) {
            Gap::None => return Gap::None,
            Gap::Unknown(what) => {
                unknown.get_or_insert(what);
            }
            Gap::Found(what) => {
                first_gap.get_or_insert(what);
            }
        }
    }
    match (unknown, first_gap) {
        (Some(what), _) => Gap::Unknown(what),
        (None, Some(what)) => Gap::Found(what),
        (None, None) => Gap::None,
    }
}

fn enrolment_covers(e: &Enrolment, rel: &Relationship, as_of: NaiveDate) -> Gap {
    let status = status_word(e.status);
    match e.status {
        EnrolmentStatus::Pending | EnrolmentStatus::Qualified | EnrolmentStatus::Rejected => {
            return Gap::Found(format!(
                "has an indirect-provider enrolment that is {status}, never active"
            ));
        }
        EnrolmentStatus::Restricted | EnrolmentStatus::Deauthorized => match e.status_date {
            Some(since) if since <= as_of && rel.end.is_none_or(|end| end > since) => {
                return Gap::Found(format!(
                    "had its indirect-provider enrolment {status} on {since} while the \
                     partnership was still in force"
                ));
            }
            Some(_) => {}
            None if rel.in_force_on(as_of) => {
                return Gap::Found(format!(
                    "has an indirect-provider enrolment that is {status} while the partnership is \
                     in force on {as_of}"
                ));
            }
            None => return Gap::Unknown(CSP103_NO_STATUS_DATE),
        },
        EnrolmentStatus::Active => {}
    }
    match (e.enrolled, rel.start) {
        (Some(enrolled), Some(start)) if enrolled > start => Gap::Found(format!(
            "enrolled as an indirect provider only on {enrolled}, after the partnership was \
             authorized on {start}"
        )),
        (Some(_), Some(_)) => Gap::None,
        (None, _) => Gap::Unknown(CSP103_NO_ENROLMENT_DATE),
        (_, None) => Gap::Unknown(CSP103_NO_AUTHORIZATION_DATE),
    }
}

/// CSP107, relationship part: a location administers or holds a reseller relationship with a
/// tenant while it holds no role today.
fn acting_role(cx: &Context<'_>, may_lack: &[bool], r: usize, rel: &Relationship, out: &mut Sink) {
    let as_of = cx.as_of;
    if !rel.in_force_on(as_of) {
        return;
    }
    let found = match cx.rel_from(r) {
        None => return,
        Some(at) if at.kind == EntityKind::Location => {
            if !may_lack.get(at.index).copied().unwrap_or(true) {
                return;
            }
            Some(&cx.ws.locations[at.index])
        }
        Some(_) => None,
    };
    let kind = rel.kind.label();
    let entities = || vec![rel.id.clone(), rel.from.clone(), rel.to.clone()];
    let Some(location) = found else {
        let message = format!(
            "The {kind} '{}' is held by {}, which is not a partner location and holds no CSP \
             role; a {kind} belongs to a partner location",
            rel.id,
            entity_text(cx, rel.from.as_str(), as_of),
        );
        out.report(&CSP107, message, entities());
        return;
    };
    let on_record = Role::ALL.iter().any(|&r| has_role(location, r));
    let now = Role::ALL.iter().any(|&r| holds_role_now(location, r));
    // A location with no role at all is reported once, by `no_role`.
    if !on_record || now {
        return;
    }
    let message = format!(
        "{} holds the {kind} '{}' with {} in force on {as_of}, but holds no active CSP role ({})",
        capitalized(&location_text(cx, location, as_of)),
        rel.id,
        entity_text(cx, rel.to.as_str(), as_of),
        enrolments_text(location),
    );
    out.report(&CSP107, message, entities());
}

/// CSP107, location part: a location with no CSP role on record.
fn no_role(cx: &Context<'_>, location: &Location, out: &mut Sink) {
    if Role::ALL.iter().any(|&r| has_role(location, r)) {
        return;
    }
    let detail = if location.enrolments.is_empty() {
        "it has no enrolment as indirect provider, indirect reseller or direct bill partner"
    } else {
        "its only enrolments were rejected"
    };
    let message = format!(
        "Location {} holds no CSP role: {detail}",
        cx.describe(location.id.as_str(), cx.as_of)
    );
    out.report(&CSP107, message, vec![location.id.clone()]);
}
