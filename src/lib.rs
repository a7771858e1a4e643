//! CSP Network Studio: model, check and draw Microsoft Cloud Solution Provider partner networks.

pub mod edit;
pub mod model;
pub mod rules;
