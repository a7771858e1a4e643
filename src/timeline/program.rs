//! The program's own dates: each day from which a rule of the catalogue judges differently.
//!
//! The rules keep their constants next to the code that uses them; this list names the same days
//! for people (the timeline's labels and hover texts, the due list), with the rule codes each
//! concerns. A test checks both lists agree.

use chrono::NaiveDate;

/// A calendar date this list fixes; every one used here exists.
const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => NaiveDate::MIN,
    }
}

/// A day from which the program's rules change, with what changes and why it matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgramDate {
    /// The first day the change applies.
    pub date: NaiveDate,
    /// A stable key, for interface texts (`time.program.<key>.title` and `.text`).
    pub key: &'static str,
    /// A short English label (command-line output and reports).
    pub title: &'static str,
    /// What changes on that day, in English.
    pub explanation: &'static str,
    /// The rules that judge differently from that day.
    pub codes: &'static [&'static str],
}

impl ProgramDate {
    /// True on and after the day the change applies.
    pub fn in_effect_on(&self, date: NaiveDate) -> bool {
        date >= self.date
    }
}

/// Every dated boundary of the rule catalogue, in date order.
pub const PROGRAM_DATES: &[ProgramDate] = &[
    ProgramDate {
        date: ymd(2020, 2, 1),
        key: "mpa",
        title: "MPA and MCA before new business",
        explanation: "From this day a partner signs the Microsoft Partner Agreement before it \
                      transacts, a provider authorizes a reseller or associates its Partner ID \
                      with a new subscription only once the reseller signed it, and a customer \
                      accepts the Microsoft Customer Agreement before a subscription starts.",
        codes: &["CSP201", "CSP202", "CSP203", "CSP206", "CSP207"],
    },
    ProgramDate {
        date: ymd(2020, 10, 27),
        key: "direct_bill_300k",
        title: "Direct bill: USD 300,000 trailing revenue",
        explanation: "Locations enrolling as direct bill partners from this day need trailing \
                      12-month revenue of USD 300,000.",
        codes: &["CSP113"],
    },
    ProgramDate {
        date: ymd(2021, 4, 15),
        key: "direct_bill_tenure",
        title: "Direct bill: 12 months as a reseller first",
        explanation: "Locations enrolling as direct bill partners from this day have been \
                      indirect resellers for at least 12 months.",
        codes: &["CSP113"],
    },
    ProgramDate {
        date: ymd(2023, 8, 17),
        key: "regions_2023",
        title: "2023 region list",
        explanation: "The 2023 list of regional markets replaces the 2021 list: countries \
                      move between regions (Guam leaves the Australian market for the United \
                      States), so who may sell to a tenant, and who may partner with whom, \
                      follows the new list.",
        codes: &["CSP501", "CSP502", "CSP503"],
    },
    ProgramDate {
        date: ymd(2023, 10, 9),
        key: "dap_end",
        title: "No DAP with new reseller relationships",
        explanation: "New reseller relationships carry no delegated admin privileges (DAP) \
                      from this day; admin rights come through GDAP, at most two years long.",
        codes: &["CSP604"],
    },
    ProgramDate {
        date: ymd(2023, 10, 30),
        key: "gdap_auto_extend",
        title: "GDAP auto-extension",
        explanation: "A GDAP relationship whose two years end on or after this day may \
                      auto-extend by 180 days; earlier ones lapse at two years.",
        codes: &["CSP604"],
    },
    ProgramDate {
        date: ymd(2024, 4, 1),
        key: "reseller_minimum",
        title: "Reseller minimum: USD 1,000 trailing revenue",
        explanation: "From this day an indirect reseller tenant past its first 12 months with \
                      under USD 1,000 trailing CSP revenue at its anniversary month is \
                      deauthorized and cannot re-enrol for a year.",
        codes: &["CSP210"],
    },
    ProgramDate {
        date: ymd(2025, 10, 1),
        key: "direct_bill_1m",
        title: "Direct bill: USD 1,000,000 trailing revenue",
        explanation: "Locations enrolling as direct bill partners from this day need trailing \
                      12-month revenue of USD 1,000,000.",
        codes: &["CSP113"],
    },
];

/// The program date on `date`, if one falls on it.
pub fn program_date_on(date: NaiveDate) -> Option<&'static ProgramDate> {
    PROGRAM_DATES.iter().find(|p| p.date == date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RegionList;

    #[test]
    fn the_list_is_in_date_order_with_unique_keys() {
        for pair in PROGRAM_DATES.windows(2) {
            assert!(pair[0].date < pair[1].date, "{:?}", pair[1].key);
        }
        let mut keys: Vec<_> = PROGRAM_DATES.iter().map(|p| p.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), PROGRAM_DATES.len());
    }

    #[test]
    fn every_code_names_a_rule_of_the_registry() {
        for date in PROGRAM_DATES {
            assert!(!date.codes.is_empty(), "{}", date.key);
            for code in date.codes {
                assert!(crate::rules::find_rule(code).is_some(), "{code}");
            }
        }
    }

    #[test]
    fn a_change_applies_from_its_day_not_the_day_before() {
        for p in PROGRAM_DATES {
            let before = p.date.pred_opt().expect("a day before");
            assert!(!p.in_effect_on(before), "{}", p.key);
            assert!(p.in_effect_on(p.date), "{}", p.key);
        }
    }

    #[test]
    fn the_region_switch_is_the_one_the_model_uses() {
        let switch = PROGRAM_DATES
            .iter()
            .find(|p| p.key == "regions_2023")
            .expect("region switch");
        assert_eq!(switch.date, RegionList::switch_date());
        let before = switch.date.pred_opt().expect("a day before");
        assert_eq!(RegionList::in_force_on(before), RegionList::Y2021);
        assert_eq!(RegionList::in_force_on(switch.date), RegionList::Y2023);
    }

    #[test]
    fn a_program_date_is_found_on_its_day_only() {
        let mpa = ymd(2020, 2, 1);
        assert_eq!(program_date_on(mpa).map(|p| p.key), Some("mpa"));
        assert!(program_date_on(mpa.pred_opt().expect("day")).is_none());
        assert!(program_date_on(mpa.succ_opt().expect("day")).is_none());
    }
}
