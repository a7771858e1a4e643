//! An indirect provider's resellers, from the relationships API (JSON `items` with `id`,
//! `name`, `mpnId`, `location`, `state`, `relationshipType`) or PowerShell's
//! `Get-PartnerIndirectReseller` saved as CSV (`PartnerId, Name, MpnId, Location, State,
//! RelationshipType`). The only export that names resellers and gives their tenants.

use std::io::BufRead;
use std::path::Path;

use serde_json::Value;

use super::columns::Headers;
use super::json::text;
use super::table::{self, field};
use super::{FileKind, ImportError, Sink};
use crate::model::Country;

/// A reseller list's CSV header: a Partner ID and a name, and no customer column.
pub fn recognise_csv(headers: &Headers) -> Option<FileKind> {
    let shape = headers.has("mpnid")
        && headers.has("name")
        && (headers.has("partnerid") || headers.has("id"))
        && !headers.has("customerid");
    shape.then_some(FileKind::ResellerList)
}

/// One reseller, from whatever the export gives.
fn add(
    sink: &mut Sink<'_>,
    tenant: Option<&str>,
    mpn: Option<&str>,
    name: Option<&str>,
    location: Option<&str>,
) -> Result<(), String> {
    if tenant.is_none() && mpn.is_none() {
        return Err("neither a tenant id nor a Partner ID".to_owned());
    }
    let country = match location {
        Some(text) => Some(
            Country::parse(text)
                .ok_or_else(|| format!("location {text:?} is not a two-letter country code"))?,
        ),
        None => None,
    };
    sink.net.needs_exporter = true;
    let at = sink.at();
    let index = sink.net.partner(tenant, mpn, at);
    let partner = &mut sink.net.partners[index as usize];
    partner.listed = true;
    partner.listed_at.get_or_insert(at);
    partner.reseller = true;
    if let Some(name) = name {
        partner.name = Some(name.to_owned());
        partner.name_at = at;
    }
    if country.is_some() {
        partner.country = country;
        partner.country_at = at;
    }
    Ok(())
}

/// One item of the relationships API's JSON.
pub fn item(item: &Value, sink: &mut Sink<'_>) -> Result<(), String> {
    add(
        sink,
        text(item, &["id"]).as_deref(),
        text(item, &["mpnId"]).as_deref(),
        text(item, &["name"]).as_deref(),
        text(item, &["location"]).as_deref(),
    )
}

/// Streams the PowerShell CSV.
pub fn read_csv<R: BufRead + Send>(
    path: &Path,
    reader: R,
    delimiter: u8,
    headers: &Headers,
    sink: &mut Sink<'_>,
) -> Result<u64, ImportError> {
    let tenant = headers.find(&["partnerid", "id"]);
    let mpn = headers.find(&["mpnid"]);
    let name = headers.find(&["name"]);
    let location = headers.find(&["location"]);
    table::stream(path, reader, delimiter, sink, |record, line, sink| {
        let read = || -> Result<[Option<String>; 4], String> {
            let get = |i| field(record, i).map(|t| Some(t.to_owned()).filter(|t| !t.is_empty()));
            Ok([get(tenant)?, get(mpn)?, get(name)?, get(location)?])
        };
        let result = read().and_then(|[t, m, n, l]| {
            add(sink, t.as_deref(), m.as_deref(), n.as_deref(), l.as_deref())
        });
        if let Err(message) = result {
            sink.skip(line, message);
        }
    })
}
