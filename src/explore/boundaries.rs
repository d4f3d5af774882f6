//! Boundary cases: every comparison in a `refuse` condition between an
//! event's field, time or deemed date and something the event does not
//! decide (a defined term, a literal, the state), every obligation's
//! deadline, and every notice rule that deems a notice given days later,
//! each tried just before, at and just after its threshold.
//!
//! A threshold that reads state (`n.shares > remaining`) is worth trying only
//! in a state where it decides something, so each probe first looks for a
//! short prefix of the contract's own events (none, one, then two, in
//! declaration order) after which its cases do not all end alike.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::compute::evaluate;
use crate::eval::Machine;
use crate::number::Number;
use crate::program::{ClauseId, Deemed, EventId, Expr, ExprKind, ObligationId, Program, Stmt};
use crate::report::Outcome;
use crate::syntax::ast::BinaryOp;
use crate::trace::Trace;
use crate::types::{KindId, Type};
use crate::value::Value;

use super::{
    business_days_after, event_entry, fill, first_slot, obligation_name, outcome_expectation,
    outcome_words, status_word, ten, Step,
};

/// Expressions deeper than this are not searched for thresholds (the
/// prescan already bounds them far below the stack; this bounds the walk).
const MAX_WALK: usize = 64;

/// One generated scenario with what happened in it.
#[derive(Debug, Clone)]
pub struct Case {
    /// `§1 n.time >= Expiration Date: a second before`.
    pub title: String,
    pub steps: Vec<Step>,
    /// Per step, the expectation lines that hold for it.
    pub expectations: Vec<Vec<String>>,
    /// `refused by §1`, `accepted; exercise 1.tender met`.
    pub outcome: String,
    /// The section that decided the last event: the refusing one, the one
    /// whose deadline was met or missed, or the one whose threshold it passed.
    pub deciding: ClauseId,
    /// The section whose notice rule deemed the last notice given later
    /// than sent, when the case is about that edge (§8 Notices).
    pub deemed_by: Option<ClauseId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    Field(usize),
    Time,
    Date,
    DeemedTime,
    DeemedDate,
}

#[derive(Debug, Clone)]
enum Probe {
    Around { subject: Subject, threshold: Expr },
    Variants { field: usize, kind: KindId },
    Deadline { obligation: ObligationId },
}

#[derive(Debug, Clone)]
struct Boundary {
    clause: ClauseId,
    event: EventId,
    /// The condition or obligation as written, for case titles.
    text: String,
    probe: Probe,
}

/// Every boundary case of the program, deduplicated, in clause-file order.
pub fn boundary_cases(program: &Program) -> Vec<Case> {
    let prefixes = prefixes(program);
    let mut cases: Vec<Case> = Vec::new();
    for boundary in discover(program) {
        for case in cases_for(program, &boundary, &prefixes) {
            if !cases.iter().any(|c| c.steps == case.steps) {
                cases.push(case);
            }
        }
    }
    cases
}

/// The prefixes worth trying, shortest first: none; each event alone that
/// the contract accepts; then each such event followed by one it refuses
/// alone, since that is an event which needs something to come first (a
/// registration notice needs the registration to have lapsed).
fn prefixes(program: &Program) -> Vec<Vec<EventId>> {
    let mut accepted = Vec::new();
    let mut refused = Vec::new();
    for event in 0..program.events.len() {
        let mut machine = Machine::new(program);
        let outcome = fill(program, &machine, event, first_slot(program), &[])
            .and_then(|step| super::input_of(program, &step, 1))
            .and_then(|input| machine.apply(&input).ok())
            .and_then(|entries| event_entry(&entries).map(|e| e.outcome.clone()));
        match outcome {
            Some(Outcome::Accepted { .. }) => accepted.push(event),
            Some(Outcome::Refused { .. }) => refused.push(event),
            _ => {}
        }
    }
    let mut prefixes = vec![Vec::new()];
    prefixes.extend(accepted.iter().map(|e| vec![*e]));
    for first in &accepted {
        prefixes.extend(refused.iter().map(|second| vec![*first, *second]));
    }
    prefixes
}

fn discover(program: &Program) -> Vec<Boundary> {
    let mut found = Vec::new();
    for reaction in &program.reactions {
        for stmt in &reaction.body {
            match stmt {
                Stmt::Refuse { condition, .. } => walk(
                    program,
                    reaction.clause,
                    reaction.event,
                    condition,
                    0,
                    &mut found,
                ),
                Stmt::Must { obligation, .. } => {
                    let known = found.iter().any(|b: &Boundary| {
                        matches!(b.probe, Probe::Deadline { obligation: o } if o == *obligation)
                    });
                    if !known {
                        let name = program
                            .obligations
                            .get(*obligation)
                            .map_or("", |o| o.name.as_str());
                        found.push(Boundary {
                            clause: reaction.clause,
                            event: reaction.event,
                            text: format!("the deadline of `{name}`"),
                            probe: Probe::Deadline {
                                obligation: *obligation,
                            },
                        });
                    }
                }
                _ => {}
            }
        }
    }
    found
}

fn walk(
    program: &Program,
    clause: ClauseId,
    event: EventId,
    expr: &Expr,
    depth: usize,
    found: &mut Vec<Boundary>,
) {
    if depth > MAX_WALK {
        return;
    }
    if let ExprKind::Binary(op, left, right) = &expr.kind {
        let comparison = matches!(
            op,
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
        );
        if comparison {
            let text = program
                .source
                .slice(expr.span)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            for (side, other) in [(left, right), (right, left)] {
                let Some(subject) = subject_of(side) else {
                    continue;
                };
                if !free_of_event(other, 0) {
                    continue;
                }
                let probe = match (subject, side.ty, &other.kind) {
                    (Subject::Field(field), Type::Kind(kind), _) => Probe::Variants { field, kind },
                    (_, Type::Quantity(_) | Type::Date | Type::Instant, _) => Probe::Around {
                        subject,
                        threshold: (**other).clone(),
                    },
                    _ => continue,
                };
                let duplicate = found.iter().any(|b| {
                    b.event == event
                        && match (&b.probe, &probe) {
                            (
                                Probe::Variants { field: a, .. },
                                Probe::Variants { field: b, .. },
                            ) => a == b,
                            _ => false,
                        }
                });
                if !duplicate {
                    found.push(Boundary {
                        clause,
                        event,
                        text: text.clone(),
                        probe,
                    });
                }
                break;
            }
        }
    }
    for child in expr.children() {
        walk(program, clause, event, child, depth + 1, found);
    }
}

fn subject_of(expr: &Expr) -> Option<Subject> {
    match expr.kind {
        ExprKind::Field(index) => Some(Subject::Field(index)),
        ExprKind::EventTime => Some(Subject::Time),
        ExprKind::EventDate => Some(Subject::Date),
        ExprKind::DeemedTime => Some(Subject::DeemedTime),
        ExprKind::DeemedDate => Some(Subject::DeemedDate),
        _ => None,
    }
}

/// Whether an expression can be computed without the event: its value is a
/// threshold the event's own value is compared with.
fn free_of_event(expr: &Expr, depth: usize) -> bool {
    if depth > MAX_WALK {
        return false;
    }
    match &expr.kind {
        ExprKind::Field(_)
        | ExprKind::EventTime
        | ExprKind::EventDate
        | ExprKind::DeemedTime
        | ExprKind::DeemedDate
        | ExprKind::Local(_) => false,
        // An aggregate's binder is its own local.
        ExprKind::Aggregate(aggregate) => aggregate
            .guard
            .iter()
            .chain(aggregate.value.iter())
            .all(|part| !reads_event(part, depth + 1)),
        _ => expr
            .children()
            .into_iter()
            .all(|c| free_of_event(c, depth + 1)),
    }
}

fn reads_event(expr: &Expr, depth: usize) -> bool {
    depth > MAX_WALK
        || subject_of(expr).is_some()
        || expr
            .children()
            .into_iter()
            .any(|c| reads_event(c, depth + 1))
}

/// A tried variant: the steps after the prefix, and its label.
struct Variant {
    label: String,
    steps: Vec<Step>,
    /// The notice rule's section, for a case about when a notice is deemed given.
    deemed_by: Option<ClauseId>,
}

/// The cases of one boundary, after the first prefix under which they do
/// not all end alike (or the best one found).
fn cases_for(program: &Program, boundary: &Boundary, prefixes: &[Vec<EventId>]) -> Vec<Case> {
    let mut best: Option<(usize, Vec<Case>)> = None;
    for prefix in prefixes {
        let Some(cases) = try_prefix(program, boundary, prefix) else {
            continue;
        };
        let mut outcomes: Vec<&str> = cases.iter().map(|c| c.outcome.as_str()).collect();
        outcomes.sort_unstable();
        outcomes.dedup();
        let score = outcomes.len();
        if score >= 2 {
            return cases;
        }
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, cases));
        }
    }
    best.map(|(_, cases)| cases).unwrap_or_default()
}

/// Applies a prefix (every event of it must be accepted), then each variant
/// of the boundary from the state it leaves.
fn try_prefix(program: &Program, boundary: &Boundary, prefix: &[EventId]) -> Option<Vec<Case>> {
    let mut machine = Machine::new(program);
    let mut slot = first_slot(program);
    let mut steps = Vec::new();
    let mut expectations = Vec::new();
    for event in prefix {
        let step = fill(program, &machine, *event, slot, &[])?;
        let input = super::input_of(program, &step, steps.len() + 1)?;
        let entries = machine.apply(&input).ok()?;
        let entry = event_entry(&entries)?;
        if !matches!(entry.outcome, Outcome::Accepted { .. }) {
            return None;
        }
        expectations.push(vec![outcome_expectation(&entry.outcome, program)]);
        steps.push(step);
        slot = business_days_after(program, slot, 1);
    }
    let variants = variants(program, boundary, &machine, slot)?;
    let mut cases = Vec::new();
    for variant in variants {
        let mut all = steps.clone();
        all.extend(variant.steps);
        let mut case = judge(program, boundary, all, expectations.clone())?;
        case.deemed_by = variant.deemed_by;
        case.title = format!(
            "§{} {}: {}",
            program.clause_number(boundary.clause),
            boundary.text,
            variant.label
        );
        cases.push(case);
    }
    Some(cases)
}

/// Runs a case's steps and writes down what each one did.
fn judge(
    program: &Program,
    boundary: &Boundary,
    steps: Vec<Step>,
    mut expectations: Vec<Vec<String>>,
) -> Option<Case> {
    let produced = super::simulate(program, &steps).ok()?;
    if produced.len() != steps.len() {
        return None;
    }
    for entries in produced.iter().skip(expectations.len()) {
        let entry = event_entry(entries)?;
        expectations.push(vec![outcome_expectation(&entry.outcome, program)]);
    }
    let last = event_entry(produced.last()?)?;
    let mut outcome = outcome_words(&last.outcome, program);
    let mut deciding = match last.outcome {
        Outcome::Refused {
            clause: Some(clause),
            ..
        } => clause,
        _ => boundary.clause,
    };
    if let Probe::Deadline { obligation } = boundary.probe {
        let note = last.obligations.iter().find(|n| n.obligation == obligation);
        if let (Some(note), Some(lines)) = (note, expectations.last_mut()) {
            let name = obligation_name(program, obligation, note.owner);
            let status = status_word(note.status);
            outcome = format!("{outcome}; {name} {status}");
            lines.push(format!("expect {name} is {status}"));
            deciding = note.clause;
        }
    }
    Some(Case {
        title: String::new(),
        steps,
        expectations,
        outcome,
        deciding,
        deemed_by: None,
    })
}

fn variants(
    program: &Program,
    boundary: &Boundary,
    machine: &Machine<'_>,
    slot: NaiveDateTime,
) -> Option<Vec<Variant>> {
    let one = |label: String, overrides: &[(usize, Value)], at: NaiveDateTime| {
        fill(program, machine, boundary.event, at, overrides).map(|step| Variant {
            label,
            steps: vec![step],
            deemed_by: None,
        })
    };
    Some(match &boundary.probe {
        Probe::Variants { field, kind } => {
            let names = &program.kinds.get(*kind)?.variants;
            (0..names.len())
                .filter_map(|index| {
                    let name = names.get(index)?;
                    one(
                        name.clone(),
                        &[(*field, Value::Variant(*kind, index))],
                        slot,
                    )
                })
                .collect()
        }
        Probe::Around { subject, threshold } => {
            let locals = vec![Value::Flag(false); 32];
            let env = machine.env_after(None);
            let env = env.with_locals(&locals);
            let value = evaluate(threshold, &env, &mut Trace::default()).ok()?;
            around(program, boundary, machine, slot, *subject, value)?
        }
        Probe::Deadline { obligation } => deadline(program, boundary, machine, slot, *obligation)?,
    })
}

fn around(
    program: &Program,
    boundary: &Boundary,
    machine: &Machine<'_>,
    slot: NaiveDateTime,
    subject: Subject,
    value: Value,
) -> Option<Vec<Variant>> {
    let event = boundary.event;
    let step_at = |at: NaiveDateTime, label: String| {
        fill(program, machine, event, at, &[]).map(|step| Variant {
            label,
            steps: vec![step],
            deemed_by: None,
        })
    };
    let mut out = Vec::new();
    match (subject, value) {
        (Subject::Field(field), Value::Quantity(n, unit)) => {
            let step = if unit.money != 0 {
                Number::from_ratio(1, 100).ok()?
            } else {
                Number::from_integer(1)
            };
            let shown = |v: Number| super::value_text(program, &Value::Quantity(v, unit));
            for (label, v) in [
                ("just below", n.checked_sub(&step).ok()?),
                ("at", n.clone()),
                ("just above", n.checked_add(&step).ok()?),
            ] {
                let overrides = [(field, Value::Quantity(v.clone(), unit))];
                let step = fill(program, machine, event, slot, &overrides)?;
                out.push(Variant {
                    label: format!("{label} ({})", shown(v)),
                    steps: vec![step],
                    deemed_by: None,
                });
            }
        }
        (Subject::Field(field), Value::Date(date)) => {
            for (label, d) in dates_around(date) {
                let step = fill(program, machine, event, slot, &[(field, Value::Date(d))])?;
                out.push(Variant {
                    label: format!("{label} ({d})"),
                    steps: vec![step],
                    deemed_by: None,
                });
            }
        }
        (Subject::Time | Subject::DeemedTime, Value::Instant(at)) => {
            let local = at.local_in(program.zone);
            for (label, t) in [
                ("a second before", local - Duration::seconds(1)),
                ("at", local),
                ("a second after", local + Duration::seconds(1)),
            ] {
                out.extend(step_at(
                    t,
                    format!("{label} ({})", t.format("%Y-%m-%d %H:%M:%S")),
                ));
            }
        }
        (Subject::Time | Subject::Date | Subject::DeemedTime | Subject::DeemedDate, value) => {
            let date = match value {
                Value::Date(date) => date,
                Value::Instant(at) => at.date_in(program.zone),
                _ => return None,
            };
            for (label, d) in dates_around(date) {
                out.extend(step_at(d.and_time(ten()), format!("{label} ({d})")));
            }
            if subject == Subject::DeemedDate {
                out.extend(deemed_edges(program, machine, event, date, &[]));
            }
        }
        _ => return None,
    }
    Some(out)
}

fn dates_around(date: NaiveDate) -> [(&'static str, NaiveDate); 3] {
    [
        ("the day before", date - Duration::days(1)),
        ("on the day", date),
        ("the day after", date + Duration::days(1)),
    ]
}

/// For each notice rule that deems a notice given later than sent: the
/// notice sent so that it is deemed given on `date`, and on the day after.
fn deemed_edges(
    program: &Program,
    machine: &Machine<'_>,
    event: EventId,
    date: NaiveDate,
    before: &[Step],
) -> Vec<Variant> {
    let Some(kind) = program.notice_kind else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (method, rule) in program.notice_rules.iter().enumerate() {
        if !matches!(rule.deemed, Deemed::After(_)) {
            continue;
        }
        for (label, target) in [
            ("on the day", date),
            ("the day after", date + Duration::days(1)),
        ] {
            // The latest sending day whose notice is deemed given on the target.
            let sent = (0..=60).find_map(|back| {
                let at = (target - Duration::days(back)).and_time(ten());
                let step = fill(
                    program,
                    machine,
                    event,
                    at,
                    &[(0, Value::Variant(kind, method))],
                )?;
                let input = super::input_of(program, &step, 1)?;
                let note = machine.deemed(&input, &mut Trace::default()).ok()??;
                (note.at.date_in(program.zone) == target).then_some(step)
            });
            if let Some(step) = sent {
                let mut steps = before.to_vec();
                let shown = step.at.date();
                steps.push(step);
                out.push(Variant {
                    label: format!(
                        "by {} (§{}), sent {shown}, deemed given {label} ({target})",
                        rule.method,
                        program.clause_number(rule.clause)
                    ),
                    steps,
                    deemed_by: Some(rule.clause),
                });
            }
        }
    }
    out
}

/// The event that creates the obligation, then its performance on the last
/// day of the period and on the next business day (and, for a notice, sent
/// by each method deemed given later so that it arrives on those days).
fn deadline(
    program: &Program,
    boundary: &Boundary,
    machine: &Machine<'_>,
    slot: NaiveDateTime,
    obligation: ObligationId,
) -> Option<Vec<Variant>> {
    let trigger = fill(program, machine, boundary.event, slot, &[])?;
    let definition = program.obligations.get(obligation)?;
    let performer = definition.fulfilled_by;
    let triggered = {
        let input = super::input_of(program, &trigger, 1)?;
        let mut after = machine.clone();
        let entries = after.apply(&input).ok()?;
        let entry = event_entry(&entries)?;
        let note = entry
            .obligations
            .iter()
            .find(|n| n.obligation == obligation)?;
        (note.deadline, after)
    };
    let (due, after) = triggered;
    let next = program.calendar.add_business_days(due, 1).ok()?;
    let mut out = Vec::new();
    for (label, day) in [("on the last day", due), ("on the next business day", next)] {
        let at = day.and_time(ten());
        if at <= trigger.at {
            continue;
        }
        let step = fill(program, &after, performer, at, &[])?;
        out.push(Variant {
            label: format!("{label} ({day})"),
            steps: vec![trigger.clone(), step],
            deemed_by: None,
        });
    }
    if program.events.get(performer).is_some_and(|e| e.is_notice) {
        let edges = deemed_edges(
            program,
            &after,
            performer,
            due,
            std::slice::from_ref(&trigger),
        );
        out.extend(
            edges
                .into_iter()
                .filter(|v| v.steps.last().is_some_and(|s| s.at > trigger.at)),
        );
    }
    Some(out)
}
