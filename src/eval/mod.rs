//! The evaluator: applies events, in time order, to a checked program.
//!
//! For each event: deadlines that ran out before it are marked breached; a
//! notice's deemed time is worked out (§ notice rules); the obligation it
//! performs, if any, is marked met or late; then every reaction's `refuse`
//! conditions are checked against the state as the event found it, and only
//! if none refuses do the updates apply, in clause order, followed by the
//! `on change of` reactions for the state that changed. A refused event
//! changes nothing.

mod instances;
mod invariants;
mod reactions;
mod timers;

use std::collections::HashMap;

use crate::compute::{self, EventView, Obligations, Records};
use crate::errors::{EvalError, Fault};
use crate::program::{ClauseId, Deemed, EventId, EventInput, Program, ReadingId};
use crate::report::{
    DeadlineEntry, DeemedNote, Effect, Entry, EventEntry, ObligationNote, Outcome, RoundingNote,
    Summary,
};
use crate::trace::Trace;
use crate::value::{ClockChange, Moment, Value};

/// A contract in motion: its state and obligations after the events so far.
/// Cloning one forks the run (`pactum explore` tries several next events).
#[derive(Clone)]
pub struct Machine<'p> {
    program: &'p Program,
    /// Shared with the report entries that show it, so that giving each
    /// entry the whole state costs no copy of its values.
    state: std::sync::Arc<[Value]>,
    records: Records,
    /// Market data the scenario supplied.
    market: compute::MarketData,
    obligations: Obligations,
    /// Per performing event, its occurrences that performed nothing when
    /// they came, oldest first: an obligation that arises later counts the
    /// first of them as its performance (a notice given before the fact).
    waiting: HashMap<EventId, std::collections::VecDeque<Moment>>,
    /// What the rules that act at a time have done so far.
    timers: timers::TimerBook,
    /// Per invariant, whether it held after the last committed change.
    holding: Vec<bool>,
    /// Per invariant, what it reads: it is evaluated again only after a
    /// change to one of those.
    invariant_reads: Vec<invariants::Reads>,
    /// Whether the invariants were evaluated once: the first change after
    /// the start evaluates them all, whatever it touched.
    invariants_checked: bool,
    /// How many times an invariant has broken in this run.
    broken: usize,
    events: usize,
    accepted: usize,
    refused: usize,
}

/// What one event's reactions did, gathered before it is committed.
struct Trial {
    state: Vec<Value>,
    /// The machine's instances, moved here while the event is tried and
    /// changed in place; `record_undo` puts a refused event's changes back,
    /// so that trying an event costs what it changes, not every instance.
    records: Records,
    record_undo: Vec<instances::Undo>,
    /// Per performing event, how many waiting occurrences obligations took.
    early_used: HashMap<EventId, usize>,
    effects: Vec<Effect>,
    notes: Vec<ObligationNote>,
    roundings: Vec<RoundingNote>,
    formulas: Vec<crate::report::FormulaNote>,
    readings: Vec<ReadingId>,
    clauses: Vec<ClauseId>,
    /// A reaction run's locals, kept from one run to the next so that each
    /// of the many runs of a `for each` reaction does not allocate its own.
    locals: Vec<Value>,
}

impl Trial {
    /// Records readings as relied on, in the order given, each once.
    fn rely_on(&mut self, readings: &[ReadingId]) {
        for reading in readings {
            if !self.readings.contains(reading) {
                self.readings.push(*reading);
            }
        }
    }

    /// Puts back every change this trial made to instances.
    fn undo_records(&mut self) -> Records {
        instances::undo(&mut self.records, std::mem::take(&mut self.record_undo));
        std::mem::take(&mut self.records)
    }
}

enum Verdict {
    Refused {
        /// `None`: the contract's header (the term had not started).
        clause: Option<ClauseId>,
        reason: String,
        /// The refusal's own reading, then those its condition relied on.
        readings: Vec<ReadingId>,
        /// Roundings done while deciding to refuse.
        roundings: Vec<RoundingNote>,
        formulas: Vec<crate::report::FormulaNote>,
    },
    Proceed,
}

impl<'p> Machine<'p> {
    pub fn new(program: &'p Program) -> Machine<'p> {
        Machine {
            program,
            state: program
                .state
                .iter()
                .map(|var| var.initial.clone())
                .collect::<Vec<Value>>()
                .into(),
            records: instances::initial_records(program),
            market: compute::MarketData::default(),
            waiting: HashMap::new(),
            timers: timers::TimerBook::default(),
            holding: vec![true; program.invariants.len()],
            invariant_reads: program
                .invariants
                .iter()
                .map(|invariant| invariants::Reads::of(program, &invariant.condition))
                .collect(),
            invariants_checked: false,
            broken: 0,
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

    pub fn records(&self) -> &Records {
        &self.records
    }

    /// The market data the rules may ask about.
    pub fn with_market(mut self, market: compute::MarketData) -> Machine<'p> {
        self.market = market;
        self
    }

    /// An environment for scenario expectations about the event just applied.
    pub fn env_after<'a>(&'a self, view: Option<EventView<'a>>) -> compute::Env<'a> {
        compute::Env {
            program: Some(self.program),
            state: &self.state,
            locals: &[],
            event: view,
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
                let date = compute::shift_date(local.date(), days, 1, &env, span, trace)?;
                let shifted = date.and_time(local.time());
                clock = ClockChange::of(self.program.zone, shifted);
                // A deemed time the clocks skip counts when they resume.
                let utc = compute::first_valid_at_or_after(self.program.zone, shifted).ok_or_else(
                    || Fault {
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
        // Where the notice is received, for a cut-off in the recipient's time.
        let received_in = input
            .event
            .and_then(|event| self.program.events.get(event))
            .and_then(|event| event.recipient)
            .and_then(|party| self.program.parties.get(party))
            .and_then(|party| party.place);
        let (at, cutoff) = match rule.cutoff {
            Some(cutoff) => self.apply_cutoff(at, cutoff, received_in, rule.clause)?,
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
        received_in: Option<chrono_tz::Tz>,
        clause: ClauseId,
    ) -> Result<(Moment, Option<String>), Fault> {
        let span = self
            .program
            .clauses
            .get(clause)
            .map(|c| c.span)
            .unwrap_or_default();
        // The checker made sure a recipient's-time cut-off has a place to read.
        let zone = match (cutoff.recipient, received_in) {
            (true, Some(place)) => place,
            _ => cutoff.after.map_or(self.program.zone, |(_, zone)| zone),
        };
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
                    Some((time, _)) if local.time() > time && cutoff.recipient => Some(format!(
                        "after the {} cut-off in the recipient's time, {zone}",
                        time.format("%H:%M")
                    )),
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
            compute::first_valid_at_or_after(zone, next.and_time(chrono::NaiveTime::MIN))
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
        // Rules that act at a time, and deadlines, up to this event; the
        // event comes after a rule due at the same moment.
        self.advance(&input.time, &mut entries)?;
        self.expire(&input.time, &mut entries);
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
        if let Some(entry) = self.before_term(input, deemed.clone()) {
            entries.push(Entry::Event(Box::new(entry)));
            return Ok(entries);
        }
        let mut trial = self.trial();
        if let Some(note) = &deemed {
            if let Some(rule) = self
                .program
                .notice_rules
                .iter()
                .find(|r| r.method == note.method)
            {
                trial.rely_on(&rule.readings);
                // Asking whether a day is closed relies on the header's calendar.
                if rule.cutoff.is_some() {
                    trial.rely_on(&self.program.calendar_readings);
                }
                trial.rely_on(&self.readings_behind(&deemed_trace));
            }
        }
        let performed_at = deemed.as_ref().map_or(input.time, |note| note.at);
        let mut performed = false;
        for (id, obligation) in self.program.obligations.iter().enumerate() {
            if obligation.fulfilled_by != event_id {
                continue;
            }
            if let Some(instance) = self
                .obligations
                .perform(id, performed_at, self.program.zone)
            {
                performed = true;
                push_unique(&mut trial.clauses, obligation.clause);
                if let Some(found) = self.obligations.get(instance) {
                    trial.notes.push(ObligationNote {
                        clause: obligation.clause,
                        obligation: id,
                        instance,
                        owner: found.owner,
                        status: found.status,
                        deadline: found.deadline,
                        rolled_from: None,
                        early: None,
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
                self.records = trial.undo_records();
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
                formulas,
            } => {
                self.obligations.rollback();
                self.records = trial.undo_records();
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
                entry.formulas = formulas;
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
        self.keep_waiting(event_id, performed_at, &trial, performed);
        self.state = trial.state.into();
        self.records = trial.records;
        let mut entry = EventEntry {
            line: input.line,
            time: input.time,
            event: input.event,
            timer: None,
            fields: input.fields.clone(),
            deemed,
            outcome,
            effects: trial.effects,
            obligations: trial.notes,
            roundings: trial.roundings,
            formulas: trial.formulas,
            readings: trial.readings,
            state: std::sync::Arc::clone(&self.state),
            broken: Vec::new(),
        };
        self.check_invariants(&mut entry, &describe)?;
        entries.push(Entry::Event(Box::new(entry)));
        Ok(entries)
    }

    /// Marks breached every open obligation whose deadline ended by `now`.
    fn expire(&mut self, now: &Moment, entries: &mut Vec<Entry>) {
        for instance in self.obligations.expire(now) {
            if let Some(found) = self.obligations.get(instance) {
                entries.push(Entry::DeadlinePassed(DeadlineEntry {
                    obligation: found.obligation,
                    instance,
                    owner: found.owner,
                    deadline: found.deadline,
                }));
            }
        }
    }

    /// A trial of the next change, on the machine's state and instances.
    fn trial(&mut self) -> Trial {
        Trial {
            state: self.state.to_vec(),
            records: std::mem::take(&mut self.records),
            record_undo: Vec::new(),
            early_used: HashMap::new(),
            effects: Vec::new(),
            locals: Vec::new(),
            notes: Vec::new(),
            roundings: Vec::new(),
            formulas: Vec::new(),
            readings: Vec::new(),
            clauses: Vec::new(),
        }
    }

    /// An event before the term starts is refused by the header: the
    /// contract did not yet exist.
    fn before_term(
        &mut self,
        input: &EventInput,
        deemed: Option<DeemedNote>,
    ) -> Option<EventEntry> {
        let start = self.program.term_start.as_ref()?;
        let begins = compute::first_valid_at_or_after(
            self.program.zone,
            start.date.and_time(chrono::NaiveTime::MIN),
        )?;
        if input.time.utc >= begins {
            return None;
        }
        self.refused += 1;
        let readings = start.readings.clone();
        let mut entry = self.noted(input, deemed, readings);
        entry.outcome = Outcome::Refused {
            clause: None,
            reason: if start.stated {
                format!("the term starts on {} (`term starts:`)", start.date)
            } else {
                format!(
                    "the contract is dated {} and did not exist before then",
                    start.date
                )
            },
        };
        Some(entry)
    }

    /// After a committed event: the waiting occurrences that obligations took
    /// are gone, and this one waits if it performed nothing it could.
    fn keep_waiting(&mut self, event_id: EventId, at: Moment, trial: &Trial, performed: bool) {
        for (event, used) in &trial.early_used {
            if let Some(queue) = self.waiting.get_mut(event) {
                queue.drain(..(*used).min(queue.len()));
            }
        }
        let performs_something = self
            .program
            .obligations
            .iter()
            .any(|o| o.fulfilled_by == event_id);
        if performs_something && !performed {
            self.waiting.entry(event_id).or_default().push_back(at);
        }
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
            timer: None,
            fields: input.fields.clone(),
            deemed,
            outcome: Outcome::Noted,
            effects: Vec::new(),
            obligations: Vec::new(),
            roundings: Vec::new(),
            formulas: Vec::new(),
            readings,
            state: std::sync::Arc::clone(&self.state),
            broken: Vec::new(),
        }
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
                    owner: found.owner,
                    status: found.status,
                    deadline: found.deadline,
                    rolled_from: None,
                    early: None,
                })
            })
            .collect();
        Summary {
            state: self.state.to_vec(),
            records: self.records.clone(),
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
