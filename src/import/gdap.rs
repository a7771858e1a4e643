//! GDAP relationships as Microsoft Graph returns them (`delegatedAdminRelationships`): one
//! admin relationship per `id`, from the exporting partner to `customer.tenantId`, with its
//! dates and the roles of `accessDetails`. Unknown fields (`@odata.*`) are passed over.

use serde_json::Value;

use super::json::text;
use super::network::Gdap;
use super::{Sink, dates};

/// Statuses whose relationship is or was in force; requests never approved give no access.
const NEVER_ACTIVE: [&str; 3] = ["created", "approvalPending", "activating"];

/// One relationship.
pub fn item(item: &Value, sink: &mut Sink<'_>) -> Result<(), String> {
    let id = text(item, &["id"]).ok_or("no id")?;
    let tenant = text(item, &["customer", "tenantId"]).ok_or("no customer.tenantId")?;
    let date = |key: &str| -> Result<Option<chrono::NaiveDate>, String> {
        match text(item, &[key]) {
            None => Ok(None),
            Some(t) if t.starts_with("0001-01-01") => Ok(None),
            Some(t) => dates::parse(&t)
                .map(Some)
                .ok_or_else(|| format!("{key} {t:?} is not a date")),
        }
    };
    let status = text(item, &["status"]).unwrap_or_default();
    let start = date("activatedDateTime")?.or(date("createdDateTime")?);
    let end = date("endDateTime")?;
    let roles = item
        .get("accessDetails")
        .and_then(|a| a.get("unifiedRoles"))
        .and_then(Value::as_array)
        .map(|roles| {
            roles
                .iter()
                .filter_map(|r| text(r, &["roleDefinitionId"]))
                .collect()
        })
        .unwrap_or_default();
    let auto_extend = text(item, &["autoExtendDuration"])
        .is_some_and(|d| !matches!(d.as_str(), "P0D" | "PT0S" | ""));
    sink.net.needs_exporter = true;
    let at = sink.at();
    let customer = sink.net.customer(&tenant, at);
    let c = &mut sink.net.customers[customer as usize];
    if c.name.is_none() {
        c.name = text(item, &["customer", "displayName"]);
        c.name_at = at;
    }
    let name = text(item, &["displayName"]).unwrap_or_default();
    if NEVER_ACTIVE.contains(&status.as_str()) {
        // Requested, never approved: no access was ever granted.
        return Ok(());
    }
    sink.net.gdaps.push(Gdap {
        at,
        ms_id: id,
        name,
        customer,
        start,
        end,
        roles,
        auto_extend,
    });
    Ok(())
}
