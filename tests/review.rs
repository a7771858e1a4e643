//! The reviewer's commands run as the real binary: `report` (HTML and Markdown) and `diff` on the
//! scenario files, with their exit statuses (report: 0 written, 2 unreadable; diff: 0 same,
//! 1 different, 2 unreadable).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_csp-studio");

fn scenario(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("assets/scenarios")
        .join(name)
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"))
}

fn os(p: &Path) -> &std::ffi::OsStr {
    p.as_os_str()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The codes `check --format json` reports for a file, the reference the reports must match.
fn checked_codes(file: &Path) -> Vec<String> {
    let out = run(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        os(file),
    ]);
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    findings
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|f| f["code"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn report_writes_html_and_markdown_naming_every_code_that_check_reports() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for name in [
        "s4-forbidden-csp-tenant.ron",
        "s6-forbidden.ron",
        "s7-forbidden-other-region.ron",
    ] {
        let file = scenario(name);
        let html = dir.path().join(format!("{name}.html"));
        let md = dir.path().join(format!("{name}.md"));
        let out = run(&[
            "report".as_ref(),
            os(&file),
            "--html".as_ref(),
            os(&html),
            "--md".as_ref(),
            os(&md),
        ]);
        assert_eq!(out.status.code(), Some(0), "{name}: {out:?}");
        let (html_text, md_text) = (read(&html), read(&md));
        let codes = checked_codes(&file);
        assert!(!codes.is_empty(), "{name} has findings");
        for code in &codes {
            assert!(
                html_text.contains(&format!("id=\"{code}\"")),
                "{name}: {code}"
            );
            assert!(md_text.contains(&format!("### {code} (")), "{name}: {code}");
        }
        let errors = codes.len();
        let phrase = format!("{errors} error{}", if errors == 1 { "" } else { "s" });
        assert!(html_text.contains(&phrase), "{name}: {phrase}");
        let diagram = dir.path().join(format!("{name}-diagram.svg"));
        assert!(
            read(&diagram).starts_with("<svg"),
            "{name}: the diagram beside the Markdown"
        );
        assert!(md_text.contains(&format!("(<{name}-diagram.svg>)")));
    }
}

#[test]
fn report_of_an_unreadable_file_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let html = dir.path().join("out.html");
    let out = run(&[
        "report".as_ref(),
        os(&dir.path().join("missing.ron")),
        "--html".as_ref(),
        os(&html),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.ron"));
    assert!(!html.exists());
}

#[test]
fn report_needs_an_output() {
    let out = run(&["report".as_ref(), os(&scenario("s6-forbidden.ron"))]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

#[test]
fn diff_of_a_file_with_itself_exits_0() {
    let file = scenario("s6-forbidden.ron");
    let out = run(&["diff".as_ref(), os(&file), os(&file)]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("No differences."));
}

#[test]
fn diff_names_what_the_separate_tenant_changes_and_exits_1() {
    let out = run(&[
        "diff".as_ref(),
        os(&scenario("s6-forbidden.ron")),
        os(&scenario("s6-option1-separate-tenant.ron")),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("  + tenant sakura-corp.onmicrosoft.com [res-sakura-internal]"),
        "{text}"
    );
    assert!(
        text.contains("  - relationship reseller relationship: "),
        "{text}"
    );
    assert!(text.contains("  - error[CSP304] "), "{text}");
    assert!(text.contains("2 added, 1 removed, 0 changed; 0 findings appeared, 1 went away"));
}

#[test]
fn diff_as_json_lists_changes_and_findings() {
    let out = run(&[
        "diff".as_ref(),
        os(&scenario("s6-option1-separate-tenant.ron")),
        os(&scenario("s6-forbidden.ron")),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let entities = json["entities"].as_array().cloned().unwrap_or_default();
    assert!(
        entities
            .iter()
            .any(|e| e["change"] == "removed" && e["id"] == "res-sakura-internal")
    );
    let appeared = json["appeared"].as_array().cloned().unwrap_or_default();
    assert_eq!(appeared.len(), 1);
    assert_eq!(appeared[0]["code"], "CSP304");
    assert_eq!(json["went_away"].as_array().map(Vec::len), Some(0));
}

#[test]
fn diff_shows_a_changed_field_by_name() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let old = scenario("s6-forbidden.ron");
    let new = dir.path().join("renamed.ron");
    let text = read(&old).replace("桜システムズ株式会社", "Sakura Systems KK");
    std::fs::write(&new, text).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["diff".as_ref(), os(&old), os(&new)]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("  ~ organization Sakura Systems KK [res-sakura]"),
        "{text}"
    );
    assert!(
        text.contains("      name: 桜システムズ株式会社 → Sakura Systems KK"),
        "{text}"
    );
    assert!(text.contains("0 added, 0 removed, 1 changed"), "{text}");
}

#[test]
fn diff_with_an_unreadable_file_exits_2_with_its_position() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let broken = dir.path().join("broken.ron");
    std::fs::write(
        &broken,
        "(format: 1, as_of: \"2025-07-01\",\n  organizations: [ oops ],\n)",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = run(&[
        "diff".as_ref(),
        os(&scenario("s6-forbidden.ron")),
        os(&broken),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.ron:2:"), "{err}");
    assert!(out.stdout.is_empty());
}
