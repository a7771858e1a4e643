//! CSV headers as Partner Center spells them over the years: matched without regard to case,
//! spaces or underscores, each field under every documented name (`MPNID`, `MpnId`, `mpnId`;
//! `ResellerMPNID`, `ResellerMpnId`, `Tier2MpnId`, `resellerMpnId`, ...).

/// A header cell reduced to what is compared: lower case, without spaces, underscores or quotes.
pub fn normalise(header: &str) -> String {
    header
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '"' | '\t' | '\u{3000}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The normalised headers of a file, searched by alias.
pub struct Headers(Vec<String>);

impl Headers {
    /// Normalises every header cell.
    pub fn new<'a>(cells: impl IntoIterator<Item = &'a str>) -> Self {
        Self(cells.into_iter().map(normalise).collect())
    }

    /// The position of the first column named by any of `aliases` (already normalised).
    pub fn find(&self, aliases: &[&str]) -> Option<usize> {
        aliases
            .iter()
            .find_map(|alias| self.0.iter().position(|h| h == alias))
    }

    /// True when a column of that name is there.
    pub fn has(&self, alias: &str) -> bool {
        self.0.iter().any(|h| h == alias)
    }
}

/// The billing partner's CSP tenant.
pub const PARTNER_TENANT: &[&str] = &["partnerid"];
/// The billing partner's name (daily rated usage only).
pub const PARTNER_NAME: &[&str] = &["partnername"];
/// The customer's tenant.
pub const CUSTOMER_ID: &[&str] = &["customerid", "customertenantid"];
/// The customer's company name.
pub const CUSTOMER_NAME: &[&str] = &["customername", "customercompanyname"];
/// The customer's domain (new commerce and daily usage; `DomainName` in the legacy file).
pub const CUSTOMER_DOMAIN: &[&str] = &["customerdomainname", "domainname"];
/// The customer tenant's country.
pub const CUSTOMER_COUNTRY: &[&str] = &["customercountry"];
/// The billing partner's Partner ID.
pub const MPN_ID: &[&str] = &["mpnid"];
/// The indirect reseller of record's Partner ID.
pub const RESELLER_MPN_ID: &[&str] = &["resellermpnid", "tier2mpnid"];
/// The subscription (the legacy file's Partner Center subscription id comes first).
pub const SUBSCRIPTION_ID: &[&str] = &["syndicationpartnersubscriptionnumber", "subscriptionid"];
/// The offer's name.
pub const OFFER: &[&str] = &[
    "productname",
    "offername",
    "skuname",
    "subscriptiondescription",
    "metercategory",
];
/// The first day a charge covers.
pub const CHARGE_START: &[&str] = &["chargestartdate", "usagedate"];
/// The subscription's start.
pub const SUBSCRIPTION_START: &[&str] = &["subscriptionstartdate"];
/// The subscription's end.
pub const SUBSCRIPTION_END: &[&str] = &["subscriptionenddate"];
/// The invoice; blank on unbilled usage, where a blank reseller column says nothing.
pub const INVOICE: &[&str] = &["invoicenumber"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_matches() {
        let headers = Headers::new([
            "Partner Id",
            "CUSTOMER_ID",
            "MPNID",
            "Tier2MpnId",
            "\u{feff}Subscription Id",
        ]);
        assert_eq!(headers.find(PARTNER_TENANT), Some(0));
        assert_eq!(headers.find(CUSTOMER_ID), Some(1));
        assert_eq!(headers.find(MPN_ID), Some(2));
        assert_eq!(headers.find(RESELLER_MPN_ID), Some(3));
        assert_eq!(headers.find(SUBSCRIPTION_ID), Some(4));
        let camel = Headers::new(["partnerId", "customerId", "mpnId", "resellerMpnId"]);
        assert_eq!(camel.find(RESELLER_MPN_ID), Some(3));
    }
}
