//! Bounded random event sequences, checked against the invariants after
//! every event; a sequence that breaks one is shrunk to a minimal scenario.
//!
//! The generator is splitmix64 (Steele, Lea and Flood, 2014): 64 bits of
//! state, a fixed increment, and a three-step mix per output. It is written
//! out here rather than taken from a crate so that a seed names the same
//! sequences on every platform and every version of every dependency.
//! `below(n)` takes the output modulo `n`; for the small `n` used here the
//! bias (under n / 2^64) is immaterial, and it keeps the stream simple.

use chrono::NaiveDateTime;

use crate::eval::Machine;
use crate::program::{ClauseId, EventId, Program};
use crate::report::Entry;
use crate::value::Value;

use super::{
    business_days_after, clauses_of, event_entry, fill, first_slot, outcome_expectation,
    scenario_text, simulate, Case, Step,
};

/// The default `--seed`: any fixed number would do.
pub const DEFAULT_SEED: u64 = 2001;
/// The default `--runs`.
pub const DEFAULT_RUNS: usize = 200;
/// Events in one random sequence, at most.
pub const MAX_EVENTS: usize = 8;

#[derive(Debug, Clone, Copy)]
pub struct RandomOptions {
    pub seed: u64,
    pub runs: usize,
}

/// A shrunk sequence that breaks an invariant.
#[derive(Debug, Clone)]
pub struct Found {
    /// Which run (from 1) found it first.
    pub run: usize,
    pub invariant: usize,
    pub steps: Vec<Step>,
    /// The sections that accepted or refused its events, and those that
    /// changed state in the event that broke the invariant.
    pub clauses: Vec<ClauseId>,
    pub broken_by: Vec<ClauseId>,
    /// The scenario file, ready to save beside the clause file.
    pub scenario: String,
}

struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        let n = u64::try_from(n).unwrap_or(u64::MAX);
        if n == 0 {
            return 0;
        }
        usize::try_from(self.next() % n).unwrap_or(0)
    }
}

/// Values the boundary cases gave each event's fields, and the times they
/// happened: the random sequences draw from them, so they land on the
/// contract's own thresholds.
struct Pool {
    fields: Vec<(EventId, usize, Value)>,
    times: Vec<(EventId, NaiveDateTime)>,
}

impl Pool {
    fn from_cases(cases: &[Case]) -> Pool {
        let mut pool = Pool {
            fields: Vec::new(),
            times: Vec::new(),
        };
        for step in cases.iter().flat_map(|case| &case.steps) {
            for (index, value) in step.fields.iter().enumerate() {
                let entry = (step.event, index, value.clone());
                if !pool.fields.contains(&entry) {
                    pool.fields.push(entry);
                }
            }
            if !pool.times.contains(&(step.event, step.at)) {
                pool.times.push((step.event, step.at));
            }
        }
        pool
    }

    /// The values a field may take: a quantity any value of its unit that
    /// some case gave any event (a threshold of one clause is often the
    /// limit another forgot), anything else the values cases gave this very
    /// field.
    fn values(&self, event: EventId, field: usize) -> Vec<Value> {
        let own: Vec<Value> = self
            .fields
            .iter()
            .filter(|(e, f, _)| *e == event && *f == field)
            .map(|(_, _, v)| v.clone())
            .collect();
        let Some(Value::Quantity(_, unit)) = own.first() else {
            return own;
        };
        let mut all: Vec<Value> = Vec::new();
        for (_, _, value) in &self.fields {
            if matches!(value, Value::Quantity(_, u) if u == unit) && !all.contains(value) {
                all.push(value.clone());
            }
        }
        all
    }
}

/// Runs `options.runs` random sequences; returns, per invariant broken, the
/// first sequence that broke it, shrunk. `contract` is how the scenarios name
/// the clause file.
pub fn explore_random(
    program: &Program,
    cases: &[Case],
    options: RandomOptions,
    contract: &str,
) -> Vec<Found> {
    let pool = Pool::from_cases(cases);
    let mut rng = SplitMix64(options.seed);
    let mut found: Vec<Found> = Vec::new();
    if program.invariants.is_empty() || program.events.is_empty() {
        return found;
    }
    for run in 1..=options.runs {
        let Some((steps, invariant)) = one_run(program, &pool, &mut rng) else {
            continue;
        };
        if found.iter().any(|f| f.invariant == invariant) {
            continue;
        }
        let steps = shrink(program, &pool, steps, invariant);
        if let Some(result) = describe(program, run, invariant, steps, options.seed, contract) {
            found.push(result);
        }
    }
    found.sort_by_key(|f| f.invariant);
    found
}

/// One random sequence, stopped at the first event that breaks an invariant.
fn one_run(program: &Program, pool: &Pool, rng: &mut SplitMix64) -> Option<(Vec<Step>, usize)> {
    let mut machine = Machine::new(program);
    let mut slot = first_slot(program);
    let mut steps = Vec::new();
    let length = 1 + rng.below(MAX_EVENTS);
    for _ in 0..length {
        let event = rng.below(program.events.len());
        // Now and then jump to a time a boundary case used (the hour of
        // expiry, a deadline), if it is still ahead.
        let ahead: Vec<NaiveDateTime> = pool
            .times
            .iter()
            .filter(|(e, at)| *e == event && *at > slot)
            .map(|(_, at)| *at)
            .collect();
        if !ahead.is_empty() && rng.below(4) == 0 {
            slot = ahead.get(rng.below(ahead.len())).copied().unwrap_or(slot);
        } else {
            let days = i64::try_from(rng.below(4)).unwrap_or(0);
            slot = business_days_after(program, slot, days);
        }
        let fields = program.events.get(event).map_or(0, |e| e.fields.len());
        let mut overrides = Vec::new();
        for field in 0..fields {
            let values = pool.values(event, field);
            match rng.below(4) {
                0 | 1 if !values.is_empty() => {
                    if let Some(value) = values.get(rng.below(values.len())) {
                        overrides.push((field, value.clone()));
                    }
                }
                // One step either side of the value the state suggests
                // (the shares remaining, the amount due).
                2 => {
                    let definition = program.events.get(event).and_then(|e| e.fields.get(field));
                    let suggested = definition.and_then(|d| {
                        super::default_value(program, machine.state(), machine.records(), d, slot)
                    });
                    if let Some(Value::Quantity(n, unit)) = suggested {
                        let step = one_step(unit);
                        let moved = if rng.below(2) == 0 {
                            n.checked_add(&step)
                        } else {
                            n.checked_sub(&step)
                        };
                        if let Ok(moved) = moved {
                            overrides.push((field, Value::Quantity(moved, unit)));
                        }
                    }
                }
                _ => {}
            }
        }
        let Some(step) = fill(program, &machine, event, slot, &overrides) else {
            continue;
        };
        let input = super::input_of(program, &step, steps.len() + 1)?;
        let entries = machine.apply(&input).ok()?;
        steps.push(step);
        if let Some(invariant) = first_broken(&entries) {
            return Some((steps, invariant));
        }
    }
    None
}

/// The smallest step of a unit in generated values: a cent of money, else one.
fn one_step(unit: crate::types::Unit) -> crate::number::Number {
    if unit.money != 0 {
        crate::number::Number::from_ratio(1, 100).unwrap_or(crate::number::Number::ONE)
    } else {
        crate::number::Number::ONE
    }
}

fn first_broken(entries: &[Entry]) -> Option<usize> {
    entries.iter().find_map(|entry| match entry {
        Entry::Event(event) => event.broken.first().map(|b| b.invariant),
        Entry::DeadlinePassed(_) => None,
    })
}

/// Whether the steps break `invariant` at some event.
fn breaks(program: &Program, steps: &[Step], invariant: usize) -> bool {
    simulate(program, steps).is_ok_and(|produced| {
        produced.iter().flatten().any(|entry| match entry {
            Entry::Event(event) => event.broken.iter().any(|b| b.invariant == invariant),
            Entry::DeadlinePassed(_) => false,
        })
    })
}

/// Drops events while the invariant still breaks, then lowers each quantity
/// to the smallest value of the pool (or zero) that still breaks it. Each
/// pass removes an event or lowers a value, so it ends.
fn shrink(program: &Program, pool: &Pool, mut steps: Vec<Step>, invariant: usize) -> Vec<Step> {
    let mut dropped = true;
    while dropped {
        dropped = false;
        for index in 0..steps.len() {
            let mut fewer = steps.clone();
            fewer.remove(index);
            if breaks(program, &fewer, invariant) {
                steps = fewer;
                dropped = true;
                break;
            }
        }
    }
    for index in 0..steps.len() {
        let Some(step) = steps.get(index).cloned() else {
            continue;
        };
        for (field, value) in step.fields.iter().enumerate() {
            let Value::Quantity(current, unit) = value else {
                continue;
            };
            let mut lower: Vec<crate::number::Number> = pool
                .values(step.event, field)
                .into_iter()
                .filter_map(|v| match v {
                    Value::Quantity(n, u) if u == *unit && n < *current => Some(n),
                    _ => None,
                })
                .collect();
            lower.sort();
            lower.dedup();
            for candidate in lower {
                let mut tried = steps.clone();
                if let Some(slot) = tried.get_mut(index).and_then(|s| s.fields.get_mut(field)) {
                    *slot = Value::Quantity(candidate, *unit);
                }
                if breaks(program, &tried, invariant) {
                    steps = tried;
                    break;
                }
            }
        }
    }
    steps
}

fn describe(
    program: &Program,
    run: usize,
    invariant: usize,
    steps: Vec<Step>,
    seed: u64,
    contract: &str,
) -> Option<Found> {
    let produced = simulate(program, &steps).ok()?;
    let definition = program.invariants.get(invariant)?;
    let mut broken_by = Vec::new();
    let mut lines = Vec::new();
    for (step, entries) in steps.iter().zip(&produced) {
        let mut expectations = Vec::new();
        if let Some(entry) = event_entry(entries) {
            expectations.push(outcome_expectation(&entry.outcome, program));
        }
        for entry in entries {
            let Entry::Event(event) = entry else { continue };
            if let Some(broken) = event.broken.iter().find(|b| b.invariant == invariant) {
                broken_by.clone_from(&broken.clauses);
                expectations.push(format!(
                    "-- INVARIANT BROKEN here: \"{}\" ({})",
                    definition.words, definition.text
                ));
            }
        }
        lines.push((step.clone(), expectations));
    }
    let clauses = clauses_of(&produced);
    let cite = |clauses: &[ClauseId]| {
        clauses
            .iter()
            .map(|c| format!("§{}", program.clause_number(*c)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let comments = vec![
        format!(
            "found by `pactum explore --seed {seed}` (run {run}) and shrunk to {}",
            count_events(steps.len())
        ),
        format!(
            "invariant broken: \"{}\" (clause file line {})",
            definition.words, definition.line
        ),
        format!(
            "state changed by {} in the event that broke it; clauses involved: {}",
            cite(&broken_by),
            cite(&clauses)
        ),
    ];
    let scenario = scenario_text(
        program,
        &format!("breaks \"{}\"", definition.words),
        contract,
        &comments,
        &lines,
    );
    Some(Found {
        run,
        invariant,
        steps,
        clauses,
        broken_by,
        scenario,
    })
}

/// `1 event`, `3 events`.
pub fn count_events(count: usize) -> String {
    if count == 1 {
        "1 event".to_string()
    } else {
        format!("{count} events")
    }
}
