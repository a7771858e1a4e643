//! Hostile inputs, each made at test time and given to all three readers: the loader, the
//! `check` command (exit code 2 and a message naming the file) and the app (the error is shown
//! and the open workspace stays exactly as it was). A huge string, a million-element list, deep
//! nesting, invalid UTF-8, a folder, a named pipe, a missing file and a file without read
//! permission.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use csp_studio::app::{Command as AppCommand, StudioApp};
use csp_studio::io::load_file;

const BIN: &str = env!("CARGO_BIN_EXE_csp-studio");

struct Hostile {
    name: &'static str,
    /// What the message must say besides the file's path.
    says: &'static str,
    make: fn(&Path) -> PathBuf,
}

fn header() -> &'static str {
    "(\n    format: 1,\n    as_of: \"2024-01-01\",\n"
}

fn huge_string(dir: &Path) -> PathBuf {
    let path = dir.join("huge-string.ron");
    let id = "x".repeat(32 * 1024 * 1024);
    fs::write(
        &path,
        format!(
            "{}    organizations: [(id: \"{id}\", name: \"A\")],\n)\n",
            header()
        ),
    )
    .expect("write");
    path
}

fn million_list(dir: &Path) -> PathBuf {
    let path = dir.join("million.ron");
    let items = "(id: \"a\", name: 1), ".repeat(1_000_000);
    fs::write(
        &path,
        format!("{}    organizations: [{items}],\n)\n", header()),
    )
    .expect("write");
    path
}

fn deep_nesting(dir: &Path) -> PathBuf {
    let path = dir.join("deep.ron");
    let depth = 1_000_000;
    fs::write(
        &path,
        format!(
            "{}    narrative: {}\"t\"{},\n)\n",
            header(),
            "(title: ".repeat(depth),
            ")".repeat(depth)
        ),
    )
    .expect("write");
    path
}

fn invalid_utf8(dir: &Path) -> PathBuf {
    let path = dir.join("latin1.ron");
    let mut bytes = header().as_bytes().to_vec();
    bytes.extend_from_slice(b"    organizations: [(id: \"a\", name: \"M\xfcller\")],\n)\n");
    fs::write(&path, bytes).expect("write");
    path
}

fn folder(dir: &Path) -> PathBuf {
    let path = dir.join("folder.ron");
    fs::create_dir(&path).expect("mkdir");
    path
}

#[cfg(unix)]
fn fifo(dir: &Path) -> PathBuf {
    let path = dir.join("pipe.ron");
    let status = Command::new("mkfifo").arg(&path).status().expect("mkfifo");
    assert!(status.success());
    path
}

fn missing(dir: &Path) -> PathBuf {
    dir.join("not-there.ron")
}

const CASES: &[Hostile] = &[
    Hostile {
        name: "a huge string",
        says: "an id must be at most 64 characters",
        make: huge_string,
    },
    Hostile {
        name: "a million-element list",
        says: "expected text in double quotes",
        make: million_list,
    },
    Hostile {
        name: "deep nesting",
        // Refused at the first level that cannot be what the format expects, long before the
        // recursion limit: no stack overflow, a plain message.
        says: "expected text in double quotes",
        make: deep_nesting,
    },
    Hostile {
        name: "invalid UTF-8",
        says: "not valid UTF-8",
        make: invalid_utf8,
    },
    Hostile {
        name: "a folder",
        says: "not a regular file (a folder)",
        make: folder,
    },
    #[cfg(unix)]
    Hostile {
        name: "a named pipe",
        says: "not a regular file (a named pipe)",
        make: fifo,
    },
    Hostile {
        name: "a missing file",
        says: "cannot read",
        make: missing,
    },
];

fn assert_message(case: &str, message: &str, path: &Path, says: &str) {
    assert!(
        message.contains(&path.display().to_string()),
        "{case}: the message names the file: {message:.300}"
    );
    assert!(message.contains(says), "{case}: {message:.300}");
    assert!(
        message.len() < 2_000,
        "{case}: no input is quoted back at length"
    );
}

#[test]
fn the_loader_refuses_each_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    for case in CASES {
        let path = (case.make)(dir.path());
        let error = load_file(&path).expect_err(case.name);
        assert_message(case.name, &error.to_string(), &path, case.says);
    }
}

#[test]
fn check_exits_2_with_a_clear_message_for_each() {
    let dir = tempfile::tempdir().expect("temp dir");
    for case in CASES {
        let path = (case.make)(dir.path());
        let output = Command::new(BIN)
            .arg("check")
            .arg(&path)
            .output()
            .expect("run check");
        assert_eq!(output.status.code(), Some(2), "{}", case.name);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_message(case.name, &stderr, &path, case.says);
    }
}

#[test]
fn the_app_shows_each_error_and_keeps_the_open_workspace() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = StudioApp::new(None, Default::default());
    let before = app.document.workspace.clone();
    let ctx = egui::Context::default();
    for case in CASES {
        let path = (case.make)(dir.path());
        app.error = None;
        app.run_command(&ctx, AppCommand::OpenPath(path.clone()));
        app.finish_loading(Duration::from_secs(120));
        assert!(!app.is_loading(), "{}", case.name);
        let error = app.error.clone().unwrap_or_default();
        assert_message(case.name, &error, &path, case.says);
        assert_eq!(
            app.document.workspace, before,
            "{}: the workspace stays",
            case.name
        );
    }
}

#[test]
fn a_million_element_list_that_is_valid_loads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("steps.ron");
    let steps = "(text: \"s\"), ".repeat(1_000_000);
    fs::write(
        &path,
        format!(
            "{}    narrative: Some((title: \"Long\", steps: [{steps}])),\n)\n",
            header()
        ),
    )
    .expect("write");
    let ws = load_file(&path).expect("loads");
    assert_eq!(ws.narrative.map(|n| n.steps.len()), Some(1_000_000));
}

#[cfg(unix)]
#[test]
fn a_file_without_read_permission_is_refused_by_all_three() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("secret.ron");
    fs::write(&path, "(format: 1, as_of: \"2024-01-01\")").expect("write");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&path).is_ok() {
        // The administrator reads every file whatever its mode: nothing to refuse here.
        return;
    }
    let says = "Permission denied";
    let error = load_file(&path).expect_err("no permission");
    assert_message("no permission", &error.to_string(), &path, says);
    let output = Command::new(BIN)
        .arg("check")
        .arg(&path)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert_message(
        "no permission",
        &String::from_utf8_lossy(&output.stderr),
        &path,
        says,
    );
    let mut app = StudioApp::new(None, Default::default());
    let before = app.document.workspace.clone();
    app.run_command(
        &egui::Context::default(),
        AppCommand::OpenPath(path.clone()),
    );
    app.finish_loading(Duration::from_secs(30));
    assert_message(
        "no permission",
        &app.error.clone().unwrap_or_default(),
        &path,
        says,
    );
    assert_eq!(app.document.workspace, before);
}
