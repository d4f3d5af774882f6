//! The tables of the HTML report: events with their decisions and the
//! clauses behind them, the adjustment ledger, the obligations tracked, and
//! the end of the run (counts, what is outstanding, the final state).

use std::fmt::Write as _;

use crate::program::Program;
use crate::report::cells::{entry_cells, EntryCells};
use crate::report::text::{display_declared, display_value, party_name};
use crate::report::tracked::Tracked;
use crate::report::{obligation_label, Summary, WholeRun};

use super::escape;

/// `<ul>` of the lines, each escaped; nothing for none.
fn list(lines: &[String]) -> String {
    if lines.is_empty() {
        return String::new();
    }
    let mut out = String::from("<ul>");
    for line in lines {
        let _ = write!(out, "<li>{}</li>", escape(line));
    }
    out.push_str("</ul>");
    out
}

fn incomplete_row(stopped: &str, columns: usize) -> String {
    format!(
        "<tr class=\"incomplete-row\"><td colspan=\"{columns}\">REPORT INCOMPLETE: {}. Nothing after this point was applied.</td></tr>\n",
        escape(stopped)
    )
}

/// One row per entry: when, what, the decision, what changed and was
/// computed, and the clauses and readings it rests on.
pub fn events_table(program: &Program, run: &WholeRun) -> String {
    let mut out = String::from(
        "<section id=\"events\">\n<h2>Events</h2>\n<table class=\"events\">\n\
         <colgroup><col style=\"width:12%\"><col style=\"width:17%\"><col style=\"width:23%\">\
         <col style=\"width:22%\"><col style=\"width:26%\"></colgroup>\n\
         <thead><tr><th>When</th><th>Event</th><th>Decision</th><th>Changes and computations</th>\
         <th>Clauses and readings relied on</th></tr></thead>\n<tbody>\n",
    );
    for entry in run.entries {
        out.push_str(&event_row(&entry_cells(program, entry)));
    }
    if let Some(stopped) = run.stopped {
        out.push_str(&incomplete_row(stopped, 5));
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</section>");
    out
}

fn event_row(cells: &EntryCells) -> String {
    let class = if cells.line.is_none() && cells.event == "deadline passed" {
        "deadline-passed"
    } else if cells.refused {
        "refused"
    } else {
        "event"
    };
    let mut when = cells
        .when
        .iter()
        .map(|w| escape(w))
        .collect::<Vec<_>>()
        .join("<br>");
    if let Some(line) = cells.line {
        let _ = write!(when, "<br><small>line {line}</small>");
    }
    let mut event = format!("<strong>{}</strong>", escape(&cells.event));
    if let Some(deemed) = &cells.deemed {
        let _ = write!(event, "<br>{}", escape(deemed));
    }
    let changes: Vec<String> = cells.changes.iter().map(|c| c.words()).collect();
    let mut done = list(&changes);
    done.push_str(&list(&cells.computations));
    let mut grounds = String::new();
    for clause in &cells.clauses {
        let text = clause.text.as_deref().map_or_else(
            || "<em>(the clause file quotes no text for this section)</em>".to_string(),
            escape,
        );
        let _ = write!(
            grounds,
            "<blockquote class=\"clause\"><cite>{}</cite>{text}</blockquote>",
            escape(&clause.label)
        );
    }
    for (reading, words) in &cells.readings {
        let _ = write!(
            grounds,
            "<p class=\"reading\"><strong>relied on reading {}</strong>: {}</p>",
            escape(reading),
            escape(words)
        );
    }
    format!(
        "<tr class=\"{class}\"><td>{when}</td><td>{event}</td><td class=\"decision\">{}</td><td>{done}</td><td>{grounds}</td></tr>\n",
        list(&cells.decision)
    )
}

/// Every change to state or to an instance's fields, in order, with the
/// roundings and formulas of the event that made it.
pub fn ledger(program: &Program, run: &WholeRun) -> String {
    let mut out = String::from(
        "<section id=\"ledger\">\n<h2>Adjustment ledger</h2>\n<table class=\"ledger\">\n\
         <colgroup><col style=\"width:15%\"><col style=\"width:17%\"><col style=\"width:18%\">\
         <col style=\"width:22%\"><col style=\"width:28%\"></colgroup>\n\
         <thead><tr><th>When</th><th>Clause</th><th>What</th><th>Old → new</th>\
         <th>Roundings and formulas in that event</th></tr></thead>\n<tbody>\n",
    );
    let mut any = false;
    for entry in run.entries {
        let cells = entry_cells(program, entry);
        let when = cells.when.first().cloned().unwrap_or_default();
        for (index, change) in cells.changes.iter().enumerate() {
            any = true;
            let values = change.values.as_ref().map_or_else(
                || "(new instance)".to_string(),
                |(before, after)| format!("{} → {}", escape(before), escape(after)),
            );
            let computations = if index == 0 {
                format!(
                    "<td rowspan=\"{}\">{}</td>",
                    cells.changes.len(),
                    list(&cells.computations)
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{values}</td>{computations}</tr>",
                escape(&when),
                escape(&change.clause),
                escape(&change.what)
            );
        }
    }
    if !any {
        out.push_str("<tr><td colspan=\"5\">No state or field changed.</td></tr>\n");
    }
    if let Some(stopped) = run.stopped {
        out.push_str(&incomplete_row(stopped, 5));
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
    out
}

/// Every obligation the run tracked, as the timeline draws it.
pub fn obligations_table(program: &Program, tracked: &[Tracked]) -> String {
    let mut out = String::from("<section id=\"obligations\">\n<h2>Obligations</h2>\n");
    if tracked.is_empty() {
        out.push_str("<p>No obligation arose.</p>\n</section>\n");
        return out;
    }
    out.push_str(
        "<table class=\"obligations\">\n<thead><tr><th>Clause</th><th>Obligation</th><th>Duty</th>\
         <th>Arose</th><th>Deadline</th><th>Status</th></tr></thead>\n<tbody>\n",
    );
    for obligation in tracked {
        let duty = program
            .obligations
            .get(obligation.obligation)
            .map_or_else(String::new, |o| {
                format!("{} must {}", party_name(program, o.party), o.duty)
            });
        let _ = writeln!(
            out,
            "<tr class=\"status-{}\"><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            obligation.status_word(),
            escape(&program.clause_label(obligation.clause)),
            escape(&obligation_label(program, obligation.obligation, obligation.owner)),
            escape(&duty),
            obligation.arose,
            obligation.deadline,
            obligation.status_word()
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
    out
}

/// The counts, what is still owed, the final state and every instance.
pub fn end_of_run(program: &Program, summary: &Summary) -> String {
    let mut out = String::from("<section id=\"end\">\n<h2>End of the run</h2>\n");
    let _ = writeln!(
        out,
        "<p>{} event{}, {} accepted, {} refused.</p>",
        summary.events,
        if summary.events == 1 { "" } else { "s" },
        summary.accepted,
        summary.refused
    );
    out.push_str("<h3>Obligations outstanding</h3>\n");
    if summary.open.is_empty() {
        out.push_str("<p>None.</p>\n");
    } else {
        out.push_str("<ul class=\"outstanding\">\n");
        for note in &summary.open {
            let Some(obligation) = program.obligations.get(note.obligation) else {
                continue;
            };
            let status = crate::report::tracked::status_word(note.status);
            let _ = writeln!(
                out,
                "<li class=\"status-{status}\">§{} <code>{}</code> ({status}): {} must {} by {}</li>",
                escape(program.clause_number(obligation.clause)),
                escape(&obligation_label(program, note.obligation, note.owner)),
                escape(&party_name(program, obligation.party)),
                escape(&obligation.duty),
                note.deadline
            );
        }
        out.push_str("</ul>\n");
    }
    if !program.state.is_empty() {
        out.push_str("<h3>Final state</h3>\n<table class=\"state\">\n<tbody>\n");
        for (var, value) in program.state.iter().zip(&summary.state) {
            let _ = writeln!(
                out,
                "<tr><th>{}</th><td>{}</td></tr>",
                escape(&var.name),
                escape(&display_declared(program, value, var.shown))
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    for (record, rows) in summary.records.iter().enumerate() {
        let Some(def) = program.records.get(record) else {
            continue;
        };
        for (index, row) in rows.iter().enumerate() {
            let label = program.instance_label(record, u32::try_from(index).unwrap_or(u32::MAX));
            let _ = writeln!(
                out,
                "<h3>{}</h3>\n<table class=\"instance\">\n<tbody>",
                escape(&label)
            );
            for (field, value) in def.fields.iter().zip(row) {
                let _ = writeln!(
                    out,
                    "<tr><th>{}</th><td>{}</td></tr>",
                    escape(&field.name),
                    escape(&display_value(program, value))
                );
            }
            out.push_str("</tbody>\n</table>\n");
        }
    }
    out.push_str("</section>\n");
    out
}
