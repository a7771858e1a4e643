//! Who had signed the Microsoft Partner Agreement, for which market, by when: CSP201, CSP202,
//! CSP203, CSP207.

use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;

use super::signatures::{Coverage, Market, Signatures};
use crate::model::{Fact, Id, Location, RelationshipKind};
use crate::rules::chain::common::{AGREEMENTS_DATE, location_text};
use crate::rules::registry::declare_rule;
use crate::rules::text::{capitalized, sub_label_from};
use crate::rules::{Context, Sink};

declare_rule! {
    /// ## What it checks
    /// From 2020-02-01 a partner signs the Microsoft Partner Agreement (MPA) before it transacts. A
    /// location taking part in a new act dated on or after 2020-02-01 belongs to an organization
    /// that had signed an MPA by the act's date. New acts: a supply from Microsoft starting, a
    /// partnership it authorizes as provider, a reseller relationship with a customer starting, a
    /// subscription it bills starting. Relationships that started before 2020-02-01 are not new acts.
    ///
    /// An MPA is recorded on the location that signed it and covers every location of its
    /// organization in the same region (market). When the organization had signed, but only for
    /// other regions, CSP207 reports it instead.
    ///
    /// Reading: one diagnostic per location, listing its acts before the signature. A reseller's part
    /// as reseller of record, or as the reseller side of a partnership, is judged by the more
    /// specific CSP202 and CSP203 and not again here. Where a signature date or an act's date is not
    /// recorded, the location or act is counted as not judged.
    ///
    /// ## Why
    /// §MPA: from February 1, 2020, partners transacting in the CSP program must sign the Microsoft
    /// Partner Agreement; this includes indirect providers, direct bill partners and indirect
    /// resellers.
    ///
    /// ## Example
    /// Passes: 'Contoso Distribution' signed the MPA on 2019-11-01 and authorized a reseller on
    /// 2020-03-01.
    /// Fails: 'Fabrikam KK' never signed the MPA but took a reseller relationship with a customer on
    /// 2020-05-01.
    pub CSP201, "CSP201", Error, "A partner transacts before its organization signed the MPA"
}

declare_rule! {
    /// ## What it checks
    /// A subscription starting on or after 2020-02-01 that names an indirect reseller of record:
    /// the reseller's organization had signed an MPA covering the reseller's region by the
    /// subscription's start date. A subscription starting on 2020-01-31 is not judged.
    ///
    /// That subscription is then not reported again for the reseller by CSP201 or CSP207.
    ///
    /// ## Why
    /// §MPA: an indirect reseller must sign the MPA before an indirect provider associates the
    /// reseller's Partner ID (formerly MPN ID) with a new CSP subscription.
    ///
    /// ## Example
    /// Passes: 'Fabrikam KK' signed the MPA on 2020-01-15; 'Contoso Distribution' names it on a
    /// subscription starting on 2020-02-01.
    /// Fails: 'Fabrikam KK' signed only on 2020-03-15, but is the reseller of record on a
    /// subscription starting on 2020-02-01.
    pub CSP202, "CSP202", Error, "A reseller of record had not signed the MPA for its region"
}

declare_rule! {
    /// ## What it checks
    /// A partnership authorized on or after 2020-02-01: the reseller's organization had signed an
    /// MPA covering the reseller's region by the authorization date.
    ///
    /// Reading: authorizing the partnership is the provider's first new business with the
    /// reseller. The reseller side of that partnership is not reported again by CSP201 or CSP207.
    ///
    /// ## Why
    /// §MPA: an indirect reseller must sign the MPA before the indirect provider transacts new
    /// business with it.
    ///
    /// ## Example
    /// Passes: 'Fabrikam KK' signed the MPA on 2020-02-10; 'Contoso Distribution' authorized it on
    /// 2020-03-01.
    /// Fails: 'Contoso Distribution' authorized 'Fabrikam KK' on 2020-03-01; Fabrikam signed only on
    /// 2020-06-01.
    pub CSP203, "CSP203", Error, "A provider authorized a reseller that had not signed the MPA for its region"
}

declare_rule! {
    /// ## What it checks
    /// The MPA is signed per region: from 2020-02-01 a location's new act (as in CSP201) needs an
    /// MPA signed by the act's date by a location of its organization in the location's own region
    /// (a direct-bill MPA covers reseller business there too). Reported when the organization had
    /// signed by then, but only for other regions.
    ///
    /// Reading: regions follow the region list in force on the act's date. One diagnostic per
    /// location, listing its acts. Where the location's country is not recorded, it is counted as
    /// not judged.
    ///
    /// ## Why
    /// §MPA and the linked MPA page: the agreement is accepted per CSP region; Partner Center
    /// refuses a reseller whose MPA is "not signed for region" even when the same company signed
    /// elsewhere. Scenarios 7 and 8: partners transact within their region.
    ///
    /// ## Example
    /// Passes: 'Fabrikam' signed through its Tokyo location and its Tokyo location transacts in
    /// Japan.
    /// Fails: 'Fabrikam' signed only through its Paris location (Europe), and its Tokyo location
    /// (Japan) starts billing a subscription.
    pub CSP207, "CSP207", Error, "A location transacts where its organization signed the MPA only for other regions"
}

/// The act a partnership stands for, in messages.
const PARTNERSHIP_ACT: &str = "partnership authorized";

const NO_SIGNATURE: &str = "no MPA signature date recorded";
const NO_MARKET: &str = "no country recorded, so no market to judge the MPA's region by";
const NO_START: &str = "no start date recorded";
const NO_AUTHORIZATION: &str = "no authorization date recorded";

/// What was missing when the MPA coverage of a reseller could not be judged.
fn unknown_coverage(coverage: &Coverage<'_>) -> &'static str {
    match coverage {
        Coverage::UnknownMarket => NO_MARKET,
        _ => NO_SIGNATURE,
    }
}

/// One new act of a location that its organization's MPA did not cover.
struct Act<'a> {
    id: &'a Id,
    what: &'static str,
    on: NaiveDate,
}

/// Acts by location index, with what was found about the first of them.
#[derive(Default)]
struct Uncovered<'a> {
    never: HashMap<usize, (Vec<Act<'a>>, Option<NaiveDate>)>,
    elsewhere: HashMap<usize, (Vec<Act<'a>>, &'a Location, NaiveDate, Market<'a>)>,
}

pub(super) fn check(cx: &Context<'_>, out: &mut Sink) {
    let signatures = Signatures::new(cx);
    let mut acts = Acts {
        cx,
        signatures: &signatures,
        uncovered: Uncovered::default(),
    };
    for (r, rel) in cx.ws.relationships.iter().enumerate() {
        let (actor, what) = match rel.kind {
            RelationshipKind::Supply => (cx.rel_to_location(r), "supply from Microsoft"),
            RelationshipKind::Partnership => {
                if let Some(reseller) = cx.rel_to_location(r) {
                    reseller_side(cx, &signatures, rel, reseller, out);
                }
                (cx.rel_from_location(r), PARTNERSHIP_ACT)
            }
            RelationshipKind::Reseller => (cx.rel_from_location(r), "reseller relationship"),
            RelationshipKind::Admin { .. } => continue,
        };
        if let Some(actor) = actor {
            acts.act(actor, &rel.id, what, rel.start, out);
        }
    }
    for (s, sub) in cx.ws.subscriptions.iter().enumerate() {
        if let Fact::Stated(reseller) = &sub.reseller_of_record
            && *reseller != sub.billed_by
            && let Some(reseller) = cx.sub_reseller(s)
        {
            reseller_of_record(cx, &signatures, sub, reseller, out);
        }
        if let Some(billing) = cx.sub_billing(s) {
            acts.act(billing, &sub.id, "subscription billed", sub.start, out);
        }
    }
    report(cx, &signatures, acts.uncovered, out);
}

/// The new acts of CSP201 and CSP207, gathered by acting location.
struct Acts<'l, 'a> {
    cx: &'l Context<'a>,
    signatures: &'l Signatures<'a>,
    uncovered: Uncovered<'a>,
}

impl<'a> Acts<'_, 'a> {
    /// One act of `actor` on `start`.
    fn act(
        &mut self,
        at: usize,
        act_id: &'a Id,
        what: &'static str,
        start: Option<NaiveDate>,
        out: &mut Sink,
    ) {
        let location = &self.cx.ws.locations[at];
        let signatures = self.signatures;
        let uncovered = &mut self.uncovered;
        let on = match start {
            Some(on) if on < AGREEMENTS_DATE => return,
            Some(on) => on,
            None => {
                if !signatures.covered_from_the_start(at, location) {
                    // A partnership's start is its authorization.
                    let what = if what == PARTNERSHIP_ACT {
                        NO_AUTHORIZATION
                    } else {
                        NO_START
                    };
                    out.not_judged(&CSP201, act_id, what);
                }
                return;
            }
        };
        let act = Act {
            id: act_id,
            what,
            on,
        };
        match signatures.on(at, location, on) {
            Coverage::Covered => {}
            Coverage::NeverSigned { later } => {
                let entry = uncovered.never.entry(at).or_insert((Vec::new(), later));
                entry.0.push(act);
            }
            Coverage::OtherRegions {
                signer,
                signed,
                market,
            } => {
                let entry =
                    uncovered
                        .elsewhere
                        .entry(at)
                        .or_insert((Vec::new(), signer, signed, market));
                entry.0.push(act);
            }
            Coverage::UnknownSignature => out.not_judged(&CSP201, &location.id, NO_SIGNATURE),
            Coverage::UnknownMarket => out.not_judged(&CSP207, &location.id, NO_MARKET),
        }
    }
}

fn report(cx: &Context<'_>, signatures: &Signatures<'_>, uncovered: Uncovered<'_>, out: &mut Sink) {
    let locations = &cx.ws.locations;
    for (at, (mut acts, later)) in uncovered.never {
        let Some(location) = locations.get(at) else {
            continue;
        };
        let (listed, entities) = acts_text(location, &mut acts);
        let signed = match later {
            Some(later) => {
                format!("before its organization signed the Microsoft Partner Agreement on {later}")
            }
            None => {
                "but its organization has not signed the Microsoft Partner Agreement".to_owned()
            }
        };
        let message = format!(
            "{} took part in {listed} {signed}; from 2020-02-01 a partner signs the MPA before it \
             transacts",
            capitalized(&location_text(cx, location, acts[0].on)),
        );
        out.report(&CSP201, message, entities);
    }
    for (at, (mut acts, signer, signed, market)) in uncovered.elsewhere {
        let Some(location) = locations.get(at) else {
            continue;
        };
        let (listed, entities) = acts_text(location, &mut acts);
        let first = acts[0].on;
        let message = format!(
            "{} took part in {listed} with no MPA covering its {}: its organization had signed \
             only through {} on {signed}, which covers the {} only; the MPA is signed per region",
            capitalized(&location_text(cx, location, first)),
            signatures.market(at, first).label(),
            cx.describe(signer.id.as_str(), first),
            market.label(),
        );
        out.report(&CSP207, message, entities);
    }
}

/// "2 new acts from 2020-02-01: reseller relationship 'rr' on 2020-03-01, ...", and the entities
/// (the location, then its acts).
fn acts_text(location: &Location, acts: &mut [Act<'_>]) -> (String, Vec<Id>) {
    acts.sort_by(|a, b| (a.on, a.id).cmp(&(b.on, b.id)));
    let shown: Vec<String> = acts
        .iter()
        .take(3)
        .map(|a| format!("{} '{}' on {}", a.what, a.id, a.on))
        .collect();
    let count = acts.len();
    let noun = if count == 1 { "new act" } else { "new acts" };
    let more = if count > shown.len() {
        format!(" and {} more", count - shown.len())
    } else {
        String::new()
    };
    let listed = format!(
        "{count} {noun} from 2020-02-01 ({}{more})",
        shown.join(", ")
    );
    let mut entities = Vec::with_capacity(count + 1);
    entities.push(location.id.clone());
    // Each act names its acting location once, so the ids are distinct.
    entities.extend(acts.iter().map(|a| a.id.clone()));
    (listed, entities)
}

/// The coverage of a reseller for a new act on `start` (unknown start: covered from the start or
/// not judged).
fn reseller_coverage<'a>(
    signatures: &Signatures<'a>,
    at: usize,
    reseller: &Location,
    start: Option<NaiveDate>,
) -> Option<(NaiveDate, Coverage<'a>)> {
    match start {
        Some(on) if on < AGREEMENTS_DATE => None,
        Some(on) => Some((on, signatures.on(at, reseller, on))),
        None if signatures.covered_from_the_start(at, reseller) => None,
        None => Some((AGREEMENTS_DATE, Coverage::UnknownSignature)),
    }
}

/// Why a reseller was not covered, for CSP202 and CSP203 messages.
fn not_signed_text(
    cx: &Context<'_>,
    signatures: &Signatures<'_>,
    at: usize,
    coverage: &Coverage<'_>,
    on: NaiveDate,
) -> Option<String> {
    match coverage {
        Coverage::NeverSigned { later: Some(later) } => Some(format!(
            "the reseller's organization signed the MPA only on {later}"
        )),
        Coverage::NeverSigned { later: None } => {
            Some("the reseller's organization has not signed the MPA".to_owned())
        }
        Coverage::OtherRegions {
            signer,
            signed,
            market,
        } => Some(format!(
            "the reseller's organization had signed the MPA only through {} on {signed}, which \
             covers the {}, not the reseller's {}",
            cx.describe(signer.id.as_str(), on),
            market.label(),
            signatures.market(at, on).label(),
        )),
        _ => None,
    }
}

/// CSP202: a reseller of record named on a new subscription before its MPA.
fn reseller_of_record(
    cx: &Context<'_>,
    signatures: &Signatures<'_>,
    sub: &crate::model::Subscription,
    at: usize,
    out: &mut Sink,
) {
    let reseller = &cx.ws.locations[at];
    let Some((on, coverage)) = reseller_coverage(signatures, at, reseller, sub.start) else {
        return;
    };
    match coverage {
        Coverage::Covered => {}
        Coverage::UnknownSignature | Coverage::UnknownMarket => {
            if sub.start.is_none() {
                out.not_judged(&CSP202, &sub.id, NO_START);
            } else {
                out.not_judged(&CSP202, &reseller.id, unknown_coverage(&coverage));
            }
        }
        ref uncovered => {
            let Some(why) = not_signed_text(cx, signatures, at, uncovered, on) else {
                return;
            };
            let message = format!(
                "{} names {} as reseller of record, but {why}; a provider associates a \
                 reseller's Partner ID with a new subscription only after the reseller signed the \
                 MPA for its region",
                capitalized(&sub_label_from(sub, on)),
                location_text(cx, reseller, on),
            );
            out.report(
                &CSP202,
                message,
                vec![sub.id.clone(), reseller.id.clone(), sub.billed_by.clone()],
            );
        }
    }
}

/// CSP203: a partnership authorized before the reseller's MPA.
fn reseller_side(
    cx: &Context<'_>,
    signatures: &Signatures<'_>,
    rel: &crate::model::Relationship,
    at: usize,
    out: &mut Sink,
) {
    let reseller = &cx.ws.locations[at];
    let Some((on, coverage)) = reseller_coverage(signatures, at, reseller, rel.start) else {
        return;
    };
    match coverage {
        Coverage::Covered => {}
        Coverage::UnknownSignature | Coverage::UnknownMarket => {
            if rel.start.is_none() {
                out.not_judged(&CSP203, &rel.id, NO_AUTHORIZATION);
            } else {
                out.not_judged(&CSP203, &reseller.id, unknown_coverage(&coverage));
            }
        }
        ref uncovered => {
            let Some(why) = not_signed_text(cx, signatures, at, uncovered, on) else {
                return;
            };
            let message = format!(
                "Partnership '{}' was authorized on {on} by '{}' for {}, but {why}; a provider \
                 transacts new business with a reseller only after the reseller signed the MPA for \
                 its region",
                rel.id,
                cx.name(rel.from.as_str()),
                location_text(cx, reseller, on),
            );
            out.report(
                &CSP203,
                message,
                vec![rel.id.clone(), reseller.id.clone(), rel.from.clone()],
            );
        }
    }
}
