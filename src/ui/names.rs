//! Names of model and rule values in the interface language. The model and the rules keep their
//! English `label()`s for messages, files and the command line; the panels show these instead.

use std::borrow::Cow;

use crate::edit::ops::NewOrganization;
use crate::i18n::{language, t};
use crate::model::{AdminKind, EntityKind, RelationshipKind, Role, TenantKind};
use crate::rules::{RuleInfo, Severity};

/// An entity kind, lower case where the language has case ("organization").
pub fn entity_kind(kind: EntityKind) -> Cow<'static, str> {
    match kind {
        EntityKind::Organization => t!("model.organization"),
        EntityKind::Ownership => t!("model.ownership"),
        EntityKind::Location => t!("model.location"),
        EntityKind::Tenant => t!("model.tenant"),
        EntityKind::Relationship => t!("model.relationship"),
        EntityKind::Subscription => t!("model.subscription"),
    }
}

/// A relationship kind as the inspector lists it ("reseller relationship").
pub fn relationship_kind(kind: &RelationshipKind) -> Cow<'static, str> {
    match kind {
        RelationshipKind::Supply => t!("model.supply"),
        RelationshipKind::Partnership => t!("model.partnership"),
        RelationshipKind::Reseller => t!("model.reseller_relationship"),
        RelationshipKind::Admin {
            access: AdminKind::Dap,
            ..
        } => t!("model.dap"),
        RelationshipKind::Admin {
            access: AdminKind::Gdap,
            ..
        } => t!("model.gdap"),
    }
}

/// A tenant kind ("customer tenant").
pub fn tenant_kind(kind: TenantKind) -> Cow<'static, str> {
    match kind {
        TenantKind::CspPartner => t!("model.csp_partner_tenant"),
        TenantKind::Customer => t!("model.customer_tenant"),
        TenantKind::SharedServices => t!("model.shared_services_tenant"),
    }
}

/// A CSP role, as Partner Center names it ("indirect reseller").
pub fn role(role: Role) -> Cow<'static, str> {
    match role {
        Role::IndirectProvider => t!("model.indirect_provider"),
        Role::IndirectReseller => t!("model.indirect_reseller"),
        Role::DirectBill => t!("model.direct_bill_partner"),
    }
}

/// A role's short tag under a partner's name in the diagram ("provider").
pub fn role_tag(role: Role) -> Cow<'static, str> {
    match role {
        Role::IndirectProvider => t!("model.tag_provider"),
        Role::DirectBill => t!("model.tag_direct_bill"),
        Role::IndirectReseller => t!("model.tag_reseller"),
    }
}

/// What the explorer's Add menu creates ("Indirect provider").
pub fn new_organization(what: NewOrganization) -> Cow<'static, str> {
    match what {
        NewOrganization::Customer => t!("model.new_customer"),
        NewOrganization::Partner(Role::IndirectProvider) => t!("model.new_indirect_provider"),
        NewOrganization::Partner(Role::DirectBill) => t!("model.new_direct_bill_partner"),
        NewOrganization::Partner(Role::IndirectReseller) => t!("model.new_indirect_reseller"),
    }
}

/// A severity ("error").
pub fn severity(severity: Severity) -> Cow<'static, str> {
    match severity {
        Severity::Error => t!("model.error"),
        Severity::Warning => t!("model.warning"),
        Severity::Info => t!("model.info"),
    }
}

/// A rule's one-line title in the interface language.
pub fn rule_title(rule: &RuleInfo) -> String {
    crate::i18n::rule_title(rule, language())
}

/// A rule's explanation in the interface language.
pub fn rule_explanation(rule: &RuleInfo) -> String {
    crate::i18n::rule_explanation(rule, language())
}
