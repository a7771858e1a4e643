//! Agreements and onboarding (CSP2xx): the Microsoft Partner Agreement (MPA), onboarding and
//! enrolment, the Microsoft Customer Agreement (MCA), and dates (§MPA).
//!
//! - `mpa`: new acts before the MPA covered them (CSP201, CSP202, CSP203, CSP207), read from
//!   `signatures`, who signed the MPA for which market by when;
//! - `onboarding`: resellers onboarded and enrolled in time (CSP204);
//! - `dates`: dates out of order or in the future (CSP205);
//! - `customer`: the customer's MCA and who attested it (CSP206, CSP209);
//! - `partner`: a location's country and a reseller's revenue (CSP208, CSP210).

mod customer;
mod dates;
mod mpa;
mod onboarding;
mod partner;
mod signatures;
#[cfg(test)]
mod tests;

use super::{Context, DateUse, Family, Pass, Sink};

pub use customer::{CSP206, CSP209};
pub use dates::CSP205;
pub use mpa::{CSP201, CSP202, CSP203, CSP207};
pub use onboarding::CSP204;
pub use partner::{CSP208, CSP210};

/// The family's rules and its check.
pub const FAMILY: Family = Family {
    name: "Agreements and onboarding (CSP2xx)",
    rules: &[
        &CSP201, &CSP202, &CSP203, &CSP204, &CSP205, &CSP206, &CSP207, &CSP208, &CSP209, &CSP210,
    ],
    check,
    passes: &[
        Pass {
            name: "agreement MPA",
            check: mpa::check,
            date_use: DateUse::None,
        },
        Pass {
            name: "agreement onboarding",
            check: onboarding::check,
            date_use: DateUse::Day,
        },
        Pass {
            name: "agreement dates in order",
            check: dates::order,
            date_use: DateUse::None,
        },
        Pass {
            name: "agreement dates after the as-of date",
            check: dates::future,
            date_use: DateUse::Day,
        },
        Pass {
            name: "agreement customer",
            check: customer::check,
            date_use: DateUse::Day,
        },
        Pass {
            name: "agreement partner",
            check: partner::check,
            date_use: DateUse::Day,
        },
    ],
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    super::run_passes(FAMILY.passes, cx, out);
}

/// Prepares a context that will be checked at many dates (see [`super::AsOfCache`]).
pub(super) fn prepare_moves(cx: &Context<'_>) {
    dates::prepare(cx);
}
