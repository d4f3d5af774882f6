//! The behavioural redline: what a redraft of a clause file changes. Every
//! scenario runs against both versions; the outcomes are compared event by
//! event, and next to them the clauses whose text or encoding changed, with a
//! word-level redline of the contract text.

use std::fmt::Write as _;

use serde_json::{json, Value as Json};
use similar::{ChangeTag, TextDiff};

use crate::check::{check_scenario, Binding};
use crate::program::Program;
use crate::render::render_diagnostic;
use crate::report::display_value;
use crate::snapshot::{block_changes, changed_lines, render_snapshot, BlockChange};
use crate::source::Source;
use crate::syntax::ast::ScenarioFile;
use crate::testing::{run_plan, Failure};

/// A scenario to run against both versions.
pub struct ScenarioInput {
    pub name: String,
    pub source: Source,
    pub file: ScenarioFile,
}

#[derive(Debug, Clone, Default)]
pub struct Redline {
    pub changed: Vec<ScenarioChange>,
    pub unchanged: usize,
    /// Scenarios that could not run against one of the versions, with why.
    pub broken: Vec<(String, String)>,
    pub clauses: Vec<ClauseChange>,
    pub terms: Vec<TermChange>,
    /// Changed lines outside the sections (header, state, kinds, events,
    /// calendars), marked `-`/`+`; defined terms are in `terms`.
    pub declarations: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ScenarioChange {
    pub name: String,
    pub title: String,
    pub events: Vec<EventChange>,
}

#[derive(Debug, Clone)]
pub struct EventChange {
    pub kind: &'static str,
    pub title: String,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ClauseChange {
    pub number: String,
    pub heading: String,
    pub change: &'static str,
    /// The contract text with deletions `[-…-]` and insertions `{+…+}`.
    pub text_redline: Option<String>,
    /// Changed lines of the encoding (rules, readings), marked `-`/`+`.
    pub encoding: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct TermChange {
    pub name: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub fn redline(old: &Program, new: &Program, scenarios: &[ScenarioInput]) -> Redline {
    let mut result = Redline::default();
    for scenario in scenarios {
        let old_report = outcome(old, scenario);
        let new_report = outcome(new, scenario);
        let (old_report, new_report) = match (old_report, new_report) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(why), _) => {
                result.broken.push((
                    scenario.name.clone(),
                    format!("against the old version: {why}"),
                ));
                continue;
            }
            (_, Err(why)) => {
                result.broken.push((
                    scenario.name.clone(),
                    format!("against the new version: {why}"),
                ));
                continue;
            }
        };
        let events = event_changes(&old_report, &new_report);
        if events.is_empty() {
            result.unchanged += 1;
        } else {
            result.changed.push(ScenarioChange {
                name: scenario.name.clone(),
                title: scenario.file.title.value.clone(),
                events,
            });
        }
    }
    result.clauses = clause_changes(old, new);
    result.terms = term_changes(old, new);
    let (old_lines, new_lines) = (declaration_lines(old), declaration_lines(new));
    if old_lines != new_lines {
        result.declarations = changed_lines(&(old_lines + "\n"), &(new_lines + "\n"));
    }
    result
}

/// What each event did differently between two reports of one scenario
/// (as [`run_scenario`] gives them); empty when the outcomes agree.
pub fn event_changes(old_report: &str, new_report: &str) -> Vec<EventChange> {
    // The last block is the end-of-run summary, whose `final state:`
    // repeats what the changes above it say: a redline lists what each
    // event itself did differently.
    block_changes(old_report, new_report)
        .into_iter()
        .filter(|change| !change.title().starts_with("end:"))
        .map(|change| match change {
            BlockChange::Removed(block) => EventChange {
                kind: "removed",
                title: first_line(block),
                lines: block.lines().skip(1).map(|l| format!("- {l}")).collect(),
            },
            BlockChange::Added(block) => EventChange {
                kind: "added",
                title: first_line(block),
                lines: block.lines().skip(1).map(|l| format!("+ {l}")).collect(),
            },
            BlockChange::Changed { before, after } => EventChange {
                kind: "changed",
                title: first_line(after),
                lines: changed_lines(before, after),
            },
        })
        .filter(|event| !event.lines.is_empty())
        .collect()
}

/// The clause file outside its sections, one trimmed line each, without
/// comments, blank lines and `define`s (those are compared by value).
fn declaration_lines(program: &Program) -> String {
    let text = program.source.text();
    let mut outside = String::new();
    let mut offset = 0;
    for clause in &program.clauses {
        outside.push_str(text.get(offset..clause.span.start).unwrap_or(""));
        outside.push('\n');
        offset = offset.max(clause.span.end);
    }
    outside.push_str(text.get(offset..).unwrap_or(""));
    // Spacing is layout, not meaning: columns may be realigned freely.
    outside
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty() && !line.starts_with("--") && !line.starts_with("define "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn first_line(block: &str) -> String {
    block.lines().next().unwrap_or("").to_string()
}

/// The scenario's full report against one version, or why it cannot run.
fn outcome(program: &Program, scenario: &ScenarioInput) -> Result<String, String> {
    run_scenario(program, scenario).map(|(report, _)| report)
}

/// The scenario's full report against a program, without its title lines,
/// and the expectations that did not hold; or why it cannot run (its first
/// diagnostic, rendered without colour).
pub fn run_scenario(
    program: &Program,
    scenario: &ScenarioInput,
) -> Result<(String, Vec<Failure>), String> {
    let plan = check_scenario(program, &scenario.source, &scenario.file).map_err(|errors| {
        errors
            .first()
            .map(|e| render_diagnostic(e, false))
            .unwrap_or_default()
    })?;
    let run = run_plan(program, &plan).map_err(|e| render_diagnostic(&e, false))?;
    // The contract's title may change between versions; it is not an outcome.
    let report = render_snapshot(program, &plan.title, "", run.outcome())
        .lines()
        .skip(2)
        .collect::<Vec<_>>()
        .join("\n");
    Ok((report, run.failures))
}

/// A section's encoding: its source without the quoted contract text,
/// one trimmed line each, so that re-indenting is not a change.
fn encoding(program: &Program, clause: &crate::program::Clause) -> Vec<String> {
    let mut source = program.source.slice(clause.span).to_string();
    if let Some(text) = &clause.text_source {
        source = source.replacen(text.as_str(), "\"\"\"…\"\"\"", 1);
    }
    source
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty() && !line.starts_with("--"))
        .collect()
}

fn clause_changes(old: &Program, new: &Program) -> Vec<ClauseChange> {
    let mut changes = Vec::new();
    for clause in &new.clauses {
        let Some(before) = old.clauses.iter().find(|c| c.number == clause.number) else {
            changes.push(ClauseChange {
                number: clause.number.clone(),
                heading: clause.heading.clone(),
                change: "added",
                text_redline: clause.text.clone(),
                encoding: encoding(new, clause)
                    .into_iter()
                    .map(|l| format!("+ {l}"))
                    .collect(),
            });
            continue;
        };
        let old_text = before.text.clone().unwrap_or_default();
        let new_text = clause.text.clone().unwrap_or_default();
        let text_redline =
            (words(&old_text) != words(&new_text)).then(|| word_redline(&old_text, &new_text));
        let old_encoding = encoding(old, before).join("\n");
        let new_encoding = encoding(new, clause).join("\n");
        let encoding_lines = if old_encoding == new_encoding {
            Vec::new()
        } else {
            changed_lines(&(old_encoding + "\n"), &(new_encoding + "\n"))
        };
        if text_redline.is_some() || !encoding_lines.is_empty() || before.heading != clause.heading
        {
            changes.push(ClauseChange {
                number: clause.number.clone(),
                heading: clause.heading.clone(),
                change: "changed",
                text_redline,
                encoding: encoding_lines,
            });
        }
    }
    for clause in &old.clauses {
        if !new.clauses.iter().any(|c| c.number == clause.number) {
            changes.push(ClauseChange {
                number: clause.number.clone(),
                heading: clause.heading.clone(),
                change: "removed",
                text_redline: None,
                encoding: Vec::new(),
            });
        }
    }
    changes
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// Unchanged words kept on each side of a change in the redline.
const CONTEXT_WORDS: usize = 8;

/// Word-level redline of two texts, `[-deleted-]{+inserted+}`, with long
/// unchanged stretches shortened to `…`; line breaks are not changes.
fn word_redline(old: &str, new: &str) -> String {
    let old = words(old).join(" ");
    let new = words(new).join(" ");
    let diff = TextDiff::from_words(old.as_str(), new.as_str());
    let changes: Vec<_> = diff.iter_all_changes().collect();
    let mut out = String::new();
    let mut index = 0;
    while let Some(change) = changes.get(index) {
        if change.tag() != ChangeTag::Equal {
            let marked = if change.tag() == ChangeTag::Delete {
                format!("[-{}-]", change.value())
            } else {
                format!("{{+{}+}}", change.value())
            };
            out.push_str(&marked);
            index += 1;
            continue;
        }
        let run_end = changes
            .iter()
            .skip(index)
            .position(|c| c.tag() != ChangeTag::Equal)
            .map_or(changes.len(), |offset| index + offset);
        let run: Vec<&str> = changes
            .iter()
            .take(run_end)
            .skip(index)
            .map(|c| c.value())
            .collect();
        let joined = run.concat();
        let run_words: Vec<&str> = joined.split(' ').filter(|w| !w.is_empty()).collect();
        let (at_start, at_end) = (index == 0, run_end == changes.len());
        let keep_before = if at_start { 0 } else { CONTEXT_WORDS };
        let keep_after = if at_end { 0 } else { CONTEXT_WORDS };
        if run_words.len() > keep_before + keep_after + 2 {
            let head = run_words
                .iter()
                .take(keep_before)
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            let tail = run_words
                .iter()
                .skip(run_words.len() - keep_after)
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            let lead = if at_start || head.is_empty() {
                String::new()
            } else {
                format!(" {head}")
            };
            let trail = if at_end || tail.is_empty() {
                String::new()
            } else {
                format!("{tail} ")
            };
            out.push_str(&format!("{lead} … {trail}"));
        } else {
            out.push_str(&run.concat());
        }
        index = run_end;
    }
    out.trim().to_string()
}

fn defined_terms(program: &Program) -> Vec<(String, String)> {
    let mut terms: Vec<(String, String)> = program
        .scope
        .names()
        .filter_map(|name| match program.scope.get(name) {
            Some(Binding::Define(value, _)) => {
                Some((name.to_string(), display_value(program, &value)))
            }
            _ => None,
        })
        .collect();
    terms.sort();
    terms
}

/// The defined terms whose values differ between two programs.
pub fn term_changes(old: &Program, new: &Program) -> Vec<TermChange> {
    let before = defined_terms(old);
    let after = defined_terms(new);
    let mut names: Vec<&String> = before.iter().chain(&after).map(|(name, _)| name).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let old_value = before
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone());
            let new_value = after
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone());
            (old_value != new_value).then(|| TermChange {
                name: name.clone(),
                before: old_value,
                after: new_value,
            })
        })
        .collect()
}

impl Redline {
    /// The one-line summary a redline ends with.
    pub fn summary(&self) -> String {
        let total = self.changed.len() + self.unchanged + self.broken.len();
        let clauses: Vec<String> = self
            .clauses
            .iter()
            .map(|c| format!("§{}", c.number))
            .collect();
        let mut line = format!(
            "{} of {total} scenarios changed outcome, {} unchanged",
            self.changed.len(),
            self.unchanged
        );
        if !self.broken.is_empty() {
            let _ = write!(line, ", {} could not run", self.broken.len());
        }
        let _ = write!(
            line,
            "; {} clauses changed{}; {} defined terms changed",
            self.clauses.len(),
            if clauses.is_empty() {
                String::new()
            } else {
                format!(" ({})", clauses.join(", "))
            },
            self.terms.len()
        );
        if !self.declarations.is_empty() {
            let _ = write!(line, "; other declarations changed");
        }
        line
    }

    pub fn render_text(&self) -> String {
        let mut out = String::new();
        for scenario in &self.changed {
            let _ = writeln!(out, "scenario {}: {}", scenario.name, scenario.title);
            for event in &scenario.events {
                let _ = writeln!(out, "  {} {}", event.kind, event.title);
                for line in &event.lines {
                    let _ = writeln!(out, "    {line}");
                }
            }
            out.push('\n');
        }
        for (name, why) in &self.broken {
            let _ = writeln!(out, "scenario {name} could not run {why}");
        }
        if !self.clauses.is_empty() {
            let _ = writeln!(out, "clauses changed:");
            for clause in &self.clauses {
                let _ = writeln!(
                    out,
                    "  §{} {} ({})",
                    clause.number, clause.heading, clause.change
                );
                if let Some(text) = &clause.text_redline {
                    let _ = writeln!(out, "    text: {text}");
                }
                if !clause.encoding.is_empty() {
                    let _ = writeln!(out, "    encoding:");
                    for line in &clause.encoding {
                        let _ = writeln!(out, "      {line}");
                    }
                }
            }
        }
        if !self.terms.is_empty() {
            let _ = writeln!(out, "defined terms changed:");
            for term in &self.terms {
                let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_string());
                let _ = writeln!(
                    out,
                    "  {}: {} → {}",
                    term.name,
                    show(&term.before),
                    show(&term.after)
                );
            }
        }
        if !self.declarations.is_empty() {
            let _ = writeln!(
                out,
                "other declarations changed (header, state, kinds, events, calendars):"
            );
            for line in &self.declarations {
                let _ = writeln!(out, "  {line}");
            }
        }
        let _ = writeln!(out, "{}", self.summary());
        out
    }

    pub fn to_json(&self) -> Json {
        json!({
            "changed": self.changed.iter().map(|s| json!({
                "scenario": s.name,
                "title": s.title,
                "events": s.events.iter().map(|e| json!({"change": e.kind, "event": e.title, "lines": e.lines})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "unchanged": self.unchanged,
            "could_not_run": self.broken.iter().map(|(name, why)| json!({"scenario": name, "why": why})).collect::<Vec<_>>(),
            "clauses": self.clauses.iter().map(|c| json!({
                "section": c.number,
                "heading": c.heading,
                "change": c.change,
                "text_redline": c.text_redline,
                "encoding": c.encoding,
            })).collect::<Vec<_>>(),
            "declarations": self.declarations,
            "defined_terms": self.terms.iter().map(|t| json!({"name": t.name, "before": t.before, "after": t.after})).collect::<Vec<_>>(),
            "summary": self.summary(),
        })
    }
}
