//! Reading a two-way table: the value at a row and a column, linearly
//! interpolated between the headings around each (bilinear), exactly.
//! Outside the headings the table refuses, unless it is `clamped`.

use crate::errors::{Fault, FaultKind};
use crate::number::{Number, NumberError};
use crate::program::TableDef;

/// Where a value falls among headings: the two neighbours and its share of
/// the way from the first to the second (0 at the first).
fn locate(
    headings: &[Number],
    value: &Number,
    clamped: bool,
) -> Result<Option<(usize, usize, Number)>, NumberError> {
    let (Some(first), Some(last)) = (headings.first(), headings.last()) else {
        return Ok(None);
    };
    let rising = first < last;
    let (low, high) = if rising {
        (first.clone(), last.clone())
    } else {
        (last.clone(), first.clone())
    };
    let value = if *value < low || *value > high {
        if !clamped {
            return Ok(None);
        }
        if *value < low {
            low
        } else {
            high
        }
    } else {
        value.clone()
    };
    for index in 0..headings.len().saturating_sub(1) {
        let (Some(a), Some(b)) = (headings.get(index), headings.get(index + 1)) else {
            continue;
        };
        let within = if rising {
            *a <= value && value <= *b
        } else {
            *b <= value && value <= *a
        };
        if within {
            let share = value.checked_sub(a)?.checked_div(&b.checked_sub(a)?)?;
            return Ok(Some((index, index + 1, share)));
        }
    }
    Ok(None)
}

fn between(a: &Number, b: &Number, share: &Number) -> Result<Number, NumberError> {
    a.checked_add(&b.checked_sub(a)?.checked_mul(share)?)
}

/// The table's value at (row, column).
pub fn read(
    table: &TableDef,
    row: &Number,
    column: &Number,
    span: crate::source::Span,
) -> Result<Number, Fault> {
    let number = |error| crate::compute::number_fault(error, span);
    let outside = |what: &str, value: &Number| Fault {
        kind: FaultKind::OutsideTable {
            table: table.name.clone(),
            what: what.to_string(),
            value: value.format(0, true),
        },
        span,
    };
    let Some((r0, r1, rs)) = locate(&table.rows, row, table.clamped).map_err(number)? else {
        return Err(outside("row", row));
    };
    let Some((c0, c1, cs)) = locate(&table.columns, column, table.clamped).map_err(number)? else {
        return Err(outside("column", column));
    };
    let cell = |r: usize, c: usize| {
        table
            .cells
            .get(r)
            .and_then(|cells| cells.get(c))
            .cloned()
            .unwrap_or(Number::ZERO)
    };
    let top = between(&cell(r0, c0), &cell(r0, c1), &cs).map_err(number)?;
    let bottom = between(&cell(r1, c0), &cell(r1, c1), &cs).map_err(number)?;
    between(&top, &bottom, &rs).map_err(number)
}
