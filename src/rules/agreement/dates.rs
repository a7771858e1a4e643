//! Dates out of order, or in the future: CSP205.

use chrono::NaiveDate;

use crate::model::{Fact, Id, Location, RelationshipKind};
use crate::rules::registry::declare_rule;
use crate::rules::text::{capitalized, sub_label, with_article};
use crate::rules::{Context, Sink};

declare_rule! {
    /// ## What it checks
    /// Dates that cannot be in this order:
    /// - a location enrolled in a role before it onboarded to Partner Center;
    /// - a location signed the MPA before its first enrolment;
    /// - a partnership was authorized before the reseller requested it;
    /// - a relationship or subscription ends before it starts;
    /// - an event that has happened by nature is dated after the workspace's as-of date: a start,
    ///   an MPA signature, an onboarding, an enrolment, a partnership request or authorization, an
    ///   MCA acceptance, an enrolment status change, a partner-of-record change. Ends and term ends
    ///   after the as-of date are normal.
    ///
    /// Reading: only pairs of recorded dates are compared; a date that is not recorded has no order
    /// to be wrong, and the rules that need it count it as not judged.
    ///
    /// ## Why
    /// §MPA lists the order of a reseller's steps: onboard into Partner Center, enroll, sign the
    /// MPA. Every other rule reads these dates; one typed in the wrong order or year makes them
    /// judge the wrong day.
    ///
    /// ## Example
    /// Passes: 'Fabrikam KK' onboarded on 2019-01-01, enrolled on 2019-01-05, signed the MPA on
    /// 2019-01-10.
    /// Fails: a subscription starts on 2025-03-01 in a workspace as of 2024-06-01.
    pub CSP205, "CSP205", Warning, "Dates out of order"
}

pub(super) fn check(cx: &Context<'_>, out: &mut Sink) {
    let as_of = cx.as_of;
    // Labels are built only for a finding: this runs over every entity on every edit.
    let future = |out: &mut Sink,
                  id: &Id,
                  who: &dyn Fn() -> String,
                  event: &dyn Fn() -> String,
                  on: NaiveDate| {
        if on > as_of {
            let message = format!(
                "{}: {} on {on}, after the workspace's as-of date {as_of}; an event that has \
                 happened cannot be dated in the future",
                who(),
                event(),
            );
            out.report(&CSP205, message, vec![id.clone()]);
        }
    };
    for org in &cx.ws.organizations {
        if let Fact::Stated(accepted) = org.mca_accepted {
            let who = || format!("Organization '{}'", org.name);
            future(
                out,
                &org.id,
                &who,
                &|| "accepted the MCA".to_owned(),
                accepted,
            );
        }
    }
    for location in &cx.ws.locations {
        let who = || format!("Location '{}'", cx.name(location.id.as_str()));
        if let Fact::Stated(onboarded) = location.onboarded {
            let event = || "onboarded to Partner Center".to_owned();
            future(out, &location.id, &who, &event, onboarded);
        }
        if let Fact::Stated(signed) = location.mpa_signed {
            future(
                out,
                &location.id,
                &who,
                &|| "signed the MPA".to_owned(),
                signed,
            );
        }
        for e in &location.enrolments {
            if let Some(enrolled) = e.enrolled {
                let event = || format!("enrolled as {}", with_article(e.role.label()));
                future(out, &location.id, &who, &event, enrolled);
            }
            if let Some(changed) = e.status_date {
                let event = || format!("its {} enrolment changed status", e.role.label());
                future(out, &location.id, &who, &event, changed);
            }
        }
        location_order(location, &who, out);
    }
    for rel in &cx.ws.relationships {
        let who = || format!("{} '{}'", capitalized(rel.kind.label()), rel.id);
        let partnership = matches!(rel.kind, RelationshipKind::Partnership);
        if let Some(start) = rel.start {
            let event = || if partnership { "authorized" } else { "starts" }.to_owned();
            future(out, &rel.id, &who, &event, start);
        }
        if let Some(requested) = rel.requested {
            future(out, &rel.id, &who, &|| "requested".to_owned(), requested);
        }
        if let (Some(start), Some(end)) = (rel.start, rel.end)
            && end < start
        {
            let message = format!("{}: ends on {end}, before it starts on {start}", who());
            out.report(&CSP205, message, vec![rel.id.clone()]);
        }
        if partnership
            && let (Some(start), Some(requested)) = (rel.start, rel.requested)
            && start < requested
        {
            let message = format!(
                "{}: authorized on {start}, before the reseller requested it on {requested}",
                who()
            );
            out.report(&CSP205, message, vec![rel.id.clone()]);
        }
    }
    for sub in &cx.ws.subscriptions {
        let who = || capitalized(&sub_label(sub));
        if let Some(start) = sub.start {
            future(out, &sub.id, &who, &|| "starts".to_owned(), start);
        }
        for change in &sub.partner_of_record_changes {
            let event = || "changes its partner of record".to_owned();
            future(out, &sub.id, &who, &event, change.date);
        }
        if let (Some(start), Some(end)) = (sub.start, sub.end)
            && end < start
        {
            let message = format!("{}: ends on {end}, before it starts on {start}", who());
            out.report(&CSP205, message, vec![sub.id.clone()]);
        }
    }
}

/// Onboarding, enrolment and MPA signature in the order §MPA gives.
fn location_order(location: &Location, who: &dyn Fn() -> String, out: &mut Sink) {
    if let Fact::Stated(onboarded) = location.onboarded {
        for e in &location.enrolments {
            if let Some(enrolled) = e.enrolled.filter(|&enrolled| enrolled < onboarded) {
                let message = format!(
                    "{}: enrolled as {} on {enrolled}, before it onboarded to Partner Center \
                     on {onboarded}",
                    who(),
                    with_article(e.role.label())
                );
                out.report(&CSP205, message, vec![location.id.clone()]);
            }
        }
    }
    let first_enrolment = location.enrolments.iter().filter_map(|e| e.enrolled).min();
    if let (Fact::Stated(signed), Some(first)) = (location.mpa_signed, first_enrolment)
        && signed < first
    {
        let message = format!(
            "{}: signed the MPA on {signed}, before its first enrolment on {first}",
            who()
        );
        out.report(&CSP205, message, vec![location.id.clone()]);
    }
}
