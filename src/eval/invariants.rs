//! Invariants: after every committed event and every rule that acts at a
//! time, each `invariant` of the clause file is evaluated over the new state.
//! One that held before and fails now is recorded on that entry, with the
//! sections that changed state in it, so the report shows it right after the
//! event that broke it. A refused event changes nothing, so it is not checked.
//!
//! An invariant is evaluated again only when the change touched something it
//! reads (a state, a record's instances), since nothing else it may read
//! changes between events except obligations, and an invariant that reads
//! an obligation is evaluated every time. So an event that changes one state
//! costs the invariants that read it, not all of them.

use crate::compute::evaluate;
use crate::errors::EvalError;
use crate::program::{ClauseId, Expr, ExprKind, Program, RecordId, StateId};
use crate::report::{BrokenInvariant, Changed, EventEntry, Outcome};
use crate::trace::Trace;
use crate::types::Type;
use crate::value::Value;

use super::Machine;

impl Machine<'_> {
    /// Evaluates every invariant after `entry`'s change was committed, and
    /// records on it those that stopped holding. `describe` names the event
    /// or rule for a diagnostic if an invariant cannot be computed.
    pub(super) fn check_invariants(
        &mut self,
        entry: &mut EventEntry,
        describe: &dyn Fn() -> String,
    ) -> Result<(), EvalError> {
        if self.program.invariants.is_empty() {
            return Ok(());
        }
        let mut now = Vec::with_capacity(self.program.invariants.len());
        for (index, invariant) in self.program.invariants.iter().enumerate() {
            let unchanged = self.invariants_checked
                && self
                    .invariant_reads
                    .get(index)
                    .is_some_and(|reads| !reads.touched_by(entry));
            if unchanged {
                now.push(self.holding.get(index).copied().unwrap_or(true));
                continue;
            }
            // Slots for the `count(…)`/`sum(…)` binders; there is no event.
            let locals = vec![Value::Flag(false); invariant.locals];
            let env = self.env_after(None);
            let env = env.with_locals(&locals);
            let holds =
                evaluate(&invariant.condition, &env, &mut Trace::default()).map_err(|fault| {
                    let what =
                        format!("the invariant \"{}\" after {}", invariant.words, describe());
                    EvalError::new(&fault, what, self.program.source.named())
                })?;
            now.push(holds == Value::Flag(true));
        }
        let clauses = changed_by(entry);
        for (index, (before, after)) in self.holding.iter().zip(&now).enumerate() {
            if *before && !*after {
                entry.broken.push(BrokenInvariant {
                    invariant: index,
                    clauses: clauses.clone(),
                });
            }
        }
        self.broken += entry.broken.len();
        self.holding = now;
        self.invariants_checked = true;
        Ok(())
    }

    /// How many times an invariant has broken so far in this run.
    pub fn invariants_broken(&self) -> usize {
        self.broken
    }
}

/// The sections that changed state in an entry, in clause order; if none
/// changed state (an obligation arose or was met), those it was accepted under.
fn changed_by(entry: &EventEntry) -> Vec<ClauseId> {
    let mut clauses: Vec<ClauseId> = entry.effects.iter().map(|effect| effect.clause).collect();
    if clauses.is_empty() {
        if let Outcome::Accepted { clauses: accepted } = &entry.outcome {
            clauses.clone_from(accepted);
        }
    }
    clauses.sort_unstable();
    clauses.dedup();
    clauses
}

/// What an invariant's condition reads, found once when a run starts.
#[derive(Debug, Clone, Default)]
pub(super) struct Reads {
    states: Vec<StateId>,
    records: Vec<RecordId>,
    /// It reads an obligation (whose status also changes when a deadline
    /// passes, with no event), or is too deep to follow: evaluate it always.
    always: bool,
    /// The formulas whose bodies were read already.
    formulas: Vec<usize>,
}

/// Formula calls inside formula calls deeper than this are not followed;
/// the invariant is then evaluated after every change.
const MAX_READS_DEPTH: usize = 256;

impl Reads {
    pub(super) fn of(program: &Program, condition: &Expr) -> Reads {
        let mut reads = Reads::default();
        reads.walk(program, condition, 0);
        reads
    }

    fn walk(&mut self, program: &Program, expr: &Expr, depth: usize) {
        if depth > MAX_READS_DEPTH {
            self.always = true;
            return;
        }
        match &expr.kind {
            ExprKind::State(state) => self.states.push(*state),
            ExprKind::Aggregate(aggregate) => self.records.push(aggregate.record),
            ExprKind::InstanceField(base, _) => match base.ty {
                Type::Instance(record) => self.records.push(record),
                _ => self.always = true,
            },
            ExprKind::Obligation(..)
            | ExprKind::Deadline(_)
            | ExprKind::InstanceObligation(..)
            | ExprKind::InstanceDeadline(..) => self.always = true,
            // A formula's body is read once: its arguments are read at each
            // call, and a body that calls another twice would otherwise be
            // read again per call, doubling with each level.
            ExprKind::Formula(formula, _) if !self.formulas.contains(formula) => {
                self.formulas.push(*formula);
                match program.formulas.get(*formula) {
                    Some(definition) => self.walk(program, &definition.body, depth + 1),
                    None => self.always = true,
                }
            }
            _ => {}
        }
        for child in expr.children() {
            self.walk(program, child, depth + 1);
        }
    }

    /// Whether the change an entry records touched anything this reads.
    fn touched_by(&self, entry: &EventEntry) -> bool {
        self.always
            || entry.effects.iter().any(|effect| match effect.changed {
                Changed::State(state) => self.states.contains(&state),
                Changed::Field { record, .. } | Changed::Opened { record, .. } => {
                    self.records.contains(&record)
                }
            })
    }
}
