//! Resellers onboarded and enrolled in time: CSP204.

use chrono::NaiveDate;

use crate::model::EntityKind;
use crate::model::{
    Enrolment, EnrolmentStatus, Fact, Location, Relationship, RelationshipKind, Role, Subscription,
};
use crate::rules::chain::common::{entity_text, location_text};
use crate::rules::registry::declare_rule;
use crate::rules::text::{capitalized, sub_label_from};
use crate::rules::{Context, Sink};

declare_rule! {
    /// ## What it checks
    /// The reseller side of a partnership had onboarded to Partner Center and enrolled as an
    /// indirect reseller by the day the provider authorized the partnership; and the reseller of
    /// record on a subscription had done both by the subscription's start date.
    ///
    /// Reading: an enrolment counts from its enrolment date while it is active or restricted; a
    /// pending, qualified or rejected enrolment does not count, and a deauthorized one counts only
    /// until its status date. Dates that are not recorded are counted as not judged.
    ///
    /// ## Why
    /// §MPA: an indirect reseller must do three things before it transacts: onboard into Partner
    /// Center, enroll as an indirect reseller, and sign the MPA (the last is CSP202 and CSP203).
    /// §Types: the reseller is the indirect reseller in Microsoft → indirect provider → indirect
    /// reseller → customer.
    ///
    /// ## Example
    /// Passes: 'Fabrikam KK' onboarded and enrolled as an indirect reseller on 2019-01-01;
    /// 'Contoso Distribution' authorized it on 2019-03-01.
    /// Fails: 'Contoso Distribution' authorized 'Fabrikam KK' on 2019-03-01, but Fabrikam enrolled as
    /// an indirect reseller only on 2019-06-01.
    pub CSP204, "CSP204", Error, "A reseller had not onboarded and enrolled as an indirect reseller in time"
}

const NO_ONBOARDING: &str = "no onboarding date recorded";
const NO_ENROLMENT_DATE: &str = "no indirect-reseller enrolment date recorded";
const NO_START: &str = "no start date recorded";
const NO_AUTHORIZATION: &str = "no authorization date recorded";

pub(super) fn check(cx: &Context<'_>, out: &mut Sink) {
    for (r, rel) in cx.ws.relationships.iter().enumerate() {
        if matches!(rel.kind, RelationshipKind::Partnership) {
            partnership(cx, r, rel, out);
        }
    }
    for (s, sub) in cx.ws.subscriptions.iter().enumerate() {
        if let Fact::Stated(reseller) = &sub.reseller_of_record
            && *reseller != sub.billed_by
            && let Some(reseller) = cx.sub_reseller(s)
        {
            reseller_of_record(cx, sub, &cx.ws.locations[reseller], out);
        }
    }
}

/// Whether a reseller was ready on a date, and if not, why.
enum Ready {
    Yes,
    /// Not judged: the facts missing (onboarding date, enrolment date).
    Unknown {
        onboarding: bool,
        enrolment: bool,
    },
    No(Vec<String>),
}

impl Ready {
    const ENROLMENT_UNKNOWN: Ready = Ready::Unknown {
        onboarding: false,
        enrolment: true,
    };

    /// Counts `reseller` as not judged for each fact missing.
    fn not_judged(onboarding: bool, enrolment: bool, reseller: &Location, out: &mut Sink) {
        if onboarding {
            out.not_judged(&CSP204, &reseller.id, NO_ONBOARDING);
        }
        if enrolment {
            out.not_judged(&CSP204, &reseller.id, NO_ENROLMENT_DATE);
        }
    }
}

fn ready(location: &Location, on: NaiveDate) -> Ready {
    let mut gaps = Vec::new();
    let mut onboarding_unknown = false;
    match location.onboarded {
        Fact::Stated(onboarded) if onboarded > on => {
            gaps.push(format!("onboarded to Partner Center only on {onboarded}"));
        }
        Fact::Stated(_) => {}
        Fact::Absent => gaps.push("never onboarded to Partner Center".to_owned()),
        Fact::Unknown => onboarding_unknown = true,
    }
    let mut why_not: Option<String> = None;
    let mut enrolled = false;
    let mut enrolment_unknown = false;
    for e in location
        .enrolments
        .iter()
        .filter(|e| e.role == Role::IndirectReseller)
    {
        match enrolled_on(e, on) {
            Ready::Yes => enrolled = true,
            Ready::Unknown { .. } => enrolment_unknown = true,
            Ready::No(mut why) => {
                if why_not.is_none() {
                    why_not = why.pop();
                }
            }
        }
    }
    let enrolment_unknown = !enrolled && enrolment_unknown;
    if !enrolled && !enrolment_unknown {
        gaps.push(why_not.unwrap_or_else(|| "never enrolled as an indirect reseller".to_owned()));
    }
    if !gaps.is_empty() {
        Ready::No(gaps)
    } else if onboarding_unknown || enrolment_unknown {
        Ready::Unknown {
            onboarding: onboarding_unknown,
            enrolment: enrolment_unknown,
        }
    } else {
        Ready::Yes
    }
}

fn enrolled_on(e: &Enrolment, on: NaiveDate) -> Ready {
    let no = |why: String| Ready::No(vec![why]);
    match e.status {
        EnrolmentStatus::Rejected => no("its indirect-reseller enrolment was rejected".to_owned()),
        EnrolmentStatus::Pending | EnrolmentStatus::Qualified => {
            let status = if e.status == EnrolmentStatus::Pending {
                "pending"
            } else {
                "qualified"
            };
            no(format!(
                "its indirect-reseller enrolment is still {status}, not active"
            ))
        }
        EnrolmentStatus::Active | EnrolmentStatus::Restricted => match e.enrolled {
            Some(enrolled) if enrolled > on => no(format!(
                "enrolled as an indirect reseller only on {enrolled}"
            )),
            Some(_) => Ready::Yes,
            None => Ready::ENROLMENT_UNKNOWN,
        },
        EnrolmentStatus::Deauthorized => match (e.enrolled, e.status_date) {
            (Some(enrolled), _) if enrolled > on => no(format!(
                "enrolled as an indirect reseller only on {enrolled}"
            )),
            (_, Some(since)) if since <= on => no(format!(
                "its indirect-reseller enrolment had been deauthorized on {since}"
            )),
            (Some(_), Some(_)) => Ready::Yes,
            _ => Ready::ENROLMENT_UNKNOWN,
        },
    }
}

/// The reseller side of a partnership.
fn partnership(cx: &Context<'_>, r: usize, rel: &Relationship, out: &mut Sink) {
    let Some(at) = cx.rel_to(r) else {
        return;
    };
    let on = rel.start.unwrap_or(cx.as_of);
    let entities = || vec![rel.id.clone(), rel.to.clone(), rel.from.clone()];
    let Some(reseller) = (at.kind == EntityKind::Location).then(|| &cx.ws.locations[at.index])
    else {
        let message = format!(
            "Partnership '{}' from '{}' has {} on the reseller side, which cannot onboard or enrol \
             as an indirect reseller; the reseller side is a partner location",
            rel.id,
            cx.name(rel.from.as_str()),
            entity_text(cx, rel.to.as_str(), on),
        );
        out.report(&CSP204, message, entities());
        return;
    };
    let Some(start) = rel.start else {
        out.not_judged(&CSP204, &rel.id, NO_AUTHORIZATION);
        return;
    };
    match ready(reseller, start) {
        Ready::Yes => {}
        Ready::Unknown {
            onboarding,
            enrolment,
        } => Ready::not_judged(onboarding, enrolment, reseller, out),
        Ready::No(gaps) => {
            let message = format!(
                "Partnership '{}' was authorized on {start} by '{}', but its reseller side, {}, \
                 was not ready by then: {}; a reseller onboards to Partner Center and enrols as an indirect \
                 reseller before a provider authorizes it",
                rel.id,
                cx.name(rel.from.as_str()),
                location_text(cx, reseller, start),
                gaps_text(&gaps),
            );
            out.report(&CSP204, message, entities());
        }
    }
}

/// A reseller of record on a subscription.
fn reseller_of_record(cx: &Context<'_>, sub: &Subscription, reseller: &Location, out: &mut Sink) {
    let Some(start) = sub.start else {
        out.not_judged(&CSP204, &sub.id, NO_START);
        return;
    };
    match ready(reseller, start) {
        Ready::Yes => {}
        Ready::Unknown {
            onboarding,
            enrolment,
        } => Ready::not_judged(onboarding, enrolment, reseller, out),
        Ready::No(gaps) => {
            let message = format!(
                "{} names {} as reseller of record, but that reseller was not ready \
                 by then: {}; a reseller of record has onboarded to Partner Center and enrolled as an \
                 indirect reseller by the subscription's start",
                capitalized(&sub_label_from(sub, start)),
                location_text(cx, reseller, start),
                gaps_text(&gaps),
            );
            out.report(
                &CSP204,
                message,
                vec![sub.id.clone(), reseller.id.clone(), sub.billed_by.clone()],
            );
        }
    }
}

/// The reasons a reseller was not ready, joined.
fn gaps_text(gaps: &[String]) -> String {
    gaps.join("; ")
}
