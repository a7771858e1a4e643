//! Dates of admin rights and of partner-of-record changes: CSP604 and CSP605.

use chrono::{Months, NaiveDate};

use crate::edit::Edit;
use crate::model::{AdminKind, Entity, Fact, Id, OfferKind, RelationshipKind};
use crate::rules::registry::declare_rule;
use crate::rules::text::sub_label;
use crate::rules::{Context, Fix, Sink};

declare_rule! {
    /// ## What it checks
    /// Admin rights on a timeline: a DAP granted on or after 2023-10-09 (from then on new reseller
    /// relationships carry no DAP); a GDAP running longer than two years; a GDAP shown in force
    /// after its two years are over (no end recorded). Auto-extension lets a GDAP run beyond two
    /// years, but only where its two years ended on or after 2023-10-30, when Microsoft
    /// introduced it.
    ///
    /// Reading: "two years" is two calendar years from the GDAP's start. An admin relationship
    /// with no start date is counted as not judged.
    ///
    /// ## Why
    /// Microsoft replaced DAP with granular delegated admin privileges (GDAP): least privilege,
    /// time-bound (at most two years), auto-extensible from 2023-10-30. These are program
    /// thresholds that moved over time, so this is a warning.
    ///
    /// ## Example
    /// Passes: a GDAP from 2024-01-01 to 2026-01-01.
    /// Fails: a DAP granted on 2024-01-15, or a GDAP from 2021-01-01 with no end in a 2024
    /// workspace.
    pub CSP604, "CSP604", Warning, "Admin rights timing: DAP after 2023-10-09, GDAP beyond two years"
}

declare_rule! {
    /// ## What it checks
    /// A licence-based subscription keeps its partner of record for its term: a partner-of-record
    /// change dated after the start and before the end is reported. Azure plans and other offers
    /// may switch.
    ///
    /// Reading: a change dated on the term's end date takes effect at the end, which is allowed. A
    /// change that repeats the current partners is no change. With the term's start or end
    /// unknown the subscription is counted as not judged.
    ///
    /// ## Why
    /// Multi-partner and multichannel support never transfer a licence-based subscription: the
    /// customer waits for the term's end or cancels and buys again from the new partner.
    ///
    /// ## Example
    /// Passes: an Azure plan moves from 'Reseller Co' to 'Other Reseller' mid-month.
    /// Fails: a one-year Microsoft 365 subscription moves to 'Other Reseller' after six months.
    pub CSP605, "CSP605", Error, "A licence-based subscription keeps its partner of record for its term"
}

/// DAP is no longer granted with new reseller relationships from this date.
fn dap_cutoff() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 10, 9).unwrap_or(NaiveDate::MIN)
}

/// GDAP auto-extension exists from this date.
fn auto_extension_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 10, 30).unwrap_or(NaiveDate::MIN)
}

pub(super) fn check(cx: &Context<'_>, out: &mut Sink) {
    csp604(cx, out);
    csp605(cx, out);
}

fn csp604(cx: &Context<'_>, out: &mut Sink) {
    let as_of = cx.as_of;
    for rel in &cx.ws.relationships {
        let RelationshipKind::Admin {
            access,
            roles,
            auto_extend,
        } = &rel.kind
        else {
            continue;
        };
        let Some(start) = rel.start else {
            out.not_judged(&CSP604, &rel.id, "no start date recorded");
            continue;
        };
        let Some(two_years) = start.checked_add_months(Months::new(24)) else {
            continue;
        };
        // Built only for a finding: this runs over every admin relationship.
        let who = || {
            format!(
                "'{}' over '{}'",
                cx.name(rel.from.as_str()),
                cx.name(rel.to.as_str())
            )
        };
        let entities = || vec![rel.id.clone(), rel.from.clone(), rel.to.clone()];
        match access {
            AdminKind::Dap => {
                if start < dap_cutoff() {
                    continue;
                }
                let mut gdap = rel.clone();
                gdap.kind = RelationshipKind::Admin {
                    access: AdminKind::Gdap,
                    roles: roles.clone(),
                    auto_extend: false,
                };
                gdap.end = Some(rel.end.map_or(two_years, |e| e.min(two_years)));
                let diagnostic = out.report(
                    &CSP604,
                    format!(
                        "DAP admin relationship '{}' of {} was granted on {start}; from 2023-10-09 new reseller relationships carry no DAP, admin rights come through GDAP",
                        rel.id,
                        who()
                    ),
                    entities(),
                );
                diagnostic.fixes.push(Fix {
                    title: format!(
                        "Replace the DAP with a GDAP with the same roles, ending by {two_years}"
                    ),
                    edit: Edit::Replace(Entity::Relationship(gdap)),
                });
            }
            AdminKind::Gdap => {
                let can_extend = *auto_extend && two_years >= auto_extension_from();
                if can_extend {
                    continue;
                }
                let note = if *auto_extend {
                    format!(
                        "; its auto-extension cannot help, as auto-extension exists only from 2023-10-30 and its two years ended on {two_years}"
                    )
                } else {
                    String::new()
                };
                let message = match rel.end {
                    Some(end) if end > two_years => format!(
                        "GDAP admin relationship '{}' of {} runs from {start} to {end}, longer than two years (until {two_years}){note}",
                        rel.id,
                        who()
                    ),
                    None if as_of >= two_years => format!(
                        "GDAP admin relationship '{}' of {} started on {start} and has no end recorded, so it is shown in force on {as_of}, after its two years ended on {two_years}: a GDAP used after its end{note}",
                        rel.id,
                        who()
                    ),
                    _ => continue,
                };
                let mut ended = rel.clone();
                ended.end = Some(two_years);
                let diagnostic = out.report(&CSP604, message, entities());
                diagnostic.fixes.push(Fix {
                    title: format!("End the GDAP two years after its start, on {two_years}"),
                    edit: Edit::Replace(Entity::Relationship(ended)),
                });
            }
        }
    }
}

/// The partner of record: "'Reseller Co' (reseller of record, billed by 'Provider Co')".
fn partner_label(cx: &Context<'_>, billed_by: &Id, reseller: &Fact<Id>) -> String {
    match reseller {
        Fact::Stated(reseller) => format!(
            "'{}' (reseller of record, billed by '{}')",
            cx.name(reseller.as_str()),
            cx.name(billed_by.as_str())
        ),
        _ => format!("'{}'", cx.name(billed_by.as_str())),
    }
}

fn reseller_changed(before: &Fact<Id>, after: &Fact<Id>) -> bool {
    match (before, after) {
        (Fact::Unknown, _) | (_, Fact::Unknown) => false,
        (a, b) => a != b,
    }
}

fn csp605(cx: &Context<'_>, out: &mut Sink) {
    for sub in &cx.ws.subscriptions {
        if sub.offer_kind != OfferKind::LicenceBased || sub.partner_of_record_changes.is_empty() {
            continue;
        }
        let (Some(start), Some(end)) = (sub.start, sub.end) else {
            if sub.start.is_none() {
                out.not_judged(&CSP605, &sub.id, "no start date recorded");
            }
            if sub.end.is_none() {
                out.not_judged(&CSP605, &sub.id, "no term end recorded");
            }
            continue;
        };
        let mut before = (&sub.billed_by, &sub.reseller_of_record);
        for (index, change) in sub.partner_of_record_changes.iter().enumerate() {
            let after = (&change.billed_by, &change.reseller_of_record);
            let changed = before.0 != after.0 || reseller_changed(before.1, after.1);
            let mid_term = start < change.date && change.date < end;
            if changed && mid_term {
                let mut entities = vec![sub.id.clone()];
                for id in [
                    after.1.stated(),
                    Some(after.0),
                    before.1.stated(),
                    Some(before.0),
                ]
                .into_iter()
                .flatten()
                {
                    if !entities.contains(id) {
                        entities.push(id.clone());
                    }
                }
                let mut waited = sub.clone();
                if let Some(c) = waited.partner_of_record_changes.get_mut(index) {
                    c.date = end;
                }
                let diagnostic = out.report(
                    &CSP605,
                    format!(
                        "Licence-based {}, with a term from {start} to {end}, changes its partner of record on {} from {} to {}; the partner of record stays for the term, the customer waits for the term's end or cancels",
                        sub_label(sub),
                        change.date,
                        partner_label(cx, before.0, before.1),
                        partner_label(cx, after.0, after.1)
                    ),
                    entities,
                );
                diagnostic.fixes.push(Fix {
                    title: format!("Let the change take effect at the end of the term, on {end}"),
                    edit: Edit::Replace(Entity::Subscription(waited)),
                });
            }
            before = after;
        }
    }
}
