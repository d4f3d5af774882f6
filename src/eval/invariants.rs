//! Invariants: after every committed event and every rule that acts at a
//! time, each `invariant` of the clause file is evaluated over the new state.
//! One that held before and fails now is recorded on that entry, with the
//! sections that changed state in it, so the report shows it right after the
//! event that broke it. A refused event changes nothing, so it is not checked.

use crate::compute::evaluate;
use crate::errors::EvalError;
use crate::program::ClauseId;
use crate::report::{BrokenInvariant, EventEntry, Outcome};
use crate::trace::Trace;
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
        for invariant in &self.program.invariants {
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
