//! Time on the command line: `due` (text and JSON, windows, `--as-of`) and `check --as-of`.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_csp-studio");

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join("time-due.ron")
}

fn studio(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json(output: &Output) -> Vec<Value> {
    let text = String::from_utf8_lossy(&output.stdout);
    match serde_json::from_str(&text) {
        Ok(Value::Array(items)) => items,
        other => panic!("not a JSON array: {other:?}\n{text}"),
    }
}

fn codes(output: &Output) -> Vec<String> {
    json(output)
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn due_lists_date_kind_text_and_entities_as_json() {
    let file = fixture();
    let file = file.to_str().expect("path");
    let output = studio(&["due", file, "--within", "30", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let items = json(&output);
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0]["date"], "2024-04-01");
    assert_eq!(items[0]["kind"], "subscription-ends");
    let text = items[0]["text"].as_str().expect("text");
    assert!(
        text.contains("Northwind Traders"),
        "names the customer: {text}"
    );
    assert_eq!(items[0]["entities"][0], "sub-m365-b");
    assert_eq!(items[1]["date"], "2024-04-30");
    assert_eq!(items[1]["kind"], "reseller-relationship-ends");
}

#[test]
fn due_defaults_to_ninety_days_and_shows_gdap_auto_extension() {
    let file = fixture();
    let file = file.to_str().expect("path");
    let output = studio(&["due", file, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let items = json(&output);
    let kinds: Vec<&str> = items.iter().filter_map(|i| i["kind"].as_str()).collect();
    assert!(kinds.contains(&"gdap-ends"), "{kinds:?}");
    assert!(kinds.contains(&"gdap-auto-extends"), "{kinds:?}");
    assert!(kinds.contains(&"reseller-revenue-review"), "{kinds:?}");
    let dates: Vec<&str> = items.iter().filter_map(|i| i["date"].as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable();
    assert_eq!(dates, sorted, "sorted by date");
    assert_eq!(
        dates.last(),
        Some(&"2024-06-29"),
        "day 90 is in, day 91 out"
    );
}

#[test]
fn due_as_of_moves_the_window() {
    let file = fixture();
    let file = file.to_str().expect("path");
    let output = studio(&["due", file, "--as-of", "2024-06-28", "--within", "2"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("2024-06-29 subscription-ends: "),
        "{text}"
    );
    assert!(
        lines[1].starts_with("2024-06-30 subscription-ends: "),
        "{text}"
    );
}

#[test]
fn due_on_an_unreadable_file_exits_2() {
    let output = studio(&["due", "no-such-file.ron"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-file.ron"));
}

#[test]
fn an_invalid_as_of_date_is_a_clear_error_with_exit_2() {
    let file = fixture();
    let file = file.to_str().expect("path");
    for args in [
        ["check", file, "--as-of", "2024-02-30"],
        ["due", file, "--as-of", "31/03/2024"],
    ] {
        let output = studio(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("YYYY-MM-DD"), "{stderr}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn check_as_of_overrides_the_files_date_for_one_run() {
    let file = fixture();
    let file = file.to_str().expect("path");
    let before = studio(&["check", file, "--format", "json", "--as-of", "2024-03-31"]);
    assert!(
        !codes(&before).contains(&"CSP210".to_owned()),
        "{:?}",
        codes(&before)
    );
    let after = studio(&["check", file, "--format", "json", "--as-of", "2024-04-01"]);
    assert!(
        codes(&after).contains(&"CSP210".to_owned()),
        "{:?}",
        codes(&after)
    );
    let file_date = studio(&["check", file, "--format", "json"]);
    assert_eq!(
        codes(&file_date),
        codes(&before),
        "the file says 2024-03-31"
    );
}

#[test]
fn the_documents_date_moves_stay_equal_to_a_full_check_across_other_edits() {
    use csp_studio::app::Document;
    use csp_studio::edit::Edit;
    use csp_studio::model::Id;

    let mut doc = Document::open(&fixture()).expect("fixture opens");
    let date = |text: &str| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date");
    let edits = [
        Edit::SetAsOf(date("2024-04-01")),
        Edit::SetAsOf(date("2024-05-20")),
        Edit::Remove(Id::new("p-contoso-litware").expect("id")),
        Edit::SetAsOf(date("2023-01-01")),
        Edit::SetAsOf(date("2024-06-01")),
    ];
    for edit in edits {
        doc.apply(edit.clone(), None).expect("edit applies");
        assert_eq!(
            doc.diagnostics,
            csp_studio::rules::check(&doc.workspace),
            "after {edit:?}"
        );
    }
    doc.undo().expect("undo");
    assert_eq!(doc.diagnostics, csp_studio::rules::check(&doc.workspace));
}

/// Undoing and redoing a move of the as-of date (which takes the cached path) leaves the
/// document's diagnostics exactly those of a full check at the date it lands on.
#[test]
fn undo_and_redo_of_a_date_move_give_the_full_checks_diagnostics() {
    use csp_studio::app::Document;
    use csp_studio::edit::Edit;
    use csp_studio::generate::{GenerateOptions, generate};

    let ws = generate(&GenerateOptions {
        resellers: 6,
        customers: 40,
        seed: 11,
        violations: true,
    });
    let at = |date: chrono::NaiveDate| {
        let mut moved = ws.clone();
        moved.as_of = date;
        csp_studio::rules::check(&moved)
    };
    let start = ws.as_of;
    let past = start - chrono::Days::new(900);
    let mut doc = Document::new(ws.clone(), None);
    doc.apply(Edit::SetAsOf(past), None).expect("date move");
    assert_eq!(doc.diagnostics, at(past));
    assert_ne!(at(past), at(start), "the move changes the findings");
    assert!(doc.undo().expect("undo"));
    assert_eq!(doc.workspace.as_of, start);
    assert_eq!(doc.diagnostics, at(start));
    assert!(doc.redo().expect("redo"));
    assert_eq!(doc.diagnostics, at(past));
}
