//! Customer lists: the Customers page's `Customers.csv` (`Microsoft ID, Company name, Primary
//! domain name, Relationship`) and the customers API's JSON (`companyProfile`, and
//! `associatedPartnerId`, the customer's indirect reseller, set by indirect providers only).
//! Neither says who sells to the customer otherwise: such customers are a hole in the report.

use std::io::BufRead;
use std::path::Path;

use serde_json::Value;

use super::columns::Headers;
use super::json::text;
use super::table::{self, field};
use super::{FileKind, ImportError, Sink};

/// `Customers.csv`: a Microsoft ID and a company name.
pub fn recognise_csv(headers: &Headers) -> Option<FileKind> {
    (headers.has("microsoftid") && headers.has("companyname")).then_some(FileKind::CustomerList)
}

fn add(
    sink: &mut Sink<'_>,
    tenant: Option<String>,
    name: Option<String>,
    domain: Option<String>,
    associated: Option<String>,
) -> Result<(), String> {
    let Some(tenant) = tenant else {
        return Err("no Microsoft ID (tenant id)".to_owned());
    };
    if associated.is_some() {
        sink.net.needs_exporter = true;
    }
    let at = sink.at();
    let index = sink.net.customer(&tenant, at);
    let customer = &mut sink.net.customers[index as usize];
    if name.is_some() {
        customer.name = name;
        customer.name_at = at;
    }
    if domain.is_some() {
        customer.domain = domain;
        customer.domain_at = at;
    }
    if associated.is_some() {
        customer.associated = associated;
        customer.associated_at = at;
    }
    Ok(())
}

/// One item of the customers API's JSON.
pub fn item(item: &Value, sink: &mut Sink<'_>) -> Result<(), String> {
    let tenant = text(item, &["companyProfile", "tenantId"]).or_else(|| text(item, &["id"]));
    add(
        sink,
        tenant,
        text(item, &["companyProfile", "companyName"]),
        text(item, &["companyProfile", "domain"]),
        text(item, &["associatedPartnerId"]),
    )
}

/// Streams `Customers.csv`.
pub fn read_csv<R: BufRead + Send>(
    path: &Path,
    reader: R,
    delimiter: u8,
    headers: &Headers,
    sink: &mut Sink<'_>,
) -> Result<u64, ImportError> {
    let tenant = headers.find(&["microsoftid"]);
    let name = headers.find(&["companyname"]);
    let domain = headers.find(&["primarydomainname", "domain"]);
    table::stream(path, reader, delimiter, sink, |record, line, sink| {
        let get = |i| field(record, i).map(|t| Some(t.to_owned()).filter(|t| !t.is_empty()));
        let result = (|| -> Result<(), String> {
            let (t, n, d) = (get(tenant)?, get(name)?, get(domain)?);
            add(sink, t, n, d, None)
        })();
        if let Err(message) = result {
            sink.skip(line, message);
        }
    })
}
