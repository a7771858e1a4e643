//! Chain and roles (CSP1xx): who buys from whom, and the role each step of a chain needs
//! (§Types, scenario 1).
//!
//! - `roles`: supplies, partnerships and relationships against the roles on record (CSP101,
//!   CSP102, CSP103, CSP107);
//! - `direct_bill`: what a direct bill location must bring (CSP106, CSP112, CSP113);
//! - `subscriptions`: each subscription's chain up to Microsoft (CSP104, CSP105, CSP110, CSP111);
//! - `served`: who owns billing and support for customers served end to end (CSP109);
//! - `cycles`: loops among supplies and partnerships (CSP108);
//! - `common`: helpers this family shares with the agreement family (CSP2xx).

pub(in crate::rules) mod common;
mod cycles;
mod direct_bill;
mod roles;
mod served;
mod subscriptions;
#[cfg(test)]
mod tests;

use super::{Context, DateUse, Family, Pass, Sink};

pub use cycles::CSP108;
pub use direct_bill::{CSP106, CSP112, CSP113};
pub use roles::{CSP101, CSP102, CSP103, CSP107};
pub use served::CSP109;
pub(super) use served::report as report_served;
pub(super) use served::{Memo as ServedMemo, report_remembering as report_served_remembering};
pub use subscriptions::{CSP104, CSP105, CSP110, CSP111};

/// The family's rules and its check.
pub const FAMILY: Family = Family {
    name: "Chain and roles (CSP1xx)",
    rules: &[
        &CSP101, &CSP102, &CSP103, &CSP104, &CSP105, &CSP106, &CSP107, &CSP108, &CSP109, &CSP110,
        &CSP111, &CSP112, &CSP113,
    ],
    check,
    passes: &[
        Pass {
            name: "chain roles",
            check: roles::check,
            date_use: DateUse::Day,
        },
        Pass {
            name: "chain direct bill",
            check: direct_bill::check,
            date_use: DateUse::RegionList,
        },
        Pass {
            name: "chain subscriptions",
            check: subscriptions::check,
            date_use: DateUse::Day,
        },
        Pass {
            name: "chain cycles",
            check: cycles::check,
            date_use: DateUse::Day,
        },
    ],
};

/// CSP109 is reported later, by [`report_served`], once every family has run.
fn check(cx: &Context<'_>, out: &mut Sink) {
    super::run_passes(FAMILY.passes, cx, out);
}
