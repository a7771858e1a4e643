//! Time as the user moves through it: the dates where something changes, from the network
//! (relationships and subscriptions starting and ending) and from the program (dated rule
//! boundaries). The timeline strip draws them; stepping moves the as-of date from one to the next.

mod program;

use std::collections::BTreeMap;

use chrono::NaiveDate;

pub use program::{PROGRAM_DATES, ProgramDate, program_date_on};

use crate::model::Workspace;

/// What happens in the network on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NetworkChanges {
    /// Relationships and subscriptions that start (or change partner of record).
    pub starts: usize,
    /// Relationships and subscriptions that end (not in force from that day).
    pub ends: usize,
}

/// Every day where something changes, network and program alike.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks {
    /// The network's own dates with what changes, in date order.
    pub network: Vec<(NaiveDate, NetworkChanges)>,
}

impl Marks {
    /// Collects the network's dates in one pass over relationships and subscriptions.
    pub fn of(ws: &Workspace) -> Self {
        let mut days: BTreeMap<NaiveDate, NetworkChanges> = BTreeMap::new();
        let mut add = |date: Option<NaiveDate>, start: bool| {
            if let Some(date) = date {
                let day = days.entry(date).or_default();
                if start {
                    day.starts += 1;
                } else {
                    day.ends += 1;
                }
            }
        };
        for rel in &ws.relationships {
            add(rel.start, true);
            add(rel.end, false);
        }
        for sub in &ws.subscriptions {
            add(sub.start, true);
            add(sub.end, false);
            for change in &sub.partner_of_record_changes {
                add(Some(change.date), true);
            }
        }
        Self {
            network: days.into_iter().collect(),
        }
    }

    /// Every marked day (network and program), sorted, each once.
    pub fn days(&self) -> Vec<NaiveDate> {
        let mut days: Vec<NaiveDate> = self
            .network
            .iter()
            .map(|(d, _)| *d)
            .chain(PROGRAM_DATES.iter().map(|p| p.date))
            .collect();
        days.sort_unstable();
        days.dedup();
        days
    }

    /// The first and last marked day, if any.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        let days = self.days();
        Some((*days.first()?, *days.last()?))
    }

    /// The network changes on `date`.
    pub fn network_on(&self, date: NaiveDate) -> Option<NetworkChanges> {
        self.network
            .binary_search_by_key(&date, |(d, _)| *d)
            .ok()
            .map(|i| self.network[i].1)
    }

    /// The next marked day after `from` (or before it, going back), for stepping through time.
    pub fn step(&self, from: NaiveDate, forward: bool) -> Option<NaiveDate> {
        let days = self.days();
        if forward {
            days.into_iter().find(|d| *d > from)
        } else {
            days.into_iter().rev().find(|d| *d < from)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Id, Relationship, RelationshipKind};

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    fn workspace() -> Workspace {
        let mut ws = Workspace::new(day("2022-01-01"));
        ws.relationships.push(Relationship {
            id: Id::new("p1").expect("id"),
            kind: RelationshipKind::Partnership,
            from: Id::new("a").expect("id"),
            to: Id::new("b").expect("id"),
            start: Some(day("2021-03-01")),
            requested: Some(day("2021-02-01")),
            end: Some(day("2022-06-30")),
            microsoft_id: None,
            sources: Vec::new(),
        });
        ws.relationships.push(Relationship {
            id: Id::new("r1").expect("id"),
            kind: RelationshipKind::Reseller,
            from: Id::new("a").expect("id"),
            to: Id::new("t").expect("id"),
            start: Some(day("2021-03-01")),
            requested: None,
            end: None,
            microsoft_id: None,
            sources: Vec::new(),
        });
        ws
    }

    #[test]
    fn network_days_count_starts_and_ends() {
        let marks = Marks::of(&workspace());
        assert_eq!(
            marks.network_on(day("2021-03-01")),
            Some(NetworkChanges { starts: 2, ends: 0 })
        );
        assert_eq!(
            marks.network_on(day("2022-06-30")),
            Some(NetworkChanges { starts: 0, ends: 1 })
        );
        assert_eq!(
            marks.network_on(day("2021-02-01")),
            None,
            "a request changes nothing"
        );
    }

    #[test]
    fn stepping_visits_network_and_program_days_in_order() {
        let marks = Marks::of(&workspace());
        assert_eq!(marks.step(day("2020-01-31"), true), Some(day("2020-02-01")));
        assert_eq!(marks.step(day("2020-02-01"), true), Some(day("2020-10-27")));
        assert_eq!(marks.step(day("2021-02-28"), true), Some(day("2021-03-01")));
        assert_eq!(
            marks.step(day("2021-03-01"), false),
            Some(day("2020-10-27"))
        );
        assert_eq!(marks.step(day("2022-06-29"), true), Some(day("2022-06-30")));
        assert_eq!(marks.step(day("2020-02-01"), false), None);
        assert_eq!(marks.step(day("2030-01-01"), true), None);
    }

    #[test]
    fn the_span_reaches_from_the_first_to_the_last_mark() {
        let marks = Marks::of(&workspace());
        let (first, last) = marks.span().expect("marks");
        assert_eq!(first, day("2020-02-01"));
        assert_eq!(last, PROGRAM_DATES.last().expect("program dates").date);
    }
}
