//! The obligations that have arisen, with their deadlines and status. Changes
//! made while an event is tried are journalled, so a refused event can be
//! undone without copying the whole book.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::program::ObligationId;
use crate::syntax::ast::ObligationStatus;
use crate::value::Moment;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    pub obligation: ObligationId,
    pub arose: Moment,
    /// The last day for performance, in the contract's zone.
    pub deadline: NaiveDate,
    /// When that day ends: computed once, compared on every event.
    pub ends: DateTime<Utc>,
    pub status: ObligationStatus,
    pub performed: Option<Moment>,
}

#[derive(Debug, Clone, Default)]
pub struct Obligations {
    instances: Vec<Instance>,
    /// Per obligation, its most recent instance: what `tender is met` asks about.
    latest: Vec<Option<usize>>,
    /// Per obligation, its instances not yet performed, oldest first.
    unperformed: Vec<VecDeque<usize>>,
    /// Open instances by the moment their deadline ends, soonest first, so
    /// that an event looks only at the deadlines that have just passed.
    /// Entries for instances since performed or undone are skipped.
    by_end: BinaryHeap<Reverse<(DateTime<Utc>, usize)>>,
    journal: Vec<Undo>,
}

#[derive(Debug, Clone)]
enum Undo {
    Performed {
        instance: usize,
        status: ObligationStatus,
    },
    Created {
        obligation: ObligationId,
        previous_latest: Option<usize>,
    },
}

impl Obligations {
    pub fn new(count: usize) -> Obligations {
        Obligations {
            latest: vec![None; count],
            unperformed: vec![VecDeque::new(); count],
            ..Obligations::default()
        }
    }

    pub fn get(&self, instance: usize) -> Option<&Instance> {
        self.instances.get(instance)
    }

    pub fn latest_status(&self, obligation: ObligationId) -> Option<ObligationStatus> {
        let index = (*self.latest.get(obligation)?)?;
        self.instances.get(index).map(|instance| instance.status)
    }

    pub fn latest_deadline(&self, obligation: ObligationId) -> Option<NaiveDate> {
        let index = (*self.latest.get(obligation)?)?;
        self.instances.get(index).map(|instance| instance.deadline)
    }

    /// Open instances whose deadline ended at or before `now`, marked breached,
    /// in deadline order. Not journalled: time passing cannot be refused.
    pub fn expire(&mut self, now: &Moment) -> Vec<usize> {
        let mut expired = Vec::new();
        while let Some(Reverse((ends, index))) = self.by_end.peek().copied() {
            if ends > now.utc {
                break;
            }
            self.by_end.pop();
            if let Some(instance) = self.instances.get_mut(index) {
                if instance.status == ObligationStatus::Open && instance.ends == ends {
                    instance.status = ObligationStatus::Breached;
                    expired.push(index);
                }
            }
        }
        expired
    }

    /// Performs the oldest unperformed instance of `obligation`, on time or late.
    pub fn perform(&mut self, obligation: ObligationId, at: Moment, zone: Tz) -> Option<usize> {
        let index = self.unperformed.get_mut(obligation)?.pop_front()?;
        let instance = self.instances.get_mut(index)?;
        self.journal.push(Undo::Performed {
            instance: index,
            status: instance.status,
        });
        instance.status = if at.date_in(zone) <= instance.deadline {
            ObligationStatus::Met
        } else {
            ObligationStatus::Late
        };
        instance.performed = Some(at);
        Some(index)
    }

    /// A new instance; one whose deadline has already ended when it arises is
    /// breached at once.
    pub fn create(
        &mut self,
        obligation: ObligationId,
        arose: Moment,
        deadline: NaiveDate,
        zone: Tz,
    ) -> usize {
        let ends = end_of_day(zone, deadline).unwrap_or(arose.utc);
        let status = if ends <= arose.utc {
            ObligationStatus::Breached
        } else {
            ObligationStatus::Open
        };
        let index = self.instances.len();
        let previous_latest = self.latest.get(obligation).copied().flatten();
        self.journal.push(Undo::Created {
            obligation,
            previous_latest,
        });
        self.instances.push(Instance {
            obligation,
            arose,
            deadline,
            ends,
            status,
            performed: None,
        });
        if let Some(slot) = self.latest.get_mut(obligation) {
            *slot = Some(index);
        }
        if let Some(queue) = self.unperformed.get_mut(obligation) {
            queue.push_back(index);
        }
        if status == ObligationStatus::Open {
            self.by_end.push(Reverse((ends, index)));
        }
        index
    }

    pub fn commit(&mut self) {
        self.journal.clear();
    }

    pub fn rollback(&mut self) {
        while let Some(undo) = self.journal.pop() {
            match undo {
                Undo::Performed { instance, status } => {
                    let Some(entry) = self.instances.get_mut(instance) else {
                        continue;
                    };
                    entry.status = status;
                    entry.performed = None;
                    if let Some(queue) = self.unperformed.get_mut(entry.obligation) {
                        queue.push_front(instance);
                    }
                }
                Undo::Created {
                    obligation,
                    previous_latest,
                } => {
                    self.instances.pop();
                    if let Some(queue) = self.unperformed.get_mut(obligation) {
                        queue.pop_back();
                    }
                    if let Some(slot) = self.latest.get_mut(obligation) {
                        *slot = previous_latest;
                    }
                }
            }
        }
    }

    /// Instances still unperformed, oldest first, for the closing summary.
    pub fn unperformed(&self) -> impl Iterator<Item = (usize, &Instance)> {
        let mut indices: Vec<usize> = self.unperformed.iter().flatten().copied().collect();
        indices.sort_unstable();
        indices
            .into_iter()
            .filter_map(|index| self.instances.get(index).map(|instance| (index, instance)))
    }
}

/// A date deadline runs to the end of that day in the contract's zone, which
/// is when the next day starts there.
pub fn end_of_day(zone: Tz, date: NaiveDate) -> Option<DateTime<Utc>> {
    first_valid_at_or_after(zone, date.succ_opt()?.and_time(NaiveTime::MIN))
}

/// The first moment at or after a wall-clock time that the zone's clocks
/// show: a time skipped by daylight saving (or a skipped day, as Samoa's
/// 2011-12-30) moves forward to where the clocks resume; a repeated time
/// takes its first occurrence.
pub fn first_valid_at_or_after(zone: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    // Skips last at most a day; the common case succeeds at once.
    (0..=(26 * 60)).find_map(|minutes| {
        zone.from_local_datetime(&(local + chrono::Duration::minutes(minutes)))
            .earliest()
            .map(|at| at.to_utc())
    })
}
