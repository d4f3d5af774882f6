//! Snapshots of scenario outcomes: the full report of a run as text a lawyer
//! can read and version control diffs well, and an event-by-event diff of two
//! such reports. Pure: reading and writing files is `store.rs`'s job.

use std::fmt::Write as _;

use similar::{capture_diff_slices, Algorithm, ChangeTag, DiffOp, TextDiff};

use crate::program::Program;
use crate::report::{
    render_entry_with, render_summary, render_term_roundings, Entry, Layout, Summary,
};

/// What a run produced, as the snapshot shows it: its entries, and either
/// the diagnostic that stopped it or its end summary.
#[derive(Clone, Copy)]
pub struct RunOutcome<'a> {
    pub entries: &'a [Entry],
    pub summary: &'a Summary,
    pub stopped: Option<&'a str>,
}

/// The accepted form of a scenario's outcome. It names the scenario and the
/// contract as the scenario writes them, so it reads the same wherever
/// `pactum test` is run from.
pub fn render_snapshot(
    program: &Program,
    title: &str,
    contract: &str,
    run: RunOutcome<'_>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "scenario: {title}");
    let _ = writeln!(out, "contract: {contract} ({})", program.title);
    out.push_str(&render_term_roundings(program));
    for entry in run.entries {
        out.push_str(&render_entry_with(program, entry, Layout::Snapshot));
    }
    match run.stopped {
        // The run did not end, so there is no summary: what stopped it is the outcome.
        Some(diagnostic) => {
            let _ = writeln!(out, "\nstopped by the expected diagnostic:\n{diagnostic}");
        }
        None => out.push_str(&render_summary(program, run.summary)),
    }
    out
}

/// The accepted form of a scenario that expected its check to stop with a
/// diagnostic: the diagnostics, rendered without colour.
pub fn render_diagnosed_snapshot(
    program: &Program,
    title: &str,
    contract: &str,
    diagnostics: &[String],
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "scenario: {title}");
    let _ = writeln!(out, "contract: {contract} ({})", program.title);
    let _ = writeln!(out, "\nchecking stopped with the expected diagnostic:");
    for diagnostic in diagnostics {
        let _ = writeln!(out, "{}", diagnostic.trim_end());
    }
    out
}

/// A report cut into blocks: the header, one per event or deadline, the end.
pub fn blocks(report: &str) -> Vec<&str> {
    report
        .split("\n\n")
        .map(|block| block.trim_matches('\n'))
        .filter(|b| !b.is_empty())
        .collect()
}

/// One report block (an event, a deadline, the end) that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockChange<'a> {
    Removed(&'a str),
    Added(&'a str),
    Changed { before: &'a str, after: &'a str },
}

impl BlockChange<'_> {
    /// The block's first line: the event's time and name.
    pub fn title(&self) -> &str {
        let block = match self {
            BlockChange::Removed(block) | BlockChange::Added(block) => block,
            BlockChange::Changed { after, .. } => after,
        };
        block.lines().next().unwrap_or("")
    }
}

/// The blocks that differ between two reports, matched event by event.
pub fn block_changes<'a>(old: &'a str, new: &'a str) -> Vec<BlockChange<'a>> {
    let old_blocks = blocks(old);
    let new_blocks = blocks(new);
    let mut changes = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &old_blocks, &new_blocks) {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        let olds: Vec<&str> = old_blocks
            .iter()
            .skip(old_range.start)
            .take(old_range.len())
            .copied()
            .collect();
        let news: Vec<&str> = new_blocks
            .iter()
            .skip(new_range.start)
            .take(new_range.len())
            .copied()
            .collect();
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete { .. } => changes.extend(olds.into_iter().map(BlockChange::Removed)),
            DiffOp::Insert { .. } => changes.extend(news.into_iter().map(BlockChange::Added)),
            DiffOp::Replace { .. } => {
                let paired = olds.len().min(news.len());
                for (before, after) in olds.iter().zip(&news) {
                    changes.push(BlockChange::Changed { before, after });
                }
                changes.extend(olds.iter().skip(paired).map(|b| BlockChange::Removed(b)));
                changes.extend(news.iter().skip(paired).map(|b| BlockChange::Added(b)));
            }
        }
    }
    changes
}

/// How two reports differ, event by event: changed events with the changed
/// lines marked `-`/`+`, added and removed events whole. Empty when equal.
pub fn diff_reports(old: &str, new: &str, colour: bool) -> String {
    let mut out = String::new();
    for change in block_changes(old, new) {
        match change {
            BlockChange::Removed(block) => write_whole(&mut out, "removed", '-', block, colour),
            BlockChange::Added(block) => write_whole(&mut out, "added", '+', block, colour),
            BlockChange::Changed { before, after } => {
                write_changed(&mut out, before, after, colour)
            }
        }
    }
    out
}

fn with_final_newline(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_empty() || text.ends_with('\n') {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(format!("{text}\n"))
    }
}

/// The lines of a changed block that differ, marked `-` and `+`.
pub fn changed_lines(before: &str, after: &str) -> Vec<String> {
    // A block's last line may lack its newline on one side only; without
    // this, that line would show as removed and added though it is the same.
    let before = with_final_newline(before);
    let after = with_final_newline(after);
    TextDiff::from_lines(before.as_ref(), after.as_ref())
        .iter_all_changes()
        .filter_map(|change| {
            let line = change.value().trim_end_matches('\n');
            match change.tag() {
                ChangeTag::Equal => None,
                ChangeTag::Delete => Some(format!("- {line}")),
                ChangeTag::Insert => Some(format!("+ {line}")),
            }
        })
        .collect()
}

fn paint(text: &str, sign: char, colour: bool) -> String {
    match (colour, sign) {
        (true, '-') => format!("\u{1b}[31m{text}\u{1b}[0m"),
        (true, '+') => format!("\u{1b}[32m{text}\u{1b}[0m"),
        _ => text.to_string(),
    }
}

fn write_whole(out: &mut String, what: &str, sign: char, block: &str, colour: bool) {
    let mut lines = block.lines();
    let first = lines.next().unwrap_or("");
    let _ = writeln!(out, "{what}: {first}");
    for line in block.lines() {
        let _ = writeln!(out, "{}", paint(&format!("{sign} {line}"), sign, colour));
    }
}

fn write_changed(out: &mut String, before: &str, after: &str, colour: bool) {
    let title = after.lines().next().unwrap_or("");
    let _ = writeln!(out, "changed: {title}");
    for line in changed_lines(before, after) {
        let sign = if line.starts_with('-') { '-' } else { '+' };
        let _ = writeln!(out, "{}", paint(&line, sign, colour));
    }
}
