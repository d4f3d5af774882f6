//! The obligations that have arisen, with their deadlines and status. Changes
//! made while an event is tried are journalled, so a refused event can be
//! undone without copying the whole book.

use chrono::{NaiveDate, NaiveTime, TimeZone};
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
    pub fn expire(&mut self, now: &Moment, zone: Tz) -> Vec<usize> {
        let mut expired: Vec<usize> = self
            .unperformed
            .iter()
            .copied()
            .filter(|index| {
                self.instances.get(*index).is_some_and(|instance| {
                    instance.status == ObligationStatus::Open
                        && end_of_day(zone, instance.deadline).is_some_and(|end| end <= now.utc)
                })
            })
            .collect();
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

    pub fn create(
        &mut self,
        obligation: ObligationId,
        arose: Moment,
        deadline: NaiveDate,
    ) -> usize {
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
            status: ObligationStatus::Open,
            performed: None,
        });
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

/// A date deadline runs to the end of that day in the contract's zone.
pub fn end_of_day(zone: Tz, date: NaiveDate) -> Option<chrono::DateTime<chrono::Utc>> {
    let next = date.succ_opt()?;
    // A zone whose clocks skip midnight starts the day at the first valid minute.
    (0..180).find_map(|minutes| {
        let time = NaiveTime::from_hms_opt(0, 0, 0)? + chrono::Duration::minutes(minutes);
        zone.from_local_datetime(&next.and_time(time))
            .earliest()
            .map(|at| at.to_utc())
    })
}
