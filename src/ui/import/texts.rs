//! What the import dialog says about holes, proposed changes, skipped rows and file formats,
//! in the interface language. The import module gives holes and changes as values and words
//! them in English for the command line and the report; the dialog words them here. Skipped
//! rows come as English messages from the readers: the common ones are recognised and
//! reworded, any other is shown as it is.

use crate::i18n::t;
use crate::import::reconcile::{Description, FieldChange, Party, Subject};
use crate::import::{Hole, ImportError, Skipped};
use crate::model::{AdminKind, Country, RelationshipKind, Role, TenantKind};

/// Names listed after a hole before "+N".
const LISTED: usize = 8;

/// A hole with its count and the first names it concerns.
pub fn hole(hole: &Hole, locale: &str) -> String {
    let what = t!(hole.kind.key(), locale = locale, count = hole.count);
    if hole.names.is_empty() {
        return what.into_owned();
    }
    let shown: Vec<&str> = hole.names.iter().take(LISTED).map(String::as_str).collect();
    let more = hole.names.len().saturating_sub(shown.len());
    let names = shown.join(", ");
    let tail = if more > 0 {
        t!(
            "import.names_more",
            locale = locale,
            names = names,
            more = more
        )
    } else {
        t!("import.names", locale = locale, names = names)
    };
    format!("{what}{tail}")
}

/// A proposed change: the entity, then what differs.
pub fn description(description: &Description, locale: &str) -> String {
    let mut out = subject(&description.subject, locale);
    for (i, change) in description.fields.iter().enumerate() {
        let separator = if i == 0 {
            t!("import.change.first", locale = locale)
        } else {
            t!("import.change.next", locale = locale)
        };
        out.push_str(&separator);
        out.push_str(&field(change, locale));
    }
    out
}

fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn none(locale: &str) -> String {
    t!("import.none", locale = locale).into_owned()
}

fn or_none(value: Option<impl ToString>, locale: &str) -> String {
    value.map_or_else(|| none(locale), |v| v.to_string())
}

fn tenant_kind(kind: TenantKind, locale: &str) -> String {
    match kind {
        TenantKind::CspPartner => t!("model.csp_partner_tenant", locale = locale),
        TenantKind::Customer => t!("model.customer_tenant", locale = locale),
        TenantKind::SharedServices => t!("model.shared_services_tenant", locale = locale),
    }
    .into_owned()
}

fn relationship_kind(kind: &RelationshipKind, locale: &str) -> String {
    match kind {
        RelationshipKind::Supply => t!("model.supply", locale = locale),
        RelationshipKind::Partnership => t!("model.partnership", locale = locale),
        RelationshipKind::Reseller => t!("model.reseller_relationship", locale = locale),
        RelationshipKind::Admin {
            access: AdminKind::Dap,
            ..
        } => t!("model.dap", locale = locale),
        RelationshipKind::Admin {
            access: AdminKind::Gdap,
            ..
        } => t!("model.gdap", locale = locale),
    }
    .into_owned()
}

fn role(role: Role, locale: &str) -> String {
    match role {
        Role::IndirectProvider => t!("model.indirect_provider", locale = locale),
        Role::IndirectReseller => t!("model.indirect_reseller", locale = locale),
        Role::DirectBill => t!("model.direct_bill_partner", locale = locale),
    }
    .into_owned()
}

fn subject(subject: &Subject, locale: &str) -> String {
    match subject {
        Subject::Organization { name } => {
            t!("import.subject.organization", locale = locale, name = name)
        }
        Subject::Location {
            organization,
            partner_id,
        } => t!(
            "import.subject.location",
            locale = locale,
            organization = organization,
            partner_id = or_none(partner_id.as_deref(), locale)
        ),
        Subject::Tenant { kind, name } => t!(
            "import.subject.tenant",
            locale = locale,
            kind = capital(&tenant_kind(*kind, locale)),
            name = name
        ),
        Subject::Relationship { kind, from, to } => t!(
            "import.subject.relationship",
            locale = locale,
            kind = capital(&relationship_kind(kind, locale)),
            from = from,
            to = to
        ),
        Subject::Subscription { offer, tenant, id } => {
            let offer = if offer.is_empty() {
                t!("import.subject.offer_not_named", locale = locale).into_owned()
            } else {
                offer.clone()
            };
            t!(
                "import.subject.subscription",
                locale = locale,
                offer = offer,
                tenant = tenant,
                id = id
            )
        }
        Subject::Ownership { owner, owned } => t!(
            "import.subject.ownership",
            locale = locale,
            owner = owner,
            owned = owned
        ),
    }
    .into_owned()
}

fn party(party: &Party, locale: &str) -> String {
    match party {
        Party::Named(name) => name.clone(),
        Party::Direct => t!("import.party.direct", locale = locale).into_owned(),
        Party::Unknown => t!("import.party.unknown", locale = locale).into_owned(),
    }
}

fn country(country: Option<Country>, locale: &str) -> String {
    or_none(country, locale)
}

fn field(change: &FieldChange, locale: &str) -> String {
    let date = |d: Option<chrono::NaiveDate>| or_none(d, locale);
    match change {
        FieldChange::Name { from, to } => {
            t!("import.change.name", locale = locale, from = from, to = to)
        }
        FieldChange::PartnerId { from, to } => t!(
            "import.change.partner_id",
            locale = locale,
            from = or_none(from.as_deref(), locale),
            to = or_none(to.as_deref(), locale)
        ),
        FieldChange::Country { from, to } => t!(
            "import.change.country",
            locale = locale,
            from = country(*from, locale),
            to = country(*to, locale)
        ),
        FieldChange::Transacts(r) => t!(
            "import.change.transacts",
            locale = locale,
            role = role(*r, locale)
        ),
        FieldChange::Domain { from, to } => {
            t!(
                "import.change.domain",
                locale = locale,
                from = from,
                to = to
            )
        }
        FieldChange::MicrosoftId(id) => t!("import.change.microsoft_id", locale = locale, id = id),
        FieldChange::End { from, to } => t!(
            "import.change.end",
            locale = locale,
            from = date(*from),
            to = date(*to)
        ),
        FieldChange::StartInferred(start) => t!(
            "import.change.start_inferred",
            locale = locale,
            date = date(*start)
        ),
        FieldChange::Start(start) => {
            t!("import.change.start", locale = locale, date = date(*start))
        }
        FieldChange::ResellerOfRecord { from, to } => t!(
            "import.change.reseller_of_record",
            locale = locale,
            from = party(from, locale),
            to = party(to, locale)
        ),
        FieldChange::BilledBy { from, to } => t!(
            "import.change.billed_by",
            locale = locale,
            from = from,
            to = to
        ),
    }
    .into_owned()
}

/// How a file was written: "Shift_JIS, semicolon-separated" with the separator's name in the
/// interface language (encoding names stay as they are).
pub fn format(format: &str, locale: &str) -> String {
    let Some((encoding, separator)) = format.rsplit_once(", ") else {
        return format.to_owned();
    };
    let name = match separator {
        "comma-separated" => t!("import.format.comma", locale = locale),
        "semicolon-separated" => t!("import.format.semicolon", locale = locale),
        "tab-separated" => t!("import.format.tab", locale = locale),
        _ => return format.to_owned(),
    };
    format!("{encoding}, {name}")
}

/// A skipped row: "FILE:LINE: what was wrong".
pub fn skipped(skipped: &Skipped, locale: &str) -> String {
    t!(
        "import.skip.row",
        locale = locale,
        file = skipped.file,
        line = skipped.line,
        reason = reason(&skipped.message, locale)
    )
    .into_owned()
}

/// What was wrong with a row, reworded when it is one of the readers' common messages.
pub fn reason(message: &str, locale: &str) -> String {
    known_reason(message, locale).unwrap_or_else(|| message.to_owned())
}

fn known_reason(message: &str, locale: &str) -> Option<String> {
    // A field and its quoted value, as the readers write them: `CustomerCountry "XX"`.
    let field_and_value = |head: &str| -> Option<(String, String)> {
        let (field, value) = head.split_once(' ')?;
        (value.starts_with('"') && value.ends_with('"'))
            .then(|| (field.to_owned(), value.to_owned()))
    };
    if let Some(rest) = message.strip_prefix("item ")
        && let Some((n, inner)) = rest.split_once(": ")
        && n.parse::<u64>().is_ok()
    {
        let inner = reason(inner, locale);
        return Some(t!("import.skip.item", locale = locale, n = n, reason = inner).into_owned());
    }
    if let Some(head) =
        message.strip_suffix(" is not a date (M/D/YYYY, YYYY-MM-DD or an ISO timestamp)")
    {
        let (field, value) = field_and_value(head)?;
        return Some(
            t!(
                "import.skip.not_a_date",
                locale = locale,
                field = field,
                value = value
            )
            .into_owned(),
        );
    }
    if let Some(head) = message.strip_suffix(" is not a date") {
        let (field, value) = field_and_value(head)?;
        return Some(
            t!(
                "import.skip.not_a_date_short",
                locale = locale,
                field = field,
                value = value
            )
            .into_owned(),
        );
    }
    if let Some(head) = message.strip_suffix(" is not a two-letter country code") {
        let (field, value) = field_and_value(head)?;
        return Some(
            t!(
                "import.skip.not_a_country",
                locale = locale,
                field = field,
                value = value
            )
            .into_owned(),
        );
    }
    if let Some(rest) = message.strip_prefix("expected at least ")
        && let Some((needed, found)) = rest.split_once(" fields as in the header, found ")
        && needed.parse::<u64>().is_ok()
        && found.parse::<u64>().is_ok()
    {
        return Some(
            t!(
                "import.skip.fields",
                locale = locale,
                needed = needed,
                found = found
            )
            .into_owned(),
        );
    }
    if let Some(rest) = message.strip_prefix("field ")
        && let Some(n) = rest.strip_suffix(" is not valid text in the file's encoding")
        && n.parse::<u64>().is_ok()
    {
        return Some(t!("import.skip.not_text", locale = locale, n = n).into_owned());
    }
    let text = match message {
        "PartnerId and MpnId are both empty" => t!("import.skip.both_empty", locale = locale),
        "neither a tenant id nor a Partner ID" => t!("import.skip.no_reseller_id", locale = locale),
        "no Microsoft ID (tenant id)" => t!("import.skip.no_customer_id", locale = locale),
        _ => {
            if let Some(field) = message.strip_suffix(" is empty")
                && !field.contains(' ')
            {
                t!("import.skip.empty", locale = locale, field = field)
            } else if let Some(field) = message.strip_prefix("no ")
                && !field.contains(' ')
            {
                t!("import.skip.missing", locale = locale, field = field)
            } else {
                return None;
            }
        }
    };
    Some(text.into_owned())
}

/// Why an import stopped, for the dialog.
pub fn error(error: &ImportError, locale: &str) -> String {
    match error {
        ImportError::Read { path, source } => t!(
            "import.error.read",
            locale = locale,
            path = path.display(),
            reason = source
        ),
        ImportError::Unrecognised { path, found } => {
            let found = match found.as_str() {
                "the file is empty" => t!("import.error.empty", locale = locale).into_owned(),
                other => other.strip_prefix("it begins ").map_or_else(
                    || other.to_owned(),
                    |start| t!("import.error.begins", locale = locale, start = start).into_owned(),
                ),
            };
            t!(
                "import.error.unrecognised",
                locale = locale,
                path = path.display(),
                found = found,
                accepted = t!("import.error.accepted", locale = locale)
            )
        }
        ImportError::Cancelled => t!("import.error.cancelled", locale = locale),
        other => return other.to_string(),
    }
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::HoleKind;

    const KEY_PREFIX: &str = "import.";

    fn subjects() -> Vec<Subject> {
        vec![
            Subject::Organization {
                name: "山田建設株式会社".into(),
            },
            Subject::Location {
                organization: "Northwind".into(),
                partner_id: None,
            },
            Subject::Tenant {
                kind: TenantKind::Customer,
                name: "fuji.onmicrosoft.com".into(),
            },
            Subject::Relationship {
                kind: RelationshipKind::Partnership,
                from: "Contoso".into(),
                to: "Northwind".into(),
            },
            Subject::Subscription {
                offer: String::new(),
                tenant: "fuji".into(),
                id: "5e5e0002".into(),
            },
            Subject::Ownership {
                owner: "A".into(),
                owned: "B".into(),
            },
        ]
    }

    /// The dialog in English says exactly what the report says.
    #[test]
    fn english_in_the_dialog_is_the_reports_english() {
        for kind in HoleKind::ALL {
            let h = Hole {
                kind,
                count: 3,
                names: Vec::new(),
            };
            assert_eq!(hole(&h, "en"), format!("3 {}", h.what()));
        }
        for subject in subjects() {
            let d = Description {
                subject,
                fields: FieldChange::examples(),
            };
            assert_eq!(description(&d, "en"), d.to_string());
        }
    }

    #[test]
    fn every_hole_and_change_is_worded_in_japanese() {
        let mut seen = Vec::new();
        for kind in HoleKind::ALL {
            let h = Hole {
                kind,
                count: 3,
                names: vec!["Maple Leaf Bakery".into()],
            };
            let text = hole(&h, "ja");
            assert!(!text.contains(KEY_PREFIX), "{text}");
            assert!(text.contains('3') && text.contains("Maple Leaf Bakery"));
            assert!(
                !text.contains(h.what()),
                "{kind:?} still in English: {text}"
            );
            seen.push(text);
        }
        for change in FieldChange::examples() {
            let english = change.to_string();
            let text = field(&change, "ja");
            assert!(!text.contains(KEY_PREFIX), "{text}");
            assert_ne!(text, english, "{change:?} still in English");
            seen.push(text);
        }
        for s in subjects() {
            let text = subject(&s, "ja");
            assert!(!text.contains(KEY_PREFIX), "{text}");
            assert_ne!(text, s.to_string());
            seen.push(text);
        }
        let mut distinct = seen.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), seen.len(), "{seen:?}");
    }

    #[test]
    fn a_changed_customer_reads_naturally_in_japanese() {
        let d = Description {
            subject: Subject::Tenant {
                kind: TenantKind::Customer,
                name: "contosopharma.onmicrosoft.com".into(),
            },
            fields: vec![
                FieldChange::Country {
                    from: Country::parse("JP"),
                    to: Country::parse("US"),
                },
                FieldChange::ResellerOfRecord {
                    from: Party::Named("Northwind".into()),
                    to: Party::Direct,
                },
            ],
        };
        assert_eq!(
            description(&d, "ja"),
            "顧客テナント contosopharma.onmicrosoft.com：国/地域 JP → US、指名リセラー Northwind → なし（直接販売）"
        );
    }

    #[test]
    fn common_skip_reasons_are_reworded_and_others_kept() {
        let cases = [
            "CustomerId is empty",
            "SubscriptionId is empty",
            "PartnerId and MpnId are both empty",
            "ChargeStartDate \"13/45/2024\" is not a date (M/D/YYYY, YYYY-MM-DD or an ISO timestamp)",
            "CustomerCountry \"XX\" is not a two-letter country code",
            "location \"Japan\" is not a two-letter country code",
            "neither a tenant id nor a Partner ID",
            "no Microsoft ID (tenant id)",
            "expected at least 12 fields as in the header, found 3",
            "field 4 is not valid text in the file's encoding",
            "item 2: no customer.tenantId",
            "item 3: createdDateTime \"yesterday\" is not a date",
        ];
        for message in cases {
            assert_eq!(reason(message, "en"), message, "English is kept as it is");
            let japanese = reason(message, "ja");
            assert_ne!(japanese, message, "{message} not reworded");
            assert!(!japanese.contains(KEY_PREFIX), "{japanese}");
        }
        assert_eq!(
            reason(
                "CustomerCountry \"XX\" is not a two-letter country code",
                "ja"
            ),
            "CustomerCountry の \"XX\" は 2 文字の国コードではありません"
        );
        let unknown = "expected one of \"a\", \"b\"";
        assert_eq!(reason(unknown, "ja"), unknown);
        assert_eq!(
            format("Shift_JIS, semicolon-separated", "ja"),
            "Shift_JIS, セミコロン区切り"
        );
        assert_eq!(format("JSON", "ja"), "JSON");
        assert_eq!(
            format("UTF-16LE, tab-separated", "en"),
            "UTF-16LE, tab-separated"
        );
    }

    /// The rows the malformed fixture's readers skip are all reworded: a reader whose message
    /// changes shows up here rather than as English in a Japanese dialog.
    #[test]
    fn the_fixtures_skipped_rows_are_reworded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
        let files = [dir.join("malformed.csv")];
        let as_of = chrono::NaiveDate::from_ymd_opt(2024, 8, 1).unwrap_or_default();
        let imported =
            crate::import::import_files(&files, as_of, &crate::import::Progress::default())
                .expect("the malformed fixture imports with rows skipped");
        assert!(!imported.skipped.is_empty(), "the fixture skips rows");
        for row in &imported.skipped {
            assert_ne!(
                reason(&row.message, "ja"),
                row.message,
                "not reworded: {row}"
            );
            assert_eq!(skipped(row, "en"), row.to_string());
        }
    }

    #[test]
    fn a_refused_file_is_explained_in_japanese_and_unchanged_in_english() {
        let refused = ImportError::Unrecognised {
            path: "notes.csv".into(),
            found: "it begins \"Name,Phone\"".into(),
        };
        assert_eq!(error(&refused, "en"), refused.to_string());
        let japanese = error(&refused, "ja");
        assert!(
            japanese.starts_with("notes.csv：") && japanese.contains("パートナー センター"),
            "{japanese}"
        );
        assert!(japanese.contains("\"Name,Phone\""), "{japanese}");
        let empty = ImportError::Unrecognised {
            path: "empty.csv".into(),
            found: "the file is empty".into(),
        };
        assert_eq!(error(&empty, "en"), empty.to_string());
        assert!(error(&empty, "ja").contains("ファイルが空です"));
        assert_eq!(
            error(&ImportError::Cancelled, "en"),
            ImportError::Cancelled.to_string()
        );
    }
}
