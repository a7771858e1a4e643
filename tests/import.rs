//! Importing Partner Center exports: the hand-written fixtures (one per encoding and
//! delimiter, malformed rows, an unknown file) give the chains they describe, the holes they
//! leave and the documented exit statuses; a later export reconciles without deleting.

use std::path::PathBuf;
use std::process::{Command, Output};

use chrono::NaiveDate;
use csp_studio::import::{self, ChangeKind, FileKind, Progress};
use csp_studio::model::{Fact, Id, OfferKind, RelationshipKind, TenantKind, Workspace};

const BIN: &str = env!("CARGO_BIN_EXE_csp-studio");

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

const GOOD: [&str; 7] = [
    "resellers.json",
    "Customers.csv",
    "customers-api.json",
    "invoice-utf8-bom-comma.csv",
    "daily-usage-utf16-tab.csv",
    "legacy-shiftjis-semicolon.csv",
    "gdap.json",
];

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 8, 1).unwrap_or_default()
}

fn import_good() -> import::Imported {
    let files: Vec<PathBuf> = GOOD.iter().map(|f| fixture(f)).collect();
    import::import_files(&files, as_of(), &Progress::default()).expect("the good fixtures import")
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the binary runs")
}

/// The location id with this Partner ID.
fn location(ws: &Workspace, partner_id: &str) -> String {
    ws.locations
        .iter()
        .find(|l| l.partner_id.as_deref() == Some(partner_id))
        .map(|l| l.id.to_string())
        .unwrap_or_else(|| panic!("no location with Partner ID {partner_id}"))
}

/// The tenant id with this Microsoft tenant id.
fn tenant(ws: &Workspace, directory: &str) -> String {
    ws.tenants
        .iter()
        .find(|t| t.directory_id.as_deref() == Some(directory))
        .map(|t| t.id.to_string())
        .unwrap_or_else(|| panic!("no tenant {directory}"))
}

fn has_relationship(ws: &Workspace, kind: &RelationshipKind, from: &str, to: &str) -> bool {
    ws.relationships
        .iter()
        .any(|r| &r.kind == kind && r.from.as_str() == from && r.to.as_str() == to)
}

const FUJI: &str = "aaaa0001-1111-4222-8333-000000000001";

#[test]
fn each_file_is_recognised_by_its_content_whatever_its_encoding_and_delimiter() {
    let imported = import_good();
    let seen: Vec<(FileKind, &str)> = imported
        .files
        .iter()
        .map(|f| (f.kind, f.format.as_str()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (FileKind::ResellerList, "UTF-8, JSON"),
            (FileKind::CustomerList, "UTF-8, comma-separated"),
            (FileKind::CustomerList, "UTF-8, JSON"),
            (FileKind::NewCommerceInvoice, "UTF-8, comma-separated"),
            (FileKind::DailyRatedUsage, "UTF-16LE, tab-separated"),
            (
                FileKind::LegacyLicenceBased,
                "Shift_JIS, semicolon-separated"
            ),
            (FileKind::GdapRelationships, "UTF-8, JSON"),
        ]
    );
    assert_eq!(imported.skipped_count, 0, "{:?}", imported.skipped);
    let names: Vec<&str> = imported
        .workspace
        .organizations
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    for name in [
        "富士商事株式会社",
        "Contoso Pharma, Ltd.",
        "Alpine \"Peak\" Outfitters",
        "山田建設株式会社",
        "株式会社みどり薬局",
        "桜木テクノロジー株式会社",
        "さくらディストリビューション株式会社",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
}

#[test]
fn rows_give_provider_reseller_customer_chains_and_resellers_of_record() {
    let ws = import_good().workspace;
    let provider = location(&ws, "4100001");
    let sakuragi = location(&ws, "5100001");
    let fuji = tenant(&ws, FUJI);
    assert!(has_relationship(
        &ws,
        &RelationshipKind::Partnership,
        &provider,
        &sakuragi
    ));
    assert!(has_relationship(
        &ws,
        &RelationshipKind::Reseller,
        &sakuragi,
        &fuji
    ));
    assert!(has_relationship(
        &ws,
        &RelationshipKind::Reseller,
        &provider,
        &fuji
    ));
    // Three charge lines of one subscription make one subscription.
    let e3: Vec<_> = ws
        .subscriptions
        .iter()
        .filter(|s| {
            s.microsoft_id
                .as_deref()
                .is_some_and(|m| m.contains("5e5e0001"))
        })
        .collect();
    assert_eq!(e3.len(), 1);
    assert_eq!(
        e3[0].reseller_of_record,
        Fact::Stated(Id::new(sakuragi).expect("id"))
    );
    assert_eq!(e3[0].billed_by.as_str(), provider);
    assert_eq!(
        (e3[0].start, e3[0].end),
        (
            NaiveDate::from_ymd_opt(2024, 4, 1),
            NaiveDate::from_ymd_opt(2025, 3, 31)
        )
    );
    // A blank reseller on a billed line: sold directly. `-1` in the legacy file: the same.
    for direct in ["5e5e0003", "7a7a0002"] {
        let sub = ws
            .subscriptions
            .iter()
            .find(|s| {
                s.microsoft_id
                    .as_deref()
                    .is_some_and(|m| m.contains(direct))
            })
            .expect("direct subscription");
        assert_eq!(sub.reseller_of_record, Fact::Absent, "{direct}");
    }
    // The daily usage file's Azure plans; the unbilled line's blank reseller says nothing.
    let azure: Vec<_> = ws
        .subscriptions
        .iter()
        .filter(|s| s.offer_kind == OfferKind::AzurePlan)
        .collect();
    assert_eq!(azure.len(), 2);
    assert!(azure.iter().any(|s| s.reseller_of_record == Fact::Unknown));
    // The customer tenant's country comes from CustomerCountry.
    let fuji_tenant = ws
        .tenants
        .iter()
        .find(|t| t.id.as_str() == fuji)
        .expect("tenant");
    assert_eq!(
        fuji_tenant.country.map(|c| c.to_string()).as_deref(),
        Some("JP")
    );
    assert_eq!(fuji_tenant.kind, TenantKind::Customer);
    // GDAP: the active one only, with its roles and auto-extension.
    let gdap: Vec<_> = ws
        .relationships
        .iter()
        .filter(|r| matches!(r.kind, RelationshipKind::Admin { .. }))
        .collect();
    assert_eq!(gdap.len(), 1);
    assert_eq!(gdap[0].to.as_str(), fuji);
    assert!(
        matches!(&gdap[0].kind, RelationshipKind::Admin { roles, auto_extend: true, .. } if roles.len() == 2)
    );
    // The customers API's associated reseller links Harbor Lights to Northwind.
    let northwind = location(&ws, "5100002");
    let harbor = tenant(&ws, "8888bbbb-1111-4222-8333-000000000008");
    assert!(has_relationship(
        &ws,
        &RelationshipKind::Reseller,
        &northwind,
        &harbor
    ));
}

#[test]
fn holes_name_the_entities_and_the_rules_count_unknown_facts_once() {
    let imported = import_good();
    let hole = |what: &str| {
        imported
            .holes
            .iter()
            .find(|h| h.what().contains(what))
            .unwrap_or_else(|| panic!("no hole about {what}: {:?}", imported.holes))
    };
    assert_eq!(hole("no billed line").names, vec!["Maple Leaf Bakery"]);
    assert_eq!(hole("only by Partner ID").names, vec!["Partner ID 5100004"]);
    assert_eq!(
        hole("MPA signature").count,
        imported.workspace.locations.len()
    );
    let diagnostics = csp_studio::rules::check(&imported.workspace);
    let mpa: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code == "CSP201" && d.message.contains("MPA signature date"))
        .collect();
    assert_eq!(mpa.len(), 1, "one info for the missing MPA dates");
    assert!(mpa[0].message.contains("not judged"));
    assert!(
        diagnostics
            .iter()
            .all(|d| d.severity != csp_studio::rules::Severity::Error),
        "unknown facts are not errors: {diagnostics:?}"
    );
    let report = import::to_markdown(&imported, None);
    assert!(report.contains(
        "| legacy licence-based reconciliation | Shift_JIS, semicolon-separated | 3 | 0 |"
    ));
    assert!(report.contains("  - Maple Leaf Bakery"));
}

#[test]
fn the_same_input_gives_the_same_ids() {
    let a = import_good().workspace;
    let b = import_good().workspace;
    assert_eq!(a, b);
}

#[test]
fn cli_exit_0_when_every_row_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("network.ron");
    let report = dir.path().join("report.md");
    let mut args: Vec<std::ffi::OsString> = vec!["import".into()];
    args.extend(GOOD.iter().map(|f| fixture(f).into_os_string()));
    args.extend(["-o".into(), out.clone().into_os_string()]);
    args.extend(["--as-of".into(), "2024-08-01".into()]);
    args.extend(["--report".into(), report.clone().into_os_string()]);
    let refs: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let output = run(&refs);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let ws = csp_studio::io::load_file(&out).expect("the written workspace loads");
    assert_eq!(ws.subscriptions.len(), 8);
    let text = std::fs::read_to_string(report).expect("report");
    assert!(text.contains("## Holes"));
}

#[test]
fn cli_exit_1_lists_each_skipped_row_with_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("network.ron");
    let file = fixture("malformed.csv");
    let output = run(&[
        "import".as_ref(),
        file.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--as-of".as_ref(),
        "2024-08-01".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let shown = file.display().to_string();
    for (line, what) in [
        (3, "CustomerId is empty"),
        (4, "expected at least 8 fields"),
        (5, "ChargeStartDate \"31/07/2024\" is not a date"),
        (6, "CustomerCountry \"Japan\""),
    ] {
        assert!(
            stderr.contains(&format!("{shown}:{line}: {what}")),
            "line {line} missing in {stderr}"
        );
    }
    let ws = csp_studio::io::load_file(&out).expect("written despite skipped rows");
    // The good rows are in; the skipped rows left no trace (no customer, no reseller).
    assert_eq!(ws.subscriptions.len(), 2);
    assert!(!ws.organizations.iter().any(|o| o.name.contains("Bad Date")));
    assert!(
        !ws.locations
            .iter()
            .any(|l| l.partner_id.as_deref() == Some("5100002"))
    );
}

#[test]
fn cli_exit_2_refuses_an_unknown_file_naming_the_accepted_kinds_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("network.ron");
    let output = run(&[
        "import".as_ref(),
        fixture("resellers.json").as_os_str(),
        fixture("unknown.csv").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown.csv: not a Partner Center export"));
    assert!(stderr.contains("new-commerce invoice"));
    assert!(!out.exists());
}

#[test]
fn reconciling_a_later_export_adds_and_changes_and_deletes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = dir.path().join("network.ron");
    let good: Vec<PathBuf> = GOOD.iter().map(|f| fixture(f)).collect();
    let mut args: Vec<std::ffi::OsString> = vec!["import".into()];
    args.extend(good.into_iter().map(PathBuf::into_os_string));
    args.extend([
        "-o".into(),
        first.clone().into_os_string(),
        "--as-of".into(),
        "2024-08-01".into(),
    ]);
    let refs: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    assert_eq!(run(&refs).status.code(), Some(0));
    let before = csp_studio::io::load_file(&first).expect("first import");

    let later: Vec<PathBuf> = ["later/invoice-later.csv", "later/resellers-powershell.csv"]
        .iter()
        .map(|f| fixture(f))
        .collect();
    let imported =
        import::import_files(&later, as_of(), &Progress::default()).expect("later import");
    let rec = import::reconcile(&before, &imported.workspace);
    let described = |kind: ChangeKind| -> Vec<String> {
        rec.changes
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.description.to_string())
            .collect()
    };
    let changed = described(ChangeKind::Changed);
    assert!(
        changed.iter().any(|c| c.contains("5e5e0002")
            && c.contains(
                "reseller of record Northwind Cloud Partners → 桜木テクノロジー株式会社"
            )),
        "{changed:?}"
    );
    assert!(
        changed
            .iter()
            .any(|c| c.contains("contosopharma") && c.contains("country JP → US")),
        "{changed:?}"
    );
    assert!(
        changed
            .iter()
            .any(|c| c.contains("name Blue Harbor IT → Blue Harbor IT Services")),
        "{changed:?}"
    );
    let added = described(ChangeKind::Added);
    assert!(
        added.iter().any(|c| c.contains("株式会社かえで書房")),
        "{added:?}"
    );
    // Matched by ids, so no second Contoso, provider or reseller is proposed.
    assert!(
        !added
            .iter()
            .any(|c| c.contains("Contoso") && c.starts_with("Organization")),
        "{added:?}"
    );
    assert!(
        !added.iter().any(|c| c.starts_with("Location")),
        "{added:?}"
    );
    let missing = described(ChangeKind::Missing);
    assert!(
        missing.iter().any(|c| c.contains("5e5e0001")),
        "{missing:?}"
    );

    // The command line applies every change to the same file, atomically, and keeps the rest.
    let mut args: Vec<std::ffi::OsString> = vec!["import".into()];
    args.extend(later.into_iter().map(PathBuf::into_os_string));
    args.extend([
        "-o".into(),
        first.clone().into_os_string(),
        "--into".into(),
        first.clone().into_os_string(),
    ]);
    let refs: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let output = run(&refs);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let after = csp_studio::io::load_file(&first).expect("reconciled");
    for s in &before.subscriptions {
        assert!(
            after.subscriptions.iter().any(|a| a.id == s.id),
            "{} kept",
            s.id
        );
    }
    let contoso_sub = after
        .subscriptions
        .iter()
        .find(|s| {
            s.microsoft_id
                .as_deref()
                .is_some_and(|m| m.contains("5e5e0002"))
        })
        .expect("kept");
    assert_eq!(
        contoso_sub.reseller_of_record,
        Fact::Stated(Id::new(location(&after, "5100001")).expect("id"))
    );
    assert!(
        after
            .tenants
            .iter()
            .any(|t| t.directory_id.as_deref() == Some("abcd0011-1111-4222-8333-000000000011"))
    );
    assert_eq!(
        after
            .organizations
            .iter()
            .filter(|o| o.name.starts_with("Contoso"))
            .count(),
        1
    );
}

#[test]
fn every_imported_fact_names_its_file_and_line_and_whether_it_was_inferred() {
    use csp_studio::model::{Field, Inference, sources_of};
    let ws = import_good().workspace;
    let invoice = "invoice-utf8-bom-comma.csv";
    // Three charge lines (2, 3 and 8) of one subscription: its facts come from the first.
    let e3 = ws
        .subscriptions
        .iter()
        .find(|s| s.microsoft_id.as_deref() == Some("5e5e0001-0000-4000-8000-00000000a001"))
        .expect("the E3 subscription");
    for field in [
        Field::Entity,
        Field::MicrosoftId,
        Field::Start,
        Field::End,
        Field::ResellerOfRecord,
    ] {
        let sources: Vec<_> = sources_of(&e3.sources, field).collect();
        assert_eq!(sources.len(), 1, "{field:?}: {sources:?}");
        assert_eq!(
            (&*sources[0].file, sources[0].line, sources[0].inferred),
            (invoice, 2, None),
            "{field:?}"
        );
    }
    // The id is made from the customer and the offer, not from Microsoft's id.
    assert!(!e3.id.as_str().contains("5e5e"), "{}", e3.id);

    // The reseller named on the list: its name and Partner ID stated by the list's first item,
    // which starts on line 4 of the JSON file.
    let sakuragi = location(&ws, "5100001");
    let loc = ws
        .locations
        .iter()
        .find(|l| l.id.as_str() == sakuragi)
        .expect("location");
    let partner_id: Vec<_> = sources_of(&loc.sources, Field::PartnerId).collect();
    assert_eq!(
        (
            &*partner_id[0].file,
            partner_id[0].line,
            partner_id[0].inferred
        ),
        ("resellers.json", 4, None)
    );

    // No export gives a reseller relationship's start: it is inferred, and says from where.
    let fuji = tenant(&ws, FUJI);
    let rel = ws
        .relationships
        .iter()
        .find(|r| {
            r.kind == RelationshipKind::Reseller
                && r.from.as_str() == sakuragi
                && r.to.as_str() == fuji
        })
        .expect("reseller relationship");
    let start: Vec<_> = sources_of(&rel.sources, Field::Start).collect();
    assert_eq!(start.len(), 1, "{:?}", rel.sources);
    assert_eq!(
        start[0].inferred,
        Some(Inference::EarliestSubscriptionStart)
    );
    assert_eq!(&*start[0].file, invoice);
    assert!(
        sources_of(&rel.sources, Field::Entity).any(|s| s.inferred == Some(Inference::BilledLine)),
        "{:?}",
        rel.sources
    );

    // Every imported entity has at least one source, and every source names a file read.
    let files: Vec<&str> = GOOD
        .iter()
        .map(|f| f.rsplit('/').next().unwrap_or(f))
        .collect();
    let sourced = ws
        .organizations
        .iter()
        .filter(|o| o.kind != csp_studio::model::OrganizationKind::Microsoft)
        .map(|o| &o.sources)
        .chain(ws.locations.iter().map(|l| &l.sources))
        .chain(ws.tenants.iter().map(|t| &t.sources))
        .chain(ws.relationships.iter().map(|r| &r.sources))
        .chain(ws.subscriptions.iter().map(|s| &s.sources));
    for sources in sourced {
        assert!(!sources.is_empty());
        for s in sources {
            assert!(files.contains(&&*s.file), "{}", s.file);
            assert!(s.line >= 1);
            assert!(!s.fields.is_empty());
        }
    }
}

#[test]
fn provenance_survives_saving_and_loading() {
    let ws = import_good().workspace;
    let text = csp_studio::io::to_canonical_string(&ws).expect("save");
    assert!(text.contains("sources:"), "sources are written");
    assert!(
        text.contains("microsoft_id:"),
        "Microsoft's ids are written"
    );
    let back = csp_studio::io::load_str(&text, std::path::Path::new("x.ron")).expect("load");
    let again = csp_studio::io::to_canonical_string(&back).expect("save again");
    assert!(again == text, "a saved import loads back to the same file");
    let sources = |w: &Workspace| -> usize {
        w.subscriptions
            .iter()
            .map(|s| s.sources.len())
            .sum::<usize>()
            + w.relationships
                .iter()
                .map(|r| r.sources.len())
                .sum::<usize>()
    };
    assert_eq!(sources(&back), sources(&ws));
    assert!(sources(&ws) > 0);
}

#[test]
fn an_exporter_no_line_names_is_inferred_from_the_first_line_that_speaks_for_it() {
    use csp_studio::model::{Field, Inference, sources_of};
    let imported =
        import::import_files(&[fixture("resellers.json")], as_of(), &Progress::default())
            .expect("the list imports");
    let ws = &imported.workspace;
    let exporter = ws
        .organizations
        .iter()
        .find(|o| o.name.starts_with("Exporting partner"))
        .expect("a stand-in for the list's exporter");
    let entity: Vec<_> = sources_of(&exporter.sources, Field::Entity).collect();
    assert_eq!(entity.len(), 1, "{:?}", exporter.sources);
    assert_eq!(
        (&*entity[0].file, entity[0].line, entity[0].inferred),
        ("resellers.json", 4, Some(Inference::ExportingPartner))
    );
    assert_eq!(
        sources_of(&exporter.sources, Field::Name).count(),
        0,
        "its name is made up, not read"
    );
}
