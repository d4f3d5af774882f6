//! Computing with a checked program: evaluating expressions (exactly, with
//! every rounding traced), the book of obligations that have arisen, and the
//! record instances. The checker uses it for defined terms, the evaluator for
//! events and the tests for expectations; it depends on neither.

mod expr;
mod instances;
mod market;
mod obligations;
mod solve;
mod tables;

use chrono_tz::Tz;

use crate::errors::Fault;
use crate::trace::Trace;
use crate::value::Value;

pub use expr::{compare, evaluate, number_fault, shift_date, Env, EventView};
pub use instances::{matching, Records};
pub use market::MarketData;
pub use obligations::{
    end_of_day, first_valid_at_or_after, Instance, NewObligation, Obligations, Owner,
};

/// Evaluates an expression that reads no state and no event.
pub fn evaluate_constant(
    expr: &crate::program::Expr,
    zone: Tz,
    calendars: (
        Option<&crate::calendar::Calendar>,
        Option<&crate::calendar::Calendar>,
    ),
    day_calendars: &[crate::calendar::Calendar],
    month_end: Option<crate::syntax::ast::MonthEnd>,
    trace: &mut Trace,
) -> Result<Value, Fault> {
    // Business days, then trading days (the business days if none are named).
    let (calendar, trading) = calendars;
    let env = Env {
        program: None,
        state: &[],
        locals: &[],
        event: None,
        records: &[],
        trading: trading.or(calendar),
        market: None,
        obligations: None,
        zone,
        calendar,
        day_calendars,
        month_end,
    };
    evaluate(expr, &env, trace)
}
