//! Billing reconciliation files, the richest source: each charge line names the billing
//! partner (tenant and Partner ID), the customer (tenant, name, domain, country), the reseller
//! of record (its Partner ID, or blank, `0`, `-1` for none) and the subscription. The three
//! kinds (new-commerce invoice, daily rated usage, legacy licence-based) share this reader.

use std::io::BufRead;
use std::path::Path;

use csv::ByteRecord;

use super::columns::{self as col, Headers};
use super::network::{Reseller, Sub, no_reseller};
use super::table::{self, field};
use super::{FileKind, ImportError, Sink, dates};
use crate::model::Country;

/// Which reconciliation file the header shows, if any.
pub fn recognise(headers: &Headers) -> Option<FileKind> {
    let required = [
        col::PARTNER_TENANT,
        col::CUSTOMER_ID,
        col::MPN_ID,
        col::RESELLER_MPN_ID,
        col::SUBSCRIPTION_ID,
    ];
    if required
        .iter()
        .any(|aliases| headers.find(aliases).is_none())
    {
        return None;
    }
    if ["usagedate", "tier2mpnid", "entitlementid", "meterid"]
        .iter()
        .any(|h| headers.has(h))
    {
        Some(FileKind::DailyRatedUsage)
    } else if headers.has("syndicationpartnersubscriptionnumber")
        || (headers.has("domainname") && !headers.has("customerdomainname"))
    {
        Some(FileKind::LegacyLicenceBased)
    } else {
        Some(FileKind::NewCommerceInvoice)
    }
}

/// Column positions.
struct Columns {
    partner: Option<usize>,
    partner_name: Option<usize>,
    customer: Option<usize>,
    customer_name: Option<usize>,
    domain: Option<usize>,
    country: Option<usize>,
    mpn: Option<usize>,
    reseller: Option<usize>,
    subscription: Option<usize>,
    offer: Option<usize>,
    charge_start: Option<usize>,
    start: Option<usize>,
    end: Option<usize>,
    invoice: Option<usize>,
}

impl Columns {
    fn new(h: &Headers) -> Self {
        Self {
            partner: h.find(col::PARTNER_TENANT),
            partner_name: h.find(col::PARTNER_NAME),
            customer: h.find(col::CUSTOMER_ID),
            customer_name: h.find(col::CUSTOMER_NAME),
            domain: h.find(col::CUSTOMER_DOMAIN),
            country: h.find(col::CUSTOMER_COUNTRY),
            mpn: h.find(col::MPN_ID),
            reseller: h.find(col::RESELLER_MPN_ID),
            subscription: h.find(col::SUBSCRIPTION_ID),
            offer: h.find(col::OFFER),
            charge_start: h.find(col::CHARGE_START),
            start: h.find(col::SUBSCRIPTION_START),
            end: h.find(col::SUBSCRIPTION_END),
            invoice: h.find(col::INVOICE),
        }
    }

    /// The fields a row must reach.
    fn needed(&self) -> usize {
        [self.partner, self.customer, self.mpn, self.subscription]
            .into_iter()
            .flatten()
            .max()
            .map_or(0, |m| m + 1)
    }
}

/// The last partners looked up: a file repeats the same few over millions of lines.
#[derive(Default)]
struct Recent {
    biller: Option<(Vec<u8>, Vec<u8>, u32)>,
    reseller: Option<(Vec<u8>, u32)>,
}

/// Streams a reconciliation file into the sink; returns the rows read.
pub fn read<R: BufRead + Send>(
    path: &Path,
    reader: R,
    delimiter: u8,
    kind: FileKind,
    headers: &Headers,
    sink: &mut Sink<'_>,
) -> Result<u64, ImportError> {
    let cols = Columns::new(headers);
    let needed = cols.needed();
    let mut recent = Recent::default();
    table::stream(path, reader, delimiter, sink, |record, line, sink| {
        if record.len() < needed {
            sink.skip(
                line,
                format!(
                    "expected at least {needed} fields as in the header, found {}",
                    record.len()
                ),
            );
            return;
        }
        if let Err(message) = row(record, &cols, kind, &mut recent, sink) {
            sink.skip(line, message);
        }
    })
}

fn date(
    record: &ByteRecord,
    index: Option<usize>,
    name: &str,
) -> Result<Option<chrono::NaiveDate>, String> {
    let text = field(record, index)?;
    if text.is_empty() {
        return Ok(None);
    }
    dates::parse(text).map(Some).ok_or_else(|| {
        format!("{name} {text:?} is not a date (M/D/YYYY, YYYY-MM-DD or an ISO timestamp)")
    })
}

fn row(
    record: &ByteRecord,
    cols: &Columns,
    kind: FileKind,
    recent: &mut Recent,
    sink: &mut Sink<'_>,
) -> Result<(), String> {
    let partner = field(record, cols.partner)?;
    let mpn = field(record, cols.mpn)?;
    let customer_id = field(record, cols.customer)?;
    let sub_id = field(record, cols.subscription)?;
    let reseller_text = field(record, cols.reseller)?;
    if customer_id.is_empty() {
        return Err("CustomerId is empty".to_owned());
    }
    if sub_id.is_empty() {
        return Err("SubscriptionId is empty".to_owned());
    }
    if partner.is_empty() && no_reseller(mpn) {
        return Err("PartnerId and MpnId are both empty".to_owned());
    }
    // Everything is read and checked before anything is recorded: a skipped row leaves no trace.
    let existing = sink.net.sub_index(sub_id);
    let charge = date(record, cols.charge_start, "ChargeStartDate")?;
    let fresh = match existing {
        Some(_) => None,
        None => {
            let country_text = field(record, cols.country)?;
            let country = if country_text.is_empty() {
                None
            } else {
                Some(Country::parse(country_text).ok_or_else(|| {
                    format!("CustomerCountry {country_text:?} is not a two-letter country code")
                })?)
            };
            let start = date(record, cols.start, "SubscriptionStartDate")?;
            let end = date(record, cols.end, "SubscriptionEndDate")?;
            Some((country, start, end))
        }
    };
    let unbilled = kind == FileKind::DailyRatedUsage && field(record, cols.invoice)?.is_empty();
    let partner_name = field(record, cols.partner_name)?;
    let at = sink.at();
    let net = &mut sink.net;

    let biller = match &recent.biller {
        Some((p, m, index)) if p == partner.as_bytes() && m == mpn.as_bytes() => *index,
        _ => {
            let index = net.partner(Some(partner), Some(mpn), at);
            let (mut p, mut m) = recent
                .biller
                .take()
                .map(|(p, m, _)| (p, m))
                .unwrap_or_default();
            p.clear();
            p.extend_from_slice(partner.as_bytes());
            m.clear();
            m.extend_from_slice(mpn.as_bytes());
            recent.biller = Some((p, m, index));
            let p = &mut net.partners[index as usize];
            if p.name.is_none() && !partner_name.is_empty() {
                p.name = Some(partner_name.to_owned());
                p.name_at = at;
            }
            index
        }
    };
    let reseller = if no_reseller(reseller_text) {
        if unbilled {
            Reseller::Unknown
        } else {
            Reseller::Direct
        }
    } else {
        match &recent.reseller {
            Some((m, index)) if m == reseller_text.as_bytes() => Reseller::Of(*index),
            _ => {
                let index = net.partner(None, Some(reseller_text), at);
                let p = &mut net.partners[index as usize];
                p.reseller = true;
                p.resells_at.get_or_insert(at);
                let mut m = recent.reseller.take().map(|(m, _)| m).unwrap_or_default();
                m.clear();
                m.extend_from_slice(reseller_text.as_bytes());
                recent.reseller = Some((m, index));
                Reseller::Of(index)
            }
        }
    };
    let b = &mut net.partners[biller as usize];
    match reseller {
        Reseller::Of(_) => b.provider = true,
        Reseller::Direct => b.direct = true,
        Reseller::Unknown => {}
    }
    if reseller != Reseller::Unknown && b.bills_at.is_none() {
        b.bills_at = Some(at);
    }

    let Some((country, start, end)) = fresh else {
        let index = existing.unwrap_or_default();
        let sub = &mut net.subs[index as usize];
        if sub.start.is_none()
            && let Some(charge) = charge
            && sub.first_charge.is_none_or(|first| charge < first)
        {
            sub.first_charge = Some(charge);
            sub.first_charge_at = at;
        }
        // The latest charge line tells the current reseller of record.
        if reseller != Reseller::Unknown && sub.reseller != reseller && charge >= sub.last_charge {
            sub.reseller = reseller;
            sub.biller = biller;
            sub.reseller_at = at;
        }
        if charge > sub.last_charge {
            sub.last_charge = charge;
        }
        return Ok(());
    };

    // A subscription seen for the first time: the customer's facts are read once.
    let customer = net.customer(customer_id, at);
    let c = &mut net.customers[customer as usize];
    c.billed = true;
    let name = field(record, cols.customer_name)?;
    if c.name.is_none() && !name.is_empty() {
        c.name = Some(name.to_owned());
        c.name_at = at;
    }
    let domain = field(record, cols.domain)?;
    if c.domain.is_none() && !domain.is_empty() {
        c.domain = Some(domain.to_owned());
        c.domain_at = at;
    }
    if country.is_some() {
        c.country = country;
        c.country_at = at;
    }
    let offer = match kind {
        FileKind::DailyRatedUsage => Some("Azure plan".to_owned()),
        _ => Some(field(record, cols.offer)?)
            .filter(|o| !o.is_empty())
            .map(str::to_owned),
    };
    net.add_sub(Sub {
        seen: at,
        reseller_at: at,
        first_charge_at: at,
        ms_id: sub_id.to_owned(),
        offer,
        azure: kind == FileKind::DailyRatedUsage,
        customer,
        biller,
        reseller,
        start,
        end,
        first_charge: charge,
        last_charge: charge,
    });
    Ok(())
}
