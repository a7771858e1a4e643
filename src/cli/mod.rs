//! Headless subcommands (`check`, `rules`, `explain`, `format`): the one place that prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod review;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::rules::{self, Severity};

mod due;
mod import;

/// CSP Network Studio: model, check and draw Microsoft CSP partner networks.
///
/// With no command, opens the app (on FILE, or on the bundled sample workspace).
#[derive(Debug, Parser)]
#[command(name = "csp-studio", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// A headless command; without one the app opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The workspace file to open in the app.
    pub file: Option<PathBuf>,
    /// Open FILE for review: everything can be inspected, filtered and exported, nothing edited.
    #[arg(long, requires = "file")]
    pub review: bool,
    /// Open the comparison of FILE with this older workspace beside it.
    #[arg(long, value_name = "OLDER", requires = "file")]
    pub compare: Option<PathBuf>,
}

/// The headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check workspace files against every rule; exit 0 (no error), 1 (errors found) or 2 (unreadable file).
    Check {
        /// Workspace files (.ron).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output as text lines or one JSON array.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Evaluate the rules on this date (YYYY-MM-DD) instead of the file's as-of date.
        #[arg(long, value_parser = due::parse_date)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// List what ends or lapses after the as-of date: GDAP, subscriptions, partnerships, reseller
    /// relationships, and dates the rules know; exit 0, or 2 when the file cannot be read.
    Due {
        /// The workspace file (.ron).
        file: PathBuf,
        /// The window in days after the as-of date.
        #[arg(long, default_value_t = 90)]
        within: u32,
        /// Look from this date (YYYY-MM-DD) instead of the file's as-of date.
        #[arg(long, value_parser = due::parse_date)]
        as_of: Option<chrono::NaiveDate>,
        /// Output as text lines or one JSON array of {date, kind, text, entities}.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// List every rule: code, severity, title.
    Rules {
        /// Output as text lines or one JSON array.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Rewrite workspace files in canonical form (sorted by id, one entity per line), atomically.
    Format {
        /// Workspace files (.ron).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Only report which files are not canonical; exit 1 if any.
        #[arg(long)]
        check: bool,
    },
    /// Write a synthetic network (realistic, deterministic for a seed) for trials and benchmarks.
    Generate {
        /// Indirect reseller organizations.
        #[arg(long, default_value_t = 50)]
        resellers: usize,
        /// Customer organizations.
        #[arg(long, default_value_t = 1000)]
        customers: usize,
        /// The seed: the same numbers and seed give the same file.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Plant deliberate rule violations in about 1 % of the entities.
        #[arg(long)]
        violations: bool,
        /// Also write the Partner Center export files of the network into this folder.
        #[arg(long)]
        exports: Option<PathBuf>,
        /// Pad the invoice reconciliation export with further charge lines up to this many rows.
        #[arg(long, requires = "exports")]
        recon_rows: Option<u64>,
        /// Where to write the workspace (.ron).
        out: PathBuf,
    },
    /// Export the diagram of a workspace as a picture, as the app draws it.
    Export {
        /// The workspace file (.ron).
        file: PathBuf,
        /// Where to write the SVG picture.
        #[arg(long, required_unless_present_any = ["png", "dot"])]
        svg: Option<PathBuf>,
        /// Where to write a PNG picture (rendered from the same SVG, with the bundled font).
        #[arg(long)]
        png: Option<PathBuf>,
        /// Where to write the graph in Graphviz DOT form.
        #[arg(long)]
        dot: Option<PathBuf>,
    },
    /// Import Partner Center exports into a workspace; exit 0 (every row read), 1 (rows skipped,
    /// workspace written) or 2 (an input unreadable or not an export; nothing written).
    Import {
        /// Export files: reseller lists, customer lists, reconciliation files, GDAP JSON.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where to write the workspace (.ron); may be the `--into` file.
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
        /// Reconcile with this workspace: add what is new, update what changed, delete nothing.
        #[arg(long)]
        into: Option<PathBuf>,
        /// The workspace's as-of date (default: the `--into` workspace's, else today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<chrono::NaiveDate>,
        /// Where to write the Markdown report (files, counts, skipped rows, holes, changes).
        #[arg(long)]
        report: Option<PathBuf>,
    },
    /// Explain one rule: what it checks, why, and an example.
    Explain {
        /// The rule's code, such as CSP304.
        code: String,
        /// The language of the title and explanation.
        #[arg(long, default_value = "en", value_parser = ["en", "ja"])]
        lang: String,
    },
    /// Write a review report: counts by severity and rule, every finding with its rule's
    /// explanation and entities, the diagram and the narrative. Exit 0 when written, 2 otherwise.
    Report {
        /// The workspace file (.ron).
        file: PathBuf,
        /// Where to write one self-contained HTML file (styles and diagram inline).
        #[arg(long, required_unless_present = "md")]
        html: Option<PathBuf>,
        /// Where to write Markdown; the diagram goes beside it as NAME-diagram.svg.
        #[arg(long)]
        md: Option<PathBuf>,
    },
    /// Compare two workspaces: entities added, removed and changed (field by field), and findings
    /// that appeared or went away. Exit 0 (same), 1 (different) or 2 (unreadable file).
    Diff {
        /// The older workspace (.ron).
        old: PathBuf,
        /// The newer workspace (.ron).
        new: PathBuf,
        /// Output as text lines or one JSON object.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One line per finding.
    Text,
    /// JSON, for scripts and pipelines.
    Json,
}

/// Exit status when a file cannot be read or parsed, or the command line is wrong.
const EXIT_UNREADABLE: u8 = 2;

/// Runs a headless command and returns the process exit status.
pub fn run(command: Command) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let status = match command {
        Command::Check {
            files,
            format,
            as_of,
        } => check(&files, format, as_of, &mut out),
        Command::Due {
            file,
            within,
            as_of,
            format,
        } => due::run(&file, within, as_of, format, &mut out),
        Command::Rules { format } => list_rules(format, &mut out),
        Command::Explain { code, lang } => explain(&code, &lang, &mut out),
        Command::Report { file, html, md } => {
            review::report(&file, html.as_deref(), md.as_deref(), &mut out)
        }
        Command::Diff { old, new, format } => review::diff(&old, &new, format, &mut out),
        Command::Format { files, check } => format_files(&files, check, &mut out),
        Command::Export {
            file,
            svg,
            png,
            dot,
        } => export(&file, svg.as_deref(), png.as_deref(), dot.as_deref()),
        Command::Import {
            files,
            out: path,
            into,
            as_of,
            report,
        } => import::run(
            &import::ImportArgs {
                files: &files,
                out: &path,
                into: into.as_deref(),
                as_of,
                report: report.as_deref(),
            },
            &mut out,
        ),
        Command::Generate {
            resellers,
            customers,
            seed,
            violations,
            exports,
            recon_rows,
            out: path,
        } => {
            let options = crate::generate::GenerateOptions {
                resellers,
                customers,
                seed,
                violations,
            };
            let workspace = crate::generate::generate(&options);
            if let Some(dir) = &exports
                && let Err(error) = crate::import::write_exports(&workspace, dir, recon_rows)
            {
                eprintln!("{error}");
                return ExitCode::from(EXIT_UNREADABLE);
            }
            match crate::io::save_file(&workspace, &path) {
                Ok(()) => {
                    let _ = writeln!(
                        out,
                        "{}: {} entities",
                        path.display(),
                        workspace.entity_count()
                    );
                    0
                }
                Err(error) => {
                    eprintln!("{error}");
                    EXIT_UNREADABLE
                }
            }
        }
    };
    let _ = out.flush();
    ExitCode::from(status)
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    file: String,
    code: &'static str,
    severity: Severity,
    message: &'a str,
    entities: Vec<&'a str>,
}

fn check(
    files: &[PathBuf],
    format: OutputFormat,
    as_of: Option<chrono::NaiveDate>,
    out: &mut impl Write,
) -> u8 {
    let mut status = 0;
    let mut checked = Vec::new();
    for path in files {
        match crate::io::load_file(path) {
            Ok(mut workspace) => {
                workspace.as_of = as_of.unwrap_or(workspace.as_of);
                checked.push((path, rules::check(&workspace)))
            }
            Err(error) => {
                eprintln!("{error}");
                status = EXIT_UNREADABLE;
            }
        }
    }
    if checked
        .iter()
        .any(|(_, ds)| ds.iter().any(|d| d.severity == Severity::Error))
        && status == 0
    {
        status = 1;
    }
    let written = match format {
        OutputFormat::Text => write_text(&checked, out),
        OutputFormat::Json => write_json(&checked, out),
    };
    if written.is_err() {
        return EXIT_UNREADABLE;
    }
    status
}

fn write_text(
    checked: &[(&PathBuf, Vec<rules::Diagnostic>)],
    out: &mut impl Write,
) -> std::io::Result<()> {
    for (path, diagnostics) in checked {
        for d in diagnostics {
            let ids: Vec<&str> = d.entities.iter().map(|id| id.as_str()).collect();
            let ids = if ids.is_empty() {
                String::new()
            } else {
                format!(" ({})", ids.join(", "))
            };
            writeln!(
                out,
                "{}: {}[{}] {}{ids}",
                path.display(),
                d.severity.label(),
                d.code,
                d.message
            )?;
        }
    }
    Ok(())
}

fn write_json(
    checked: &[(&PathBuf, Vec<rules::Diagnostic>)],
    out: &mut impl Write,
) -> std::io::Result<()> {
    let findings: Vec<JsonFinding<'_>> = checked
        .iter()
        .flat_map(|(path, diagnostics)| {
            diagnostics.iter().map(move |d| JsonFinding {
                file: display(path),
                code: d.code,
                severity: d.severity,
                message: &d.message,
                entities: d.entities.iter().map(|id| id.as_str()).collect(),
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &findings)?;
    writeln!(out)
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

#[derive(Serialize)]
struct JsonRule {
    code: &'static str,
    severity: Severity,
    title: &'static str,
}

fn list_rules(format: OutputFormat, out: &mut impl Write) -> u8 {
    let all = rules::all_rules();
    let written = match format {
        OutputFormat::Text => all
            .iter()
            .try_for_each(|r| writeln!(out, "{} {:<7} {}", r.code, r.severity.label(), r.title)),
        OutputFormat::Json => {
            let list: Vec<JsonRule> = all
                .iter()
                .map(|r| JsonRule {
                    code: r.code,
                    severity: r.severity,
                    title: r.title,
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &list)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        }
    };
    if written.is_err() { EXIT_UNREADABLE } else { 0 }
}

fn explain(code: &str, lang: &str, out: &mut impl Write) -> u8 {
    let Some(rule) = rules::find_rule(code) else {
        eprintln!("unknown rule code {code:?}; `csp-studio rules` lists every code");
        return EXIT_UNREADABLE;
    };
    let text = format!(
        "{} ({}): {}\n\n{}\n",
        rule.code,
        rule.severity.label(),
        crate::i18n::rule_title(rule, crate::i18n::Language::from_locale(lang)),
        crate::i18n::rule_explanation(rule, crate::i18n::Language::from_locale(lang)).trim_end()
    );
    if out.write_all(text.as_bytes()).is_err() {
        EXIT_UNREADABLE
    } else {
        0
    }
}

fn format_files(files: &[PathBuf], check_only: bool, out: &mut impl Write) -> u8 {
    let mut status = 0;
    for path in files {
        let result = crate::io::read_text(path)
            .and_then(|text| crate::io::load_str(&text, path).map(|ws| (text, ws)));
        let (text, workspace) = match result {
            Ok(loaded) => loaded,
            Err(error) => {
                eprintln!("{error}");
                status = EXIT_UNREADABLE;
                continue;
            }
        };
        let canonical = match crate::io::to_canonical_string(&workspace) {
            Ok(canonical) => canonical,
            Err(error) => {
                eprintln!(
                    "{}: cannot write the workspace as text: {error}",
                    path.display()
                );
                status = EXIT_UNREADABLE;
                continue;
            }
        };
        if canonical == text {
            continue;
        }
        if check_only {
            let _ = writeln!(out, "{}: not in canonical form", path.display());
            status = status.max(1);
        } else if let Err(error) = crate::io::write_atomically(path, canonical.as_bytes()) {
            eprintln!("{error}");
            status = EXIT_UNREADABLE;
        } else {
            let _ = writeln!(out, "{}: rewritten in canonical form", path.display());
        }
    }
    status
}

fn export(
    file: &Path,
    svg_path: Option<&Path>,
    png_path: Option<&Path>,
    dot_path: Option<&Path>,
) -> u8 {
    let workspace = match crate::io::load_file(file) {
        Ok(workspace) => workspace,
        Err(error) => {
            eprintln!("{error}");
            return EXIT_UNREADABLE;
        }
    };
    let layout = crate::layout::layout(&workspace);
    let diagnostics = rules::check(&workspace);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .flat_map(|d| {
            d.entities
                .iter()
                .filter_map(|id| layout.node_for_entity(id))
        })
        .collect();
    let picture = crate::layout::svg::to_svg(&workspace, &layout, &errors);
    let mut status = 0;
    if let Some(path) = svg_path
        && let Err(error) = crate::io::write_atomically(path, picture.as_bytes())
    {
        eprintln!("{error}");
        status = EXIT_UNREADABLE;
    }
    if let Some(path) = dot_path
        && let Err(error) = crate::io::write_atomically(
            path,
            crate::layout::dot::to_dot(&workspace, &layout).as_bytes(),
        )
    {
        eprintln!("{error}");
        status = EXIT_UNREADABLE;
    }
    if let Some(path) = png_path {
        let written = crate::layout::png::svg_to_png(&picture)
            .map_err(|e| format!("{}: {e}", path.display()))
            .and_then(|bytes| crate::io::write_atomically(path, &bytes).map_err(|e| e.to_string()));
        if let Err(error) = written {
            eprintln!("{error}");
            status = EXIT_UNREADABLE;
        }
    }
    status
}
