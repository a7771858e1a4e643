//! Several partners per customer (CSP6xx).

use super::{Context, Family, Sink};

/// The family's rules and its check.
pub const FAMILY: Family = Family { name: "Several partners per customer (CSP6xx)", rules: &[], check };

fn check(_cx: &Context<'_>, _out: &mut Sink) {}
