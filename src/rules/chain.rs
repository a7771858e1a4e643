//! Chain and roles (CSP1xx).

use super::{Context, Family, Sink};

/// The family's rules and its check.
pub const FAMILY: Family = Family { name: "Chain and roles (CSP1xx)", rules: &[], check };

fn check(_cx: &Context<'_>, _out: &mut Sink) {}
