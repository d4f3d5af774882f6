//! The report as Markdown, for a memo or a pull request: the HTML report's
//! content without the timeline, as headings, tables and bullet lists, in
//! the text report's words (through `cells.rs`).

use std::fmt::Write as _;

use crate::program::Program;
use crate::report::cells::{entry_cells, EntryCells};
use crate::report::text::{display_declared, display_value, party_name, render_term_roundings};
use crate::report::tracked::{status_word, tracked_obligations};
use crate::report::{obligation_label, Summary, WholeRun};

/// Text for a table cell: `|` escaped so it does not end the cell, line
/// breaks folded, and `<` written as an entity so nothing reads as HTML.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
}

/// Text outside a table: only `<` is guarded.
fn prose(text: &str) -> String {
    cell(text).replace("\\|", "|").replace("\\\\", "\\")
}

/// Several lines in one cell.
fn cell_lines(lines: &[String]) -> String {
    lines
        .iter()
        .map(|line| cell(line))
        .collect::<Vec<_>>()
        .join("<br>")
}

pub fn render_markdown(program: &Program, run: &WholeRun) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", prose(&program.title));
    if let Some(stopped) = run.stopped {
        let _ = writeln!(
            out,
            "> **REPORT INCOMPLETE: {}.** Only the events before that point are shown; there is no final state.\n",
            prose(stopped)
        );
    }
    out.push_str(&header(program, run));
    out.push_str(&events(program, run));
    out.push_str(&ledger(program, run));
    out.push_str(&obligations(program, run));
    if run.stopped.is_none() {
        out.push_str(&end_of_run(program, run.summary));
    }
    out
}

fn header(program: &Program, run: &WholeRun) -> String {
    let mut out = String::new();
    for party in &program.parties {
        let _ = writeln!(
            out,
            "- **Party:** {} (“{}”)",
            prose(&party.legal_name),
            prose(&party.name)
        );
    }
    let _ = writeln!(out, "- **Clause file:** `{}`", program.source.name());
    match run.scenario {
        Some(title) => {
            let _ = writeln!(out, "- **Scenario:** {} (`{}`)", prose(title), run.stream);
        }
        None => {
            let _ = writeln!(out, "- **Events:** `{}`", run.stream);
        }
    }
    let _ = writeln!(out, "- **Local time:** {}", program.zone.name());
    let _ = writeln!(out, "- **Business days:** {}", program.calendar.name());
    if program.trading_calendar.name() != program.calendar.name() {
        let _ = writeln!(
            out,
            "- **Trading days:** {}",
            program.trading_calendar.name()
        );
    }
    for line in render_term_roundings(program).lines() {
        let _ = writeln!(out, "- **Rounding:** {}", prose(line));
    }
    out.push('\n');
    out
}

fn events(program: &Program, run: &WholeRun) -> String {
    let mut out = String::from(
        "## Events\n\n| When | Event | Decision | Changes and computations |\n|---|---|---|---|\n",
    );
    let all: Vec<EntryCells> = run
        .entries
        .iter()
        .map(|entry| entry_cells(program, entry))
        .collect();
    for cells in &all {
        let mut when = cell_lines(&cells.when);
        if let Some(line) = cells.line {
            let _ = write!(when, "<br>line {line}");
        }
        let mut event = format!("**{}**", cell(&cells.event));
        if let Some(deemed) = &cells.deemed {
            let _ = write!(event, "<br>{}", cell(deemed));
        }
        let mut done: Vec<String> = cells.changes.iter().map(|c| c.words()).collect();
        done.extend(cells.computations.iter().cloned());
        let _ = writeln!(
            out,
            "| {when} | {event} | {} | {} |",
            cell_lines(&cells.decision),
            cell_lines(&done)
        );
    }
    if let Some(stopped) = run.stopped {
        let _ = writeln!(
            out,
            "| **REPORT INCOMPLETE** | {} | nothing after this point was applied | |",
            cell(stopped)
        );
    }
    let grounded: Vec<&EntryCells> = all
        .iter()
        .filter(|c| !c.clauses.is_empty() || !c.readings.is_empty())
        .collect();
    if !grounded.is_empty() {
        out.push_str("\n### Clauses and readings relied on\n");
    }
    let mut quoted: Vec<String> = Vec::new();
    for cells in grounded {
        let _ = writeln!(
            out,
            "\n**{} — {}**\n",
            prose(cells.when.first().map_or("", String::as_str)),
            prose(&cells.event)
        );
        for clause in &cells.clauses {
            // Each section's words once; later events cite it by label.
            let text = if quoted.contains(&clause.label) {
                "_(quoted above)_".to_string()
            } else {
                quoted.push(clause.label.clone());
                clause.text.as_deref().map_or_else(
                    || "_(the clause file quotes no text for this section)_".to_string(),
                    prose,
                )
            };
            let _ = writeln!(out, "> **{}**: {text}\n", prose(&clause.label));
        }
        for (reading, words) in &cells.readings {
            let _ = writeln!(
                out,
                "- relied on reading **{}**: {}",
                prose(reading),
                prose(words)
            );
        }
    }
    out.push('\n');
    out
}

fn ledger(program: &Program, run: &WholeRun) -> String {
    let mut out = String::from(
        "## Adjustment ledger\n\n| When | Clause | What | Old → new | Roundings and formulas in that event |\n|---|---|---|---|---|\n",
    );
    let mut any = false;
    for entry in run.entries {
        let cells = entry_cells(program, entry);
        let when = cells.when.first().cloned().unwrap_or_default();
        for (index, change) in cells.changes.iter().enumerate() {
            any = true;
            let values = change.values.as_ref().map_or_else(
                || "(new instance)".to_string(),
                |(before, after)| format!("{} → {}", cell(before), cell(after)),
            );
            // Once per event, on its first change.
            let computations = if index == 0 {
                cell_lines(&cells.computations)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {values} | {computations} |",
                cell(&when),
                cell(&change.clause),
                cell(&change.what)
            );
        }
    }
    if !any {
        out.push_str("| | | no state or field changed | | |\n");
    }
    out.push('\n');
    out
}

fn obligations(program: &Program, run: &WholeRun) -> String {
    let tracked = tracked_obligations(program, run.entries);
    let mut out = String::from("## Obligations\n\n");
    if tracked.is_empty() {
        out.push_str("No obligation arose.\n\n");
        return out;
    }
    out.push_str(
        "| Clause | Obligation | Duty | Arose | Deadline | Status |\n|---|---|---|---|---|---|\n",
    );
    for obligation in &tracked {
        let duty = program
            .obligations
            .get(obligation.obligation)
            .map_or_else(String::new, |o| {
                format!("{} must {}", party_name(program, o.party), o.duty)
            });
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} |",
            cell(&program.clause_label(obligation.clause)),
            cell(&obligation_label(
                program,
                obligation.obligation,
                obligation.owner
            )),
            cell(&duty),
            obligation.arose,
            obligation.deadline,
            obligation.status_word()
        );
    }
    out.push('\n');
    out
}

fn end_of_run(program: &Program, summary: &Summary) -> String {
    let mut out = String::from("## End of the run\n\n");
    let _ = writeln!(
        out,
        "{} event{}, {} accepted, {} refused.\n",
        summary.events,
        if summary.events == 1 { "" } else { "s" },
        summary.accepted,
        summary.refused
    );
    out.push_str("### Obligations outstanding\n\n");
    if summary.open.is_empty() {
        out.push_str("None.\n");
    }
    for note in &summary.open {
        let Some(obligation) = program.obligations.get(note.obligation) else {
            continue;
        };
        let _ = writeln!(
            out,
            "- §{} `{}` ({}): {} must {} by {}",
            prose(program.clause_number(obligation.clause)),
            obligation_label(program, note.obligation, note.owner),
            status_word(note.status),
            prose(&party_name(program, obligation.party)),
            prose(&obligation.duty),
            note.deadline
        );
    }
    out.push('\n');
    if !program.state.is_empty() {
        out.push_str("### Final state\n\n| State | Value |\n|---|---|\n");
        for (var, value) in program.state.iter().zip(&summary.state) {
            let _ = writeln!(
                out,
                "| {} | {} |",
                cell(&var.name),
                cell(&display_declared(program, value, var.shown))
            );
        }
        out.push('\n');
    }
    for (record, rows) in summary.records.iter().enumerate() {
        let Some(def) = program.records.get(record) else {
            continue;
        };
        for (index, row) in rows.iter().enumerate() {
            let label = program.instance_label(record, u32::try_from(index).unwrap_or(u32::MAX));
            let _ = writeln!(out, "### {}\n\n| Field | Value |\n|---|---|", prose(&label));
            for (field, value) in def.fields.iter().zip(row) {
                let _ = writeln!(
                    out,
                    "| {} | {} |",
                    cell(&field.name),
                    cell(&display_value(program, value))
                );
            }
            out.push('\n');
        }
    }
    out
}
