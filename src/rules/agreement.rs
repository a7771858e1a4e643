//! Agreements and onboarding (CSP2xx).

use super::{Context, Family, Sink};

/// The family's rules and its check.
pub const FAMILY: Family = Family { name: "Agreements and onboarding (CSP2xx)", rules: &[], check };

fn check(_cx: &Context<'_>, _out: &mut Sink) {}
