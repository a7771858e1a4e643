//! Who signed the Microsoft Partner Agreement, for which market, by when: the index CSP201,
//! CSP202, CSP203 and CSP207 read.

use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;

use crate::model::{Country, Fact, Location, RegionList};
use crate::rules::Context;
use crate::rules::chain::common::AGREEMENTS_DATE;

/// Where a location's MPA coverage is judged: its region, or its country when the list in force
/// has no region for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Market<'a> {
    Region(&'a str),
    Country(Country),
    Unknown,
}

impl Market<'_> {
    pub(super) fn label(self) -> String {
        match self {
            Market::Region(region) => format!("{region} market"),
            Market::Country(country) => format!("market of {country}"),
            Market::Unknown => "unknown market".to_owned(),
        }
    }
}

const LISTS: [RegionList; 2] = [RegionList::Y2021, RegionList::Y2023];

/// The signatures of one organization in one market.
struct Group<'a> {
    market: Market<'a>,
    /// The earliest stated signature and who signed.
    earliest: Option<(NaiveDate, &'a Location)>,
    /// A location here has no signature date recorded.
    unknown: bool,
}

#[derive(Default)]
struct OrgSignatures<'a> {
    by_list: [Vec<Group<'a>>; 2],
    earliest: Option<NaiveDate>,
}

/// What the MPA record says about a location on a date.
pub(super) enum Coverage<'a> {
    Covered,
    /// The organization had signed nowhere by then; `later` is its first signature, if any.
    NeverSigned {
        later: Option<NaiveDate>,
    },
    /// The organization had signed, but only for other markets.
    OtherRegions {
        signer: &'a Location,
        signed: NaiveDate,
        market: Market<'a>,
    },
    UnknownSignature,
    UnknownMarket,
}

/// Signatures by organization and market, built once per check.
pub(super) struct Signatures<'a> {
    /// Each location's market under each region list.
    markets: Vec<[Market<'a>; 2]>,
    /// Each location's organization slot in `orgs`.
    org_of: Vec<usize>,
    orgs: Vec<OrgSignatures<'a>>,
    /// The first day of the 2023 region list.
    switch: NaiveDate,
}

impl<'a> Signatures<'a> {
    pub(super) fn new(cx: &Context<'a>) -> Self {
        let mut slots: HashMap<usize, usize> = HashMap::default();
        let mut orgs: Vec<OrgSignatures<'a>> = Vec::new();
        let mut markets = Vec::with_capacity(cx.ws.locations.len());
        let mut org_of = Vec::with_capacity(cx.ws.locations.len());
        for (at, location) in cx.ws.locations.iter().enumerate() {
            let group = cx.location_group(at).unwrap_or(usize::MAX);
            let slot = *slots.entry(group).or_insert_with(|| {
                orgs.push(OrgSignatures::default());
                orgs.len() - 1
            });
            org_of.push(slot);
            let org = &mut orgs[slot];
            let here = LISTS.map(|list| market(cx, location, list));
            for (groups, &market) in org.by_list.iter_mut().zip(here.iter()) {
                let at = match groups.iter().position(|g| g.market == market) {
                    Some(at) => at,
                    None => {
                        groups.push(Group {
                            market,
                            earliest: None,
                            unknown: false,
                        });
                        groups.len() - 1
                    }
                };
                let group = &mut groups[at];
                match location.mpa_signed {
                    Fact::Stated(signed) => {
                        if group.earliest.is_none_or(|(first, _)| signed < first) {
                            group.earliest = Some((signed, location));
                        }
                    }
                    Fact::Unknown => group.unknown = true,
                    Fact::Absent => {}
                }
            }
            if let Fact::Stated(signed) = location.mpa_signed {
                org.earliest = Some(org.earliest.map_or(signed, |first| first.min(signed)));
            }
            markets.push(here);
        }
        Self {
            markets,
            org_of,
            orgs,
            switch: RegionList::switch_date(),
        }
    }

    /// Which region list is in force on `on`, as an index into the per-list tables (`LISTS`).
    fn slot(&self, on: NaiveDate) -> usize {
        if on < self.switch { 0 } else { 1 }
    }

    /// The coverage of the location at index `at` on `on`.
    pub(super) fn on(&self, at: usize, location: &Location, on: NaiveDate) -> Coverage<'a> {
        let slot = self.slot(on);
        let (Some(markets), Some(org)) = (
            self.markets.get(at),
            self.org_of.get(at).and_then(|&o| self.orgs.get(o)),
        ) else {
            return Coverage::UnknownSignature;
        };
        let own = markets[slot];
        let groups = &org.by_list[slot];
        let signed_by = |g: &Group<'a>| g.earliest.filter(|(signed, _)| *signed <= on);
        if own == Market::Unknown {
            // Without a market, only the location's own signature surely covers it.
            match location.mpa_signed {
                Fact::Stated(signed) if signed <= on => return Coverage::Covered,
                Fact::Unknown => return Coverage::UnknownSignature,
                _ => {}
            }
            if groups.iter().any(|g| signed_by(g).is_some()) {
                return Coverage::UnknownMarket;
            }
            if groups.iter().any(|g| g.unknown) {
                return Coverage::UnknownSignature;
            }
            return Coverage::NeverSigned {
                later: org.earliest,
            };
        }
        let mut elsewhere: Option<(NaiveDate, &'a Location, Market<'a>)> = None;
        let mut signed_without_market = false;
        let mut unknown_elsewhere = false;
        for g in groups {
            if g.market == own {
                if signed_by(g).is_some() {
                    return Coverage::Covered;
                }
                if g.unknown {
                    return Coverage::UnknownSignature;
                }
                continue;
            }
            if let Some((signed, signer)) = signed_by(g) {
                if g.market == Market::Unknown {
                    signed_without_market = true;
                } else if elsewhere.is_none_or(|(first, _, _)| signed < first) {
                    elsewhere = Some((signed, signer, g.market));
                }
            }
            unknown_elsewhere |= g.unknown;
        }
        if signed_without_market {
            return Coverage::UnknownMarket;
        }
        if let Some((signed, signer, market)) = elsewhere {
            return Coverage::OtherRegions {
                signer,
                signed,
                market,
            };
        }
        if unknown_elsewhere {
            return Coverage::UnknownSignature;
        }
        Coverage::NeverSigned {
            later: org.earliest,
        }
    }

    /// Coverage for an act whose date is not recorded: covered only when the location was covered
    /// from 2020-02-01 under both region lists; otherwise not judged.
    pub(super) fn covered_from_the_start(&self, at: usize, location: &Location) -> bool {
        [AGREEMENTS_DATE, self.switch]
            .into_iter()
            .all(|on| matches!(self.on(at, location, on), Coverage::Covered))
    }

    pub(super) fn market(&self, at: usize, on: NaiveDate) -> Market<'a> {
        let slot = self.slot(on);
        self.markets
            .get(at)
            .map_or(Market::Unknown, |markets| markets[slot])
    }
}

fn market<'a>(cx: &Context<'a>, location: &Location, list: RegionList) -> Market<'a> {
    match location.country {
        None => Market::Unknown,
        Some(country) => match cx.region_row(country, list) {
            Some(row) => Market::Region(row.region.as_str()),
            None => Market::Country(country),
        },
    }
}
