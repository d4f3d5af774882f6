//! Running the reactions to one event: every `refuse` first, against the
//! state as the event found it; then the updates in clause order; then each
//! `on change of` reaction once, on the final value of what it watches (see
//! `check/change_order.rs` for the order). A reaction with `, for each
//! RECORD as x` runs once for each instance its filter selects.

use crate::errors::{Fault, FaultKind};
use crate::program::{ClauseId, InstanceFilter, ReadingId, SetTarget, Stmt};
use crate::report::{Changed, Effect, FormulaNote, ObligationNote, RoundingNote};
use crate::value::Value;

use super::instances;
use super::{push_unique, Machine, Trial, Verdict};
use crate::compute::matching;
use crate::compute::NewObligation;
use crate::compute::{self as expr, evaluate, Env, EventView};
use crate::trace::Trace;

/// How many rounds of `on change of` reactions one event may cause before
/// the rules are judged to loop.
const MAX_CHANGE_ROUNDS: usize = 16;

/// One reaction, as the runner needs it.
pub(super) struct Body<'p> {
    pub clause: ClauseId,
    pub statements: &'p [Stmt],
    pub locals: usize,
    pub instances: Option<&'p InstanceFilter>,
}

impl Body<'_> {
    /// Whether it has a `refuse`: one without needs no run of its
    /// conditions (nor of its filter) before the updates.
    fn refuses(&self) -> bool {
        self.statements
            .iter()
            .any(|statement| matches!(statement, Stmt::Refuse { .. }))
    }
}

/// The runs of one reaction (see [`Machine::runs`]): one run of a reaction
/// that names no instances needs no list of them.
enum Runs {
    Once,
    Each(Vec<Value>),
}

impl Runs {
    fn is_empty(&self) -> bool {
        matches!(self, Runs::Each(instances) if instances.is_empty())
    }

    /// Each run's instance: none for the one run of a plain reaction.
    fn each(&self) -> impl Iterator<Item = Option<&Value>> {
        let (once, instances) = match self {
            Runs::Once => (Some(None), &[][..]),
            Runs::Each(instances) => (None, instances.as_slice()),
        };
        once.into_iter().chain(instances.iter().map(Some))
    }
}

impl<'p> Machine<'p> {
    pub(super) fn run_reactions(
        &mut self,
        event_id: usize,
        view: EventView<'_>,
        trial: &mut Trial,
    ) -> Result<Verdict, Fault> {
        let program = self.program;
        let Some(event) = program.events.get(event_id) else {
            return Ok(Verdict::Proceed);
        };
        let reactions: Vec<Body<'p>> = event
            .reactions
            .iter()
            .filter_map(|id| program.reactions.get(*id))
            .map(|reaction| Body {
                clause: reaction.clause,
                statements: &reaction.body,
                locals: reaction.locals,
                instances: reaction.instances.as_ref(),
            })
            .collect();
        self.run_bodies(&reactions, &[], view, trial)
    }

    /// Runs reactions (with their first locals fixed by `seed`, for a timed
    /// rule's instance), then the `on change of` rules their changes set off.
    pub(super) fn run_bodies(
        &mut self,
        reactions: &[Body<'p>],
        seed: &[Value],
        view: EventView<'_>,
        trial: &mut Trial,
    ) -> Result<Verdict, Fault> {
        let program = self.program;
        // Conditions first, all against the state as the event found it.
        for reaction in reactions.iter().filter(|reaction| reaction.refuses()) {
            // No update has run yet, so the trial's instances are as the event found them.
            for instance in self
                .runs(reaction, seed, &self.state, &trial.records, view)?
                .each()
            {
                let run = (seed, instance);
                let verdict = self.conditions(reaction, &self.state, &trial.records, view, run)?;
                if let Verdict::Refused { .. } = verdict {
                    return Ok(verdict);
                }
            }
        }
        for reaction in reactions {
            let runs = self.runs(reaction, seed, &trial.state, &trial.records, view)?;
            if !runs.is_empty() {
                push_unique(&mut trial.clauses, reaction.clause);
                if let Some(filter) = reaction.instances {
                    trial.rely_on(&filter.readings);
                }
            }
            for instance in runs.each() {
                self.effects(reaction, view, (seed, instance), trial)?;
            }
        }
        // `on change of` rules, in the order the checker fixed: each after
        // the rules that change the state it watches. So each runs once, on
        // its state's final value for the event: `old` the value before the
        // event, `new` the value now. A rule that changes the very state it
        // watches (a floor, a cap) runs again until that state settles.
        // `self.state` is the state as the event found it: the trial changes
        // its own copy until the event is committed.
        for change in &program.change_reactions {
            let old = self
                .state
                .get(change.state)
                .cloned()
                .unwrap_or(Value::Unset);
            let mut ran_on = None;
            for _ in 0..=MAX_CHANGE_ROUNDS {
                let new = trial
                    .state
                    .get(change.state)
                    .cloned()
                    .unwrap_or(Value::Unset);
                // Unchanged by the event, or left as this rule's last run found it.
                if old == new || ran_on.as_ref() == Some(&new) {
                    break;
                }
                if ran_on.is_some() && !change.sets_state(change.state) {
                    break;
                }
                ran_on = Some(new.clone());
                let body = Body {
                    clause: change.clause,
                    statements: &change.body,
                    locals: change.locals,
                    instances: change.instances.as_ref(),
                };
                let fixed = [old.clone(), new];
                let runs = self.runs(&body, &fixed, &trial.state, &trial.records, view)?;
                for instance in runs.each().filter(|_| body.refuses()) {
                    let run = (fixed.as_slice(), instance);
                    let verdict =
                        self.conditions(&body, &trial.state, &trial.records, view, run)?;
                    if let Verdict::Refused { .. } = verdict {
                        return Ok(verdict);
                    }
                }
                push_unique(&mut trial.clauses, body.clause);
                if !runs.is_empty() {
                    if let Some(filter) = body.instances {
                        trial.rely_on(&filter.readings);
                    }
                }
                for instance in runs.each() {
                    self.effects(&body, view, (&fixed, instance), trial)?;
                }
            }
            let settled = trial
                .state
                .get(change.state)
                .cloned()
                .unwrap_or(Value::Unset);
            if ran_on.as_ref().is_some_and(|last| *last != settled)
                && change.sets_state(change.state)
            {
                return Err(Fault {
                    kind: FaultKind::Unsettled(MAX_CHANGE_ROUNDS),
                    span: change.span,
                });
            }
        }
        Ok(Verdict::Proceed)
    }

    /// Each run of a reaction: for a `for each` reaction, the instance its
    /// filter selected for that run; one run with none otherwise.
    fn runs(
        &self,
        reaction: &Body<'_>,
        fixed: &[Value],
        state: &[Value],
        records: &[Vec<Vec<Value>>],
        view: EventView<'_>,
    ) -> Result<Runs, Fault> {
        let Some(filter) = reaction.instances else {
            return Ok(Runs::Once);
        };
        let env = self.env(state, records, fixed, view);
        Ok(Runs::Each(matching(filter, &env)?))
    }

    /// The header readings an evaluation relied on: the calendar's, if it
    /// counted business days, and the `short months` one, if it was needed;
    /// and the readings that chose a rounding mode it used.
    pub(super) fn readings_behind(&self, trace: &Trace) -> Vec<ReadingId> {
        let mut readings = Vec::new();
        if trace.counted_business_days {
            readings.extend(&self.program.calendar_readings);
        }
        if trace.counted_trading_days {
            readings.extend(&self.program.trading_readings);
        }
        if trace.used_short_months {
            readings.extend(&self.program.short_months_readings);
        }
        // A rounding mode chosen among a reading's alternatives.
        for rounded in &trace.roundings {
            if let Some(reading) = rounded.reading.filter(|r| !readings.contains(r)) {
                readings.push(reading);
            }
        }
        readings
    }

    fn env<'a>(
        &'a self,
        state: &'a [Value],
        records: &'a [Vec<Vec<Value>>],
        locals: &'a [Value],
        view: EventView<'a>,
    ) -> Env<'a> {
        Env {
            program: Some(self.program),
            state,
            locals,
            event: Some(view),
            records,
            trading: Some(&self.program.trading_calendar),
            market: Some(&self.market),
            obligations: Some(&self.obligations),
            zone: self.program.zone,
            calendar: Some(&self.program.calendar),
            day_calendars: &self.program.day_calendars,
            month_end: self.program.short_months,
        }
    }

    fn conditions(
        &self,
        reaction: &Body<'_>,
        state: &[Value],
        records: &[Vec<Vec<Value>>],
        view: EventView<'_>,
        (fixed, instance): (&[Value], Option<&Value>),
    ) -> Result<Verdict, Fault> {
        let mut locals = Vec::new();
        seed_locals(&mut locals, reaction, fixed, instance);
        let mut scratch = Trace::default();
        let mut let_readings: Vec<ReadingId> = Vec::new();
        // What comes after the last `refuse` cannot refuse the event.
        let through = reaction
            .statements
            .iter()
            .rposition(|statement| matches!(statement, Stmt::Refuse { .. }))
            .map_or(0, |last| last + 1);
        for statement in reaction.statements.iter().take(through) {
            match statement {
                Stmt::Let {
                    slot,
                    value,
                    readings,
                } => {
                    let env = self.env(state, records, &locals, view);
                    let computed = evaluate(value, &env, &mut scratch)?;
                    if let Some(local) = locals.get_mut(*slot) {
                        *local = computed;
                    }
                    // A refusal after it may rest on what it computed.
                    let_readings.extend(readings);
                }
                Stmt::Refuse {
                    reason,
                    condition,
                    readings: cited,
                } => {
                    let env = self.env(state, records, &locals, view);
                    if evaluate(condition, &env, &mut scratch)? == Value::Flag(true) {
                        let mut readings: Vec<ReadingId> = cited.clone();
                        readings.extend(&let_readings);
                        // Which instance the refusal is about relied on the filter's readings.
                        if let Some(filter) = reaction.instances {
                            readings.extend(&filter.readings);
                        }
                        readings.extend(self.readings_behind(&scratch));
                        let roundings = scratch
                            .roundings
                            .into_iter()
                            .map(|rounded| RoundingNote {
                                clause: reaction.clause,
                                rounded,
                            })
                            .collect();
                        let formulas = scratch
                            .formulas
                            .into_iter()
                            .map(|used| FormulaNote {
                                clause: reaction.clause,
                                used,
                            })
                            .collect();
                        return Ok(Verdict::Refused {
                            clause: Some(reaction.clause),
                            reason: reason.clone(),
                            readings,
                            roundings,
                            formulas,
                        });
                    }
                }
                // A refusal below an `open` cannot read the instance it would
                // open, so conditions skip what opens and sets.
                Stmt::Set { .. } | Stmt::Must { .. } | Stmt::Open { .. } => {}
            }
        }
        Ok(Verdict::Proceed)
    }

    fn effects(
        &mut self,
        reaction: &Body<'_>,
        view: EventView<'_>,
        (fixed, instance): (&[Value], Option<&Value>),
        trial: &mut Trial,
    ) -> Result<(), Fault> {
        let clause = reaction.clause;
        let mut locals = std::mem::take(&mut trial.locals);
        seed_locals(&mut locals, reaction, fixed, instance);
        for statement in reaction.statements {
            let mut log = Trace::default();
            match statement {
                Stmt::Let {
                    slot,
                    value,
                    readings,
                } => {
                    let env = self.env(&trial.state, &trial.records, &locals, view);
                    let computed = evaluate(value, &env, &mut log)?;
                    if let Some(local) = locals.get_mut(*slot) {
                        *local = computed;
                    }
                    trial.rely_on(readings);
                }
                Stmt::Set {
                    target,
                    value,
                    guard,
                    readings,
                } => {
                    let env = self.env(&trial.state, &trial.records, &locals, view);
                    if !guard_holds(guard.as_ref(), &env, &mut log)? {
                        continue;
                    }
                    let after = evaluate(value, &env, &mut log)?;
                    settled(&after, value.span)?;
                    let (changed, before) = assign(*target, after.clone(), &locals, trial)
                        .ok_or_else(|| Fault {
                            kind: FaultKind::Unset("instance".to_string()),
                            span: value.span,
                        })?;
                    // A rule that sets a value to what it already was changes
                    // nothing, so the report does not list it.
                    if before != after {
                        trial.effects.push(Effect {
                            clause,
                            changed,
                            before,
                            after,
                        });
                    }
                    trial.rely_on(readings);
                }
                Stmt::Open { record, slot } => {
                    let index = instances::open(self.program, &mut trial.records, *record).ok_or(
                        Fault {
                            kind: FaultKind::Overflow,
                            span: self
                                .program
                                .clauses
                                .get(clause)
                                .map(|c| c.span)
                                .unwrap_or_default(),
                        },
                    )?;
                    trial
                        .record_undo
                        .push(instances::Undo::Opened { record: *record });
                    if let Some(local) = locals.get_mut(*slot) {
                        *local = Value::Instance(*record, index);
                    }
                    trial.effects.push(Effect {
                        clause,
                        changed: Changed::Opened {
                            record: *record,
                            index,
                        },
                        before: Value::Unset,
                        after: Value::Instance(*record, index),
                    });
                }
                Stmt::Must {
                    obligation,
                    owner,
                    deadline,
                    roll,
                    guard,
                    readings,
                } => {
                    let env = self.env(&trial.state, &trial.records, &locals, view);
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
                        // A deadline counted on a calendar of its own rolls on it.
                        let named = days
                            .calendar
                            .and_then(|named| self.program.day_calendars.get(named));
                        let rolled = named
                            .unwrap_or(&self.program.calendar)
                            .roll(due, *convention)
                            .map_err(|_| Fault {
                                kind: FaultKind::CalendarRange(due.to_string()),
                                span: deadline.period.span,
                            })?;
                        // Asking whether the day is open relies on the calendar.
                        if named.is_none() {
                            log.counted_business_days = true;
                        }
                        if rolled != due {
                            rolled_from = Some((due, *convention));
                            due = rolled;
                        }
                    }
                    let owner = match owner.and_then(|slot| locals.get(slot).cloned()) {
                        Some(Value::Instance(record, index)) => Some((record, index)),
                        _ => None,
                    };
                    trial.rely_on(readings);
                    let early = self.early_performance(*obligation, trial);
                    let instance = self.obligations.create(
                        NewObligation {
                            obligation: *obligation,
                            arose: view.time,
                            deadline: due,
                            owner,
                            early,
                        },
                        self.program.zone,
                    );
                    let status = self
                        .obligations
                        .get(instance)
                        .map_or(crate::syntax::ast::ObligationStatus::Open, |i| i.status);
                    trial.notes.push(ObligationNote {
                        clause,
                        obligation: *obligation,
                        instance,
                        owner,
                        status,
                        deadline: due,
                        rolled_from,
                        early,
                    });
                }
                Stmt::Refuse { .. } => {}
            }
            trial.rely_on(&self.readings_behind(&log));
            trial.roundings.extend(
                log.roundings
                    .into_iter()
                    .map(|rounded| RoundingNote { clause, rounded }),
            );
            trial.formulas.extend(
                log.formulas
                    .into_iter()
                    .map(|used| FormulaNote { clause, used }),
            );
        }
        trial.locals = locals;
        Ok(())
    }

    /// An occurrence of the performing event that came before the obligation
    /// arose and performed nothing then, oldest first: it performs it now.
    fn early_performance(
        &self,
        obligation: usize,
        trial: &mut Trial,
    ) -> Option<crate::value::Moment> {
        let event = self.program.obligations.get(obligation)?.fulfilled_by;
        let used = trial.early_used.entry(event).or_insert(0);
        let found = self.waiting.get(&event)?.get(*used).copied()?;
        *used += 1;
        Some(found)
    }
}

/// Writes a value to a state or an instance's field; returns what changed
/// and its value before, or `None` if the binder holds no instance that exists.
fn assign(
    target: SetTarget,
    after: Value,
    locals: &[Value],
    trial: &mut Trial,
) -> Option<(Changed, Value)> {
    match target {
        SetTarget::State(state) => {
            let slot = trial.state.get_mut(state)?;
            let before = std::mem::replace(slot, after);
            Some((Changed::State(state), before))
        }
        SetTarget::Field { slot, field } => {
            let Some(Value::Instance(record, index)) = locals.get(slot).cloned() else {
                return None;
            };
            let cell = trial
                .records
                .get_mut(record)?
                .get_mut(index as usize)?
                .get_mut(field)?;
            let before = std::mem::replace(cell, after);
            trial.record_undo.push(instances::Undo::Field {
                record,
                index,
                field,
                before: before.clone(),
            });
            Some((
                Changed::Field {
                    record,
                    index,
                    field,
                },
                before,
            ))
        }
    }
}

/// Money kept in state or a record is what someone pays or receives, so it
/// must be a whole number of the currency's smallest unit.
fn settled(value: &Value, span: crate::source::Span) -> Result<(), Fault> {
    let Value::Quantity(amount, unit) = value else {
        return Ok(());
    };
    let Some(currency) = unit.currency.filter(|_| unit.is_money()) else {
        return Ok(());
    };
    let places = currency.minor_places();
    let exact = amount
        .round(places, crate::number::RoundingMode::Down)
        .is_ok_and(|rounded| rounded == *amount);
    if exact {
        return Ok(());
    }
    Err(Fault {
        kind: FaultKind::FractionOfCent {
            amount: crate::value::display_quantity(amount, *unit),
            places,
        },
        span,
    })
}

/// A run's locals, written over `locals`: the fixed seed first (`old`,
/// `new`, a timed rule's instance), the run's instance in its filter's slot,
/// the rest unset.
fn seed_locals(
    locals: &mut Vec<Value>,
    reaction: &Body<'_>,
    fixed: &[Value],
    instance: Option<&Value>,
) {
    let slot = reaction.instances.map(|filter| filter.slot);
    let count = reaction
        .locals
        .max(fixed.len())
        .max(slot.map_or(0, |slot| slot + 1));
    locals.clear();
    locals.extend(fixed.iter().cloned());
    locals.resize(count, Value::Unset);
    if let (Some(slot), Some(instance)) = (slot, instance) {
        if let Some(local) = locals.get_mut(slot) {
            *local = instance.clone();
        }
    }
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
