//! Round trip: a generated network's Partner Center exports (`generate --exports`), imported,
//! give back its provider → reseller → customer chains and each subscription's billing partner
//! and reseller of record, matched by Partner IDs and tenant ids as the exports carry them.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use csp_studio::generate::{GenerateOptions, generate};
use csp_studio::import::{self, Progress, guid_for};
use csp_studio::model::{Fact, Id, OfferKind, RelationshipKind, Workspace};
use proptest::prelude::*;

/// Partner ID by location id, Microsoft tenant id by tenant id.
struct Keys {
    partner_id: HashMap<Id, String>,
    directory: HashMap<Id, String>,
}

impl Keys {
    fn new(ws: &Workspace) -> Self {
        Self {
            partner_id: ws
                .locations
                .iter()
                .filter_map(|l| Some((l.id.clone(), l.partner_id.clone()?)))
                .collect(),
            directory: ws
                .tenants
                .iter()
                .filter_map(|t| Some((t.id.clone(), t.directory_id.clone()?)))
                .collect(),
        }
    }

    fn pid(&self, id: &Id) -> String {
        self.partner_id.get(id).cloned().unwrap_or_default()
    }

    fn dir(&self, id: &Id) -> String {
        self.directory.get(id).cloned().unwrap_or_default()
    }
}

/// (billing Partner ID, reseller Partner ID or "", customer tenant id) of every subscription.
fn chains(ws: &Workspace, keys: &Keys) -> BTreeSet<(String, String, String)> {
    ws.subscriptions
        .iter()
        .map(|s| {
            let reseller = match &s.reseller_of_record {
                Fact::Stated(r) => keys.pid(r),
                _ => String::new(),
            };
            (keys.pid(&s.billed_by), reseller, keys.dir(&s.tenant))
        })
        .collect()
}

/// (from Partner ID, to Partner ID or tenant id) of relationships of a kind.
fn edges(ws: &Workspace, keys: &Keys, kind: &RelationshipKind) -> BTreeSet<(String, String)> {
    ws.relationships
        .iter()
        .filter(|r| &r.kind == kind)
        .map(|r| {
            let to = keys
                .partner_id
                .get(&r.to)
                .cloned()
                .unwrap_or_else(|| keys.dir(&r.to));
            (keys.pid(&r.from), to)
        })
        .collect()
}

fn round_trip(resellers: usize, customers: usize, seed: u64) -> Result<(), TestCaseError> {
    let generated = generate(&GenerateOptions {
        resellers,
        customers,
        seed,
        violations: false,
    });
    let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
    let files = import::write_exports(&generated, dir.path(), None)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let as_of = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let imported = import::import_files(&files, as_of, &Progress::default())
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(imported.skipped_count, 0);
    let ws = &imported.workspace;
    let (gk, ik) = (Keys::new(&generated), Keys::new(ws));

    // Every subscription comes back once, with its tenant, billing partner and reseller.
    prop_assert_eq!(ws.subscriptions.len(), generated.subscriptions.len());
    for s in &generated.subscriptions {
        let id = guid_for(s.id.as_str());
        let back = ws
            .subscriptions
            .iter()
            .find(|i| i.microsoft_id.as_deref() == Some(id.as_str()));
        prop_assert!(back.is_some(), "{} not imported", s.id);
        let Some(back) = back else { continue };
        prop_assert_eq!(ik.dir(&back.tenant), gk.dir(&s.tenant));
        prop_assert_eq!(ik.pid(&back.billed_by), gk.pid(&s.billed_by));
        match (&s.reseller_of_record, &back.reseller_of_record) {
            (Fact::Stated(a), Fact::Stated(b)) => prop_assert_eq!(gk.pid(a), ik.pid(b)),
            (a, b) => prop_assert_eq!(a, b),
        }
        prop_assert_eq!(
            back.offer_kind == OfferKind::AzurePlan,
            s.offer_kind == OfferKind::AzurePlan
        );
    }
    prop_assert_eq!(chains(ws, &ik), chains(&generated, &gk));

    // Each chain's links: provider → reseller partnership, reseller → customer relationship.
    let partnerships = edges(ws, &ik, &RelationshipKind::Partnership);
    let reseller_links = edges(ws, &ik, &RelationshipKind::Reseller);
    let generated_partnerships = edges(&generated, &gk, &RelationshipKind::Partnership);
    for (biller, reseller, customer) in chains(&generated, &gk) {
        if reseller.is_empty() {
            prop_assert!(reseller_links.contains(&(biller.clone(), customer.clone())));
            continue;
        }
        let pair = (biller.clone(), reseller.clone());
        prop_assert!(generated_partnerships.contains(&pair));
        prop_assert!(partnerships.contains(&pair), "partnership {:?} lost", pair);
        prop_assert!(reseller_links.contains(&(reseller, customer)));
    }
    // Resellers are named from the providers' reseller lists.
    for l in &generated.locations {
        let Some(pid) = &l.partner_id else { continue };
        let Some(back) = ws
            .locations
            .iter()
            .find(|i| i.partner_id.as_ref() == Some(pid))
        else {
            continue;
        };
        let name = |w: &Workspace, org: &Id| {
            w.organizations
                .iter()
                .find(|o| &o.id == org)
                .map(|o| o.name.clone())
        };
        if l.enrolment(csp_studio::model::Role::IndirectReseller)
            .is_some()
        {
            prop_assert_eq!(
                name(ws, &back.organization),
                name(&generated, &l.organization)
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn exports_of_a_generated_network_import_back_to_its_chains(
        resellers in 0usize..8,
        customers in 0usize..40,
        seed in 0u64..10_000,
    ) {
        round_trip(resellers, customers, seed)?;
    }
}
