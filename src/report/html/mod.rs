//! The report as one self-contained HTML page: inline CSS and SVG, no
//! scripts, nothing fetched, printable on A4 and Letter. The words are the
//! text report's own (the helpers of `text.rs`); this module lays out the
//! page, `timeline.rs` draws the SVG and `sections.rs` the tables.

mod index;
mod sections;
mod timeline;

pub use index::{render_index, IndexRow};

use std::fmt::Write as _;

use crate::program::Program;
use crate::report::text::render_term_roundings;
use crate::report::tracked::tracked_obligations;
use crate::report::WholeRun;

/// Text made safe for HTML content and attribute values.
pub(super) fn escape(text: &str) -> String {
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

const STYLE: &str = r#"
:root { --met: #2e7d32; --late: #e65100; --breached: #c62828; --open: #1565c0; --closed: #e4e4e4; }
* { box-sizing: border-box; }
body { font: 15px/1.45 Georgia, "Times New Roman", serif; color: #1a1a1a; margin: 0 auto; padding: 1.5rem; max-width: 78rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #999; margin-top: 2rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .8rem 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
.incomplete-banner { border: 3px solid var(--breached); background: #fdecea; color: #7f0000; padding: .8rem 1rem; font: bold 1.05rem/1.3 sans-serif; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: .9rem; }
th, td { border: 1px solid #bbb; padding: .35rem .45rem; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
thead th { background: #f0f0f0; }
td ul { margin: 0; padding-left: 1.1rem; }
tr.refused td.decision { color: var(--breached); font-weight: bold; }
tr.deadline-passed td { background: #fdecea; }
tr.incomplete-row td { background: #fdecea; color: #7f0000; font: bold 1rem sans-serif; }
blockquote.clause { margin: 0 0 .4rem; padding-left: .5rem; border-left: 3px solid #bbb; }
blockquote.clause cite { display: block; font-style: normal; font-weight: bold; }
.reading { margin: 0 0 .4rem; }
code { font-size: .9em; }
svg.timeline { display: block; width: 100%; height: auto; font: 11px sans-serif; }
svg.timeline .axis, svg.timeline .tick line { stroke: #888; stroke-width: 1; }
svg.timeline .tick line { stroke-dasharray: 2 3; stroke: #ccc; }
svg.timeline .tick text { fill: #444; font-size: 10px; }
svg.timeline text.span { fill: #444; font-size: 10px; font-weight: bold; }
svg.timeline .closure rect { fill: var(--closed); }
svg.timeline .event-mark circle { fill: #333; stroke: #fff; stroke-width: 1.5; }
svg.timeline .event-mark.outcome-refused circle { fill: var(--breached); }
svg.timeline .event-mark.outcome-noted circle { fill: #999; }
svg.timeline .deemed-mark line { stroke: #555; stroke-dasharray: 2 2; }
svg.timeline .deemed-mark polygon { fill: #fff; stroke: #333; stroke-width: 1.5; }
svg.timeline .deadline-mark path { stroke: var(--breached); stroke-width: 2.5; }
svg.timeline .obligation-bar text { fill: #222; }
svg.timeline .status-met rect { fill: var(--met); }
svg.timeline .status-late rect { fill: var(--late); }
svg.timeline .status-breached rect { fill: var(--breached); }
svg.timeline .status-open rect { fill: var(--open); }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; font: .85rem sans-serif; }
ul.legend span.swatch { display: inline-block; width: 1.6em; height: .8em; margin-right: .35em; vertical-align: middle; border: 1px solid #666; }
.swatch.met { background: var(--met); } .swatch.late { background: var(--late); }
.swatch.breached { background: var(--breached); } .swatch.open { background: var(--open); }
.swatch.closed { background: var(--closed); } .swatch.event { background: #333; border-radius: 50%; width: .8em !important; }
.swatch.deemed { background: #fff; transform: rotate(45deg); width: .7em !important; height: .7em !important; }
.swatch.deadline { background: var(--breached); width: .3em !important; }
@page { size: auto; margin: 14mm 12mm; }
@media print {
  body { font-size: 9pt; padding: 0; max-width: none; }
  h2 { break-after: avoid; }
  table { font-size: 8pt; }
  thead { display: table-header-group; }
  tr, blockquote.clause, svg.timeline { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// The whole page.
pub fn render_html(program: &Program, run: &WholeRun) -> String {
    let tracked = tracked_obligations(program, run.entries);
    let mut page = String::new();
    let title = match run.scenario {
        Some(scenario) => format!("{} — {scenario}", program.title),
        None => program.title.clone(),
    };
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&title)
    );
    if let Some(stopped) = run.stopped {
        let _ = writeln!(
            page,
            "<div class=\"incomplete-banner\" role=\"alert\">REPORT INCOMPLETE: {}. \
             Only the events before that point are shown; there is no final state.</div>",
            escape(stopped)
        );
    }
    page.push_str(&header(program, run));
    page.push_str("<section id=\"timeline\">\n<h2>Timeline</h2>\n");
    page.push_str(&timeline::timeline_svg(program, run.entries, &tracked));
    page.push_str(LEGEND);
    page.push_str("</section>\n");
    page.push_str(&sections::events_table(program, run));
    page.push_str(&sections::ledger(program, run));
    page.push_str(&sections::obligations_table(program, &tracked));
    if run.stopped.is_none() {
        page.push_str(&sections::end_of_run(program, run.summary));
    }
    page.push_str(&readings(program));
    page.push_str("</body>\n</html>\n");
    page
}

const LEGEND: &str = "<ul class=\"legend\">\
<li><span class=\"swatch event\"></span>event</li>\
<li><span class=\"swatch deemed\"></span>deemed receipt</li>\
<li><span class=\"swatch deadline\"></span>deadline passed unperformed</li>\
<li><span class=\"swatch met\"></span>obligation met</li>\
<li><span class=\"swatch late\"></span>performed late</li>\
<li><span class=\"swatch breached\"></span>breached</li>\
<li><span class=\"swatch open\"></span>open</li>\
<li><span class=\"swatch closed\"></span>closed day (holiday)</li>\
</ul>\n";

/// Title, parties, scenario, zone and calendars, and what the clause file states.
fn header(program: &Program, run: &WholeRun) -> String {
    let mut out = String::from("<header>\n");
    let _ = writeln!(out, "<h1>{}</h1>", escape(&program.title));
    out.push_str("<dl class=\"facts\">\n");
    let mut fact = |term: &str, value: &str| {
        let _ = writeln!(out, "<dt>{term}</dt><dd>{}</dd>", escape(value));
    };
    for party in &program.parties {
        let role = match party.role {
            crate::syntax::ast::PartyRole::Issuer => "issuer",
            crate::syntax::ast::PartyRole::Holder => "holder",
            crate::syntax::ast::PartyRole::Party => "party",
        };
        fact(
            "party",
            &format!("{} (“{}”, {role})", party.legal_name, party.name),
        );
    }
    if let Some(dated) = program.dated {
        fact("dated", &dated.to_string());
    }
    if let Some(law) = &program.governing_law {
        fact("governing law", law);
    }
    fact("clause file", program.source.name());
    match run.scenario {
        Some(scenario) => fact("scenario", &format!("{scenario} ({})", run.stream)),
        None => fact("events", run.stream),
    }
    fact("local time", program.zone.name());
    let calendar_reading = crate::report::calendar_readings_note(program);
    fact(
        "business days",
        &format!("{}{calendar_reading}", program.calendar.name()),
    );
    if program.trading_calendar.name() != program.calendar.name() {
        fact("trading days", program.trading_calendar.name());
    }
    for line in render_term_roundings(program).lines() {
        fact("rounding", line);
    }
    out.push_str("</dl>\n");
    out.push_str("</header>\n");
    out
}

/// The readings the clause file states, in full: the events cite them by id.
fn readings(program: &Program) -> String {
    let mut out = String::new();
    if program.readings.is_empty() {
        return out;
    }
    out.push_str("<section id=\"readings\">\n<h2>Readings stated in the clause file</h2>\n<ul>\n");
    for reading in &program.readings {
        let _ = writeln!(
            out,
            "<li><strong>{} (§{}) {}</strong>: {}</li>",
            escape(&reading.id),
            escape(program.clause_number(reading.clause)),
            escape(&reading.title),
            escape(&one_line(&reading.body))
        );
    }
    out.push_str("</ul>\n</section>\n");
    out
}

/// Text written over several lines in the clause file, as one line.
pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
