//! The files Partner Center would let the partners of a workspace export: one reseller list
//! per indirect provider (relationships API JSON), `Customers.csv`, the new-commerce invoice
//! reconciliation (licence-based subscriptions) and the daily rated usage file (Azure plans).
//! For round-trip tests of the importer and for its benchmarks on realistic files.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use serde_json::json;

use crate::model::{Fact, Id, OfferKind, RelationshipKind, Role, Workspace};

/// Why the files could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot write: {source}", path.display())]
pub struct ExportError {
    /// The file.
    pub path: PathBuf,
    /// Why.
    pub source: std::io::Error,
}

/// The new-commerce invoice reconciliation header, in the documented order (2023 spelling).
pub const NEW_COMMERCE_HEADER: &str = "PartnerId,CustomerId,CustomerName,CustomerDomainName,CustomerCountry,InvoiceNumber,MpnId,ResellerMpnId,OrderId,OrderDate,ProductId,SkuId,AvailabilityId,SkuName,ProductName,ChargeType,UnitPrice,Quantity,Subtotal,TaxTotal,Total,Currency,PriceAdjustmentDescription,PublisherName,PublisherId,SubscriptionDescription,SubscriptionId,ChargeStartDate,ChargeEndDate,TermAndBillingCycle,EffectiveUnitPrice,UnitType,AlternateId,BillableQuantity,BillingFrequency,PricingCurrency,PCToBCExchangeRate,PCToBCExchangeRateDate,MeterDescription,ReservationOrderId,CreditReasonCode,SubscriptionStartDate,SubscriptionEndDate,ReferenceId,ProductQualifiers,PromotionId";

/// The daily rated usage header (the columns the importer reads and a few around them).
pub const DAILY_USAGE_HEADER: &str = "PartnerId,PartnerName,CustomerId,CustomerName,CustomerDomainName,CustomerCountry,MpnId,Tier2MpnId,InvoiceNumber,ChargeStartDate,ChargeEndDate,SubscriptionId,SubscriptionDescription,UsageDate,MeterType,MeterCategory,MeterId,Quantity,UnitOfMeasure,EntitlementId,EntitlementDescription";

/// A stable GUID-shaped id for a generated entity (Microsoft's subscription ids look so).
pub fn guid_for(id: &str) -> String {
    let hash = |seed: u64| {
        id.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let (a, b) = (hash(0xcbf2_9ce4_8422_2325), hash(0x8422_2325_cbf2_9ce4));
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

/// `M/D/YYYY`, as the en-US files write dates.
fn us_date(date: Option<chrono::NaiveDate>) -> String {
    use chrono::Datelike;
    date.map_or_else(String::new, |d| {
        format!("{}/{}/{}", d.month(), d.day(), d.year())
    })
}

/// Quotes a CSV field when it must be.
fn quoted(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

struct Out {
    path: PathBuf,
    file: BufWriter<File>,
}

impl Out {
    fn create(dir: &Path, name: &str) -> Result<Self, ExportError> {
        let path = dir.join(name);
        let file = File::create(&path).map_err(|source| ExportError {
            path: path.clone(),
            source,
        })?;
        Ok(Self {
            path,
            file: BufWriter::with_capacity(1 << 20, file),
        })
    }

    fn line(&mut self, text: &str) -> Result<(), ExportError> {
        self.file
            .write_all(text.as_bytes())
            .and_then(|()| self.file.write_all(b"\r\n"))
            .map_err(|source| ExportError {
                path: self.path.clone(),
                source,
            })
    }

    fn finish(mut self) -> Result<PathBuf, ExportError> {
        self.file.flush().map_err(|source| ExportError {
            path: self.path.clone(),
            source,
        })?;
        Ok(self.path)
    }
}

/// What a subscription's row needs, resolved.
struct Row<'a> {
    partner_tenant: &'a str,
    partner_name: &'a str,
    mpn: &'a str,
    reseller_mpn: &'a str,
    customer_tenant: &'a str,
    customer_name: &'a str,
    domain: &'a str,
    country: String,
}

/// Writes the export files of `ws` into `dir`; `recon_rows`, when given, pads the new-commerce
/// file with further monthly charge lines of the same subscriptions up to that many rows (for
/// benchmarks). Returns the files written.
pub fn write_exports(
    ws: &Workspace,
    dir: &Path,
    recon_rows: Option<u64>,
) -> Result<Vec<PathBuf>, ExportError> {
    std::fs::create_dir_all(dir).map_err(|source| ExportError {
        path: dir.to_path_buf(),
        source,
    })?;
    let orgs: FxHashMap<&str, &str> = ws
        .organizations
        .iter()
        .map(|o| (o.id.as_str(), o.name.as_str()))
        .collect();
    let tenants: FxHashMap<&str, &crate::model::Tenant> =
        ws.tenants.iter().map(|t| (t.id.as_str(), t)).collect();
    let locations: FxHashMap<&str, &crate::model::Location> =
        ws.locations.iter().map(|l| (l.id.as_str(), l)).collect();
    let guid_of_tenant = |id: Option<&Id>| -> &str {
        id.and_then(|t| tenants.get(t.as_str()))
            .and_then(|t| t.directory_id.as_deref())
            .unwrap_or("")
    };
    let mut written = Vec::new();

    // One reseller list per indirect provider.
    for provider in ws
        .locations
        .iter()
        .filter(|l| l.enrolment(Role::IndirectProvider).is_some())
    {
        let items: Vec<serde_json::Value> = ws
            .relationships
            .iter()
            .filter(|r| r.kind == RelationshipKind::Partnership && r.from == provider.id)
            .filter_map(|r| locations.get(r.to.as_str()))
            .map(|l| {
                json!({
                    "id": guid_of_tenant(l.csp_tenant.as_ref()),
                    "name": orgs.get(l.organization.as_str()).copied().unwrap_or_default(),
                    "relationshipType": "is_indirect_cloud_solution_provider_of",
                    "state": "Active",
                    "mpnId": l.partner_id.as_deref().unwrap_or_default(),
                    "location": l.country.map(|c| c.to_string()).unwrap_or_default(),
                    "attributes": {"objectType": "PartnerRelationship"},
                })
            })
            .collect();
        if items.is_empty() {
            // Partner Center's empty collection says nothing an importer could recognise.
            continue;
        }
        let name = format!(
            "resellers-{}.json",
            provider
                .partner_id
                .as_deref()
                .unwrap_or(provider.id.as_str())
        );
        let mut out = Out::create(dir, &name)?;
        let text = serde_json::to_string_pretty(&json!({
            "totalCount": items.len(),
            "items": items,
            "attributes": {"objectType": "Collection"},
        }))
        .unwrap_or_default();
        out.line(&text)?;
        written.push(out.finish()?);
    }

    // Customers.csv: every customer tenant.
    let mut customers = Out::create(dir, "Customers.csv")?;
    customers.line("Microsoft ID,Company name,Primary domain name,Relationship")?;
    for t in ws
        .tenants
        .iter()
        .filter(|t| t.kind == crate::model::TenantKind::Customer)
    {
        let name = t
            .owner
            .as_ref()
            .and_then(|o| orgs.get(o.as_str()))
            .copied()
            .unwrap_or_default();
        customers.line(&format!(
            "{},{},{},Cloud Reseller",
            t.directory_id.as_deref().unwrap_or_default(),
            quoted(name),
            quoted(&t.name)
        ))?;
    }
    written.push(customers.finish()?);

    let row_of = |s: &crate::model::Subscription| -> Option<Row<'_>> {
        let biller = locations.get(s.billed_by.as_str())?;
        let tenant = tenants.get(s.tenant.as_str())?;
        let reseller_mpn = match &s.reseller_of_record {
            Fact::Stated(r) => locations.get(r.as_str())?.partner_id.as_deref()?,
            _ => "",
        };
        Some(Row {
            partner_tenant: guid_of_tenant(biller.csp_tenant.as_ref()),
            partner_name: orgs
                .get(biller.organization.as_str())
                .copied()
                .unwrap_or_default(),
            mpn: biller.partner_id.as_deref()?,
            reseller_mpn,
            customer_tenant: tenant.directory_id.as_deref()?,
            customer_name: tenant
                .owner
                .as_ref()
                .and_then(|o| orgs.get(o.as_str()))
                .copied()
                .unwrap_or_default(),
            domain: &tenant.name,
            country: tenant.country.map(|c| c.to_string()).unwrap_or_default(),
        })
    };

    // New-commerce invoice reconciliation: licence-based subscriptions, two charge lines each
    // (a purchase and a monthly renewal), so duplicates are the rule as in real files.
    let licences: Vec<(&crate::model::Subscription, Row<'_>)> = ws
        .subscriptions
        .iter()
        .filter(|s| s.offer_kind != OfferKind::AzurePlan)
        .filter_map(|s| row_of(s).map(|r| (s, r)))
        .collect();
    let mut recon = Out::create(dir, "InvoiceReconciliation.csv")?;
    recon.line(NEW_COMMERCE_HEADER)?;
    let mut rows = 0u64;
    let target = recon_rows.unwrap_or((licences.len() * 2) as u64);
    let mut month = 0u32;
    while rows < target && !licences.is_empty() {
        for (s, r) in &licences {
            if rows >= target {
                break;
            }
            let charge = s
                .start
                .and_then(|d| d.checked_add_months(chrono::Months::new(month)));
            let sub_guid = s
                .microsoft_id
                .clone()
                .unwrap_or_else(|| guid_for(s.id.as_str()));
            recon.line(&format!(
                "{pt},{ct},{cn},{dom},{cc},G{inv:09},{mpn},{rmpn},{order},{od},CFQ7TTC0LH18,0001,CFQ7TTC0LH180001,{sku},{sku},{ct_type},36.00,10,360.00,36.00,396.00,USD,,Microsoft Corporation,,{desc},{sub},{cs},{ce},1 Year - Monthly,36.00,Licenses,{alt},10,Monthly,USD,1,{od},,,,{ss},{se},,,",
                pt = r.partner_tenant,
                ct = r.customer_tenant,
                cn = quoted(r.customer_name),
                dom = quoted(r.domain),
                cc = r.country,
                inv = 1000 + month,
                mpn = r.mpn,
                rmpn = r.reseller_mpn,
                order = guid_for(&format!("{}/order", s.id)),
                od = us_date(s.start),
                sku = quoted(&s.offer),
                ct_type = if month == 0 { "new" } else { "cycleCharge" },
                desc = quoted(&s.offer),
                sub = sub_guid,
                cs = us_date(charge),
                ce = us_date(charge.and_then(|d| d.checked_add_months(chrono::Months::new(1)))),
                alt = &sub_guid[..12],
                ss = us_date(s.start),
                se = us_date(s.end),
            ))?;
            rows += 1;
        }
        month += 1;
    }
    written.push(recon.finish()?);

    // Daily rated usage: one billed line per Azure plan.
    let mut usage = Out::create(dir, "DailyRatedUsage.csv")?;
    usage.line(DAILY_USAGE_HEADER)?;
    for s in ws
        .subscriptions
        .iter()
        .filter(|s| s.offer_kind == OfferKind::AzurePlan)
    {
        let Some(r) = row_of(s) else { continue };
        let sub_guid = s
            .microsoft_id
            .clone()
            .unwrap_or_else(|| guid_for(s.id.as_str()));
        usage.line(&format!(
            "{},{},{},{},{},{},{},{},G000000777,{},{},{},Azure plan,{},Compute,Virtual Machines,{},24,1 Hour,{},Azure subscription 1",
            r.partner_tenant,
            quoted(r.partner_name),
            r.customer_tenant,
            quoted(r.customer_name),
            quoted(r.domain),
            r.country,
            r.mpn,
            r.reseller_mpn,
            us_date(s.start),
            us_date(s.start),
            sub_guid,
            us_date(s.start),
            guid_for(&format!("{}/meter", s.id)),
            guid_for(&format!("{}/entitlement", s.id)),
        ))?;
    }
    written.push(usage.finish()?);
    Ok(written)
}
