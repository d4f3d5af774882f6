//! The obligations that have arisen, with their deadlines and status. Changes
//! made while an event is tried are journalled, so a refused event can be
//! undone without copying the whole book.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::program::{ObligationId, RecordId};
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
    /// The record instance it belongs to (`exercise 2`), if any.
    pub owner: Option<Owner>,
    /// Performed before it arose, by an event that was waiting for it.
    pub early: bool,
}

/// A record instance: the record and the instance's index (from 0).
pub type Owner = (RecordId, u32);

#[derive(Debug, Clone, Default)]
pub struct Obligations {
    instances: Vec<Instance>,
    /// Per obligation, its most recent instance: what `tender is met` asks about.
    latest: Vec<Option<usize>>,
    /// Per obligation and owning instance, its most recent instance: what
    /// `exercise 2.tender is met` asks about.
    latest_owned: HashMap<(ObligationId, Owner), usize>,
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
        owner: Option<Owner>,
        previous_owned: Option<usize>,
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

    /// The most recent instance of `obligation` that `owner` owns.
    pub fn latest_owned(&self, obligation: ObligationId, owner: Owner) -> Option<&Instance> {
        let index = self.latest_owned.get(&(obligation, owner))?;
        self.instances.get(*index)
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
    ///
    /// `early` is a performance that came before the obligation arose: the
    /// instance is then performed already, met or late by that moment.
    pub fn create(&mut self, new: NewObligation, zone: Tz) -> usize {
        let NewObligation {
            obligation,
            arose,
            deadline,
            owner,
            early,
        } = new;
        let ends = end_of_day(zone, deadline).unwrap_or(arose.utc);
        let status = match early {
            Some(at) if at.date_in(zone) <= deadline => ObligationStatus::Met,
            Some(_) => ObligationStatus::Late,
            None if ends <= arose.utc => ObligationStatus::Breached,
            None => ObligationStatus::Open,
        };
        let index = self.instances.len();
        let previous_latest = self.latest.get(obligation).copied().flatten();
        let previous_owned =
            owner.and_then(|owner| self.latest_owned.insert((obligation, owner), index));
        self.journal.push(Undo::Created {
            obligation,
            previous_latest,
            owner,
            previous_owned,
        });
        self.instances.push(Instance {
            obligation,
            arose,
            deadline,
            ends,
            status,
            performed: early,
            owner,
            early: early.is_some(),
        });
        if let Some(slot) = self.latest.get_mut(obligation) {
            *slot = Some(index);
        }
        if early.is_none() {
            if let Some(queue) = self.unperformed.get_mut(obligation) {
                queue.push_back(index);
            }
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
                    owner,
                    previous_owned,
                } => {
                    let early = self.instances.pop().is_some_and(|i| i.early);
                    if !early {
                        if let Some(queue) = self.unperformed.get_mut(obligation) {
                            queue.pop_back();
                        }
                    }
                    if let Some(owner) = owner {
                        match previous_owned {
                            Some(previous) => {
                                self.latest_owned.insert((obligation, owner), previous);
                            }
                            None => {
                                self.latest_owned.remove(&(obligation, owner));
                            }
                        }
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

/// What arises when a `must` runs.
#[derive(Debug, Clone, Copy)]
pub struct NewObligation {
    pub obligation: ObligationId,
    pub arose: Moment,
    pub deadline: NaiveDate,
    pub owner: Option<Owner>,
    pub early: Option<Moment>,
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
