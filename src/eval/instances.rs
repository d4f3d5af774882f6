//! Record instances as the machine keeps them: the ones a contract starts
//! with, opening new ones, and putting back a refused event's changes.
//! Expressions read instances in `compute::instances`.

use crate::compute::Records;
use crate::program::{Program, RecordId};
use crate::value::Value;

/// The instances a program starts with (`starting with N`).
pub fn initial_records(program: &Program) -> Records {
    program
        .records
        .iter()
        .map(|record| {
            let row: Vec<Value> = record
                .fields
                .iter()
                .map(|field| field.initial.clone())
                .collect();
            (0..record.starting).map(|_| row.clone()).collect()
        })
        .collect()
}

/// How to put back one change to the instances.
#[derive(Debug, Clone)]
pub enum Undo {
    Field {
        record: RecordId,
        index: u32,
        field: usize,
        before: Value,
    },
    Opened {
        record: RecordId,
    },
}

/// Puts back changes, newest first.
pub fn undo(records: &mut Records, journal: Vec<Undo>) {
    for change in journal.into_iter().rev() {
        match change {
            Undo::Field {
                record,
                index,
                field,
                before,
            } => {
                if let Some(cell) = records
                    .get_mut(record)
                    .and_then(|rows| rows.get_mut(index as usize))
                    .and_then(|row| row.get_mut(field))
                {
                    *cell = before;
                }
            }
            Undo::Opened { record } => {
                if let Some(rows) = records.get_mut(record) {
                    rows.pop();
                }
            }
        }
    }
}

/// A new instance with its fields' first values; returns its index.
pub fn open(program: &Program, records: &mut Records, record: RecordId) -> Option<u32> {
    let row: Vec<Value> = program
        .records
        .get(record)?
        .fields
        .iter()
        .map(|field| field.initial.clone())
        .collect();
    let instances = records.get_mut(record)?;
    let index = u32::try_from(instances.len()).ok()?;
    instances.push(row);
    Some(index)
}
