//! The `csp-studio` command line, run as the real binary: `check` (text and JSON output, exit
//! statuses 0/1/2, errors on stderr with file:line:column), `rules`, `explain` and `format`.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_csp-studio");

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    root().join("tests").join("fixtures")
}

fn sample() -> PathBuf {
    root().join("assets").join("samples").join("sample.ron")
}

fn good(name: &str) -> PathBuf {
    fixtures().join("good").join(name)
}

fn bad(name: &str) -> PathBuf {
    fixtures().join("bad").join(name)
}

fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("list folder").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
        .collect();
    files.sort();
    files
}

/// Runs the binary with `args` in `dir` (the crate root if `None`).
fn studio_in<I, S>(dir: Option<&Path>, args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new(BIN);
    command.args(args).current_dir(dir.unwrap_or(&root()));
    command.output().expect("run csp-studio")
}

fn studio<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    studio_in(None, args)
}

fn code(output: &Output) -> i32 {
    output
        .status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {output:?}"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn json(output: &Output) -> Vec<Value> {
    let text = stdout(output);
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(items)) => items,
        other => panic!("stdout is not one JSON array ({other:?}):\n{text}"),
    }
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list folder")
        .map(|e| {
            e.expect("folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Copies `from` into a fresh temp folder under `name`.
fn copy_to_temp(from: &Path, name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    fs::copy(from, &path).expect("copy fixture");
    (dir, path)
}

/// Writes `text` into a fresh temp folder under `name`.
fn write_temp(name: &str, text: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    fs::write(&path, text).expect("write temp file");
    (dir, path)
}

/// The text line `check` prints for one JSON finding: `FILE: severity[CODE] message (ids)`.
fn text_line(finding: &Value) -> String {
    let field = |key: &str| finding[key].as_str().expect("string field").to_owned();
    let ids: Vec<&str> = finding["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|id| id.as_str().expect("id"))
        .collect();
    let ids = if ids.is_empty() {
        String::new()
    } else {
        format!(" ({})", ids.join(", "))
    };
    format!(
        "{}: {}[{}] {}{ids}",
        field("file"),
        field("severity"),
        field("code"),
        field("message")
    )
}

/// True when `message` names `id` as a whole (not as the start of a longer id).
fn mentions(message: &str, id: &str) -> bool {
    message.match_indices(id).any(|(at, _)| {
        let before = message[..at].chars().next_back();
        let after = message[at + id.len()..].chars().next();
        let is_id_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
        !before.is_some_and(is_id_char) && !after.is_some_and(is_id_char)
    })
}

/// Every rule code `csp-studio rules --format json` lists.
fn listed_codes() -> Vec<String> {
    let output = studio(["rules", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    json(&output)
        .iter()
        .map(|r| r["code"].as_str().expect("code").to_owned())
        .collect()
}

/// Checks the shape of `check --format json` output.
fn assert_findings_shape(findings: &[Value], codes: &[String]) {
    for finding in findings {
        let object = finding.as_object().expect("each finding is an object");
        let keys: BTreeSet<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from(["code", "entities", "file", "message", "severity"]),
            "{finding}"
        );
        let code = finding["code"].as_str().expect("code is a string");
        assert!(codes.iter().any(|c| c == code), "unlisted code {code}");
        let severity = finding["severity"].as_str().expect("severity is a string");
        assert!(
            ["error", "warning", "info"].contains(&severity),
            "{severity}"
        );
        assert!(
            !finding["message"]
                .as_str()
                .expect("message is a string")
                .is_empty()
        );
        assert!(
            !finding["file"]
                .as_str()
                .expect("file is a string")
                .is_empty()
        );
        for id in finding["entities"]
            .as_array()
            .expect("entities is an array")
        {
            assert!(!id.as_str().expect("entity ids are strings").is_empty());
        }
    }
}

/// The stderr of a refused file must start with `FILE:LINE:COLUMN: `.
fn assert_positioned_error(stderr: &str, path: &Path) -> (usize, usize) {
    let prefix = format!("{}:", path.display());
    let line = stderr.lines().next().unwrap_or_default();
    let rest = line
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("stderr does not start with {prefix:?}: {stderr}"));
    let mut parts = rest.splitn(3, ':');
    let number = |part: Option<&str>| -> usize {
        part.and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no line:column after the file name: {stderr}"))
    };
    let at = (number(parts.next()), number(parts.next()));
    let message = parts.next().unwrap_or_default();
    assert!(
        message.starts_with(' ') && message.trim().len() > 5,
        "no message after the position: {stderr}"
    );
    at
}

// ---------------------------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------------------------

#[test]
fn check_exit_status_and_text_follow_the_json_findings() {
    let codes = listed_codes();
    let mut files = vec![sample()];
    files.extend(ron_files(&fixtures().join("good")));
    files.extend(ron_files(&root().join("assets").join("scenarios")));
    for file in &files {
        let as_json = studio([
            OsStr::new("check"),
            file.as_os_str(),
            OsStr::new("--format"),
            OsStr::new("json"),
        ]);
        let as_text = studio([OsStr::new("check"), file.as_os_str()]);
        assert!(stderr(&as_json).is_empty(), "{}", stderr(&as_json));
        assert!(stderr(&as_text).is_empty(), "{}", stderr(&as_text));
        let findings = json(&as_json);
        assert_findings_shape(&findings, &codes);
        for finding in &findings {
            assert_eq!(finding["file"], file.display().to_string());
        }
        let any_error = findings.iter().any(|f| f["severity"] == "error");
        let expected = i32::from(any_error);
        assert_eq!(code(&as_json), expected, "{} (json)", file.display());
        assert_eq!(code(&as_text), expected, "{} (text)", file.display());
        let lines: Vec<String> = stdout(&as_text).lines().map(str::to_owned).collect();
        let from_json: Vec<String> = findings.iter().map(text_line).collect();
        assert_eq!(
            lines,
            from_json,
            "{}: text and JSON disagree",
            file.display()
        );
    }
}

#[test]
fn the_sample_has_no_errors_and_exits_0() {
    let output = studio([OsStr::new("check"), sample().as_os_str()]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    assert!(!stdout(&output).contains("error["), "{}", stdout(&output));
}

#[test]
fn warnings_alone_exit_0() {
    let text = read(&sample()).replace("partner_id: \"5100001\"", "partner_id: \"51000O1\"");
    assert!(
        text.contains("51000O1"),
        "the sample changed; pick another Partner ID"
    );
    let (_dir, path) = write_temp("warning.ron", text.as_bytes());
    let output = studio([
        OsStr::new("check"),
        path.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    let findings = json(&output);
    assert!(
        findings.iter().all(|f| f["severity"] != "error"),
        "the sample with a letter in a Partner ID must have no errors: {findings:#?}"
    );
    assert!(
        findings.iter().any(|f| f["code"] == "CSP904"
            && f["severity"] == "warning"
            && f["entities"][0] == "res-tokyo-hq"),
        "{findings:#?}"
    );
    assert_eq!(code(&output), 0);
    let text = studio([OsStr::new("check"), path.as_os_str()]);
    assert_eq!(code(&text), 0);
    let expected = format!("{}: warning[CSP904] ", path.display());
    assert!(
        stdout(&text)
            .lines()
            .any(|l| l.starts_with(&expected) && l.ends_with(" (res-tokyo-hq)")),
        "{}",
        stdout(&text)
    );
}

/// The references in tests/fixtures/good/dangling_references.ron: (referring entity, missing id).
const DANGLING: [(&str, &str); 13] = [
    ("cust", "ghost-attester"),
    ("own", "ghost-owner"),
    ("own", "ghost-owned"),
    ("loc", "ghost-org"),
    ("loc", "ghost-csp-tenant"),
    ("ten", "ghost-tenant-owner"),
    ("rel", "ghost-from"),
    ("rel", "ghost-to"),
    ("sub", "ghost-tenant"),
    ("sub", "ghost-biller"),
    ("sub", "ghost-reseller"),
    ("sub", "ghost-new-biller"),
    ("sub", "ghost-new-reseller"),
];

#[test]
fn dangling_references_are_csp901_errors_naming_the_referring_entity() {
    let file = good("dangling_references.ron");
    let output = studio([
        OsStr::new("check"),
        file.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let findings = json(&output);
    let csp901: Vec<&Value> = findings.iter().filter(|f| f["code"] == "CSP901").collect();
    for (referrer, missing) in DANGLING {
        let found = csp901.iter().any(|f| {
            f["severity"] == "error"
                && f["entities"][0] == referrer
                && mentions(f["message"].as_str().unwrap_or_default(), missing)
        });
        assert!(
            found,
            "no CSP901 error on {referrer} naming {missing}: {csp901:#?}"
        );
    }
    assert_eq!(csp901.len(), DANGLING.len(), "{csp901:#?}");

    let text = studio([OsStr::new("check"), file.as_os_str()]);
    assert_eq!(code(&text), 1);
    let prefix = format!("{}: error[CSP901] ", file.display());
    let lines: Vec<String> = stdout(&text)
        .lines()
        .filter(|l| l.starts_with(&prefix))
        .map(str::to_owned)
        .collect();
    for (referrer, missing) in DANGLING {
        assert!(
            lines
                .iter()
                .any(|l| mentions(l, missing) && l.ends_with(&format!(" ({referrer})"))),
            "no line for {referrer} -> {missing}: {lines:#?}"
        );
    }
}

#[test]
fn the_file_field_is_the_path_as_given() {
    let output = studio_in(
        Some(&fixtures()),
        ["check", "good/dangling_references.ron", "--format", "json"],
    );
    let findings = json(&output);
    assert!(!findings.is_empty());
    assert!(
        findings
            .iter()
            .all(|f| f["file"] == "good/dangling_references.ron")
    );
    let text = studio_in(Some(&fixtures()), ["check", "good/dangling_references.ron"]);
    assert!(
        stdout(&text)
            .lines()
            .all(|l| l.starts_with("good/dangling_references.ron: ")),
        "{}",
        stdout(&text)
    );
}

#[test]
fn japanese_names_pass_through_text_and_json_output() {
    let text = read(&good("japanese_ids.ron")).replace(
        "organization: \"富士商事\"",
        "organization: \"存在しない会社\"",
    );
    let (_dir, path) = write_temp("日本語.ron", text.as_bytes());
    let output = studio([
        OsStr::new("check"),
        path.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    assert_eq!(code(&output), 1);
    let findings = json(&output);
    assert!(
        findings.iter().any(|f| f["code"] == "CSP901"
            && f["entities"][0] == "富士商事-大阪"
            && mentions(f["message"].as_str().unwrap_or_default(), "存在しない会社")),
        "{findings:#?}"
    );
    let text = studio([OsStr::new("check"), path.as_os_str()]);
    assert!(
        stdout(&text).contains("存在しない会社") && stdout(&text).contains("(富士商事-大阪)"),
        "{}",
        stdout(&text)
    );
}

#[test]
fn no_findings_give_an_empty_json_array_and_no_text() {
    let (_dir, path) = write_temp(
        "only-microsoft.ron",
        b"(format: 1, as_of: \"2024-01-01\", organizations: [(id: \"microsoft\", name: \"Microsoft\", kind: Microsoft)])",
    );
    let output = studio([
        OsStr::new("check"),
        path.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    assert_eq!(code(&output), 0);
    assert_eq!(json(&output), Vec::<Value>::new());
    let output = studio([OsStr::new("check"), path.as_os_str()]);
    assert_eq!(code(&output), 0);
    assert_eq!(stdout(&output), "");
    assert_eq!(stderr(&output), "");
}

#[test]
fn a_newer_format_exits_2_with_its_position_on_stderr() {
    let file = bad("format_newer.ron");
    for format in ["text", "json"] {
        let output = studio([
            OsStr::new("check"),
            file.as_os_str(),
            OsStr::new("--format"),
            OsStr::new(format),
        ]);
        assert_eq!(code(&output), 2, "{format}");
        let err = stderr(&output);
        assert_eq!(assert_positioned_error(&err, &file), (2, 13), "{err}");
        assert!(err.contains("newer version"), "{err}");
        if format == "json" {
            assert!(json(&output).is_empty(), "{}", stdout(&output));
        } else {
            assert!(stdout(&output).is_empty(), "{}", stdout(&output));
        }
    }
}

#[test]
fn every_bad_fixture_exits_2_with_file_line_column_and_no_panic() {
    let files = ron_files(&fixtures().join("bad"));
    assert!(files.len() >= 15, "{} bad fixtures", files.len());
    for file in &files {
        let output = studio([OsStr::new("check"), file.as_os_str()]);
        let err = stderr(&output);
        assert_eq!(code(&output), 2, "{}: {err}", file.display());
        assert!(!err.contains("panicked"), "{}: {err}", file.display());
        assert_positioned_error(&err, file);
        assert!(stdout(&output).is_empty(), "{}", file.display());
    }
}

#[test]
fn an_unreadable_file_among_others_exits_2_and_the_others_are_still_reported() {
    let dangling = good("dangling_references.ron");
    let broken = bad("unknown_field_in_organization.ron");
    let output = studio([
        OsStr::new("check"),
        dangling.as_os_str(),
        broken.as_os_str(),
    ]);
    assert_eq!(code(&output), 2);
    assert_eq!(assert_positioned_error(&stderr(&output), &broken), (5, 36));
    let prefix = format!("{}: error[CSP901] ", dangling.display());
    assert!(
        stdout(&output)
            .lines()
            .filter(|l| l.starts_with(&prefix))
            .count()
            == DANGLING.len(),
        "{}",
        stdout(&output)
    );
    // Errors in one file and none in another: 1.
    let output = studio([
        OsStr::new("check"),
        sample().as_os_str(),
        dangling.as_os_str(),
    ]);
    assert_eq!(code(&output), 1);
}

#[test]
fn a_missing_file_exits_2_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("no-such-workspace.ron");
    let output = studio([OsStr::new("check"), path.as_os_str()]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).starts_with(&format!("{}: ", path.display())),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_folder_exits_2_as_not_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = studio([OsStr::new("check"), dir.path().as_os_str()]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("not a regular file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_oversized_file_exits_2_without_being_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.ron");
    let file = fs::File::create(&path).expect("create");
    file.set_len(csp_studio::io::MAX_FILE_BYTES + 1)
        .expect("sparse file");
    drop(file);
    let output = studio([OsStr::new("check"), path.as_os_str()]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("larger than"),
        "{}",
        stderr(&output)
    );
}

/// Runs `f` on a named pipe in `dir`. If the binary wrongly opens the pipe to read it, it would
/// wait forever for a writer; a helper thread is that writer (it opens and closes at once), so
/// the read ends with end-of-file instead of hanging the test, and the assertions catch it.
#[cfg(unix)]
fn with_fifo<T>(dir: &Path, f: impl FnOnce(&Path) -> T) -> T {
    use std::fs::OpenOptions;
    let fifo = dir.join("pipe.ron");
    let status = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo failed");
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || {
        let _ = OpenOptions::new().write(true).open(&writer_path);
    });
    let result = f(&fifo);
    // Release the writer if nothing read the pipe (the right behaviour): on Linux, opening a pipe
    // for reading and writing never blocks, and counts as the reader the writer waits for.
    let release = OpenOptions::new().read(true).write(true).open(&fifo);
    writer.join().expect("writer thread");
    drop(release);
    result
}

#[cfg(unix)]
#[test]
fn check_refuses_a_named_pipe() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = with_fifo(dir.path(), |fifo| {
        studio([OsStr::new("check"), fifo.as_os_str()])
    });
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("named pipe"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_wrong_command_line_exits_2() {
    assert_eq!(code(&studio(["check"])), 2, "no file");
    let output = studio([
        OsStr::new("check"),
        sample().as_os_str(),
        OsStr::new("--format"),
        OsStr::new("xml"),
    ]);
    assert_eq!(code(&output), 2, "unknown output format");
    assert!(!stderr(&output).is_empty());
}

#[test]
fn check_accepts_crlf_files() {
    let text = read(&sample()).replace('\n', "\r\n");
    let (_dir, path) = write_temp("crlf.ron", text.as_bytes());
    let output = studio([OsStr::new("check"), path.as_os_str()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
}

// ---------------------------------------------------------------------------------------------
// rules and explain
// ---------------------------------------------------------------------------------------------

#[test]
fn rules_lists_every_rule_in_text_and_json_alike() {
    let as_json = studio(["rules", "--format", "json"]);
    assert_eq!(code(&as_json), 0);
    let rules = json(&as_json);
    let as_text = studio(["rules"]);
    assert_eq!(code(&as_text), 0);
    let lines: Vec<String> = stdout(&as_text).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), rules.len(), "{lines:#?}");
    let mut codes = Vec::new();
    for (rule, line) in rules.iter().zip(&lines) {
        let object = rule.as_object().expect("object");
        let keys: BTreeSet<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(keys, BTreeSet::from(["code", "severity", "title"]));
        let code = rule["code"].as_str().expect("code");
        let severity = rule["severity"].as_str().expect("severity");
        let title = rule["title"].as_str().expect("title");
        assert!(
            code.len() == 6
                && code.starts_with("CSP")
                && code[3..].chars().all(|c| c.is_ascii_digit()),
            "{code}"
        );
        assert!(
            ["error", "warning", "info"].contains(&severity),
            "{severity}"
        );
        assert!(!title.trim().is_empty(), "{code} has no title");
        // `CODE severity title`, the severity padded to one width.
        let mut words = line.split_whitespace();
        assert_eq!(words.next(), Some(code), "{line}");
        assert_eq!(words.next(), Some(severity), "{line}");
        assert_eq!(words.collect::<Vec<_>>().join(" "), title, "{line}");
        codes.push(code.to_owned());
    }
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(codes, sorted, "codes must be unique and in order");
    for expected in ["CSP901", "CSP902", "CSP903", "CSP904"] {
        assert!(codes.iter().any(|c| c == expected), "{expected} missing");
    }
}

#[test]
fn every_listed_rule_has_an_explanation() {
    let rules = json(&studio(["rules", "--format", "json"]));
    assert!(!rules.is_empty());
    for rule in &rules {
        let rule_code = rule["code"].as_str().expect("code");
        let output = studio(["explain", rule_code]);
        assert_eq!(code(&output), 0, "explain {rule_code}: {}", stderr(&output));
        let text = stdout(&output);
        let first = text.lines().next().unwrap_or_default();
        assert_eq!(
            first,
            format!(
                "{rule_code} ({}): {}",
                rule["severity"].as_str().expect("severity"),
                rule["title"].as_str().expect("title")
            )
        );
        let body = text
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .count();
        assert!(
            body >= 3,
            "explain {rule_code} has almost no explanation:\n{text}"
        );
    }
    let csp901 = stdout(&studio(["explain", "CSP901"]));
    assert!(
        csp901.contains("What it checks") && csp901.contains("Example"),
        "{csp901}"
    );
}

#[test]
fn explain_speaks_japanese_on_request_and_english_by_default() {
    let japanese = stdout(&studio(["explain", "CSP304", "--lang", "ja"]));
    assert!(
        japanese.starts_with("CSP304 (error): リセラーは同じテナントで")
            && japanese.contains("## チェック内容")
            && japanese.contains("間接プロバイダー"),
        "{japanese}"
    );
    let english = stdout(&studio(["explain", "CSP304"]));
    assert!(english.contains("What it checks"), "{english}");
    assert_eq!(code(&studio(["explain", "CSP304", "--lang", "de"])), 2);
}

#[test]
fn explaining_an_unknown_code_exits_2() {
    for unknown in ["CSP999", "NOPE", ""] {
        let output = studio(["explain", unknown]);
        assert_eq!(code(&output), 2, "{unknown:?}");
        assert!(stdout(&output).is_empty(), "{unknown:?}");
        assert!(stderr(&output).contains("rules"), "{}", stderr(&output));
    }
    assert!(stderr(&studio(["explain", "CSP999"])).contains("CSP999"));
    assert_eq!(code(&studio(["explain"])), 2, "no code");
}

// ---------------------------------------------------------------------------------------------
// format
// ---------------------------------------------------------------------------------------------

fn noncanonical() -> PathBuf {
    fixtures()
        .join("noncanonical")
        .join("every_field_by_hand.ron")
}

#[test]
fn format_check_exits_1_on_a_non_canonical_file_and_changes_nothing() {
    let (dir, path) = copy_to_temp(&noncanonical(), "w.ron");
    let before = fs::read(&path).expect("read");
    let output = studio([
        OsStr::new("format"),
        OsStr::new("--check"),
        path.as_os_str(),
    ]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert!(
        stdout(&output).contains(&path.display().to_string()),
        "{}",
        stdout(&output)
    );
    assert_eq!(fs::read(&path).expect("read"), before);
    assert_eq!(listing(dir.path()), ["w.ron"]);
}

#[test]
fn format_check_exits_0_on_canonical_files() {
    let mut files = vec![sample()];
    files.extend(ron_files(&fixtures().join("good")));
    for file in files {
        let (_dir, path) = copy_to_temp(&file, "w.ron");
        let output = studio([
            OsStr::new("format"),
            OsStr::new("--check"),
            path.as_os_str(),
        ]);
        assert_eq!(code(&output), 0, "{}: {}", file.display(), stdout(&output));
        assert!(stdout(&output).is_empty(), "{}", stdout(&output));
        assert_eq!(read(&path), read(&file));
    }
}

#[test]
fn format_rewrites_a_file_canonically_and_atomically() {
    let (dir, path) = copy_to_temp(&noncanonical(), "w.ron");
    let output = studio([OsStr::new("format"), path.as_os_str()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stdout(&output).contains(&path.display().to_string()),
        "{}",
        stdout(&output)
    );
    assert_eq!(read(&path), read(&good("every_field.ron")));
    assert_eq!(listing(dir.path()), ["w.ron"], "a temporary file was left");
    let again = studio([
        OsStr::new("format"),
        OsStr::new("--check"),
        path.as_os_str(),
    ]);
    assert_eq!(code(&again), 0, "{}", stdout(&again));
}

#[test]
fn format_works_on_a_bare_file_name_in_the_current_folder() {
    let (dir, path) = copy_to_temp(&noncanonical(), "w.ron");
    let output = studio_in(Some(dir.path()), ["format", "w.ron"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(read(&path), read(&good("every_field.ron")));
    assert_eq!(listing(dir.path()), ["w.ron"], "a temporary file was left");
}

#[cfg(unix)]
#[test]
fn format_leaves_a_canonical_file_untouched() {
    use std::os::unix::fs::MetadataExt;
    let (_dir, path) = copy_to_temp(&sample(), "w.ron");
    let inode = fs::metadata(&path).expect("stat").ino();
    let output = studio([OsStr::new("format"), path.as_os_str()]);
    assert_eq!(code(&output), 0);
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    assert_eq!(read(&path), read(&sample()));
    assert_eq!(fs::metadata(&path).expect("stat").ino(), inode, "rewritten");
}

#[test]
fn format_turns_crlf_into_the_canonical_lf_form() {
    let (_dir, path) = write_temp("crlf.ron", read(&sample()).replace('\n', "\r\n").as_bytes());
    let check = studio([
        OsStr::new("format"),
        OsStr::new("--check"),
        path.as_os_str(),
    ]);
    assert_eq!(code(&check), 1);
    let output = studio([OsStr::new("format"), path.as_os_str()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(read(&path), read(&sample()));
}

#[test]
fn format_refuses_a_bad_file_with_its_position_and_keeps_it() {
    let (_dir, path) = copy_to_temp(&bad("unknown_enum_variant.ron"), "w.ron");
    let before = fs::read(&path).expect("read");
    for check_only in [true, false] {
        let mut args = vec![OsStr::new("format")];
        if check_only {
            args.push(OsStr::new("--check"));
        }
        args.push(path.as_os_str());
        let output = studio(args);
        assert_eq!(code(&output), 2);
        assert_eq!(assert_positioned_error(&stderr(&output), &path), (5, 42));
        assert_eq!(fs::read(&path).expect("read"), before);
    }
}

#[test]
fn format_refuses_invalid_utf8_with_its_position_like_check() {
    let (_dir, path) = copy_to_temp(&bad("invalid_utf8.ron"), "w.ron");
    let checked = studio([OsStr::new("check"), path.as_os_str()]);
    assert_eq!(assert_positioned_error(&stderr(&checked), &path), (5, 31));
    let output = studio([
        OsStr::new("format"),
        OsStr::new("--check"),
        path.as_os_str(),
    ]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        assert_positioned_error(&stderr(&output), &path),
        (5, 31),
        "{}",
        stderr(&output)
    );
}

#[cfg(unix)]
#[test]
fn format_refuses_a_named_pipe_instead_of_waiting_on_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = with_fifo(dir.path(), |fifo| {
        studio([
            OsStr::new("format"),
            OsStr::new("--check"),
            fifo.as_os_str(),
        ])
    });
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("named pipe"),
        "format opened the pipe and read it (a real pipe without a writer blocks forever): {}",
        stderr(&output)
    );
}

#[test]
fn format_refuses_a_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = studio([OsStr::new("format"), dir.path().as_os_str()]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains(&dir.path().display().to_string()),
        "{}",
        stderr(&output)
    );
}

#[cfg(unix)]
#[test]
fn a_format_that_cannot_write_keeps_the_old_file_and_says_why() {
    // A failure root can cause too: with a file-size limit of 0 every write to a regular file
    // fails (EFBIG). SIGXFSZ is ignored so the write returns that error instead of killing the
    // process; the ignored disposition survives `exec`.
    let (dir, path) = copy_to_temp(&noncanonical(), "w.ron");
    let before = fs::read(&path).expect("read");
    let output = Command::new("sh")
        .arg("-c")
        .arg(r#"trap '' XFSZ; ulimit -f 0 && exec "$0" format "$1""#)
        .arg(BIN)
        .arg(&path)
        .output()
        .expect("run sh");
    let err = stderr(&output);
    assert_eq!(code(&output), 2, "{err}");
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(err.contains("cannot write"), "the reason is missing: {err}");
    assert_eq!(
        fs::read(&path).expect("read"),
        before,
        "the old file changed"
    );
    assert_eq!(listing(dir.path()), ["w.ron"], "a temporary file was left");
}

#[test]
fn format_exit_status_is_the_worst_over_all_files() {
    let (_d1, messy) = copy_to_temp(&noncanonical(), "messy.ron");
    let (_d2, tidy) = copy_to_temp(&sample(), "tidy.ron");
    let (_d3, broken) = copy_to_temp(&bad("missing_comma.ron"), "broken.ron");
    let output = studio([
        OsStr::new("format"),
        OsStr::new("--check"),
        messy.as_os_str(),
        tidy.as_os_str(),
    ]);
    assert_eq!(code(&output), 1);
    assert!(stdout(&output).contains("messy.ron"));
    assert!(!stdout(&output).contains("tidy.ron"));
    let output = studio([
        OsStr::new("format"),
        OsStr::new("--check"),
        broken.as_os_str(),
        messy.as_os_str(),
    ]);
    assert_eq!(code(&output), 2);
    assert!(
        stdout(&output).contains("messy.ron"),
        "later files are still checked"
    );
    let output = studio([OsStr::new("format"), messy.as_os_str(), broken.as_os_str()]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        read(&messy),
        read(&good("every_field.ron")),
        "the good file is still formatted"
    );
}

#[test]
fn export_writes_svg_and_png_pictures_of_a_scenario() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (svg, png) = (dir.path().join("s6.svg"), dir.path().join("s6.png"));
    let scenario =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/s6-forbidden.ron");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_csp-studio"))
        .arg("export")
        .arg(&scenario)
        .arg("--svg")
        .arg(&svg)
        .arg("--png")
        .arg(&png)
        .status()
        .expect("runs");
    assert!(status.success());
    let svg_text = std::fs::read_to_string(&svg).expect("svg written");
    assert!(
        svg_text.starts_with("<svg") && svg_text.contains("桜システムズ株式会社"),
        "Japanese names stay text"
    );
    assert_eq!(&std::fs::read(&png).expect("png written")[1..4], b"PNG");
    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_csp-studio"))
        .arg("export")
        .arg(&scenario)
        .output()
        .expect("runs");
    assert_eq!(
        missing.status.code(),
        Some(2),
        "an export needs --svg or --png"
    );
}
