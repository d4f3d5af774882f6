//! The evaluator: applies events, in time order, to a checked program.
//!
//! For each event: deadlines that ran out before it are marked breached; a
//! notice's deemed time is worked out (§ notice rules); the obligation it
//! performs, if any, is marked met or late; then every reaction's `refuse`
//! conditions are checked against the state as the event found it, and only
//! if none refuses do the updates apply, in clause order, followed by the
//! `on change of` reactions for the state that changed. A refused event
//! changes nothing.

mod expr;
mod obligations;

use chrono_tz::Tz;

use crate::check::EventInput;
use crate::errors::{EvalError, Fault};
use crate::program::{ClauseId, Deemed, Program, ReadingId, Stmt};
use crate::report::{
    DeadlineEntry, DeemedNote, Effect, Entry, EventEntry, ObligationNote, Outcome, RoundingNote,
    Summary,
};
use crate::value::{ClockChange, Moment, Value};

pub use expr::{compare, evaluate, Env, EventView, Rounded, Trace};
pub use obligations::{Instance, Obligations};

/// Evaluates an expression that reads no state and no event.
pub fn evaluate_constant(
    expr: &crate::program::Expr,
    zone: Tz,
    calendar: Option<&crate::calendar::Calendar>,
    month_end: Option<crate::syntax::ast::MonthEnd>,
    trace: &mut Trace,
) -> Result<Value, Fault> {
    let env = Env {
        program: None,
        state: &[],
        locals: &[],
        event: None,
        obligations: None,
        zone,
        calendar,
        month_end,
    };
    evaluate(expr, &env, trace)
}

/// How many rounds of `on change of` reactions one event may cause before
/// the rules are judged to loop.
const MAX_CHANGE_ROUNDS: usize = 16;

/// A contract in motion: its state and obligations after the events so far.
pub struct Machine<'p> {
    program: &'p Program,
    state: Vec<Value>,
    obligations: Obligations,
    events: usize,
    accepted: usize,
    refused: usize,
}

/// What one event's reactions did, gathered before it is committed.
struct Trial {
    state: Vec<Value>,
    effects: Vec<Effect>,
    notes: Vec<ObligationNote>,
    roundings: Vec<RoundingNote>,
    readings: Vec<ReadingId>,
    clauses: Vec<ClauseId>,
}

impl Trial {
    fn rely_on(&mut self, reading: Option<ReadingId>) {
        if let Some(reading) = reading {
            if !self.readings.contains(&reading) {
                self.readings.push(reading);
            }
        }
    }
}

enum Verdict {
    Refused {
        clause: ClauseId,
        reason: String,
        /// The refusal's own reading, then those its condition relied on.
        readings: Vec<ReadingId>,
        /// Roundings done while deciding to refuse.
        roundings: Vec<RoundingNote>,
    },
    Proceed,
}

impl<'p> Machine<'p> {
    pub fn new(program: &'p Program) -> Machine<'p> {
        Machine {
            program,
            state: program.state.iter().map(|var| var.initial).collect(),
            obligations: Obligations::new(program.obligations.len()),
            events: 0,
            accepted: 0,
            refused: 0,
        }
    }

    pub fn state(&self) -> &[Value] {
        &self.state
    }

    pub fn obligations(&self) -> &Obligations {
        &self.obligations
    }

    /// An environment for scenario expectations about the event just applied.
    pub fn env_after<'a>(&'a self, view: Option<EventView<'a>>) -> Env<'a> {
        Env {
            program: Some(self.program),
            state: &self.state,
            locals: &[],
            event: view,
            obligations: Some(&self.obligations),
            zone: self.program.zone,
            calendar: Some(&self.program.calendar),
            month_end: self.program.short_months,
        }
    }

    /// The deemed time of a notice event, by the notice rule for its method.
    /// `trace` records what the computation relied on (business days, a short month).
    pub fn deemed(
        &self,
        input: &EventInput,
        trace: &mut Trace,
    ) -> Result<Option<DeemedNote>, Fault> {
        let Some(event) = input.event.and_then(|id| self.program.events.get(id)) else {
            return Ok(None);
        };
        if !event.is_notice {
            return Ok(None);
        }
        let Some(Value::Variant(_, method)) = input.fields.first() else {
            return Ok(None);
        };
        let Some(rule) = self.program.notice_rules.get(*method) else {
            return Ok(None);
        };
        let mut clock = None;
        let at = match rule.deemed {
            Deemed::WhenSent => input.time,
            Deemed::After(days) => {
                let env = self.env_after(None);
                let span = self
                    .program
                    .clauses
                    .get(rule.clause)
                    .map(|c| c.span)
                    .unwrap_or_default();
                let local = input.time.local_in(self.program.zone);
                let date = expr::shift_date(local.date(), days, 1, &env, span, trace)?;
                let shifted = date.and_time(local.time());
                clock = ClockChange::of(self.program.zone, shifted);
                // A deemed time the clocks skip counts when they resume.
                let utc = obligations::first_valid_at_or_after(self.program.zone, shifted).ok_or(
                    Fault {
                        kind: crate::errors::FaultKind::NonexistentTime(shifted.to_string()),
                        span,
                    },
                )?;
                Moment {
                    utc,
                    zone: input.time.zone,
                }
            }
        };
        let (at, cutoff) = match rule.cutoff {
            Some(cutoff) => self.apply_cutoff(at, cutoff, rule.clause)?,
            None => (at, None),
        };
        Ok(Some(DeemedNote {
            at,
            method: rule.method.clone(),
            clause: rule.clause,
            clock,
            cutoff,
        }))
    }

    /// A notice after the cut-off time, or on a closed day, counts at the
    /// start of the next business day.
    fn apply_cutoff(
        &self,
        at: Moment,
        cutoff: crate::program::CutoffRule,
        clause: ClauseId,
    ) -> Result<(Moment, Option<String>), Fault> {
        let span = self
            .program
            .clauses
            .get(clause)
            .map(|c| c.span)
            .unwrap_or_default();
        let zone = cutoff.after.map_or(self.program.zone, |(_, zone)| zone);
        let local = at.local_in(zone);
        let range = |_| Fault {
            kind: crate::errors::FaultKind::CalendarRange(local.date().to_string()),
            span,
        };
        let calendar = &self.program.calendar;
        let reason =
            if cutoff.closed_day && !calendar.is_business_day(local.date()).map_err(range)? {
                Some(format!("on {}, a closed day", local.date()))
            } else {
                match cutoff.after {
                    Some((time, _)) if local.time() > time => {
                        Some(format!("after the {} cut-off", time.format("%H:%M")))
                    }
                    _ => None,
                }
            };
        let Some(reason) = reason else {
            return Ok((at, None));
        };
        let next = calendar.add_business_days(local.date(), 1).map_err(range)?;
        let start =
            obligations::first_valid_at_or_after(zone, next.and_time(chrono::NaiveTime::MIN))
                .ok_or_else(|| range(crate::calendar::CalendarError::OutOfRange { date: next }))?;
        Ok((
            Moment {
                utc: start,
                zone: at.zone,
            },
            Some(reason),
        ))
    }

    /// Applies one event; returns the report entries it produced.
    pub fn apply(&mut self, input: &EventInput) -> Result<Vec<Entry>, EvalError> {
        let program = self.program;
        let describe = || describe_event(program, input);
        let src = self.program.source.named();
        let mut entries = Vec::new();
        for instance in self.obligations.expire(&input.time) {
            if let Some(found) = self.obligations.get(instance) {
                entries.push(Entry::DeadlinePassed(DeadlineEntry {
                    obligation: found.obligation,
                    instance,
                    deadline: found.deadline,
                }));
            }
        }
        // `time passes` is not an event; the summary counts events only.
        self.events += usize::from(input.event.is_some());
        let mut deemed_trace = Trace::default();
        let deemed = self
            .deemed(input, &mut deemed_trace)
            .map_err(|fault| EvalError::new(&fault, describe(), src.clone()))?;
        let Some(event_id) = input.event else {
            entries.push(Entry::Event(Box::new(self.noted(input, None, Vec::new()))));
            return Ok(entries);
        };
        let mut trial = Trial {
            state: self.state.clone(),
            effects: Vec::new(),
            notes: Vec::new(),
            roundings: Vec::new(),
            readings: Vec::new(),
            clauses: Vec::new(),
        };
        if let Some(note) = &deemed {
            if let Some(rule) = self
                .program
                .notice_rules
                .iter()
                .find(|r| r.method == note.method)
            {
                trial.rely_on(rule.reading);
                // Asking whether a day is closed relies on the header's calendar.
                if rule.cutoff.is_some() {
                    trial.rely_on(self.program.calendar_reading);
                }
                for reading in self.readings_behind(&deemed_trace) {
                    trial.rely_on(Some(reading));
                }
            }
        }
        let performed_at = deemed.as_ref().map_or(input.time, |note| note.at);
        for (id, obligation) in self.program.obligations.iter().enumerate() {
            if obligation.fulfilled_by != event_id {
                continue;
            }
            if let Some(instance) = self
                .obligations
                .perform(id, performed_at, self.program.zone)
            {
                push_unique(&mut trial.clauses, obligation.clause);
                if let Some(found) = self.obligations.get(instance) {
                    trial.notes.push(ObligationNote {
                        clause: obligation.clause,
                        obligation: id,
                        instance,
                        status: found.status,
                        deadline: found.deadline,
                        rolled_from: None,
                    });
                }
            }
        }
        let view = EventView {
            time: input.time,
            deemed: deemed.as_ref().map(|note| note.at),
            fields: &input.fields,
        };
        let outcome = self
            .run_reactions(event_id, view, &mut trial)
            .map_err(|fault| EvalError::new(&fault, describe(), src.clone()));
        let verdict = match outcome {
            Ok(verdict) => verdict,
            Err(error) => {
                self.obligations.rollback();
                return Err(error);
            }
        };
        let reactions = self
            .program
            .events
            .get(event_id)
            .map_or(0, |e| e.reactions.len());
        let outcome = match verdict {
            Verdict::Refused {
                clause,
                reason,
                readings: refusal_readings,
                roundings,
            } => {
                self.obligations.rollback();
                self.refused += 1;
                // The deemed time, and the reading behind it, still stand.
                // Before any update ran, the trial holds only those readings.
                let mut readings: Vec<ReadingId> = trial.readings.clone();
                for reading in refusal_readings {
                    if !readings.contains(&reading) {
                        readings.push(reading);
                    }
                }
                let mut entry = self.noted(input, deemed, readings);
                entry.outcome = Outcome::Refused { clause, reason };
                entry.roundings = roundings;
                entries.push(Entry::Event(Box::new(entry)));
                return Ok(entries);
            }
            Verdict::Proceed if reactions == 0 && trial.notes.is_empty() => Outcome::Noted,
            Verdict::Proceed => {
                let mut clauses = trial.clauses.clone();
                clauses.sort_unstable();
                Outcome::Accepted { clauses }
            }
        };
        self.obligations.commit();
        self.accepted += usize::from(matches!(outcome, Outcome::Accepted { .. }));
        self.state = trial.state;
        entries.push(Entry::Event(Box::new(EventEntry {
            line: input.line,
            time: input.time,
            event: input.event,
            fields: input.fields.clone(),
            deemed,
            outcome,
            effects: trial.effects,
            obligations: trial.notes,
            roundings: trial.roundings,
            readings: trial.readings,
            state: self.state.clone(),
        })));
        Ok(entries)
    }

    fn noted(
        &self,
        input: &EventInput,
        deemed: Option<DeemedNote>,
        readings: Vec<ReadingId>,
    ) -> EventEntry {
        EventEntry {
            line: input.line,
            time: input.time,
            event: input.event,
            fields: input.fields.clone(),
            deemed,
            outcome: Outcome::Noted,
            effects: Vec::new(),
            obligations: Vec::new(),
            roundings: Vec::new(),
            readings,
            state: self.state.clone(),
        }
    }

    fn run_reactions(
        &mut self,
        event_id: usize,
        view: EventView<'_>,
        trial: &mut Trial,
    ) -> Result<Verdict, Fault> {
        let program = self.program;
        let Some(event) = program.events.get(event_id) else {
            return Ok(Verdict::Proceed);
        };
        let reactions: Vec<_> = event
            .reactions
            .iter()
            .filter_map(|id| program.reactions.get(*id))
            .collect();
        // Conditions first, all against the state as the event found it.
        for reaction in &reactions {
            let verdict = self.conditions(
                &reaction.body,
                reaction.locals,
                &self.state,
                view,
                reaction.clause,
                &[],
            )?;
            if let Verdict::Refused { .. } = verdict {
                return Ok(verdict);
            }
        }
        for reaction in &reactions {
            push_unique(&mut trial.clauses, reaction.clause);
            self.effects(
                &reaction.body,
                reaction.locals,
                view,
                reaction.clause,
                &[],
                trial,
            )?;
        }
        // `on change of` reactions run in rounds: each round reacts to what
        // the previous one changed, until nothing changes.
        let mut before = self.state.clone();
        for _ in 0..MAX_CHANGE_ROUNDS {
            let snapshot = trial.state.clone();
            let mut any = false;
            for change in &program.change_reactions {
                let old = before.get(change.state).copied().unwrap_or(Value::Unset);
                let new = snapshot.get(change.state).copied().unwrap_or(Value::Unset);
                if old == new {
                    continue;
                }
                any = true;
                let seed = [old, new];
                let verdict = self.conditions(
                    &change.body,
                    change.locals,
                    &snapshot,
                    view,
                    change.clause,
                    &seed,
                )?;
                if let Verdict::Refused { .. } = verdict {
                    return Ok(verdict);
                }
                push_unique(&mut trial.clauses, change.clause);
                self.effects(
                    &change.body,
                    change.locals,
                    view,
                    change.clause,
                    &seed,
                    trial,
                )?;
            }
            if !any || trial.state == snapshot {
                return Ok(Verdict::Proceed);
            }
            before = snapshot;
        }
        let span = program
            .change_reactions
            .first()
            .and_then(|c| program.clauses.get(c.clause))
            .map(|c| c.span)
            .unwrap_or_default();
        Err(Fault {
            kind: crate::errors::FaultKind::Unsettled(MAX_CHANGE_ROUNDS),
            span,
        })
    }

    /// The header readings an evaluation relied on: the calendar's, if it
    /// counted business days, and the `short months` one, if it was needed.
    fn readings_behind(&self, trace: &Trace) -> Vec<ReadingId> {
        let mut readings = Vec::new();
        if trace.counted_business_days {
            readings.extend(self.program.calendar_reading);
        }
        if trace.used_short_months {
            readings.extend(self.program.short_months_reading);
        }
        readings
    }

    fn env<'a>(&'a self, state: &'a [Value], locals: &'a [Value], view: EventView<'a>) -> Env<'a> {
        Env {
            program: Some(self.program),
            state,
            locals,
            event: Some(view),
            obligations: Some(&self.obligations),
            zone: self.program.zone,
            calendar: Some(&self.program.calendar),
            month_end: self.program.short_months,
        }
    }

    fn conditions(
        &self,
        body: &[Stmt],
        local_count: usize,
        state: &[Value],
        view: EventView<'_>,
        clause: ClauseId,
        seed: &[Value],
    ) -> Result<Verdict, Fault> {
        let mut locals = seeded_locals(local_count, seed);
        let mut scratch = Trace::default();
        for statement in body {
            match statement {
                Stmt::Let { slot, value } => {
                    let computed = evaluate(value, &self.env(state, &locals, view), &mut scratch)?;
                    if let Some(local) = locals.get_mut(*slot) {
                        *local = computed;
                    }
                }
                Stmt::Refuse {
                    reason,
                    condition,
                    reading,
                } => {
                    if evaluate(condition, &self.env(state, &locals, view), &mut scratch)?
                        == Value::Flag(true)
                    {
                        let mut readings: Vec<ReadingId> = reading.iter().copied().collect();
                        readings.extend(self.readings_behind(&scratch));
                        let roundings = scratch
                            .roundings
                            .into_iter()
                            .map(|rounded| RoundingNote { clause, rounded })
                            .collect();
                        return Ok(Verdict::Refused {
                            clause,
                            reason: reason.clone(),
                            readings,
                            roundings,
                        });
                    }
                }
                Stmt::Set { .. } | Stmt::Must { .. } => {}
            }
        }
        Ok(Verdict::Proceed)
    }

    fn effects(
        &mut self,
        body: &[Stmt],
        local_count: usize,
        view: EventView<'_>,
        clause: ClauseId,
        seed: &[Value],
        trial: &mut Trial,
    ) -> Result<(), Fault> {
        let mut locals = seeded_locals(local_count, seed);
        for statement in body {
            let mut log = Trace::default();
            let env = self.env(&trial.state, &locals, view);
            match statement {
                Stmt::Let { slot, value } => {
                    let computed = evaluate(value, &env, &mut log)?;
                    if let Some(local) = locals.get_mut(*slot) {
                        *local = computed;
                    }
                }
                Stmt::Set {
                    state,
                    value,
                    guard,
                    reading,
                } => {
                    if !guard_holds(guard.as_ref(), &env, &mut log)? {
                        continue;
                    }
                    let after = evaluate(value, &env, &mut log)?;
                    let before = trial.state.get(*state).copied().unwrap_or(Value::Unset);
                    if let Some(slot) = trial.state.get_mut(*state) {
                        *slot = after;
                    }
                    // A rule that sets a value to what it already was changes
                    // nothing, so the report does not list it.
                    if before != after {
                        trial.effects.push(Effect {
                            clause,
                            state: *state,
                            before,
                            after,
                        });
                    }
                    trial.rely_on(*reading);
                }
                Stmt::Must {
                    obligation,
                    deadline,
                    roll,
                    guard,
                    reading,
                } => {
                    if !guard_holds(guard.as_ref(), &env, &mut log)? {
                        continue;
                    }
                    let period = evaluate(&deadline.period, &env, &mut log)?;
                    let anchor = evaluate(&deadline.anchor, &env, &mut log)?;
                    let (Value::Duration(days), Value::Date(anchor_date)) = (period, anchor) else {
                        continue;
                    };
                    let sign = if deadline.before { -1 } else { 1 };
                    let mut due = expr::shift_date(
                        anchor_date,
                        days,
                        sign,
                        &env,
                        deadline.period.span,
                        &mut log,
                    )?;
                    let mut rolled_from = None;
                    if let Some(crate::syntax::ast::RollChoice::Roll(convention)) = roll {
                        let rolled =
                            self.program
                                .calendar
                                .roll(due, *convention)
                                .map_err(|_| Fault {
                                    kind: crate::errors::FaultKind::CalendarRange(due.to_string()),
                                    span: deadline.period.span,
                                })?;
                        // Asking whether the day is open relies on the calendar.
                        log.counted_business_days = true;
                        if rolled != due {
                            rolled_from = Some((due, *convention));
                            due = rolled;
                        }
                    }
                    trial.rely_on(*reading);
                    let instance =
                        self.obligations
                            .create(*obligation, view.time, due, self.program.zone);
                    let status = self
                        .obligations
                        .get(instance)
                        .map_or(crate::syntax::ast::ObligationStatus::Open, |i| i.status);
                    trial.notes.push(ObligationNote {
                        clause,
                        obligation: *obligation,
                        instance,
                        status,
                        deadline: due,
                        rolled_from,
                    });
                }
                Stmt::Refuse { .. } => {}
            }
            for reading in self.readings_behind(&log) {
                trial.rely_on(Some(reading));
            }
            trial.roundings.extend(
                log.roundings
                    .into_iter()
                    .map(|rounded| RoundingNote { clause, rounded }),
            );
        }
        Ok(())
    }

    /// The state and what is still owed, for the end of the report.
    pub fn summary(&self) -> Summary {
        let open = self
            .obligations
            .unperformed()
            .filter_map(|(instance, found)| {
                let definition = self.program.obligations.get(found.obligation)?;
                Some(ObligationNote {
                    clause: definition.clause,
                    obligation: found.obligation,
                    instance,
                    status: found.status,
                    deadline: found.deadline,
                    rolled_from: None,
                })
            })
            .collect();
        Summary {
            state: self.state.clone(),
            open,
            events: self.events,
            accepted: self.accepted,
            refused: self.refused,
        }
    }
}

/// "`Notice of Exercise` at 2002-06-03 10:00 EDT (line 5)", for diagnostics.
pub fn describe_event(program: &Program, input: &EventInput) -> String {
    let name = input
        .event
        .and_then(|id| program.events.get(id))
        .map_or("time passes", |e| e.name.as_str());
    format!("`{name}` at {} (line {})", input.time.display(), input.line)
}

fn push_unique(clauses: &mut Vec<ClauseId>, clause: ClauseId) {
    if !clauses.contains(&clause) {
        clauses.push(clause);
    }
}

fn seeded_locals(count: usize, seed: &[Value]) -> Vec<Value> {
    let mut locals = vec![Value::Unset; count.max(seed.len())];
    for (slot, value) in locals.iter_mut().zip(seed) {
        *slot = *value;
    }
    locals
}

fn guard_holds(
    guard: Option<&crate::program::Expr>,
    env: &Env<'_>,
    log: &mut Trace,
) -> Result<bool, Fault> {
    match guard {
        None => Ok(true),
        Some(condition) => Ok(evaluate(condition, env, log)? == Value::Flag(true)),
    }
}
