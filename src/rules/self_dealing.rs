//! Self-dealing and affiliates (CSP4xx).

use super::{Context, Family, Sink};

/// The family's rules and its check.
pub const FAMILY: Family = Family { name: "Self-dealing and affiliates (CSP4xx)", rules: &[], check };

fn check(_cx: &Context<'_>, _out: &mut Sink) {}
