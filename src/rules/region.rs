//! Regions (CSP5xx).

use super::{Context, Family, Sink};

/// The family's rules and its check.
pub const FAMILY: Family = Family { name: "Regions (CSP5xx)", rules: &[], check };

fn check(_cx: &Context<'_>, _out: &mut Sink) {}
