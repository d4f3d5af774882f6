//! `largest(n up to LIMIT when CONDITION)`: "the largest whole number of
//! shares such that …", computed rather than solved by hand by the drafter.
//! A binary search over the whole numbers from 0 to the limit (about 60
//! evaluations at most), which is right when the condition, holding for a
//! number, holds for every smaller one, as an ownership cap does; the
//! language reference says so.

use crate::errors::{Fault, FaultKind};
use crate::number::Number;
use crate::program::Expr;
use crate::trace::Trace;
use crate::value::Value;

use super::expr::{evaluate, Env};

pub fn largest(
    slot: usize,
    limit: &Expr,
    condition: &Expr,
    whole: &Expr,
    env: &Env<'_>,
    log: &mut Trace,
) -> Result<Value, Fault> {
    let fault = |kind: FaultKind| Fault {
        kind,
        span: whole.span,
    };
    let Value::Quantity(limit, unit) = evaluate(limit, env, log)? else {
        return Err(fault(FaultKind::Unset("limit".to_string())));
    };
    // Whole numbers only: the limit rounded down, and never below zero.
    let top = limit
        .round(0, crate::number::RoundingMode::Floor)
        .map_err(|e| super::number_fault(e, whole.span))?;
    if top.is_negative() {
        return Ok(Value::Quantity(Number::ZERO, unit));
    }
    let top = top.to_i64().ok_or_else(|| fault(FaultKind::Overflow))?;
    let mut locals = env.locals.to_vec();
    if locals.len() <= slot {
        locals.resize(slot + 1, Value::Unset);
    }
    let mut holds = |n: i64| -> Result<bool, Fault> {
        if let Some(local) = locals.get_mut(slot) {
            *local = Value::Quantity(Number::from_integer(n), unit);
        }
        Ok(evaluate(condition, &env.with_locals(&locals), log)? == Value::Flag(true))
    };
    if !holds(0)? {
        return Err(fault(FaultKind::NoLargest("0".to_string())));
    }
    // Invariant: the condition holds at `low` and (if `high` > `top`) fails at `high`.
    let (mut low, mut high) = (0_i64, top.saturating_add(1));
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if holds(middle)? {
            low = middle;
        } else {
            high = middle;
        }
    }
    Ok(Value::Quantity(Number::from_integer(low), unit))
}
