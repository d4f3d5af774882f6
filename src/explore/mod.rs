//! `pactum explore`: scenarios generated from the contract itself.
//!
//! [`boundaries`] walks the checked program's refusal conditions, deadlines
//! and notice rules and builds, for each threshold, short scenarios just
//! before, at and just after it; [`random`] runs bounded random sequences of
//! the contract's own events and shrinks any that breaks an invariant. Both
//! drive the evaluator directly ([`simulate`]) and write what they found as
//! scenario text ([`scenario_text`]) that `pactum test` reads back unchanged.
//! Everything is deterministic: no clock, no host zone, a seeded generator.

pub mod boundaries;
pub mod random;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::errors::EvalError;
use crate::eval::Machine;
use crate::program::{ClauseId, Deemed, EventId, EventInput, FieldDef, Program};
use crate::report::{Entry, EventEntry, Outcome};
use crate::syntax::ast::{ObligationStatus, ZoneSpec};
use crate::types::{Type, Unit};
use crate::value::{Moment, Value};

pub use boundaries::{boundary_cases, Case};
pub use random::{explore_random, Found, RandomOptions};

/// One event of a generated scenario: when (in the contract's local time),
/// which event, and its field values in declaration order.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub at: NaiveDateTime,
    pub event: EventId,
    pub fields: Vec<Value>,
}

/// What each step produced, or the diagnostic that stopped the run.
pub fn simulate(program: &Program, steps: &[Step]) -> Result<Vec<Vec<Entry>>, EvalError> {
    let mut machine = Machine::new(program);
    let mut produced = Vec::with_capacity(steps.len());
    for (index, step) in steps.iter().enumerate() {
        let Some(input) = input_of(program, step, index + 1) else {
            break;
        };
        produced.push(machine.apply(&input)?);
    }
    Ok(produced)
}

/// The evaluator's input for a step; `None` for a time the clocks skip.
pub fn input_of(program: &Program, step: &Step, line: usize) -> Option<EventInput> {
    let utc = crate::compute::first_valid_at_or_after(program.zone, step.at)?;
    Some(EventInput {
        time: Moment {
            utc,
            zone: ZoneSpec::Named(program.zone),
        },
        event: Some(step.event),
        fields: step.fields.clone(),
        line,
    })
}

/// The entry for the event itself among what applying it produced (rules
/// that act at a time and deadlines come first).
pub fn event_entry(entries: &[Entry]) -> Option<&EventEntry> {
    entries.iter().rev().find_map(|entry| match entry {
        Entry::Event(event) if event.timer.is_none() => Some(event.as_ref()),
        _ => None,
    })
}

/// The first moment generated scenarios use: 10:00 on the first business
/// day after the term starts (or after the contract's date).
pub fn first_slot(program: &Program) -> NaiveDateTime {
    let start = program
        .term_start
        .as_ref()
        .map(|start| start.date)
        .or(program.dated)
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(2000, 1, 3).unwrap_or_default());
    let day = program
        .calendar
        .add_business_days(start, 1)
        .unwrap_or(start);
    day.and_time(ten())
}

/// Ten in the morning: generated events happen in office hours.
pub fn ten() -> NaiveTime {
    NaiveTime::from_hms_opt(10, 0, 0).unwrap_or(NaiveTime::MIN)
}

/// The `n`-th business day after `slot`'s date, at 10:00.
pub fn business_days_after(program: &Program, slot: NaiveDateTime, n: i64) -> NaiveDateTime {
    program
        .calendar
        .add_business_days(slot.date(), n)
        .unwrap_or(slot.date() + Duration::days(n))
        .and_time(ten())
}

/// A plausible value for a field that a case does not vary, given the state
/// the event will find: the first state of the field's unit that is above
/// zero (the shares remaining, the amount due), else one of the unit; the
/// first value of a kind; a date sixty days on; `yes`; the first instance of
/// a record. A notice is sent by a method deemed given when sent, if any.
/// `None` when no value fits (no instance yet, a duration).
pub fn default_value(
    program: &Program,
    machine_state: &[Value],
    records: &crate::compute::Records,
    field: &FieldDef,
    at: NaiveDateTime,
) -> Option<Value> {
    Some(match field.ty {
        Type::Quantity(unit) => {
            let from_state = program
                .state
                .iter()
                .zip(machine_state)
                .find_map(|(var, value)| match value {
                    Value::Quantity(n, u)
                        if var.ty == field.ty && *u == unit && !n.is_negative() && !n.is_zero() =>
                    {
                        Some(value.clone())
                    }
                    _ => None,
                });
            from_state.unwrap_or_else(|| {
                let one = if field.shown == crate::program::Shown::Ratio {
                    2
                } else {
                    1
                };
                Value::Quantity(crate::number::Number::from_integer(one), unit)
            })
        }
        Type::Date => Value::Date(at.date() + Duration::days(60)),
        Type::Instant => Value::Instant(Moment {
            utc: crate::compute::first_valid_at_or_after(program.zone, at)?,
            zone: ZoneSpec::Named(program.zone),
        }),
        Type::Flag => Value::Flag(true),
        Type::Kind(kind) if Some(kind) == program.notice_kind => {
            let method = program
                .notice_rules
                .iter()
                .position(|rule| matches!(rule.deemed, Deemed::WhenSent))
                .unwrap_or(0);
            Value::Variant(kind, method)
        }
        Type::Kind(kind) => Value::Variant(kind, 0),
        Type::Instance(record) => {
            if records.get(record).is_none_or(Vec::is_empty) {
                return None;
            }
            Value::Instance(record, 0)
        }
        Type::Duration => return None,
    })
}

/// Fills every field of `event` with its default, then applies `overrides`.
pub fn fill(
    program: &Program,
    machine: &Machine<'_>,
    event: EventId,
    at: NaiveDateTime,
    overrides: &[(usize, Value)],
) -> Option<Step> {
    let definition = program.events.get(event)?;
    let mut fields = Vec::with_capacity(definition.fields.len());
    for (index, field) in definition.fields.iter().enumerate() {
        let chosen = overrides
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, v)| v.clone());
        let value = match chosen {
            Some(value) => value,
            None => default_value(program, machine.state(), machine.records(), field, at)?,
        };
        fields.push(value);
    }
    Some(Step { at, event, fields })
}

/// A value written as a scenario writes it: `25,001 shares`, `USD 38,500.00`,
/// `2003-05-01`, `fax`, `Warrant Certificate 1`.
pub fn value_text(program: &Program, value: &Value) -> String {
    match value {
        Value::Quantity(amount, unit) => quantity_text(amount.clone(), *unit),
        Value::Date(date) => date.to_string(),
        Value::Instant(at) => {
            let local = at.local_in(program.zone);
            format!(
                "{} {}",
                local.format("%Y-%m-%d %H:%M:%S"),
                program.zone.name()
            )
        }
        Value::Flag(flag) => if *flag { "yes" } else { "no" }.to_string(),
        Value::Variant(kind, index) => program
            .kinds
            .get(*kind)
            .and_then(|k| k.variants.get(*index))
            .cloned()
            .unwrap_or_default(),
        Value::Instance(record, index) => program.instance_label(*record, *index),
        Value::Duration(_) | Value::Unset => String::new(),
    }
}

fn quantity_text(amount: crate::number::Number, unit: Unit) -> String {
    // With thousands separators, as the clause file writes its figures; a
    // value with no finite decimal never arises from the cases made here.
    let plain = if amount.to_decimal().is_some() {
        amount.format(unit.min_places(), false)
    } else {
        amount.to_plain_string(unit.min_places())
    };
    match (unit.currency, unit.shares, unit.money) {
        (Some(currency), 0, 1) => format!("{currency} {plain}"),
        (Some(currency), -1, 1) => format!("{currency} {plain} per share"),
        (None, 1, 0) => format!("{plain} shares"),
        _ => plain,
    }
}

/// The event line of a step: `2004-12-27 16:59:59  Notice of Exercise { by: fax, shares: 25000 shares }`.
pub fn event_line(program: &Program, step: &Step) -> String {
    let Some(event) = program.events.get(step.event) else {
        return String::new();
    };
    let time = if step.at.time().format("%S").to_string() == "00" {
        step.at.format("%Y-%m-%d %H:%M").to_string()
    } else {
        step.at.format("%Y-%m-%d %H:%M:%S").to_string()
    };
    let fields: Vec<String> = event
        .fields
        .iter()
        .zip(&step.fields)
        .map(|(field, value)| format!("{}: {}", field.name, value_text(program, value)))
        .collect();
    if fields.is_empty() {
        format!("{time}  {}", event.name)
    } else {
        format!("{time}  {} {{ {} }}", event.name, fields.join(", "))
    }
}

/// `expect accepted`, `expect refused by 2(c)`, `expect noted`.
pub fn outcome_expectation(outcome: &Outcome, program: &Program) -> String {
    match outcome {
        Outcome::Accepted { .. } => "expect accepted".to_string(),
        Outcome::Refused {
            clause: Some(clause),
            ..
        } => format!("expect refused by {}", program.clause_number(*clause)),
        Outcome::Refused { clause: None, .. } => "expect refused by header".to_string(),
        Outcome::Noted => "expect noted".to_string(),
    }
}

/// `accepted`, `refused by §2(c)`, `noted`, for the table.
pub fn outcome_words(outcome: &Outcome, program: &Program) -> String {
    match outcome {
        Outcome::Accepted { .. } => "accepted".to_string(),
        Outcome::Refused {
            clause: Some(clause),
            ..
        } => format!("refused by §{}", program.clause_number(*clause)),
        Outcome::Refused { clause: None, .. } => "refused by the header".to_string(),
        Outcome::Noted => "noted".to_string(),
    }
}

/// `exercise 1.tender` or `spin off notice`: an obligation as a scenario
/// names it in an expectation.
pub fn obligation_name(
    program: &Program,
    obligation: usize,
    owner: Option<(usize, u32)>,
) -> String {
    crate::report::obligation_label_joined(program, obligation, owner, ".")
}

/// `met`, `late`, … as `is …` reads it.
pub fn status_word(status: ObligationStatus) -> &'static str {
    match status {
        ObligationStatus::Open => "open",
        ObligationStatus::Met => "met",
        ObligationStatus::Late => "late",
        ObligationStatus::Breached => "breached",
        ObligationStatus::Performed => "performed",
    }
}

/// A whole scenario file: header, then each step with its expectations.
pub fn scenario_text(
    program: &Program,
    title: &str,
    contract: &str,
    comments: &[String],
    steps: &[(Step, Vec<String>)],
) -> String {
    let mut out = String::new();
    for comment in comments {
        out.push_str(&format!("-- {comment}\n"));
    }
    out.push_str(&format!(
        "scenario \"{}\"\ncontract \"{}\"\n",
        title.replace('"', "'"),
        contract.replace('\\', "/")
    ));
    for (step, expectations) in steps {
        out.push('\n');
        out.push_str(&event_line(program, step));
        out.push('\n');
        for expectation in expectations {
            out.push_str(&format!("  {expectation}\n"));
        }
    }
    out
}

/// The sections that accepted or refused the steps, in clause order.
pub fn clauses_of(produced: &[Vec<Entry>]) -> Vec<ClauseId> {
    let mut clauses = Vec::new();
    for entries in produced {
        for entry in entries {
            let Entry::Event(event) = entry else { continue };
            match &event.outcome {
                Outcome::Accepted { clauses: by } => clauses.extend(by.iter().copied()),
                Outcome::Refused {
                    clause: Some(clause),
                    ..
                } => clauses.push(*clause),
                _ => {}
            }
        }
    }
    clauses.sort_unstable();
    clauses.dedup();
    clauses
}
