//! Rules that act by themselves when a time comes (`at Expiration Date:`,
//! `every 1 month after Cliff Date, 36 times:`). Before each event the
//! machine fires, in time order, every such rule whose time has come, with
//! the deadlines that passed in between; each firing is an entry of its own.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};

use crate::compute::{self, evaluate, Env, EventView, Owner};
use crate::errors::{EvalError, Fault, FaultKind};
use crate::program::{Program, TimedReaction, Timing};
use crate::report::{Entry, EventEntry, Outcome};
use crate::trace::Trace;
use crate::value::{Moment, Value};

use super::reactions::Body;
use super::{Machine, Verdict};

/// How many rules may fire before one event before the rules are judged to
/// run away (an `every 1 calendar day` rule over a century, say).
const MAX_FIRINGS: usize = 100_000;

/// Per rule and instance: the time an `at` rule last fired for, and how
/// many times an `every` rule has fired.
#[derive(Debug, Clone, Default)]
pub struct TimerBook {
    fired_at: HashMap<(usize, Option<Owner>), Value>,
    repeats: HashMap<(usize, Option<Owner>), u32>,
}

/// A rule whose time has come.
struct Due {
    at: Moment,
    rule: usize,
    owner: Option<Owner>,
    /// For an `at` rule, the time value it fired for.
    value: Option<Value>,
    /// For an `every` rule, which firing this is (1 for the first).
    occurrence: Option<u32>,
}

impl<'p> Machine<'p> {
    /// Fires, in time order, every timed rule due at or before `until`.
    pub(super) fn advance(
        &mut self,
        until: &Moment,
        entries: &mut Vec<Entry>,
    ) -> Result<(), EvalError> {
        if self.program.timed_reactions.is_empty() {
            return Ok(());
        }
        let mut last = 0;
        for _ in 0..MAX_FIRINGS {
            let next = self.next_due(until).map_err(|(fault, rule)| {
                EvalError::new(
                    &fault,
                    self.describe_rule(rule),
                    self.program.source.named(),
                )
            })?;
            let Some(due) = next else {
                return Ok(());
            };
            last = due.rule;
            self.expire(&due.at, entries);
            entries.push(self.fire(due)?);
        }
        let span = self
            .program
            .timed_reactions
            .get(last)
            .map(|rule| rule.span)
            .unwrap_or_default();
        Err(EvalError::new(
            &Fault {
                kind: FaultKind::RunawayTimers(MAX_FIRINGS),
                span,
            },
            format!("the time before {}", until.display()),
            self.program.source.named(),
        ))
    }

    /// The earliest rule due at or before `until`, rule order breaking ties.
    fn next_due(&self, until: &Moment) -> Result<Option<Due>, (Fault, usize)> {
        let mut best: Option<Due> = None;
        for (rule, timed) in self.program.timed_reactions.iter().enumerate() {
            let owners: Vec<Option<Owner>> = match &timed.instances {
                None => vec![None],
                Some(filter) => {
                    let count = self.records.get(filter.record).map_or(0, Vec::len);
                    (0..count)
                        .filter_map(|index| u32::try_from(index).ok())
                        .map(|index| Some((filter.record, index)))
                        .collect()
                }
            };
            for owner in owners {
                let Some(due) = self.due(rule, timed, owner).map_err(|f| (f, rule))? else {
                    continue;
                };
                if due.at.utc > until.utc {
                    continue;
                }
                if best.as_ref().is_none_or(|b| due.at.utc < b.at.utc) {
                    best = Some(due);
                }
            }
        }
        Ok(best)
    }

    /// When one rule (for one instance) is next due, if it is.
    fn due(
        &self,
        rule: usize,
        timed: &TimedReaction,
        owner: Option<Owner>,
    ) -> Result<Option<Due>, Fault> {
        let locals: Vec<Value> = owner
            .map(|(record, index)| vec![Value::Instance(record, index)])
            .unwrap_or_default();
        let env = self.timer_env(&locals);
        let mut scratch = Trace::default();
        if let Some(guard) = timed.instances.as_ref().and_then(|f| f.guard.as_ref()) {
            if evaluate(guard, &env, &mut scratch)? != Value::Flag(true) {
                return Ok(None);
            }
        }
        let key = (rule, owner);
        match &timed.timing {
            Timing::At(time) => {
                let value = match evaluate(time, &env, &mut scratch) {
                    // A time not yet set (a state, a field) is not a time yet.
                    Err(Fault {
                        kind: FaultKind::Unset(_),
                        ..
                    }) => return Ok(None),
                    other => other?,
                };
                if self.timers.fired_at.get(&key) == Some(&value) {
                    return Ok(None);
                }
                let Some(at) = moment_of(self.program, &value) else {
                    return Ok(None);
                };
                Ok(Some(Due {
                    at,
                    rule,
                    owner,
                    value: Some(value),
                    occurrence: None,
                }))
            }
            Timing::Every {
                period,
                anchor,
                times,
            } => {
                let done = self.timers.repeats.get(&key).copied().unwrap_or(0);
                if times.is_some_and(|times| done >= times) {
                    return Ok(None);
                }
                let anchor_value = match evaluate(anchor, &env, &mut scratch) {
                    Err(Fault {
                        kind: FaultKind::Unset(_),
                        ..
                    }) => return Ok(None),
                    other => other?,
                };
                let Some(start) = moment_of(self.program, &anchor_value) else {
                    return Ok(None);
                };
                let steps = i64::from(done) + 1;
                let shift = crate::value::Days {
                    count: period.count.checked_mul(steps).ok_or(Fault {
                        kind: FaultKind::Overflow,
                        span: anchor.span,
                    })?,
                    kind: period.kind,
                    calendar: period.calendar,
                };
                let local = start.local_in(self.program.zone);
                let date =
                    compute::shift_date(local.date(), shift, 1, &env, anchor.span, &mut scratch)?;
                let utc = compute::first_valid_at_or_after(
                    self.program.zone,
                    date.and_time(local.time()),
                )
                .ok_or_else(|| Fault {
                    kind: FaultKind::CalendarRange(date.to_string()),
                    span: anchor.span,
                })?;
                Ok(Some(Due {
                    at: Moment {
                        utc,
                        zone: start.zone,
                    },
                    rule,
                    owner,
                    value: None,
                    occurrence: None,
                }))
            }
        }
    }

    /// Fires one rule: its refusals, then its updates, as for an event.
    fn fire(&mut self, due: Due) -> Result<Entry, EvalError> {
        let program = self.program;
        let key = (due.rule, due.owner);
        // Firing counts even if the rule refuses: its time has passed.
        let occurrence = match &due.value {
            Some(value) => {
                self.timers.fired_at.insert(key, value.clone());
                None
            }
            None => {
                let count = self.timers.repeats.entry(key).or_insert(0);
                *count += 1;
                Some(*count)
            }
        };
        let due = Due { occurrence, ..due };
        let Some(timed) = program.timed_reactions.get(due.rule) else {
            return Ok(Entry::Event(Box::new(
                self.timer_entry(&due, Outcome::Noted),
            )));
        };
        let body = Body {
            clause: timed.clause,
            statements: &timed.body,
            locals: timed.locals,
            instances: None,
        };
        let seed: Vec<Value> = due
            .owner
            .map(|(record, index)| vec![Value::Instance(record, index)])
            .unwrap_or_default();
        let view = EventView {
            time: due.at,
            deemed: None,
            fields: &[],
        };
        let mut trial = self.trial();
        let verdict = match self.run_bodies(&[body], &seed, view, &mut trial) {
            Ok(verdict) => verdict,
            Err(fault) => {
                self.obligations.rollback();
                self.records = trial.undo_records();
                return Err(EvalError::new(
                    &fault,
                    self.describe_rule(due.rule),
                    program.source.named(),
                ));
            }
        };
        let mut entry = self.timer_entry(&due, Outcome::Noted);
        match verdict {
            Verdict::Refused {
                clause,
                reason,
                readings,
                roundings,
                formulas,
            } => {
                self.obligations.rollback();
                self.records = trial.undo_records();
                entry.outcome = Outcome::Refused { clause, reason };
                entry.readings = readings;
                entry.roundings = roundings;
                entry.formulas = formulas;
            }
            Verdict::Proceed => {
                self.obligations.commit();
                self.state = trial.state.into();
                self.records = trial.records;
                // A rule whose time came but whose every update was guarded
                // off did nothing: the report shows only that its time came.
                let acted = !trial.effects.is_empty() || !trial.notes.is_empty();
                entry.outcome = if acted {
                    Outcome::Accepted {
                        clauses: vec![timed.clause],
                    }
                } else {
                    Outcome::Noted
                };
                entry.effects = trial.effects;
                entry.obligations = trial.notes;
                entry.roundings = trial.roundings;
                entry.formulas = trial.formulas;
                entry.readings = trial.readings;
                entry.state = std::sync::Arc::clone(&self.state);
                let rule = self.describe_rule(due.rule);
                self.check_invariants(&mut entry, &|| rule.clone())?;
            }
        }
        Ok(Entry::Event(Box::new(entry)))
    }

    fn timer_entry(&self, due: &Due, outcome: Outcome) -> EventEntry {
        let timer = self.program.timed_reactions.get(due.rule).map(|rule| {
            // `every 1 year after Grant Date, 4 times (2 of 4)`, `at x.vests_on (tranche 3)`
            let mut notes = Vec::new();
            if let Some(count) = due.occurrence {
                notes.push(match &rule.timing {
                    Timing::Every {
                        times: Some(times), ..
                    } => format!("{count} of {times}"),
                    _ => format!("time {count}"),
                });
            }
            if let Some((record, index)) = due.owner {
                notes.push(self.program.instance_label(record, index));
            }
            let label = if notes.is_empty() {
                rule.label.clone()
            } else {
                format!("{} ({})", rule.label, notes.join(", "))
            };
            (rule.clause, label)
        });
        EventEntry {
            line: 0,
            time: due.at,
            event: None,
            timer,
            fields: Vec::new(),
            deemed: None,
            outcome,
            effects: Vec::new(),
            obligations: Vec::new(),
            roundings: Vec::new(),
            formulas: Vec::new(),
            readings: Vec::new(),
            state: self.state.clone(),
            broken: Vec::new(),
        }
    }

    fn timer_env<'a>(&'a self, locals: &'a [Value]) -> Env<'a> {
        Env {
            program: Some(self.program),
            state: &self.state,
            locals,
            event: None,
            records: &self.records,
            trading: Some(&self.program.trading_calendar),
            market: Some(&self.market),
            obligations: Some(&self.obligations),
            zone: self.program.zone,
            calendar: Some(&self.program.calendar),
            day_calendars: &self.program.day_calendars,
            month_end: self.program.short_months,
        }
    }

    /// "the rule `at Expiration Date` of §1", for diagnostics.
    fn describe_rule(&self, rule: usize) -> String {
        self.program
            .timed_reactions
            .get(rule)
            .map_or_else(String::new, |timed| {
                format!(
                    "the rule `{}` of §{}",
                    timed.label,
                    self.program.clause_number(timed.clause)
                )
            })
    }
}

/// An instant, or a date's first moment in the contract's zone.
fn moment_of(program: &Program, value: &Value) -> Option<Moment> {
    match value {
        Value::Instant(at) => Some(*at),
        Value::Date(date) => start_of(program, *date),
        _ => None,
    }
}

fn start_of(program: &Program, date: NaiveDate) -> Option<Moment> {
    let utc = compute::first_valid_at_or_after(program.zone, date.and_time(NaiveTime::MIN))?;
    Some(Moment {
        utc,
        zone: crate::syntax::ast::ZoneSpec::Named(program.zone),
    })
}
