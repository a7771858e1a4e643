//! The report as Markdown: readable as plain text, rendered by the common viewers. Markdown has no
//! portable way to embed an SVG, so the diagram is a separate file the report links to.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::html::{meta_line, totals_phrase};
use super::{Finding, NamedEntity, Report, RuleFindings};
use crate::rules::explanation_text;

/// Writes the report; `diagram` is the relative path of the diagram's SVG file, when one is written.
pub fn render(report: &Report, diagram: Option<&str>) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let _ = writeln!(out, "# Review report: {}\n", escape(&report.source));
    let _ = writeln!(out, "{}\n", escape(&meta_line(report)));
    summary(report, &mut out);
    narrative(report, &mut out);
    out.push_str("## Diagram\n\n");
    match diagram {
        Some(path) => {
            let _ = writeln!(out, "![Diagram of the network](<{}>)\n", link_target(path));
        }
        None => out.push_str("The diagram was not written with this report.\n\n"),
    }
    out.push_str("## Findings\n\n");
    if report.rules.is_empty() {
        out.push_str("None.\n");
    }
    for group in &report.rules {
        rule_section(group, &mut out);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Where a Markdown report's diagram goes: beside it, `report.md` → `report-diagram.svg`.
pub fn diagram_path(markdown: &Path) -> PathBuf {
    let stem = markdown
        .file_stem()
        .map_or_else(|| "report".to_owned(), |s| s.to_string_lossy().into_owned());
    markdown.with_file_name(format!("{stem}-diagram.svg"))
}

fn summary(report: &Report, out: &mut String) {
    let _ = writeln!(out, "## Summary\n\n**{}**\n", totals_phrase(report.totals));
    if report.rules.is_empty() {
        out.push_str("No rule found anything to report.\n\n");
        return;
    }
    out.push_str("| Code | Rule | Errors | Warnings | Infos |\n|---|---|---:|---:|---:|\n");
    for group in &report.rules {
        let (e, w, i) = group.counts;
        let _ = writeln!(
            out,
            "| {} | {} | {e} | {w} | {i} |",
            group.code,
            escape(group.title())
        );
    }
    out.push('\n');
}

fn narrative(report: &Report, out: &mut String) {
    let Some(narrative) = &report.narrative else {
        return;
    };
    let _ = writeln!(out, "## Narrative\n\n### {}\n", escape(&narrative.title));
    for paragraph in narrative
        .text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
    {
        let _ = writeln!(out, "{}\n", escape(paragraph.trim()));
    }
    for (n, step) in narrative.steps.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", n + 1, one_line(&step.text));
    }
    if !narrative.steps.is_empty() {
        out.push('\n');
    }
}

fn rule_section(group: &RuleFindings, out: &mut String) {
    let severity = group.rule.map_or(group.worst(), |r| r.severity);
    let _ = writeln!(
        out,
        "### {} ({}): {}\n",
        group.code,
        severity.label(),
        escape(group.title())
    );
    if let Some(rule) = group.rule {
        for line in explanation_text(rule).trim_end().lines() {
            match line.strip_prefix("## ") {
                Some(heading) => {
                    let _ = writeln!(out, "#### {heading}");
                }
                None => {
                    let _ = writeln!(out, "{line}");
                }
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "#### Findings ({})\n", group.findings.len());
    for (n, finding) in group.findings.iter().enumerate() {
        finding_item(n + 1, finding, out);
    }
    out.push('\n');
}

fn finding_item(n: usize, finding: &Finding, out: &mut String) {
    let _ = writeln!(
        out,
        "{n}. **{}**: {}",
        finding.severity.label(),
        one_line(&finding.message)
    );
    for entity in &finding.entities {
        let _ = writeln!(out, "   - {}", entity_line(entity));
    }
}

fn entity_line(entity: &NamedEntity) -> String {
    let kind = entity.kind.map_or("not in the workspace", |k| k.label());
    let id = code_span(&entity.id);
    if entity.name == entity.id {
        format!("{id} ({kind})")
    } else {
        format!("{} — {id} ({kind})", one_line(&entity.name))
    }
}

/// User text on one line, so it cannot end a list item or start a heading.
fn one_line(text: &str) -> String {
    escape(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// An id as code; ids cannot hold a backtick, but a file may be hand-written, so allow for one.
fn code_span(text: &str) -> String {
    if text.contains('`') {
        escape(text)
    } else {
        format!("`{text}`")
    }
}

/// A link target in angle brackets may not hold `<`, `>` or a line break.
fn link_target(path: &str) -> String {
    path.replace('<', "%3C")
        .replace('>', "%3E")
        .replace(['\n', '\r'], "")
}

/// Escapes what Markdown would read as markup (emphasis, links, HTML, table cells, headings); an `&`
/// only where it could start an entity, so plain text stays readable.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{HOSTILE, hostile, scenarios};
    use super::*;
    use crate::rules;

    #[test]
    fn every_scenario_reports_every_code_and_the_right_totals() {
        for (name, ws) in scenarios() {
            let diagnostics = rules::check(&ws);
            let md = render(&Report::new(&ws, &name), Some("diagram.svg"));
            assert!(
                md.contains(&totals_phrase(rules::counts(&diagnostics))),
                "{name}"
            );
            for d in &diagnostics {
                assert!(
                    md.contains(&format!("### {} (", d.code)),
                    "{name}: {}",
                    d.code
                );
                assert!(md.contains(&one_line(&d.message)), "{name}: {}", d.message);
            }
            let items = md.lines().filter(|l| l.contains(". **")).count();
            assert_eq!(items, diagnostics.len(), "{name}");
            assert!(md.contains("![Diagram of the network](<diagram.svg>)"));
        }
    }

    #[test]
    fn summary_rows_count_by_code_and_severity() {
        let (name, ws) = scenarios()
            .into_iter()
            .find(|(n, _)| n == "s7-forbidden-other-region.ron")
            .unwrap_or_else(|| panic!("scenario 7 missing"));
        let diagnostics = rules::check(&ws);
        let errors = diagnostics.iter().filter(|d| d.code == "CSP501").count();
        assert!(errors >= 2, "{name}: scenario 7 has two CSP501 errors");
        let md = render(&Report::new(&ws, &name), None);
        let row = md
            .lines()
            .find(|l| l.starts_with("| CSP501 |"))
            .unwrap_or_else(|| panic!("no CSP501 row:\n{md}"));
        assert!(row.ends_with(&format!("| {errors} | 0 | 0 |")), "{row}");
    }

    #[test]
    fn user_text_cannot_become_markup() {
        let md = render(&Report::new(&hostile(), "a_b*.ron"), None);
        assert!(
            !md.replace("\\<", "").contains("<script"),
            "a name became HTML"
        );
        assert!(md.contains("\\<script\\>"));
        assert!(md.contains("& Sons \\*bold\\* \\| pipe"));
        assert!(md.contains("# Review report: a\\_b\\*.ron\n"));
        assert!(!md.contains(HOSTILE));
    }

    #[test]
    fn escaping_keeps_plain_ampersands_and_japanese_readable() {
        assert_eq!(escape("A & B 株式会社"), "A & B 株式会社");
        assert_eq!(escape("&amp;"), "\\&amp;");
        assert_eq!(escape("[x](y)"), "\\[x\\](y)");
    }
}
