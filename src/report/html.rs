//! The report as one self-contained HTML file: inline style, the diagram inlined as SVG, no
//! scripts and nothing fetched from elsewhere, so it opens offline and can be mailed as it is.

use std::fmt::Write;

use super::{Finding, NamedEntity, Report, RuleFindings};
use crate::rules::explanation_text;

const STYLE: &str = "
body { font-family: 'Segoe UI', 'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', Meiryo, sans-serif;
       margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1f2328; line-height: 1.5; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { border-bottom: 1px solid #d0d7de; padding-bottom: 0.2rem; margin-top: 2rem; }
h3 { margin-bottom: 0.3rem; }
h4 { margin: 0.8rem 0 0.2rem; font-size: 0.95rem; }
.meta { color: #59636e; margin-top: 0; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d7de; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.sev { display: inline-block; min-width: 4.5rem; font-weight: 600; }
.error { color: #b42318; } .warning { color: #9a6700; } .info { color: #0969da; }
.diagram { overflow: auto; border: 1px solid #d0d7de; padding: 0.5rem; background: #fff; }
.diagram svg { max-width: 100%; height: auto; }
.explanation { background: #f6f8fa; padding: 0.2rem 1rem; border-radius: 6px; }
ol.findings > li { margin-bottom: 0.6rem; }
ul.entities { margin: 0.2rem 0; color: #3d444d; }
code { font-family: ui-monospace, Consolas, monospace; font-size: 0.9em; }
@media print { .diagram { overflow: visible; } details { display: block; } }
";

/// Writes the report as a complete HTML document.
pub fn render(report: &Report) -> String {
    let mut out = String::with_capacity(report.svg.len() + 16 * 1024);
    let title = format!("Review report: {}", report.source);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escape(&title),
        escape(&title)
    );
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape(&meta_line(report)));
    summary(report, &mut out);
    narrative(report, &mut out);
    let _ = writeln!(
        out,
        "<h2 id=\"diagram\">Diagram</h2>\n<div class=\"diagram\">\n{}</div>",
        report.svg
    );
    findings(report, &mut out);
    out.push_str("</body>\n</html>\n");
    out
}

/// The line under the title: date, size and the tool that wrote it.
pub(super) fn meta_line(report: &Report) -> String {
    let entities: Vec<String> = report
        .entity_counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(kind, n)| format!("{n} {}{}", kind.label(), if *n == 1 { "" } else { "s" }))
        .collect();
    let entities = if entities.is_empty() {
        "no entities".to_owned()
    } else {
        entities.join(", ")
    };
    format!(
        "Judged as of {} · {entities} · written by CSP Network Studio {}",
        report.as_of,
        env!("CARGO_PKG_VERSION")
    )
}

/// "1 error, 2 warnings, 0 infos".
pub(super) fn totals_phrase((errors, warnings, infos): (usize, usize, usize)) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(infos, "info")
    )
}

fn summary(report: &Report, out: &mut String) {
    let _ = writeln!(
        out,
        "<h2 id=\"summary\">Summary</h2>\n<p><strong>{}</strong></p>",
        totals_phrase(report.totals)
    );
    if report.rules.is_empty() {
        out.push_str("<p>No rule found anything to report.</p>\n");
        return;
    }
    out.push_str(
        "<table>\n<thead><tr><th>Code</th><th>Rule</th><th>Errors</th><th>Warnings</th>\
         <th>Infos</th></tr></thead>\n<tbody>\n",
    );
    for group in &report.rules {
        let (e, w, i) = group.counts;
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#{code}\">{code}</a></td><td>{}</td><td class=\"n\">{e}</td>\
             <td class=\"n\">{w}</td><td class=\"n\">{i}</td></tr>",
            escape(group.title()),
            code = escape(group.code),
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn narrative(report: &Report, out: &mut String) {
    let Some(narrative) = &report.narrative else {
        return;
    };
    let _ = writeln!(
        out,
        "<h2 id=\"narrative\">Narrative</h2>\n<h3>{}</h3>",
        escape(&narrative.title)
    );
    for paragraph in narrative
        .text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
    {
        let _ = writeln!(out, "<p>{}</p>", escape(paragraph.trim()));
    }
    if !narrative.steps.is_empty() {
        out.push_str("<ol>\n");
        for step in &narrative.steps {
            let _ = writeln!(out, "<li>{}</li>", escape(&step.text));
        }
        out.push_str("</ol>\n");
    }
}

fn findings(report: &Report, out: &mut String) {
    out.push_str("<h2 id=\"findings\">Findings</h2>\n");
    if report.rules.is_empty() {
        out.push_str("<p>None.</p>\n");
    }
    for group in &report.rules {
        rule_section(group, out);
    }
}

fn rule_section(group: &RuleFindings, out: &mut String) {
    let severity = group.rule.map_or(group.worst(), |r| r.severity);
    let _ = writeln!(
        out,
        "<section id=\"{code}\">\n<h3><span class=\"{sev}\">{code}</span> {}</h3>\n\
         <p class=\"meta\">Severity in the catalogue: {sev} · {} finding{}</p>",
        escape(group.title()),
        group.findings.len(),
        if group.findings.len() == 1 { "" } else { "s" },
        code = escape(group.code),
        sev = severity.label(),
    );
    if let Some(rule) = group.rule {
        out.push_str("<details open class=\"explanation\">\n<summary>About this rule</summary>\n");
        explanation(&explanation_text(rule), out);
        out.push_str("</details>\n");
    }
    out.push_str("<ol class=\"findings\">\n");
    for finding in &group.findings {
        finding_item(finding, out);
    }
    out.push_str("</ol>\n</section>\n");
}

fn finding_item(finding: &Finding, out: &mut String) {
    let _ = write!(
        out,
        "<li><span class=\"sev {sev}\">{sev}</span> {}",
        escape(&finding.message),
        sev = finding.severity.label()
    );
    if !finding.entities.is_empty() {
        out.push_str("\n<ul class=\"entities\">\n");
        for entity in &finding.entities {
            let _ = writeln!(out, "<li>{}</li>", entity_html(entity));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</li>\n");
}

fn entity_html(entity: &NamedEntity) -> String {
    let kind = entity.kind.map_or("not in the workspace", |k| k.label());
    if entity.name == entity.id {
        format!("<code>{}</code> ({kind})", escape(&entity.id))
    } else {
        format!(
            "{} — <code>{}</code> ({kind})",
            escape(&entity.name),
            escape(&entity.id)
        )
    }
}

/// The registry's explanation (headings, paragraphs, numbered points, `code`) as HTML.
fn explanation(text: &str, out: &mut String) {
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, out: &mut String| {
        if !paragraph.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", inline_code(&escape(&paragraph.join(" "))));
            paragraph.clear();
        }
    };
    for line in text.lines() {
        let line = line.trim_end();
        if let Some(heading) = line.strip_prefix("## ") {
            flush(&mut paragraph, out);
            let _ = writeln!(out, "<h4>{}</h4>", escape(heading));
        } else if line.trim().is_empty() {
            flush(&mut paragraph, out);
        } else {
            if starts_a_point(line) {
                flush(&mut paragraph, out);
            }
            paragraph.push(line.trim());
        }
    }
    flush(&mut paragraph, out);
}

/// A numbered or bulleted point starts its own paragraph.
fn starts_a_point(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("- ")
        || line
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Turns `backticked` spans of already escaped text into code elements.
fn inline_code(escaped: &str) -> String {
    let mut out = String::with_capacity(escaped.len());
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// Escapes text for HTML content and attribute values alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
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

    fn svg_part(html: &str) -> &str {
        let start = html.find("<svg").unwrap_or_else(|| panic!("no inline SVG"));
        let end = html
            .rfind("</svg>")
            .map_or(html.len(), |e| e + "</svg>".len());
        &html[start..end]
    }

    #[test]
    fn every_scenario_reports_every_code_and_the_right_totals() {
        for (name, ws) in scenarios() {
            let diagnostics = rules::check(&ws);
            let html = render(&Report::new(&ws, &name));
            let (e, w, i) = rules::counts(&diagnostics);
            assert!(
                html.contains(&totals_phrase((e, w, i))),
                "{name}: totals missing"
            );
            for d in &diagnostics {
                assert!(
                    html.contains(&format!("id=\"{}\"", d.code)),
                    "{name}: {}",
                    d.code
                );
                assert!(html.contains(&escape(&d.message)), "{name}: {}", d.message);
                let rule = rules::find_rule(d.code).unwrap_or_else(|| panic!("{}", d.code));
                assert!(
                    html.contains(&escape(rule.title)),
                    "{name}: title of {}",
                    d.code
                );
            }
            let findings = html.matches("<li><span class=\"sev ").count();
            assert_eq!(findings, diagnostics.len(), "{name}");
            if let Some(narrative) = &ws.narrative {
                assert!(
                    html.contains(&escape(&narrative.title)),
                    "{name}: narrative"
                );
            }
        }
    }

    #[test]
    fn the_explanation_of_each_rule_is_written_once() {
        let (name, ws) = scenarios()
            .into_iter()
            .find(|(n, _)| n == "s7-forbidden-other-region.ron")
            .unwrap_or_else(|| panic!("scenario 7 missing"));
        let html = render(&Report::new(&ws, &name));
        assert_eq!(html.matches("About this rule").count(), 1, "{name}");
        assert!(html.contains("<h4>What it checks</h4>"));
        assert!(html.contains("<h4>Why</h4>"));
    }

    #[test]
    fn user_text_is_escaped_everywhere() {
        let html = render(&Report::new(&hostile(), "<b>file</b> & co.ron"));
        assert!(!html.contains("<script"), "a name became markup");
        assert!(!html.contains("<b>file"), "the file name became markup");
        assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons"));
        assert!(html.contains("&lt;b&gt;file&lt;/b&gt; &amp; co.ron"));
        assert!(!html.contains(HOSTILE));
    }

    #[test]
    fn the_inlined_diagram_is_well_formed_svg_naming_the_entities() {
        for (name, ws) in scenarios()
            .into_iter()
            .chain([("hostile".into(), hostile())])
        {
            let html = render(&Report::new(&ws, &name));
            let svg = svg_part(&html);
            let doc = resvg::usvg::roxmltree::Document::parse(svg)
                .unwrap_or_else(|e| panic!("{name}: the SVG does not parse: {e}"));
            assert_eq!(doc.root_element().tag_name().name(), "svg", "{name}");
            let texts: String = doc
                .descendants()
                .filter_map(|n| n.text())
                .collect::<Vec<_>>()
                .join("\n");
            let fits = |n: &str| crate::layout::svg::clip(n, crate::layout::svg::NAME_WIDTH) == n;
            for org in ws.organizations.iter().filter(|o| fits(&o.name)) {
                assert!(texts.contains(&org.name), "{name}: {} not drawn", org.name);
            }
        }
    }

    #[test]
    fn the_file_stands_alone() {
        let html = render(&Report::new(&hostile(), "s6"));
        for outside in [
            "<link",
            "<script",
            "src=",
            "@import",
            "href=\"http",
            "href=\"//",
        ] {
            assert!(!html.contains(outside), "found {outside}");
        }
        let references = html.matches("url(").count();
        assert_eq!(
            references,
            html.matches("url(#").count(),
            "a url() leaves the file"
        );
        let links = html.matches("href=\"").count();
        assert_eq!(
            links,
            html.matches("href=\"#").count(),
            "a link leaves the file"
        );
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.trim_end().ends_with("</html>"));
    }

    #[test]
    fn explanations_keep_their_headings_and_code() {
        let mut out = String::new();
        explanation(
            "## What it checks\nOne line\nand the next.\n1. first\n2. second `x<y`\n",
            &mut out,
        );
        assert_eq!(
            out,
            "<h4>What it checks</h4>\n<p>One line and the next.</p>\n<p>1. first</p>\n\
             <p>2. second <code>x&lt;y</code></p>\n"
        );
    }
}
