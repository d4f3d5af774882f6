//! Running a scenario and judging its expectations. Pure: the caller reads
//! files and prints; this returns what happened and what did not hold.

use crate::check::{Plan, PlannedKind};
use crate::compute::{evaluate, EventView};
use crate::errors::EvalError;
use crate::eval::Machine;
use crate::program::{Expr, ExprKind, Program};
use crate::report::{display_value, render_entry, Entry, EventEntry, Outcome, Summary};
use crate::syntax::ast::BinaryOp;
use crate::trace::Trace;
use crate::value::Value;

/// A scenario's run: every report entry, and the expectations that failed.
#[derive(Debug, Clone)]
pub struct ScenarioRun {
    pub entries: Vec<Entry>,
    pub summary: Summary,
    pub checked: usize,
    pub failures: Vec<Failure>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub line: usize,
    pub expectation: String,
    /// What was found instead, in words.
    pub found: String,
}

pub fn run_plan(program: &Program, plan: &Plan) -> Result<ScenarioRun, EvalError> {
    let mut machine = Machine::new(program);
    let mut entries = Vec::new();
    let mut failures = Vec::new();
    let mut checked = 0;
    for step in &plan.steps {
        let produced = machine.apply(&step.input)?;
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
    })
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
        PlannedKind::Refused(clause) => match (&last.outcome, clause) {
            (Outcome::Refused { .. }, None) => None,
            (Outcome::Refused { clause: actual, .. }, Some(wanted)) if *actual == Some(*wanted) => {
                None
            }
            _ => Some(outcome()),
        },
        PlannedKind::RefusedByHeader => match last.outcome {
            Outcome::Refused { clause: None, .. } => None,
            _ => Some(outcome()),
        },
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
