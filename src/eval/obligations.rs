//! The obligations that have arisen, with their deadlines and status. Changes
//! made while an event is tried are journalled, so a refused event can be
//! undone without copying the whole book.

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
    /// Instances not yet performed, oldest first.
    unperformed: Vec<usize>,
    /// No open instance ends before this, so most events need not look.
    next_end: Option<DateTime<Utc>>,
    journal: Vec<Undo>,
}

#[derive(Debug, Clone)]
enum Undo {
    Status {
        instance: usize,
        status: ObligationStatus,
        performed: Option<Moment>,
        unperformed: Vec<usize>,
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
        if self.next_end.is_none_or(|next| now.utc < next) {
            return Vec::new();
        }
        let open = |instance: &&Instance| instance.status == ObligationStatus::Open;
        let mut expired: Vec<usize> = self
            .unperformed
            .iter()
            .copied()
            .filter(|index| {
                self.instances
                    .get(*index)
                    .filter(open)
                    .is_some_and(|i| i.ends <= now.utc)
            })
            .collect();
        self.next_end = self
            .unperformed
            .iter()
            .filter_map(|index| self.instances.get(*index).filter(open))
            .map(|instance| instance.ends)
            .filter(|ends| *ends > now.utc)
            .min();
        expired.sort_by_key(|index| self.instances.get(*index).map(|i| i.deadline));
        for index in &expired {
            if let Some(instance) = self.instances.get_mut(*index) {
                instance.status = ObligationStatus::Breached;
            }
        }
        expired
    }

    /// Performs the oldest unperformed instance of `obligation`, on time or late.
    pub fn perform(&mut self, obligation: ObligationId, at: Moment, zone: Tz) -> Option<usize> {
        let position = self.unperformed.iter().position(|index| {
            self.instances
                .get(*index)
                .is_some_and(|i| i.obligation == obligation)
        })?;
        let index = *self.unperformed.get(position)?;
        let instance = self.instances.get_mut(index)?;
        self.journal.push(Undo::Status {
            instance: index,
            status: instance.status,
            performed: instance.performed,
            unperformed: self.unperformed.clone(),
        });
        instance.status = if at.date_in(zone) <= instance.deadline {
            ObligationStatus::Met
        } else {
            ObligationStatus::Late
        };
        instance.performed = Some(at);
        self.unperformed.remove(position);
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
        if status == ObligationStatus::Open {
            self.next_end = Some(self.next_end.map_or(ends, |next| next.min(ends)));
        }
        if let Some(slot) = self.latest.get_mut(obligation) {
            *slot = Some(index);
        }
        self.unperformed.push(index);
        index
    }

    pub fn commit(&mut self) {
        self.journal.clear();
    }

    pub fn rollback(&mut self) {
        while let Some(undo) = self.journal.pop() {
            match undo {
                Undo::Status {
                    instance,
                    status,
                    performed,
                    unperformed,
                } => {
                    if let Some(entry) = self.instances.get_mut(instance) {
                        entry.status = status;
                        entry.performed = performed;
                    }
                    self.unperformed = unperformed;
                }
                Undo::Created {
                    obligation,
                    previous_latest,
                } => {
                    self.instances.pop();
                    self.unperformed.pop();
                    if let Some(slot) = self.latest.get_mut(obligation) {
                        *slot = previous_latest;
                    }
                }
            }
        }
    }

    /// Instances still unperformed, oldest first, for the closing summary.
    pub fn unperformed(&self) -> impl Iterator<Item = (usize, &Instance)> {
        self.unperformed.iter().filter_map(|index| {
            self.instances
                .get(*index)
                .map(|instance| (*index, instance))
        })
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
