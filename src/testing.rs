//! Running a scenario and judging its expectations. Pure: the caller reads
//! files and prints; this returns what happened and what did not hold.
//!
//! A scenario may expect a diagnostic (`expect error pactum::check::…`), so
//! that bad input can be kept in a suite as a passing test. A check-stage
//! diagnostic stops the scenario before there is a plan to run, so those are
//! judged against the syntax tree ([`judge_diagnostics`]); an eval-stage one
//! stops the run at its event ([`run_plan`]).

use miette::Diagnostic;

use crate::check::{Plan, PlannedKind};
use crate::compute::{evaluate, EventView};
use crate::errors::{CheckError, EvalError};
use crate::eval::Machine;
use crate::program::{Expr, ExprKind, Program};
use crate::render::render_diagnostic;
use crate::report::{display_value, render_entry, Entry, EventEntry, Outcome, Summary};
use crate::snapshot::render_diagnosed_snapshot;
use crate::source::{Source, Span};
use crate::syntax::ast::BinaryOp;
use crate::syntax::ast::{ExpectationKind, ScenarioFile, Step};
use crate::trace::Trace;
use crate::value::Value;

/// A scenario's run: every report entry, and the expectations that failed.
#[derive(Debug, Clone)]
pub struct ScenarioRun {
    pub entries: Vec<Entry>,
    pub summary: Summary,
    pub checked: usize,
    pub failures: Vec<Failure>,
    /// The expected `pactum::eval::…` diagnostic that stopped the run,
    /// rendered without colour; `None` when every event was applied.
    pub stopped: Option<String>,
}

impl ScenarioRun {
    /// The run as its snapshot shows it.
    pub fn outcome(&self) -> crate::snapshot::RunOutcome<'_> {
        crate::snapshot::RunOutcome {
            entries: &self.entries,
            summary: &self.summary,
            stopped: self.stopped.as_deref(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub line: usize,
    pub expectation: String,
    /// What was found instead, in words.
    pub found: String,
}

pub fn run_plan(program: &Program, plan: &Plan) -> Result<ScenarioRun, EvalError> {
    let mut machine = Machine::new(program).with_market(plan.market.clone());
    let mut entries = Vec::new();
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut stopped = None;
    for step in &plan.steps {
        let produced = match machine.apply(&step.input) {
            Ok(produced) => produced,
            Err(error) => {
                let expected: Vec<_> = step
                    .expectations
                    .iter()
                    .filter(|e| matches!(e.kind, PlannedKind::Error(_)))
                    .collect();
                if expected.is_empty() {
                    return Err(error);
                }
                for expectation in expected {
                    checked += 1;
                    if let PlannedKind::Error(code) = &expectation.kind {
                        if code != error.code {
                            failures.push(Failure {
                                line: expectation.line,
                                expectation: expectation.text.clone(),
                                found: format!("{}: {error}", error.code),
                            });
                        }
                    }
                }
                stopped = Some(render_stop(program, plan, &error));
                break;
            }
        };
        invariant_failures(program, step.input.line, &produced, &mut failures);
        let last = produced.iter().rev().find_map(|entry| match entry {
            Entry::Event(event) => Some(event.clone()),
            Entry::DeadlinePassed(_) => None,
        });
        entries.extend(produced);
        let Some(last) = last else { continue };
        for expectation in &step.expectations {
            checked += 1;
            if let Some(found) = judge(program, &machine, &last, &expectation.kind) {
                failures.push(Failure {
                    line: expectation.line,
                    expectation: expectation.text.clone(),
                    found,
                });
            }
        }
    }
    Ok(ScenarioRun {
        entries,
        summary: machine.summary(),
        checked,
        failures,
        stopped,
    })
}

/// A broken invariant fails the scenario at the event line whose
/// application broke it (a rule that acted at a time before it included).
fn invariant_failures(
    program: &Program,
    line: usize,
    produced: &[Entry],
    failures: &mut Vec<Failure>,
) {
    for entry in produced {
        let Entry::Event(event) = entry else { continue };
        for broken in &event.broken {
            let Some(invariant) = program.invariants.get(broken.invariant) else {
                continue;
            };
            failures.push(Failure {
                line,
                expectation: format!(
                    "invariant \"{}\" (clause file line {})",
                    invariant.words, invariant.line
                ),
                found: format!("it no longer holds: {}", invariant.text),
            });
        }
    }
}

/// The diagnostic that stopped a run, naming the clause file as the scenario
/// does, so that a snapshot reads the same wherever `pactum test` runs.
fn render_stop(program: &Program, plan: &Plan, error: &EvalError) -> String {
    let rendered = render_diagnostic(error, false);
    let name = program.source.name();
    if name.is_empty() || plan.contract.is_empty() {
        return rendered;
    }
    rendered.replace(&format!("[{name}:"), &format!("[{}:", plan.contract))
}

/// `None` when the expectation holds, else what was found.
fn judge(
    program: &Program,
    machine: &Machine<'_>,
    last: &EventEntry,
    kind: &PlannedKind,
) -> Option<String> {
    let outcome = || outcome_words(program, &last.outcome);
    match kind {
        PlannedKind::Accepted => match last.outcome {
            Outcome::Accepted { .. } => None,
            _ => Some(outcome()),
        },
        PlannedKind::Refused { clause, reason } => match &last.outcome {
            Outcome::Refused {
                clause: actual,
                reason: actual_reason,
            } if clause.is_none_or(|wanted| Some(wanted) == *actual)
                && reason
                    .as_ref()
                    .is_none_or(|text| actual_reason.contains(text.as_str())) =>
            {
                None
            }
            _ => Some(outcome()),
        },
        PlannedKind::RefusedByHeader => match last.outcome {
            Outcome::Refused { clause: None, .. } => None,
            _ => Some(outcome()),
        },
        PlannedKind::Noted => match last.outcome {
            Outcome::Noted => None,
            _ => Some(outcome()),
        },
        PlannedKind::Error(_) => Some(format!("no diagnostic: the event was {}", outcome())),
        PlannedKind::Holds(expr) => {
            let view = EventView {
                time: last.time,
                deemed: last.deemed.as_ref().map(|d| d.at),
                fields: &last.fields,
            };
            let env = machine.env_after(Some(view));
            match evaluate(expr, &env, &mut Trace::default()) {
                Ok(Value::Flag(true)) => None,
                Ok(_) => Some(explain(program, expr, &env)),
                Err(fault) => Some(fault.message()),
            }
        }
    }
}

fn outcome_words(program: &Program, outcome: &Outcome) -> String {
    match outcome {
        Outcome::Accepted { .. } => "accepted".to_string(),
        Outcome::Refused { clause, reason } => {
            format!(
                "refused by {}: {reason}",
                crate::report::refuser_label(program, *clause)
            )
        }
        Outcome::Noted => "noted: no clause reacts to this event".to_string(),
    }
}

/// For a failed comparison, both sides' values; otherwise just "no".
fn explain(program: &Program, expr: &Expr, env: &crate::compute::Env<'_>) -> String {
    if let ExprKind::Binary(op, left, right) = &expr.kind {
        if !matches!(op, BinaryOp::And | BinaryOp::Or) {
            let show = |side: &Expr| match evaluate(side, env, &mut Trace::default()) {
                Ok(value) => display_value(program, &value),
                Err(fault) => fault.message(),
            };
            return format!(
                "the left side is {}, the right side is {}",
                show(left),
                show(right)
            );
        }
    }
    "it does not hold".to_string()
}

/// The whole report of a run as text, entry by entry.
pub fn render_run(program: &Program, run: &ScenarioRun) -> String {
    run.entries
        .iter()
        .map(|entry| render_entry(program, entry))
        .collect()
}

/// One `expect error CODE` line of a scenario, with the event line it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedDiagnostic {
    pub code: String,
    /// The `expect` line, and its text.
    pub line: usize,
    pub text: String,
    /// The event line it follows, field values included.
    pub event: Span,
}

/// Every `expect error` line of a scenario, each with the event line above it.
pub fn expected_diagnostics(source: &Source, file: &ScenarioFile) -> Vec<ExpectedDiagnostic> {
    let mut found = Vec::new();
    let mut event = None;
    for step in &file.steps {
        match step {
            Step::Event(line) => event = Some(line.span),
            Step::Price(_) => {}
            Step::Expect(expectation) => {
                if let (ExpectationKind::Error { code }, Some(event)) = (&expectation.kind, event) {
                    found.push(ExpectedDiagnostic {
                        code: code.text.clone(),
                        line: source.line_of(expectation.span.start),
                        text: source.slice(expectation.span).trim().to_string(),
                        event,
                    });
                }
            }
        }
    }
    found
}

/// Judges the diagnostics that stopped a scenario's check against its
/// `expect error` lines. Each diagnostic must be expected under the event
/// line its span falls on, with its code; each expected one must occur.
pub fn judge_diagnostics(
    source: &Source,
    expected: &[ExpectedDiagnostic],
    found: &[&dyn Diagnostic],
) -> Vec<Failure> {
    let place = |diagnostic: &dyn Diagnostic| {
        let code = diagnostic.code().map(|c| c.to_string()).unwrap_or_default();
        let offset = diagnostic
            .labels()
            .and_then(|mut labels| labels.next())
            .map(|label| label.offset());
        (code, offset)
    };
    let concerns = |wanted: &ExpectedDiagnostic, code: &str, offset: Option<usize>| {
        wanted.code == code
            && offset.is_some_and(|at| wanted.event.start <= at && at < wanted.event.end)
    };
    let mut failures = Vec::new();
    for wanted in expected {
        if !found.iter().any(|d| {
            let (code, offset) = place(*d);
            concerns(wanted, &code, offset)
        }) {
            let others: Vec<String> = found.iter().map(|d| summary_of(*d, source)).collect();
            failures.push(Failure {
                line: wanted.line,
                expectation: wanted.text.clone(),
                found: if others.is_empty() {
                    "no diagnostic on this event line".to_string()
                } else {
                    format!(
                        "not on this event line; the diagnostics: {}",
                        others.join("; ")
                    )
                },
            });
        }
    }
    for diagnostic in found {
        let (code, offset) = place(*diagnostic);
        if !expected.iter().any(|w| concerns(w, &code, offset)) {
            failures.push(Failure {
                line: offset.map_or(0, |at| source.line_of(at)),
                expectation: "(no `expect error` for this diagnostic)".to_string(),
                found: summary_of(*diagnostic, source),
            });
        }
    }
    failures
}

/// `pactum::check::unknown_name on line 4: …`, in one line.
fn summary_of(diagnostic: &dyn Diagnostic, source: &Source) -> String {
    let code = diagnostic.code().map(|c| c.to_string()).unwrap_or_default();
    let line = diagnostic
        .labels()
        .and_then(|mut labels| labels.next())
        .map_or_else(String::new, |label| {
            format!(" on line {}", source.line_of(label.offset()))
        });
    format!("{code}{line}: {diagnostic}")
}

/// A scenario whose check stopped with the diagnostics it expected (or not).
#[derive(Debug, Clone)]
pub struct DiagnosedRun {
    /// Its snapshot: the rendered diagnostics.
    pub report: String,
    pub failures: Vec<Failure>,
    pub checked: usize,
}

/// Judges a scenario whose check failed: `None` when it expects no
/// diagnostic, so the failure is an ordinary error. `file_name` is how the
/// snapshot names the scenario, so that it reads the same wherever
/// `pactum test` runs.
pub fn judge_check_failure(
    program: &Program,
    source: &Source,
    file: &ScenarioFile,
    errors: &[CheckError],
    file_name: &str,
) -> Option<DiagnosedRun> {
    let expected = expected_diagnostics(source, file);
    if expected.is_empty() {
        return None;
    }
    let found: Vec<&dyn Diagnostic> = errors.iter().map(|e| e as &dyn Diagnostic).collect();
    let failures = judge_diagnostics(source, &expected, &found);
    let rendered: Vec<String> = errors
        .iter()
        .map(|error| {
            render_diagnostic(error, false)
                .replace(&format!("[{}:", source.name()), &format!("[{file_name}:"))
        })
        .collect();
    Some(DiagnosedRun {
        report: render_diagnosed_snapshot(
            program,
            &file.title.value,
            &file.contract.value,
            &rendered,
        ),
        failures,
        checked: expected.len(),
    })
}
