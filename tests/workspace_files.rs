//! Workspace files through the library API: canonical round trips, hand-written input, the corpus
//! of malformed and hostile files (each with its exact error position), atomic saves and bounds.

use std::fs;
use std::path::{Path, PathBuf};

use csp_studio::io::{
    IoError, MAX_FILE_BYTES, RECURSION_LIMIT, load_file, load_str, save_file, to_canonical_string,
};
use csp_studio::model::{
    Capabilities, EnrolmentStatus, Fact, OfferKind, OrganizationKind, Purpose, Workspace,
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    root().join("tests").join("fixtures")
}

/// The `.ron` files directly in `dir`, sorted; none when the folder does not exist.
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

/// Every file that must already be canonical: the bundled sample(s), the scenarios (if any yet),
/// and tests/fixtures/good/.
fn canonical_files() -> Vec<PathBuf> {
    let mut files = ron_files(&root().join("assets").join("samples"));
    files.extend(ron_files(&root().join("assets").join("scenarios")));
    files.extend(ron_files(&fixtures().join("good")));
    files
}

fn sample_path() -> PathBuf {
    root().join("assets").join("samples").join("sample.ron")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn load(path: &Path) -> Workspace {
    load_file(path).unwrap_or_else(|e| panic!("{} should load: {e}", path.display()))
}

fn canonical(ws: &Workspace) -> String {
    to_canonical_string(ws).expect("a loaded workspace always serializes")
}

fn parse(text: &str) -> Result<Workspace, IoError> {
    load_str(text, Path::new("test.ron"))
}

/// Names of the entries of `dir`, sorted.
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

/// A non-canonical version of a canonical file: the top-level parts after `format` in reverse
/// order (so `as_of` comes last), and the entries of every entity list and of `positions` in
/// reverse order. Region rows, enrolments, steps and other inner lists keep their order, which
/// is part of the workspace.
fn shuffle(canonical: &str) -> String {
    let lines: Vec<&str> = canonical.lines().collect();
    assert!(
        lines.len() >= 3 && lines[0] == "(" && lines[1].starts_with("    format:"),
        "not a canonical workspace:\n{canonical}"
    );
    assert_eq!(lines.last(), Some(&")"), "not a canonical workspace");
    let body = &lines[2..lines.len() - 1];
    let indent = |line: &str| line.len() - line.trim_start().len();
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let open = body[i];
        assert_eq!(indent(open), 4, "unexpected line {open:?}");
        let mut block = vec![open.to_owned()];
        i += 1;
        if open.ends_with('[') || open.ends_with('{') || open.ends_with('(') {
            let mut inner = Vec::new();
            while indent(body[i]) > 4 {
                inner.push(body[i].to_owned());
                i += 1;
            }
            let name = open.trim_start().split(':').next().unwrap_or_default();
            let entity_list = matches!(
                name,
                "organizations"
                    | "ownerships"
                    | "locations"
                    | "tenants"
                    | "relationships"
                    | "subscriptions"
                    | "positions"
            );
            if entity_list {
                inner.reverse();
            }
            block.extend(inner);
            block.push(body[i].to_owned()); // the closing bracket
            i += 1;
        }
        blocks.push(block);
    }
    blocks.reverse();
    let mut out = vec![lines[0].to_owned(), lines[1].to_owned()];
    out.extend(blocks.into_iter().flatten());
    out.push(")".to_owned());
    out.join("\n") + "\n"
}

// ---------------------------------------------------------------------------------------------
// Canonical output and round trips
// ---------------------------------------------------------------------------------------------

/// Checks `save(load(f)) == f` for each file, through both the string and the file API, and that
/// the saved file loads back to the same workspace; panics listing every file that fails.
fn assert_canonical(files: &[PathBuf]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut not_canonical = Vec::new();
    for file in files {
        let text = read(file);
        let ws = load(file);
        let saved = dir.path().join("saved.ron");
        save_file(&ws, &saved).expect("save");
        assert_eq!(
            read(&saved),
            canonical(&ws),
            "save_file and to_canonical_string differ for {}",
            file.display()
        );
        assert_eq!(
            load(&saved),
            ws,
            "{} does not load back to the same workspace",
            file.display()
        );
        if canonical(&ws) != text {
            let first_difference = text
                .lines()
                .zip(canonical(&ws).lines())
                .position(|(a, b)| a != b)
                .map_or(0, |i| i + 1);
            not_canonical.push(format!(
                "{} (first different line: {first_difference})",
                file.display()
            ));
        }
    }
    assert!(
        not_canonical.is_empty(),
        "save(load(f)) != f for these files (run `csp-studio format` on them): {not_canonical:#?}"
    );
}

#[test]
fn the_samples_and_good_fixtures_save_back_to_the_same_bytes() {
    let mut files = ron_files(&root().join("assets").join("samples"));
    assert!(
        files.iter().any(|f| f.ends_with("sample.ron")),
        "the bundled sample is missing from {files:?}"
    );
    let good = ron_files(&fixtures().join("good"));
    assert!(good.len() >= 4, "tests/fixtures/good/ lost its files");
    files.extend(good);
    assert_canonical(&files);
}

#[test]
fn the_bundled_scenarios_save_back_to_the_same_bytes() {
    // assets/scenarios/ may not exist yet; every file in it must be canonical once it does.
    assert_canonical(&ron_files(&root().join("assets").join("scenarios")));
}

#[test]
fn canonical_text_starts_with_the_format_version_and_uses_lf_newlines() {
    for file in canonical_files() {
        let text = canonical(&load(&file));
        assert!(
            text.starts_with("(\n    format: 1,\n    as_of: \""),
            "{}: {text:.60}",
            file.display()
        );
        assert!(!text.contains('\r'), "{}: CR in output", file.display());
        assert!(
            text.ends_with(")\n"),
            "{}: no final newline",
            file.display()
        );
    }
}

#[test]
fn saving_twice_gives_identical_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in canonical_files() {
        let ws = load(&file);
        let first = dir.path().join("first.ron");
        let second = dir.path().join("second.ron");
        save_file(&ws, &first).expect("first save");
        save_file(&ws, &second).expect("second save");
        // Saving over an existing file gives the same bytes too.
        save_file(&load(&first), &first).expect("save over itself");
        let a = fs::read(&first).expect("read first");
        let b = fs::read(&second).expect("read second");
        assert_eq!(a, b, "{}: two saves differ", file.display());
        assert_eq!(canonical(&ws), canonical(&ws.clone()));
    }
}

#[test]
fn a_shuffled_file_saves_to_the_canonical_bytes() {
    let mut shuffled_any = 0;
    for file in canonical_files() {
        // Start from the canonical text, so that this test does not depend on the files on disk
        // being canonical (tested above).
        let text = canonical(&load(&file));
        let shuffled = shuffle(&text);
        if shuffled != text {
            shuffled_any += 1;
        }
        let ws = parse(&shuffled).unwrap_or_else(|e| {
            panic!("shuffled {} does not load: {e}\n{shuffled}", file.display())
        });
        assert_eq!(
            canonical(&ws),
            text,
            "shuffled {} did not save canonically",
            file.display()
        );
    }
    assert!(shuffled_any >= 3, "the shuffle changed too few files");
}

#[test]
fn a_hand_written_file_saves_to_its_canonical_twin() {
    let hand = fixtures()
        .join("noncanonical")
        .join("every_field_by_hand.ron");
    let twin = fixtures().join("good").join("every_field.ron");
    let hand_text = read(&hand);
    assert_ne!(hand_text, read(&twin));
    let ws = load(&hand);
    assert_eq!(canonical(&ws), read(&twin));
    // Same content once in canonical order.
    let reloaded = parse(&canonical(&ws)).expect("canonical text loads");
    assert_eq!(
        reloaded,
        load(&twin),
        "the two files hold different workspaces"
    );
}

#[test]
fn japanese_names_ids_and_text_survive_a_round_trip() {
    let sample = load(&sample_path());
    let names: Vec<&str> = sample
        .organizations
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    assert!(names.contains(&"富士精機工業株式会社"), "{names:?}");
    assert!(names.contains(&"なにわITソリューションズ"), "{names:?}");

    let file = fixtures().join("good").join("japanese_ids.ron");
    let ws = load(&file);
    let org = ws
        .organizations
        .iter()
        .find(|o| o.id.as_str() == "富士商事")
        .expect("the organization with a Japanese id");
    assert_eq!(org.name, "富士商事株式会社");
    assert_eq!(
        org.registration_id,
        Fact::Stated("法人番号 1234567890123".to_owned())
    );
    assert_eq!(ws.locations[0].organization.as_str(), "富士商事");
    assert_eq!(ws.locations[0].name, "大阪支店");

    let dir = tempfile::tempdir().expect("temp dir");
    let saved = dir.path().join("日本語のファイル名.ron");
    save_file(&ws, &saved).expect("save under a Japanese file name");
    let text = read(&saved);
    // Written as the characters themselves, not as \u{..} escapes.
    for expected in [
        "富士商事株式会社",
        "\"富士商事-大阪\"",
        "半角ｶﾀｶﾅ、全角（括弧）、絵文字 🗾",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    assert!(!text.contains("\\u"), "escaped characters in:\n{text}");
    assert_eq!(load(&saved), ws);
}

// ---------------------------------------------------------------------------------------------
// Hand-written files: defaults and accepted variations
// ---------------------------------------------------------------------------------------------

#[test]
fn missing_optional_fields_take_their_defaults() {
    let ws = parse(
        r#"(
    format: 1,
    as_of: "2024-01-01",
    organizations: [(id: "acme", name: "Acme")],
    locations: [(id: "acme-hq", organization: "acme", enrolments: [(role: IndirectReseller)])],
    tenants: [(id: "t", kind: Customer)],
    relationships: [(id: "r", kind: Reseller, from: "acme-hq", to: "t")],
    subscriptions: [(id: "s", offer: "Microsoft 365 E3", tenant: "t", billed_by: "acme-hq")],
)"#,
    )
    .expect("a file with only required fields loads");
    assert!(ws.narrative.is_none());
    assert!(ws.ownerships.is_empty());
    assert!(ws.regions.is_none());
    assert!(ws.positions.is_empty());

    let org = &ws.organizations[0];
    assert_eq!(org.kind, OrganizationKind::Company);
    assert_eq!(org.country, None);
    assert_eq!(org.registration_id, Fact::Unknown);
    assert_eq!(org.mca_accepted, Fact::Unknown);
    assert_eq!(org.mca_attested_by, None);

    let location = &ws.locations[0];
    assert_eq!(location.name, "");
    assert_eq!(location.partner_id, None);
    assert_eq!(location.csp_tenant, None);
    assert_eq!(location.onboarded, Fact::Unknown);
    assert_eq!(location.mpa_signed, Fact::Unknown);
    assert_eq!(location.capabilities, Capabilities::default());
    assert_eq!(location.revenue_ttm_usd, None);
    assert_eq!(location.enrolments[0].status, EnrolmentStatus::Active);
    assert_eq!(location.enrolments[0].enrolled, None);

    let tenant = &ws.tenants[0];
    assert_eq!(tenant.owner, None);
    assert_eq!(tenant.name, "");

    let rel = &ws.relationships[0];
    assert_eq!((rel.start, rel.requested, rel.end), (None, None, None));

    let sub = &ws.subscriptions[0];
    assert_eq!(sub.offer_kind, OfferKind::LicenceBased);
    assert_eq!(sub.purpose, Purpose::Resale);
    assert_eq!(sub.reseller_of_record, Fact::Unknown);
    assert!(sub.partner_of_record_changes.is_empty());
}

#[test]
fn the_smallest_workspace_is_format_and_date() {
    let ws = parse(r#"(format: 1, as_of: "2024-01-01")"#).expect("loads");
    assert_eq!(ws.entity_count(), 0);
    assert_eq!(
        canonical(&ws),
        read(&fixtures().join("good").join("minimal.ron"))
    );
    let error = parse("(format: 1)").expect_err("as_of is required");
    assert_eq!(error.position(), Some((1, 11)), "{error}");
    assert!(
        error.to_string().contains("missing required field `as_of`"),
        "{error}"
    );
}

#[test]
fn crlf_newlines_are_accepted_and_saved_as_lf() {
    for file in canonical_files() {
        let lf = read(&file);
        let crlf = lf.replace('\n', "\r\n");
        let ws = parse(&crlf)
            .unwrap_or_else(|e| panic!("CRLF version of {} refused: {e}", file.display()));
        assert_eq!(ws, load(&file), "{}", file.display());
        let saved = canonical(&ws);
        assert_eq!(saved, canonical(&load(&file)), "{}", file.display());
        assert!(!saved.contains('\r'), "{}", file.display());
    }
}

#[test]
fn crlf_newlines_do_not_move_error_positions() {
    // Errors inside a line must point at the same line and column whatever the line ending.
    for name in [
        "unknown_field_in_organization",
        "unknown_enum_variant",
        "bad_date_form",
        "bad_country_code",
        "duplicate_id",
        "duplicate_id_across_lists",
        "format_newer",
        "missing_format",
        "missing_required_field",
        "unterminated_string",
    ] {
        let lf = read(&fixtures().join("bad").join(format!("{name}.ron")));
        let crlf = lf.replace('\n', "\r\n");
        let at_lf = parse(&lf).expect_err("bad").position();
        let at_crlf = parse(&crlf).expect_err("bad").position();
        assert!(at_lf.is_some(), "{name}: no position");
        assert_eq!(at_lf, at_crlf, "{name}: CRLF moved the error");
    }
}

#[test]
fn a_byte_order_mark_is_accepted_or_named_in_the_error() {
    // Windows editors may save "UTF-8 with BOM". Either the loader skips the mark, or it says
    // that the mark is the problem; "found `(`" (the mark is invisible) would baffle anyone.
    let text = read(&sample_path());
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bom.ron");
    fs::write(&path, format!("\u{feff}{text}")).expect("write");
    match load_file(&path) {
        Ok(ws) => assert_eq!(ws, load(&sample_path())),
        Err(error) => {
            let message = error.to_string();
            assert_eq!(error.position(), Some((1, 1)), "{message}");
            assert!(
                message.contains("BOM") || message.contains("byte order mark"),
                "the message does not name the byte order mark: {message}"
            );
        }
    }
}

#[test]
fn comments_attributes_and_raw_strings_before_and_inside_are_accepted() {
    let ws = parse(
        "// a note\n/* a block */\n#![enable(implicit_some)]\n(\n    format: 1, // trailing\n    as_of: \"2024-01-01\",\n    organizations: [(id: \"acme\", name: r#\"Acme \"Quoted\"\"#)],\n)\n",
    )
    .expect("loads");
    assert_eq!(ws.organizations[0].name, "Acme \"Quoted\"");
}

#[test]
fn a_nested_block_comment_before_the_header_is_accepted() {
    // RON block comments nest, and ron itself accepts this file; the header scanner must too.
    let text =
        "/* outer /* inner */ still the outer comment */\n(format: 1, as_of: \"2024-01-01\")\n";
    let ws = parse(text).unwrap_or_else(|e| panic!("valid RON refused: {e}"));
    assert_eq!(ws.entity_count(), 0);
}

// ---------------------------------------------------------------------------------------------
// The corpus of malformed and hostile files
// ---------------------------------------------------------------------------------------------

/// Declares the corpus: each `name: (line, column, "essential message")` is the file
/// tests/fixtures/bad/name.ron and gets its own test in `bad_corpus::name`.
macro_rules! bad_corpus {
    ($($name:ident: ($line:expr, $column:expr, $message:expr),)+) => {
        const BAD_CORPUS: &[(&str, usize, usize, &str)] =
            &[$((stringify!($name), $line, $column, $message),)+];

        mod bad_corpus {
            $(
                #[test]
                fn $name() {
                    super::check_bad_fixture(stringify!($name), $line, $column, $message);
                }
            )+
        }
    };
}

// Every position below was found by reading the fixture (`cat -n`, counting characters), not by
// copying the loader's output. Conventions: lines and columns are 1-based and count characters;
// an error about a value points at its first character, and for a string value at its first
// character inside the quotes; an error about a missing thing points where it was expected.
bad_corpus! {
    // Line 2 is `    as_of: ...` once `format: 1,` is gone: the header is expected there.
    missing_format: (2, 5, "expected a workspace starting with `(format: 1,`"),
    // `    format: 2,`: the 2 is column 13.
    format_newer: (2, 13, "format 2, written by a newer version"),
    format_zero: (2, 13, "format 0 does not exist"),
    format_not_a_number: (2, 13, "found `\"1\""),
    format_overflowing_number: (2, 13, "found `18446744073709551616"),
    // `    author: "A. Trainer",` on line 4.
    unknown_top_level_field: (4, 5, "unknown field `author`"),
    // `        (id: "acme", name: "Acme", colour: "red"),`: colour starts at column 36.
    unknown_field_in_organization: (5, 36, "unknown field `colour` in an organization"),
    // `        (id: "acme", name: 42),`: the 4 of 42 is column 28 (column 27 is the space).
    wrong_type_number_for_name: (5, 28, "expected text in double quotes"),
    // `kind: Distributor`: Distributor starts at column 42.
    unknown_enum_variant: (5, 42, "unknown organization kind `Distributor`"),
    // `        (id: "acme" name: "Acme"),`: `name` (column 21) is where a comma was expected.
    missing_comma: (5, 21, "expected a comma"),
    // The file ends after `    ],` on line 7; the `)` is missing right after it, column 7.
    unclosed_paren: (7, 7, "the file ends before the workspace's closing `)`"),
    // `    narrative: (title: "never closed),`: the string opened at column 24 never ends.
    unterminated_string: (4, 24, "no closing double quote"),
    // `    as_of: "2020-13-45",`: the date's first character is column 13.
    bad_date_out_of_range: (3, 13, "expected a real date written as \"YYYY-MM-DD\""),
    bad_date_form: (3, 13, "expected a date written as \"YYYY-MM-DD\""),
    // `mca_accepted: Stated("2023-02-29")`: 2023 has no 29 February; the 2 is column 58.
    impossible_date_in_fact: (5, 58, "expected a real date"),
    // `country: "JPN"`: J is column 46.
    bad_country_code: (5, 46, "two-letter ISO 3166 country code such as \"JP\", found \"JPN\""),
    // `(id: "", ...)`: the empty string's content would start at column 15.
    empty_id: (5, 15, "an id must not be empty"),
    id_with_space: (5, 15, "an id must not contain spaces"),
    id_too_long: (5, 15, "at most 64 characters, this one has 65"),
    // The second `id: "acme"` (line 6, its quote at column 14); the first is on line 5.
    duplicate_id: (6, 14, "\"acme\" is used twice (first used on line 5)"),
    // An organization and a tenant share `acme`: tenant on line 9, organization on line 5.
    duplicate_id_across_lists: (9, 14, "\"acme\" is used twice (first used on line 5)"),
    // Line 5 is a commented-out `// (id: "acme", ...)`: not an entity. The entities are on
    // lines 6 and 7.
    duplicate_id_after_commented_out_line: (7, 14, "\"acme\" is used twice (first used on line 6)"),
    // `        (id: "acme"),`: `name` was expected before the `)` at column 20.
    missing_required_field: (5, 20, "missing required field `name` in an organization"),
    // `        (id: "acme", name: "Acme", name: "Acme KK"),`: the second name at column 36.
    duplicate_field: (5, 36, "the field `name` appears twice"),
    // `revenue_ttm_usd: -5` on line 9: the minus sign is column 64.
    negative_number: (9, 64, "expected a whole number, 0 or more"),
    // `    organizations: [[[[...`: the second `[` (column 21) is where an organization's `(`
    // belongs; the 70 levels exceed RECURSION_LIMIT (64) but the type check stops first.
    nested_too_deep: (4, 21, "expected opening `(`"),
    // `        (id: "acme", name: "Ac\xFFme"),`: the byte 0xFF is the 31st character.
    invalid_utf8: (5, 31, "not valid UTF-8"),
    empty: (1, 1, "found the end of the file"),
    // One comment line and its newline: the file ends at line 2, column 1.
    only_comment: (2, 1, "found the end of the file"),
    // `garbage` on line 9 after the workspace's `)` on line 8.
    trailing_garbage: (9, 1, "unexpected text after the workspace's closing `)`"),
    // `/* draft network, not finished` on line 1 is never closed.
    unclosed_comment_before_header: (1, 1, "comment"),
    // `        /* (id: "old-microsoft"` on line 6 (the `/*` at column 9) is never closed.
    unclosed_comment: (6, 9, "nclosed block comment"),
}

fn check_bad_fixture(name: &str, line: usize, column: usize, message: &str) {
    let path = fixtures().join("bad").join(format!("{name}.ron"));
    let error = match load_file(&path) {
        Ok(_) => panic!("{} loaded, but must be refused", path.display()),
        Err(error) => error,
    };
    let text = error.to_string();
    assert_eq!(
        error.position(),
        Some((line, column)),
        "{name}: wrong position in: {text}"
    );
    let prefix = format!("{}:{line}:{column}: ", path.display());
    assert!(
        text.starts_with(&prefix),
        "{name}: expected the message to start with {prefix:?}: {text}"
    );
    assert!(
        text.contains(message),
        "{name}: expected {message:?} in: {text}"
    );
    // The same error from text in memory (for the files that are UTF-8 at all).
    if let Ok(source) = fs::read_to_string(&path) {
        let again = load_str(&source, &path).expect_err("load_str refuses it too");
        assert_eq!(
            again.to_string(),
            text,
            "{name}: load_str and load_file differ"
        );
    }
}

#[test]
fn the_bad_corpus_table_and_folder_match() {
    let in_folder: Vec<String> = ron_files(&fixtures().join("bad"))
        .iter()
        .map(|p| {
            p.file_stem()
                .expect("file name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut in_table: Vec<String> = BAD_CORPUS.iter().map(|e| e.0.to_owned()).collect();
    in_table.sort();
    assert_eq!(
        in_folder, in_table,
        "every file in tests/fixtures/bad/ needs a table entry, and every entry a file"
    );
    assert!(BAD_CORPUS.len() >= 15, "the corpus shrank");
}

#[test]
fn the_deep_nesting_fixture_really_exceeds_the_recursion_limit() {
    let text = read(&fixtures().join("bad").join("nested_too_deep.ron"));
    let depth = text.matches('[').count();
    assert!(depth > RECURSION_LIMIT + 2, "only {depth} brackets");
}

// ---------------------------------------------------------------------------------------------
// Hostile input generated at test time
// ---------------------------------------------------------------------------------------------

const MEGABYTES: usize = 4;

#[test]
fn a_huge_single_line_string_loads_and_round_trips() {
    let name = "あ".repeat(MEGABYTES * 1024 * 1024 / 3);
    let text = format!(
        "(\n    format: 1,\n    as_of: \"2024-01-01\",\n    organizations: [\n        (id: \"acme\", name: \"{name}\"),\n    ],\n)\n"
    );
    let ws = parse(&text).expect("a long name is allowed");
    assert_eq!(ws.organizations[0].name, name);
    assert_eq!(canonical(&ws), text);
}

#[test]
fn an_error_after_a_huge_single_line_string_has_the_right_column() {
    let name = "x".repeat(MEGABYTES * 1024 * 1024);
    let line = format!("        (id: \"acme\", name: \"{name}\", colour: \"red\"),");
    let column = line.find("colour").expect("colour") + 1; // all ASCII: bytes are characters
    let text = format!(
        "(\n    format: 1,\n    as_of: \"2024-01-01\",\n    organizations: [\n{line}\n    ],\n)\n"
    );
    let error = parse(&text).expect_err("unknown field");
    assert_eq!(error.position(), Some((5, column)));
    assert!(error.to_string().contains("unknown field `colour`"));
}

#[test]
fn a_huge_id_is_refused_with_its_length() {
    let id = "a".repeat(MEGABYTES * 1024 * 1024);
    let text = format!(
        "(\n    format: 1,\n    as_of: \"2024-01-01\",\n    organizations: [\n        (id: \"{id}\", name: \"Acme\"),\n    ],\n)\n"
    );
    let error = parse(&text).expect_err("ids are at most 64 characters");
    assert_eq!(error.position(), Some((5, 15)));
    let message = error.to_string();
    assert!(
        message.contains(&format!("this one has {}", id.len())),
        "{message:.200}"
    );
    // The message quotes nothing of that size back.
    assert!(message.len() < 1000, "message of {} bytes", message.len());
}

#[test]
fn very_deep_nesting_is_refused_without_overflowing_the_stack() {
    for (open, close) in [("[", "]"), ("(", ")"), ("Some(", ")"), ("{", "}")] {
        let depth = 100_000;
        let text = format!(
            "(\n    format: 1,\n    as_of: \"2024-01-01\",\n    organizations: [{}{}],\n)\n",
            open.repeat(depth),
            close.repeat(depth)
        );
        let error = parse(&text).expect_err("refused");
        let (line, _) = error.position().expect("a position");
        assert_eq!(line, 4, "{open}: {error}");
    }
    // Nesting inside a value a workspace never nests.
    let text = format!(
        "(format: 1, as_of: \"2024-01-01\", narrative: {}\"t\"{})",
        "(title: ".repeat(10_000),
        ")".repeat(10_000)
    );
    let error = parse(&text).expect_err("refused");
    assert_eq!(error.position().map(|p| p.0), Some(1), "{error}");
}

#[test]
fn a_control_character_in_an_id_is_refused() {
    let error = parse(
        "(format: 1, as_of: \"2024-01-01\", organizations: [(id: \"a\\u{7}b\", name: \"A\")])",
    )
    .expect_err("refused");
    assert!(
        error.to_string().contains("spaces or control characters"),
        "{error}"
    );
}

// ---------------------------------------------------------------------------------------------
// Bounds and not-a-file inputs
// ---------------------------------------------------------------------------------------------

#[test]
fn a_file_over_the_size_bound_is_refused_without_being_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.ron");
    let file = fs::File::create(&path).expect("create");
    // Sparse: takes no disk and no time; the loader must refuse it on its size alone.
    file.set_len(MAX_FILE_BYTES + 1).expect("set_len");
    drop(file);
    let error = load_file(&path).expect_err("too large");
    assert!(matches!(error, IoError::TooLarge { .. }), "{error:?}");
    assert_eq!(error.position(), None);
    let message = error.to_string();
    assert!(
        message.starts_with(&path.display().to_string()),
        "{message}"
    );
    assert!(message.contains("larger than 1024 MiB"), "{message}");
    assert_eq!(MAX_FILE_BYTES, 1024 * 1024 * 1024);
}

#[test]
fn a_folder_is_refused_as_not_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("workspace.ron");
    fs::create_dir(&folder).expect("mkdir");
    let error = load_file(&folder).expect_err("a folder");
    assert!(matches!(error, IoError::NotAFile { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("not a regular file") && message.contains("folder"),
        "{message}"
    );
    assert!(message.contains("workspace.ron"), "{message}");
}

#[test]
fn a_missing_file_is_refused_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("no-such-workspace.ron");
    let error = load_file(&path).expect_err("missing");
    match &error {
        IoError::Os { source, .. } => {
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("expected an OS error, got {other:?}"),
    }
    assert!(
        error.to_string().contains("no-such-workspace.ron"),
        "{error}"
    );
}

#[test]
fn invalid_utf8_is_refused_with_its_place() {
    let bytes = b"(format: 1, as_of: \"2024-01-01\", organizations: [(id: \"a\", name: \"\xe6\x97\xa5\xe6\x97\"),\n])";
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("truncated.ron");
    fs::write(&path, bytes).expect("write");
    let error = load_file(&path).expect_err("a truncated multi-byte character");
    // `日` is one character, then the broken sequence: column of the first bad byte.
    let column = "(format: 1, as_of: \"2024-01-01\", organizations: [(id: \"a\", name: \"日"
        .chars()
        .count()
        + 1;
    assert_eq!(error.position(), Some((1, column)), "{error}");
    assert!(error.to_string().contains("UTF-8"), "{error}");
}

/// Runs `f` on a named pipe in `dir`. If the code under test wrongly opens the pipe to read it,
/// it would wait forever for a writer; a helper thread is that writer (it opens and closes at
/// once), so the read ends with end-of-file instead of hanging the test, and the test's
/// assertions catch the wrong message.
#[cfg(unix)]
fn with_fifo<T>(dir: &Path, f: impl FnOnce(&Path) -> T) -> T {
    use std::fs::OpenOptions;
    let fifo = dir.join("pipe.ron");
    let status = std::process::Command::new("mkfifo")
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
fn a_named_pipe_is_refused_without_waiting_for_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let error = with_fifo(dir.path(), |fifo| load_file(fifo).expect_err("a pipe"));
    assert!(matches!(error, IoError::NotAFile { .. }), "{error:?}");
    assert!(error.to_string().contains("named pipe"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Atomic saves
// ---------------------------------------------------------------------------------------------

#[test]
fn a_save_replaces_the_file_by_rename_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("w.ron");
    let link = dir.path().join("old-link.ron");
    fs::write(&target, "old text").expect("seed");
    // A second name for the old file: writing in place would change it too; a rename does not.
    fs::hard_link(&target, &link).expect("hard link");
    let ws = load(&sample_path());
    save_file(&ws, &target).expect("save");
    assert_eq!(read(&target), read(&sample_path()));
    assert_eq!(
        read(&link),
        "old text",
        "the old file was overwritten in place"
    );
    assert_eq!(listing(dir.path()), ["old-link.ron", "w.ron"]);
}

#[test]
fn a_save_into_a_missing_folder_fails_and_says_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("no-such-folder").join("w.ron");
    let error = save_file(&load(&sample_path()), &target).expect_err("must fail");
    match &error {
        IoError::Os { source, .. } => assert_eq!(source.kind(), std::io::ErrorKind::NotFound),
        other => panic!("expected an OS error, got {other:?}"),
    }
    let message = error.to_string();
    assert!(
        message.contains("no-such-folder") && message.contains("w.ron"),
        "{message}"
    );
    assert!(listing(dir.path()).is_empty(), "{:?}", listing(dir.path()));
}

#[test]
fn a_save_onto_a_folder_fails_and_leaves_the_folder_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("w.ron");
    fs::create_dir(&target).expect("mkdir");
    fs::write(target.join("inside.txt"), "keep").expect("seed");
    let error = save_file(&load(&sample_path()), &target).expect_err("must fail");
    assert!(matches!(error, IoError::Os { .. }), "{error:?}");
    assert!(error.to_string().contains("w.ron"), "{error}");
    assert!(target.is_dir());
    assert_eq!(read(&target.join("inside.txt")), "keep");
    assert_eq!(
        listing(dir.path()),
        ["w.ron"],
        "a temporary file was left behind"
    );
}

#[test]
fn a_save_below_a_regular_file_fails() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("not-a-folder");
    fs::write(&file, "x").expect("seed");
    let error = save_file(&load(&sample_path()), &file.join("w.ron")).expect_err("must fail");
    assert!(matches!(error, IoError::Os { .. }), "{error:?}");
    assert_eq!(read(&file), "x");
}

#[cfg(unix)]
#[test]
fn a_save_into_a_read_only_folder_fails_and_keeps_the_old_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("read-only");
    fs::create_dir(&folder).expect("mkdir");
    let target = folder.join("w.ron");
    fs::write(&target, "old text").expect("seed");
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o555)).expect("chmod");
    // Running as root (as CI containers often do), permission bits do not stop writes, so this
    // failure cannot be caused: probe, and skip only then. The failures root can cause (missing
    // folder, a folder in the way, a file-size limit in tests/cli.rs) are tested regardless.
    let probe = folder.join("probe");
    let privileged = fs::write(&probe, "p").is_ok();
    let outcome = if privileged {
        None
    } else {
        Some(save_file(&load(&sample_path()), &target))
    };
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).expect("chmod back");
    let Some(outcome) = outcome else {
        eprintln!("skipped: running as root, a read-only folder does not stop writes");
        return;
    };
    let error = outcome.expect_err("must fail");
    assert!(matches!(error, IoError::Os { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("w.ron"), "{message}");
    assert_eq!(read(&target), "old text");
    assert_eq!(
        listing(&folder),
        ["w.ron"],
        "a temporary file was left behind"
    );
}

#[test]
fn a_leftover_temporary_file_does_not_block_saving() {
    // A crash between creating the temporary file and renaming it leaves the file behind. Process
    // ids are reused (in a container the app may get the same small pid every run), so a later
    // save by a process with the same pid must still succeed.
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("w.ron");
    fs::write(&target, "old text").expect("seed");
    let leftover = dir
        .path()
        .join(format!(".w.ron.{}.tmp", std::process::id()));
    fs::write(&leftover, "half a workspace").expect("seed leftover");
    let result = save_file(&load(&sample_path()), &target);
    assert!(
        result.is_ok(),
        "a stale temporary file made the save fail: {}",
        result.err().map(|e| e.to_string()).unwrap_or_default()
    );
    assert_eq!(read(&target), read(&sample_path()));
}

#[cfg(unix)]
#[test]
fn a_save_keeps_the_file_permissions() {
    // A trainer who made a customer's workspace private (0600) must not find it world-readable
    // after the next save: the new file replaces the old one, so it must get the old mode.
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("w.ron");
    fs::copy(sample_path(), &target).expect("seed");
    fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).expect("chmod");
    save_file(&load(&target), &target).expect("save");
    let mode = fs::metadata(&target).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the save changed the mode to {mode:o}");
}

#[cfg(unix)]
#[test]
fn a_save_through_a_symbolic_link_writes_the_file_it_points_to() {
    let dir = tempfile::tempdir().expect("temp dir");
    let real = dir.path().join("real.ron");
    let link = dir.path().join("link.ron");
    fs::write(&real, "old text").expect("seed");
    std::os::unix::fs::symlink("real.ron", &link).expect("symlink");
    save_file(&load(&sample_path()), &link).expect("save");
    assert!(
        fs::symlink_metadata(&link)
            .expect("stat link")
            .file_type()
            .is_symlink(),
        "the link was replaced by a copy"
    );
    assert_eq!(
        read(&real),
        read(&sample_path()),
        "the linked file was not saved"
    );
}
