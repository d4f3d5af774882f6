//! The order in which `on change of` rules run after an event: each rule
//! after every rule that changes the state it watches, so that it runs once,
//! on that state's final value for the event (a share count adjusted for a
//! price change sees the price after its floor, not before). Where no
//! dependency decides, the clause file's order stands. Rules that change one
//! another's states in a loop have no such order and are refused, naming
//! the loop; a rule that changes the very state it watches (a floor, a cap)
//! is no loop: it runs again until that state settles.

use crate::errors::CheckError;
use crate::program::{ChangeReaction, StateVar};

use super::Checker;

/// The rules in the order they will run; none after reporting a loop.
pub fn order_change_reactions(
    checker: &mut Checker<'_>,
    reactions: Vec<ChangeReaction>,
    state: &[StateVar],
) -> Vec<ChangeReaction> {
    // Rule `r` waits for every other rule that sets the state `r` watches.
    let waits_for: Vec<Vec<usize>> = reactions
        .iter()
        .enumerate()
        .map(|(watcher, reaction)| {
            reactions
                .iter()
                .enumerate()
                .filter(|(writer, other)| *writer != watcher && other.sets_state(reaction.state))
                .map(|(writer, _)| writer)
                .collect()
        })
        .collect();
    match super::graph::topological(&waits_for) {
        Ok(order) => {
            let mut slots: Vec<Option<ChangeReaction>> = reactions.into_iter().map(Some).collect();
            order
                .into_iter()
                .filter_map(|id| slots.get_mut(id).and_then(Option::take))
                .collect()
        }
        Err(cycle) => {
            let states: Vec<String> = cycle
                .iter()
                .filter_map(|id| reactions.get(*id))
                .map(|reaction| {
                    let name = state.get(reaction.state).map_or("", |s| s.name.as_str());
                    format!("`{name}`")
                })
                .collect();
            let span = cycle
                .first()
                .and_then(|id| reactions.get(*id))
                .map(|reaction| reaction.span)
                .unwrap_or_default();
            checker.report(CheckError::ChangeLoop {
                states: states.join(" → "),
                src: checker.src(),
                span: span.into(),
            });
            Vec::new()
        }
    }
}
