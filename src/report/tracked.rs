//! The obligations a run tracked, one per obligation instance, with the day
//! it arose, its deadline and how it ended: what the HTML timeline draws as
//! bars and the Markdown report lists.

use chrono::NaiveDate;

use crate::program::{ClauseId, ObligationId, Program, RecordId};
use crate::syntax::ast::ObligationStatus;

use super::Entry;

/// One obligation instance over the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tracked {
    pub obligation: ObligationId,
    pub instance: usize,
    pub owner: Option<(RecordId, u32)>,
    pub clause: ClauseId,
    /// The contract-local day of the entry in which it first appeared.
    pub arose: NaiveDate,
    pub deadline: NaiveDate,
    /// Its last status in the run: a deadline that passed makes it breached
    /// until a later event performs it late.
    pub status: ObligationStatus,
}

impl Tracked {
    /// `met`, `late`, `breached` or `open`: performed counts as met, as the
    /// report words it.
    pub fn status_word(&self) -> &'static str {
        status_word(self.status)
    }
}

pub fn status_word(status: ObligationStatus) -> &'static str {
    match status {
        ObligationStatus::Open => "open",
        ObligationStatus::Met | ObligationStatus::Performed => "met",
        ObligationStatus::Late => "late",
        ObligationStatus::Breached => "breached",
    }
}

/// Every obligation instance the entries mention, in the order they arose.
pub fn tracked_obligations(program: &Program, entries: &[Entry]) -> Vec<Tracked> {
    let mut tracked: Vec<Tracked> = Vec::new();
    for entry in entries {
        match entry {
            Entry::Event(event) => {
                let day = event.time.date_in(program.zone);
                for note in &event.obligations {
                    let known = tracked.iter_mut().find(|t| {
                        t.obligation == note.obligation
                            && t.instance == note.instance
                            && t.owner == note.owner
                    });
                    match known {
                        Some(known) => {
                            known.status = note.status;
                            known.deadline = note.deadline;
                        }
                        None => tracked.push(Tracked {
                            obligation: note.obligation,
                            instance: note.instance,
                            owner: note.owner,
                            clause: note.clause,
                            arose: day,
                            deadline: note.deadline,
                            status: note.status,
                        }),
                    }
                }
            }
            Entry::DeadlinePassed(passed) => {
                if let Some(known) = tracked.iter_mut().find(|t| {
                    t.obligation == passed.obligation
                        && t.instance == passed.instance
                        && t.owner == passed.owner
                }) {
                    known.status = ObligationStatus::Breached;
                }
            }
        }
    }
    tracked
}
