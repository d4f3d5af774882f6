//! Reading alternatives: which outcomes depend on which reading. A reading
//! may name its alternatives where the choice acts (`business days: either
//! nyse | us-banks per reading R1`); here the clause file is checked again
//! under each alternative of each reading, one reading at a time with the
//! others at the file's own choice, and every scenario's report under it is
//! compared, event by event, with its report under the file's choice.
//!
//! The file is checked again, not patched, so that whatever is built on the
//! varied choice (a defined term computed from a varied one, a deadline
//! counted on a varied calendar) sees the alternative too.

use std::fmt::Write as _;

use serde_json::{json, Value as Json};

use crate::check::check_contract_under;
use crate::program::{Program, ReadingId};
use crate::redline::{
    event_changes, run_scenario, term_changes, EventChange, ScenarioInput, TermChange,
};
use crate::render::render_diagnostic;
use crate::source::Source;
use crate::syntax::ast::ClauseFile;
use crate::testing::Failure;

/// A reading that names alternatives, and where they act.
#[derive(Debug, Clone)]
pub struct ReadingAlternatives {
    pub reading: ReadingId,
    pub id: String,
    pub title: String,
    /// The section that states the reading, as `§2(a)`.
    pub section: String,
    /// Each alternative as written, the file's choice first. Where several
    /// places vary with the reading, their words are joined with ` / `.
    pub labels: Vec<String>,
    /// What each place varies: `business days`, `Tender Period`, `round`.
    pub varies: Vec<String>,
}

/// The readings of a checked program that name alternatives, in the order
/// the file declares them.
pub fn reading_alternatives(program: &Program) -> Vec<ReadingAlternatives> {
    program
        .readings
        .iter()
        .enumerate()
        .filter_map(|(reading, def)| {
            let sites: Vec<_> = program
                .alternatives
                .iter()
                .filter(|site| site.reading == reading)
                .collect();
            let count = sites.iter().map(|site| site.options.len()).max()?;
            let labels = (0..count)
                .map(|index| {
                    let mut words: Vec<&str> = Vec::new();
                    for site in &sites {
                        let option = site.options.get(index).map_or("", String::as_str);
                        if !words.contains(&option) {
                            words.push(option);
                        }
                    }
                    words.join(" / ")
                })
                .collect();
            let mut varies: Vec<String> = Vec::new();
            for site in &sites {
                if !varies.contains(&site.what) {
                    varies.push(site.what.clone());
                }
            }
            Some(ReadingAlternatives {
                reading,
                id: def.id.clone(),
                title: def.title.clone(),
                section: format!("§{}", program.clause_number(def.clause)),
                labels,
                varies,
            })
        })
        .collect()
}

/// The outcomes of every scenario under one alternative of one reading.
#[derive(Debug, Clone)]
pub struct AlternativeRun {
    pub id: String,
    /// The alternative, and the file's choice it stands in for.
    pub alternative: String,
    pub chosen: String,
    /// Why the clause file does not check under this alternative, if it
    /// does not; then nothing was run.
    pub could_not_check: Option<String>,
    pub changed: Vec<ScenarioDifference>,
    pub unchanged: usize,
    pub terms: Vec<TermChange>,
}

/// A scenario whose outcome differs under an alternative.
#[derive(Debug, Clone)]
pub struct ScenarioDifference {
    pub name: String,
    pub title: String,
    /// The headline: obligations whose final status differs
    /// (`exercise 1 tender LATE instead of MET`) and the end-of-run counts.
    pub outcomes: Vec<String>,
    pub events: Vec<EventChange>,
    /// Expectations (written for the file's choice) that hold under it but
    /// not under the alternative.
    pub expectations: Vec<String>,
    /// When the scenario cannot be checked or run under one side only, or
    /// stops with another diagnostic: what each side gave.
    pub note: Option<String>,
}

/// Every alternative of every reading of one clause file, run over the
/// scenarios.
#[derive(Debug, Clone)]
pub struct ReadingsReport {
    pub contract: String,
    pub readings: Vec<ReadingAlternatives>,
    pub runs: Vec<AlternativeRun>,
    pub scenarios: usize,
}

/// Runs every scenario under every alternative of every reading of the
/// clause file (`chosen` is the file checked as written) and compares each
/// run with the run under the file's own choices.
pub fn vary_readings(
    contract: &str,
    source: &Source,
    file: &ClauseFile,
    chosen: &Program,
    scenarios: &[ScenarioInput],
) -> ReadingsReport {
    let readings = reading_alternatives(chosen);
    let mut runs = Vec::new();
    if !readings.is_empty() {
        let baseline: Vec<_> = scenarios
            .iter()
            .map(|scenario| run_scenario(chosen, scenario))
            .collect();
        for reading in &readings {
            for (index, label) in reading.labels.iter().enumerate().skip(1) {
                runs.push(run_alternative(
                    source,
                    file,
                    chosen,
                    scenarios,
                    &baseline,
                    reading,
                    (index, label),
                ));
            }
        }
    }
    ReadingsReport {
        contract: contract.to_string(),
        readings,
        runs,
        scenarios: scenarios.len(),
    }
}

type Outcome = Result<(String, Vec<Failure>), String>;

fn run_alternative(
    source: &Source,
    file: &ClauseFile,
    chosen: &Program,
    scenarios: &[ScenarioInput],
    baseline: &[Outcome],
    reading: &ReadingAlternatives,
    (index, label): (usize, &String),
) -> AlternativeRun {
    let mut run = AlternativeRun {
        id: reading.id.clone(),
        alternative: label.clone(),
        chosen: reading.labels.first().cloned().unwrap_or_default(),
        could_not_check: None,
        changed: Vec::new(),
        unchanged: 0,
        terms: Vec::new(),
    };
    let varied = match check_contract_under(source, file, Some((&reading.id, index))) {
        Ok(program) => program,
        Err(errors) => {
            run.could_not_check = Some(
                errors
                    .first()
                    .map(|e| render_diagnostic(e, false))
                    .unwrap_or_default(),
            );
            return run;
        }
    };
    run.terms = term_changes(chosen, &varied);
    for (scenario, before) in scenarios.iter().zip(baseline) {
        let after = run_scenario(&varied, scenario);
        match compare(before, &after, scenario) {
            Some(difference) => run.changed.push(difference),
            None => run.unchanged += 1,
        }
    }
    run
}

/// How a scenario's outcome under an alternative differs from its outcome
/// under the file's choice; `None` if it does not.
fn compare(
    before: &Outcome,
    after: &Outcome,
    scenario: &ScenarioInput,
) -> Option<ScenarioDifference> {
    let mut difference = ScenarioDifference {
        name: scenario.name.clone(),
        title: scenario.file.title.value.clone(),
        outcomes: Vec::new(),
        events: Vec::new(),
        expectations: Vec::new(),
        note: None,
    };
    match (before, after) {
        (Ok((old, old_failures)), Ok((new, new_failures))) => {
            difference.outcomes = outcomes(old, new);
            difference.events = event_changes(old, new);
            difference.expectations = new_failures
                .iter()
                .filter(|failure| !old_failures.contains(failure))
                .map(|failure| {
                    format!(
                        "line {}: {} (found: {})",
                        failure.line, failure.expectation, failure.found
                    )
                })
                .collect();
        }
        // The same diagnostic either way: the reading does not decide it.
        (Err(old), Err(new)) if old == new => return None,
        (Err(old), Err(new)) => {
            difference.note = Some(format!(
            "stops with another diagnostic: under the file's choice {}; under this alternative {}",
            old.trim_end(),
            new.trim_end()
        ))
        }
        (Ok(_), Err(new)) => {
            difference.note = Some(format!(
                "could not run under this alternative: {}",
                new.trim_end()
            ))
        }
        (Err(old), Ok(_)) => {
            difference.note = Some(format!(
                "runs under this alternative, but not under the file's choice: {}",
                old.trim_end()
            ))
        }
    }
    let same = difference.events.is_empty()
        && difference.expectations.is_empty()
        && difference.note.is_none();
    (!same).then_some(difference)
}

/// Each obligation's last status in a report, in order of first mention:
/// `OPEN` once it arose, then `MET`, `BREACHED` or `LATE`.
fn obligation_statuses(report: &str) -> Vec<(String, &'static str)> {
    let mut statuses: Vec<(String, &'static str)> = Vec::new();
    for line in report.lines().map(str::trim) {
        let found = if let Some((_, rest)) = line.split_once("obligation `") {
            rest.split_once("` ").map(|(name, after)| {
                // `arose and was MET at once`: performed before it arose.
                let after = after.strip_prefix("arose and was ").unwrap_or(after);
                let status = if after.starts_with("MET") {
                    "MET"
                } else if after.starts_with("performed LATE") {
                    "LATE"
                } else {
                    "OPEN"
                };
                (name, status)
            })
        } else if line.starts_with("BREACHED") && line.ends_with("`)") {
            line.rsplit_once("(`")
                .and_then(|(_, rest)| rest.strip_suffix("`)"))
                .map(|name| (name, "BREACHED"))
        } else {
            None
        };
        let Some((name, status)) = found else {
            continue;
        };
        match statuses.iter_mut().find(|(known, _)| known == name) {
            Some(entry) => entry.1 = status,
            None => statuses.push((name.to_string(), status)),
        }
    }
    statuses
}

/// What a lawyer asks first: which obligations ended differently, and how
/// many events were accepted and refused.
fn outcomes(old: &str, new: &str) -> Vec<String> {
    let (before, after) = (obligation_statuses(old), obligation_statuses(new));
    let status = |list: &[(String, &'static str)], name: &str| {
        list.iter()
            .find(|(known, _)| known == name)
            .map(|(_, status)| *status)
    };
    let mut names: Vec<&str> = before.iter().map(|(name, _)| name.as_str()).collect();
    for (name, _) in &after {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    let mut lines: Vec<String> = names
        .into_iter()
        .filter_map(|name| match (status(&before, name), status(&after, name)) {
            (Some(was), Some(is)) if was != is => Some(format!("{name} {is} instead of {was}")),
            (Some(was), None) => Some(format!("{name} never arose, instead of {was}")),
            (None, Some(is)) => Some(format!("{name} {is}, where it never arose")),
            _ => None,
        })
        .collect();
    let end = |report: &str| {
        report
            .lines()
            .find_map(|line| line.strip_prefix("end: "))
            .map(str::to_string)
    };
    if let (Some(was), Some(is)) = (end(old), end(new)) {
        if was != is {
            lines.push(format!("{is} instead of {was}"));
        }
    }
    lines
}

impl AlternativeRun {
    /// `R1 = us-banks`
    pub fn label(&self) -> String {
        format!("{} = {}", self.id, self.alternative)
    }
}

impl ReadingsReport {
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        if self.readings.is_empty() {
            let _ = writeln!(
                out,
                "{}: no reading names alternatives ({})",
                self.contract,
                plural(self.scenarios, "scenario", "scenarios")
            );
            return out;
        }
        let _ = writeln!(out, "readings with alternatives in {}:", self.contract);
        for reading in &self.readings {
            let mut labels = reading.labels.iter();
            let chosen = labels.next().map(String::as_str).unwrap_or_default();
            let others: Vec<&str> = labels.map(String::as_str).collect();
            let _ = writeln!(
                out,
                "  {} ({}) {}: {chosen} (chosen) | {} — varies {}",
                reading.id,
                reading.section,
                reading.title,
                others.join(" | "),
                reading.varies.join(", ")
            );
        }
        for run in &self.runs {
            let _ = writeln!(out, "\nunder {} (instead of {}):", run.label(), run.chosen);
            if let Some(why) = &run.could_not_check {
                let _ = writeln!(out, "  the clause file does not check:");
                for line in why.lines() {
                    let _ = writeln!(out, "    {line}");
                }
                continue;
            }
            for scenario in &run.changed {
                let _ = writeln!(out, "  scenario {}: {}", scenario.name, scenario.title);
                if !scenario.outcomes.is_empty() {
                    let _ = writeln!(out, "    outcome: {}", scenario.outcomes.join("; "));
                }
                for event in &scenario.events {
                    let _ = writeln!(out, "    {} {}", event.kind, event.title);
                    for line in &event.lines {
                        let _ = writeln!(out, "      {line}");
                    }
                }
                // The first says why; the rest follow from it, and
                // `--format json` lists them all.
                match scenario.expectations.as_slice() {
                    [] => {}
                    [only] => {
                        let _ = writeln!(out, "    expectation no longer holds: {only}");
                    }
                    [first, rest @ ..] => {
                        let _ = writeln!(
                            out,
                            "    {} expectations no longer hold; the first, {first}",
                            rest.len() + 1
                        );
                    }
                }
                if let Some(note) = &scenario.note {
                    for line in note.lines() {
                        let _ = writeln!(out, "    {line}");
                    }
                }
            }
            for term in &run.terms {
                let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_string());
                let _ = writeln!(
                    out,
                    "  defined term {}: {} → {}",
                    term.name,
                    show(&term.before),
                    show(&term.after)
                );
            }
            let _ = writeln!(
                out,
                "  {}: {} of {} scenarios changed outcome, {} unchanged",
                run.label(),
                run.changed.len(),
                self.scenarios,
                run.unchanged
            );
        }
        out
    }

    pub fn to_json(&self) -> Json {
        json!({
            "contract": self.contract,
            "scenarios": self.scenarios,
            "readings": self.readings.iter().map(|r| json!({
                "reading": r.id,
                "title": r.title,
                "section": r.section,
                "alternatives": r.labels,
                "varies": r.varies,
            })).collect::<Vec<_>>(),
            "runs": self.runs.iter().map(|run| json!({
                "reading": run.id,
                "alternative": run.alternative,
                "instead_of": run.chosen,
                "could_not_check": run.could_not_check,
                "changed": run.changed.iter().map(|s| json!({
                    "scenario": s.name,
                    "title": s.title,
                    "outcome": s.outcomes,
                    "events": s.events.iter().map(|e| json!({"change": e.kind, "event": e.title, "lines": e.lines})).collect::<Vec<_>>(),
                    "expectations": s.expectations,
                    "note": s.note,
                })).collect::<Vec<_>>(),
                "unchanged": run.unchanged,
                "defined_terms": run.terms.iter().map(|t| json!({"name": t.name, "before": t.before, "after": t.after})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    }
}

/// The line a `--readings` run ends with: how many scenarios changed
/// outcome under some alternative, and which alternatives changed how many.
pub fn summary(reports: &[ReadingsReport]) -> String {
    let scenarios: usize = reports.iter().map(|r| r.scenarios).sum();
    let readings: usize = reports.iter().map(|r| r.readings.len()).sum();
    let runs: Vec<&AlternativeRun> = reports.iter().flat_map(|r| &r.runs).collect();
    let mut dependent: Vec<(&str, &str)> = Vec::new();
    for report in reports {
        for scenario in report.runs.iter().flat_map(|run| &run.changed) {
            let key = (report.contract.as_str(), scenario.name.as_str());
            if !dependent.contains(&key) {
                dependent.push(key);
            }
        }
    }
    let per_run: Vec<String> = runs
        .iter()
        .filter(|run| !run.changed.is_empty() || run.could_not_check.is_some())
        .map(|run| match &run.could_not_check {
            Some(_) => format!("{}: does not check", run.label()),
            None => format!("{}: {}", run.label(), run.changed.len()),
        })
        .collect();
    let mut line = format!(
        "{} of {} changed outcome under an alternative reading",
        dependent.len(),
        plural(scenarios, "scenario", "scenarios")
    );
    if !per_run.is_empty() {
        let _ = write!(line, " ({})", per_run.join(", "));
    }
    if readings == 0 {
        line.push_str("; no reading names alternatives");
    } else {
        let _ = write!(
            line,
            "; {} of {} run",
            plural(runs.len(), "alternative", "alternatives"),
            plural(readings, "reading", "readings")
        );
    }
    line
}

/// `1 scenario`, `2 scenarios`.
fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}
