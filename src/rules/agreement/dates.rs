//! Dates out of order, or in the future: CSP205.

use chrono::NaiveDate;

use crate::model::{Fact, Id, Location, RelationshipKind};
use crate::rules::registry::declare_rule;
use crate::rules::text::{capitalized, sub_label, with_article};
use crate::rules::{Context, Diagnostic, Sink};

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

/// The part of CSP205 that no as-of date changes: dates out of order with each other.
pub(super) fn order(cx: &Context<'_>, out: &mut Sink) {
    for location in &cx.ws.locations {
        let who = || format!("Location '{}'", cx.name(location.id.as_str()));
        location_order(location, &who, out);
    }
    for rel in &cx.ws.relationships {
        let who = || format!("{} '{}'", capitalized(rel.kind.label()), rel.id);
        if let (Some(start), Some(end)) = (rel.start, rel.end)
            && end < start
        {
            let message = format!("{}: ends on {end}, before it starts on {start}", who());
            out.report(&CSP205, message, vec![rel.id.clone()]);
        }
        if matches!(rel.kind, RelationshipKind::Partnership)
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
        if let (Some(start), Some(end)) = (sub.start, sub.end)
            && end < start
        {
            let who = capitalized(&sub_label(sub));
            let message = format!("{who}: ends on {end}, before it starts on {start}");
            out.report(&CSP205, message, vec![sub.id.clone()]);
        }
    }
}

/// The part of CSP205 the as-of date moves: events dated after it.
///
/// With the events listed in the order of their findings ([`prepare`], done for a cached context
/// that moves), the findings are reported in that order and merged, not sorted, into the others;
/// otherwise every entity is visited and its findings sorted with the rest.
pub(super) fn future(cx: &Context<'_>, out: &mut Sink) {
    let as_of = cx.as_of;
    let tail = format!("{as_of}{AFTER_TAIL}");
    let report = |out: &mut Sink, id: &Id, head: &str| {
        let mut message = String::with_capacity(head.len() + tail.len());
        message.push_str(head);
        message.push_str(&tail);
        out.report(&CSP205, message, vec![id.clone()]);
    };
    match cx.dated_events.get() {
        Some(events) => {
            // The findings of the previous date, if offered, come in the same order: those of
            // the events after that date.
            let (before, earlier) = cx.take_earlier().unzip();
            let mut earlier = earlier
                .unwrap_or_default()
                .into_iter()
                .filter(is_after_finding);
            out.reserve_in_order(events.iter().filter(|(on, _, _)| *on > as_of).count());
            for (on, id, head) in events {
                let was_after = before.is_some_and(|before| *on > before);
                let earlier = if was_after { earlier.next() } else { None };
                if *on <= as_of {
                    continue;
                }
                let finding = match earlier {
                    Some(mut finding) if is_finding_of(&finding, id, head, tail.len()) => {
                        finding.message.truncate(head.len());
                        finding.message.push_str(&tail);
                        finding
                    }
                    _ => {
                        let mut message = String::with_capacity(head.len() + tail.len());
                        message.push_str(head);
                        message.push_str(&tail);
                        Diagnostic {
                            code: CSP205.code,
                            severity: CSP205.severity,
                            message,
                            entities: vec![id.clone()],
                            fixes: Vec::new(),
                        }
                    }
                };
                out.report_in_order(finding);
            }
        }
        None => each_event(cx, |id, on, what| {
            if on > as_of {
                report(out, id, &after_head(&what(), on));
            }
        }),
    }
}

/// Whether `finding` is the finding of [`future`] about the event of `id` whose message starts
/// with `head`, at a date written as long as today's (`tail_len` bytes from the date on): then
/// only the date differs.
fn is_finding_of(finding: &Diagnostic, id: &Id, head: &str, tail_len: usize) -> bool {
    finding.code == CSP205.code
        && finding.severity == CSP205.severity
        && finding.fixes.is_empty()
        && finding.entities.len() == 1
        && finding.entities[0] == *id
        && finding.message.len() == head.len() + tail_len
        && finding.message.starts_with(head)
        && finding.message.ends_with(AFTER_TAIL)
}

/// Whether `d` is a finding of [`future`] (an event after the as-of date).
fn is_after_finding(d: &Diagnostic) -> bool {
    d.code == CSP205.code && d.message.ends_with(AFTER_TAIL)
}

/// How a finding of [`future`] ends, after the as-of date it names.
const AFTER_TAIL: &str = "; an event that has happened cannot be dated in the future";

/// How a finding of [`future`] begins, up to the as-of date it names: "Location 'Fabrikam KK':
/// signed the MPA on 2025-03-01, after the workspace's as-of date ".
fn after_head(what: &str, on: NaiveDate) -> String {
    format!("{what} on {on}, after the workspace's as-of date ")
}

/// Lists every dated event of the workspace with the start of its finding, in the order of the
/// findings, so [`future`] formats little and its findings need no sorting.
///
/// The findings sort by entity, then message, and every message of one date ends alike, so the
/// start decides, unless one start is a proper prefix of another of the same entity (a name
/// that contains a whole finding): then nothing is listed and [`future`] reports as in a full
/// check.
pub(super) fn prepare(cx: &Context<'_>) {
    let mut events = Vec::new();
    each_event(cx, |id, on, what| {
        events.push((on, id.clone(), after_head(&what(), on)));
    });
    // Stable: equal findings keep the order of a full check.
    events.sort_by(|a, b| (&a.1, &a.2).cmp(&(&b.1, &b.2)));
    let prefix = |a: &(NaiveDate, Id, String), b: &(NaiveDate, Id, String)| {
        a.1 == b.1 && a.2 != b.2 && b.2.starts_with(a.2.as_str())
    };
    if !events.windows(2).any(|w| prefix(&w[0], &w[1])) {
        let _ = cx.dated_events.set(events);
    }
}

/// Calls `visit` with each dated event: the entity, the date, and what happened, built only
/// when asked ("Location 'Fabrikam KK': signed the MPA").
fn each_event(cx: &Context<'_>, mut visit: impl FnMut(&Id, NaiveDate, &dyn Fn() -> String)) {
    for org in &cx.ws.organizations {
        if let Fact::Stated(accepted) = org.mca_accepted {
            visit(&org.id, accepted, &|| {
                format!("Organization '{}': accepted the MCA", org.name)
            });
        }
    }
    for location in &cx.ws.locations {
        let who = || format!("Location '{}'", cx.name(location.id.as_str()));
        if let Fact::Stated(onboarded) = location.onboarded {
            visit(&location.id, onboarded, &|| {
                format!("{}: onboarded to Partner Center", who())
            });
        }
        if let Fact::Stated(signed) = location.mpa_signed {
            visit(&location.id, signed, &|| {
                format!("{}: signed the MPA", who())
            });
        }
        for e in &location.enrolments {
            if let Some(enrolled) = e.enrolled {
                visit(&location.id, enrolled, &|| {
                    format!("{}: enrolled as {}", who(), with_article(e.role.label()))
                });
            }
            if let Some(changed) = e.status_date {
                visit(&location.id, changed, &|| {
                    format!("{}: its {} enrolment changed status", who(), e.role.label())
                });
            }
        }
    }
    for rel in &cx.ws.relationships {
        let who = || format!("{} '{}'", capitalized(rel.kind.label()), rel.id);
        let partnership = matches!(rel.kind, RelationshipKind::Partnership);
        if let Some(start) = rel.start {
            let event = if partnership { "authorized" } else { "starts" };
            visit(&rel.id, start, &|| format!("{}: {event}", who()));
        }
        if let Some(requested) = rel.requested {
            visit(&rel.id, requested, &|| format!("{}: requested", who()));
        }
    }
    for sub in &cx.ws.subscriptions {
        let who = || capitalized(&sub_label(sub));
        if let Some(start) = sub.start {
            visit(&sub.id, start, &|| format!("{}: starts", who()));
        }
        for change in &sub.partner_of_record_changes {
            visit(&sub.id, change.date, &|| {
                format!("{}: changes its partner of record", who())
            });
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
