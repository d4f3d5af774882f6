//! Evaluating typed expressions. Arithmetic is exact and checked; the only
//! rounding is `round(…)`, and each one is logged for the report.

use std::cmp::Ordering;

use chrono::{Days as ChronoDays, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use crate::calendar::Calendar;
use crate::errors::{Fault, FaultKind};
use crate::number::{Number, NumberError};
use crate::program::{Expr, ExprKind, Program};
use crate::source::Span;
use crate::syntax::ast::{BinaryOp, DayKind, MonthEnd, UnaryOp, ZoneSpec};
use crate::types::{Type, Unit};
use crate::value::{Days, Moment, Value};

use super::instances;
use super::obligations::Obligations;
use crate::trace::{Rounded, Trace};

/// The event an expression may read.
#[derive(Debug, Clone, Copy)]
pub struct EventView<'a> {
    pub time: Moment,
    pub deemed: Option<Moment>,
    pub fields: &'a [Value],
}

/// Everything an expression can see.
pub struct Env<'a> {
    pub program: Option<&'a Program>,
    pub state: &'a [Value],
    pub locals: &'a [Value],
    pub event: Option<EventView<'a>>,
    /// Record instances, by record.
    pub records: &'a [Vec<Vec<Value>>],
    /// The exchange's calendar, for trading days and market data.
    pub trading: Option<&'a Calendar>,
    pub market: Option<&'a super::MarketData>,
    pub obligations: Option<&'a Obligations>,
    pub zone: Tz,
    pub calendar: Option<&'a Calendar>,
    /// Calendars a count of days names (`on us-banks`), by `Days::calendar`.
    pub day_calendars: &'a [Calendar],
    pub month_end: Option<MonthEnd>,
}

impl<'a> Env<'a> {
    /// The same environment with other locals, for a binder in scope.
    pub fn with_locals<'b>(&self, locals: &'b [Value]) -> Env<'b>
    where
        'a: 'b,
    {
        Env {
            program: self.program,
            state: self.state,
            locals,
            event: self.event,
            records: self.records,
            trading: self.trading,
            market: self.market,
            obligations: self.obligations,
            zone: self.zone,
            calendar: self.calendar,
            day_calendars: self.day_calendars,
            month_end: self.month_end,
        }
    }
}

pub fn evaluate(expr: &Expr, env: &Env<'_>, log: &mut Trace) -> Result<Value, Fault> {
    let fault = |kind: FaultKind| Fault {
        kind,
        span: expr.span,
    };
    match &expr.kind {
        ExprKind::Const(value) => Ok(value.clone()),
        ExprKind::State(id) => match env.state.get(*id) {
            Some(Value::Unset) | None => Err(fault(FaultKind::Unset(state_name(env, *id)))),
            Some(value) => Ok(value.clone()),
        },
        ExprKind::Local(slot) => match env.locals.get(*slot) {
            Some(Value::Unset) | None => Err(fault(FaultKind::Unset(format!("local {slot}")))),
            Some(value) => Ok(value.clone()),
        },
        ExprKind::Field(index) => env
            .event
            .and_then(|event| event.fields.get(*index).cloned())
            .ok_or_else(|| fault(FaultKind::Unset("field".to_string()))),
        ExprKind::EventTime => event_time(env, false)
            .map(Value::Instant)
            .ok_or_else(|| no_event(expr)),
        ExprKind::DeemedTime => event_time(env, true)
            .map(Value::Instant)
            .ok_or_else(|| no_event(expr)),
        ExprKind::EventDate => event_time(env, false)
            .map(|at| Value::Date(at.date_in(env.zone)))
            .ok_or_else(|| no_event(expr)),
        ExprKind::DeemedDate => event_time(env, true)
            .map(|at| Value::Date(at.date_in(env.zone)))
            .ok_or_else(|| no_event(expr)),
        ExprKind::Obligation(id, status) => {
            let current = env.obligations.and_then(|book| book.latest_status(*id));
            Ok(Value::Flag(instances::status_holds(current, *status)))
        }
        ExprKind::InstanceField(base, field) => instances::field(base, *field, expr, env, log),
        ExprKind::InstanceObligation(base, id, status) => {
            instances::obligation_status(base, *id, *status, env, log)
        }
        ExprKind::InstanceDeadline(base, id) => instances::deadline(base, *id, expr, env, log),
        ExprKind::Aggregate(aggregate) => instances::aggregate(aggregate, expr, env, log),
        ExprKind::Largest(slot, limit, condition) => {
            super::solve::largest(*slot, limit, condition, expr, env, log)
        }
        ExprKind::Abs(value) => match evaluate(value, env, log)? {
            Value::Quantity(n, unit) if n.is_negative() => Ok(Value::Quantity(
                n.checked_neg().map_err(|e| number_fault(e, expr.span))?,
                unit,
            )),
            other => Ok(other),
        },
        ExprKind::Between(unit, from, to) => {
            let (Value::Date(from), Value::Date(to)) =
                (evaluate(from, env, log)?, evaluate(to, env, log)?)
            else {
                return Err(fault(FaultKind::Unset("date".to_string())));
            };
            let count = match unit {
                DayKind::Calendar => (to - from).num_days(),
                DayKind::Month => months_between(from, to, env, expr.span, log)?,
                DayKind::Business | DayKind::Trading => {
                    let calendar = if *unit == DayKind::Trading {
                        log.counted_trading_days = true;
                        env.trading
                    } else {
                        log.counted_business_days = true;
                        env.calendar
                    }
                    .ok_or_else(|| fault(FaultKind::NoCalendar))?;
                    calendar
                        .business_days_between(from, to)
                        .map_err(|_| fault(FaultKind::CalendarRange(to.to_string())))?
                }
            };
            Ok(Value::Quantity(Number::from_integer(count), Unit::NUMBER))
        }
        ExprKind::Market {
            query,
            series,
            volumes,
            arguments,
        } => super::market::query(*query, *series, *volumes, arguments, expr, env, log),
        ExprKind::Table(table, row, column) => {
            let Some(definition) = env.program.and_then(|p| p.tables.get(*table)) else {
                return Err(fault(FaultKind::Unset("table".to_string())));
            };
            let (Value::Quantity(row, _), Value::Quantity(column, _)) =
                (evaluate(row, env, log)?, evaluate(column, env, log)?)
            else {
                return Err(fault(FaultKind::Unset("table".to_string())));
            };
            let unit = match definition.result {
                Type::Quantity(unit) => unit,
                _ => Unit::NUMBER,
            };
            let result = Value::Quantity(
                super::tables::read(definition, &row, &column, expr.span)?,
                unit,
            );
            log.formulas.push(crate::trace::FormulaUse {
                formula: crate::trace::Computation::Table(*table),
                arguments: vec![
                    Value::Quantity(row, definition.row_unit),
                    Value::Quantity(column, definition.column_unit),
                ],
                result: result.clone(),
            });
            Ok(result)
        }
        ExprKind::Formula(formula, arguments) => {
            let Some(definition) = env.program.and_then(|p| p.formulas.get(*formula)) else {
                return Err(fault(FaultKind::Unset("formula".to_string())));
            };
            let mut values = Vec::with_capacity(arguments.len());
            for argument in arguments {
                values.push(evaluate(argument, env, log)?);
            }
            // The body sees its parameters as its only locals.
            let result = evaluate(&definition.body, &env.with_locals(&values), log)?;
            log.formulas.push(crate::trace::FormulaUse {
                formula: crate::trace::Computation::Formula(*formula),
                arguments: values,
                result: result.clone(),
            });
            Ok(result)
        }
        ExprKind::AtTime(date, time, zone) => {
            let Value::Date(day) = evaluate(date, env, log)? else {
                return Err(fault(FaultKind::Unset("date".to_string())));
            };
            place_local(
                *zone,
                day.and_time(*time),
                ZoneSpec::Named(*zone),
                expr.span,
            )
            .map(Value::Instant)
        }
        ExprKind::IsWhole(value) => match evaluate(value, env, log)? {
            Value::Quantity(n, _) => Ok(Value::Flag(n.is_integer())),
            _ => Ok(Value::Flag(false)),
        },
        ExprKind::Deadline(id) => env
            .obligations
            .and_then(|book| book.latest_deadline(*id))
            .map(Value::Date)
            .ok_or_else(|| fault(FaultKind::NoObligation(obligation_name(env, *id)))),
        ExprKind::Unary(op, operand) => {
            let value = evaluate(operand, env, log)?;
            match (op, &value) {
                (UnaryOp::Not, Value::Flag(flag)) => Ok(Value::Flag(!flag)),
                (UnaryOp::Negate, Value::Quantity(n, unit)) => Ok(Value::Quantity(
                    n.checked_neg().map_err(|e| number_fault(e, expr.span))?,
                    *unit,
                )),
                _ => Ok(value),
            }
        }
        ExprKind::Binary(op, left, right) => binary(*op, left, right, expr, env, log),
        ExprKind::Min(values) | ExprKind::Max(values) => {
            let want = if matches!(expr.kind, ExprKind::Min(_)) {
                Ordering::Less
            } else {
                Ordering::Greater
            };
            let mut best: Option<Value> = None;
            for value in values {
                let value = evaluate(value, env, log)?;
                best = match best {
                    Some(current) if compare(&value, &current) != Some(want) => Some(current),
                    _ => Some(value),
                };
            }
            best.ok_or_else(|| fault(FaultKind::Overflow))
        }
        ExprKind::ProRata(amount, part, whole) => {
            let (a, unit) = quantity(evaluate(amount, env, log)?);
            let (p, _) = quantity(evaluate(part, env, log)?);
            let (w, _) = quantity(evaluate(whole, env, log)?);
            let share = p.checked_div(&w).map_err(|e| number_fault(e, expr.span))?;
            let result = a
                .checked_mul(&share)
                .map_err(|e| number_fault(e, expr.span))?;
            Ok(Value::Quantity(result, unit))
        }
        ExprKind::Round {
            value,
            places,
            mode,
            reading,
        } => {
            let (before, unit) = quantity(evaluate(value, env, log)?);
            let after = before
                .round(*places, *mode)
                .map_err(|e| number_fault(e, expr.span))?;
            log.roundings.push(Rounded {
                span: expr.span,
                before,
                after: after.clone(),
                unit,
                places: *places,
                mode: *mode,
                reading: *reading,
            });
            Ok(Value::Quantity(after, unit))
        }
        ExprKind::If(condition, then, otherwise) => match evaluate(condition, env, log)? {
            Value::Flag(true) => evaluate(then, env, log),
            _ => evaluate(otherwise, env, log),
        },
        ExprKind::DateOf(instant) => match evaluate(instant, env, log)? {
            Value::Instant(at) => Ok(Value::Date(at.date_in(env.zone))),
            other => Ok(other),
        },
        ExprKind::IsBusinessDay(date) | ExprKind::NextBusinessDay(date) => {
            let Value::Date(day) = evaluate(date, env, log)? else {
                return Err(fault(FaultKind::Unset("date".to_string())));
            };
            let calendar = env.calendar.ok_or_else(|| fault(FaultKind::NoCalendar))?;
            let range = |_| fault(FaultKind::CalendarRange(day.to_string()));
            log.counted_business_days = true;
            if matches!(expr.kind, ExprKind::IsBusinessDay(_)) {
                calendar
                    .is_business_day(day)
                    .map(Value::Flag)
                    .map_err(range)
            } else {
                calendar
                    .add_business_days(day, 1)
                    .map(Value::Date)
                    .map_err(range)
            }
        }
    }
}

fn state_name(env: &Env<'_>, id: usize) -> String {
    env.program
        .and_then(|p| p.state.get(id))
        .map_or_else(|| format!("state {id}"), |s| s.name.clone())
}

fn obligation_name(env: &Env<'_>, id: usize) -> String {
    env.program
        .and_then(|p| p.obligations.get(id))
        .map_or_else(|| format!("obligation {id}"), |o| o.name.clone())
}

fn event_time(env: &Env<'_>, deemed: bool) -> Option<Moment> {
    env.event.map(|event| {
        if deemed {
            event.deemed.unwrap_or(event.time)
        } else {
            event.time
        }
    })
}

fn no_event(expr: &Expr) -> Fault {
    Fault {
        kind: FaultKind::Unset("event".to_string()),
        span: expr.span,
    }
}

fn quantity(value: Value) -> (Number, Unit) {
    match value {
        Value::Quantity(n, unit) => (n, unit),
        _ => (Number::ZERO, Unit::NUMBER),
    }
}

pub fn number_fault(error: NumberError, span: Span) -> Fault {
    let kind = match error {
        NumberError::Overflow => FaultKind::Overflow,
        NumberError::DivisionByZero => FaultKind::DivisionByZero,
        NumberError::TooLarge => FaultKind::TooLarge,
    };
    Fault { kind, span }
}

/// Orders two values of one type; instants by the moment, not the zone.
pub fn compare(left: &Value, right: &Value) -> Option<Ordering> {
    match (left, right) {
        (Value::Quantity(a, _), Value::Quantity(b, _)) => Some(a.cmp(b)),
        (Value::Date(a), Value::Date(b)) => Some(a.cmp(b)),
        (Value::Instant(a), Value::Instant(b)) => Some(a.utc.cmp(&b.utc)),
        (Value::Duration(a), Value::Duration(b)) if a.kind == b.kind => Some(a.count.cmp(&b.count)),
        (Value::Flag(a), Value::Flag(b)) => Some(a.cmp(b)),
        (Value::Variant(k1, a), Value::Variant(k2, b)) if k1 == k2 => Some(a.cmp(b)),
        (Value::Unset, Value::Unset) => Some(Ordering::Equal),
        _ => None,
    }
}

fn binary(
    op: BinaryOp,
    left: &Expr,
    right: &Expr,
    whole: &Expr,
    env: &Env<'_>,
    log: &mut Trace,
) -> Result<Value, Fault> {
    // `and` and `or` do not evaluate the right side when the left decides,
    // so `tender is open and tender.deadline < …` is safe.
    if matches!(op, BinaryOp::And | BinaryOp::Or) {
        let left = evaluate(left, env, log)?;
        let decided = matches!(
            (op, &left),
            (BinaryOp::And, Value::Flag(false)) | (BinaryOp::Or, Value::Flag(true))
        );
        if decided {
            return Ok(left);
        }
        return evaluate(right, env, log);
    }
    let a = evaluate(left, env, log)?;
    let b = evaluate(right, env, log)?;
    let span = whole.span;
    let ordering = || compare(&a, &b);
    match op {
        BinaryOp::Eq => Ok(Value::Flag(ordering() == Some(Ordering::Equal))),
        BinaryOp::Ne => Ok(Value::Flag(ordering() != Some(Ordering::Equal))),
        BinaryOp::Lt => Ok(Value::Flag(ordering() == Some(Ordering::Less))),
        BinaryOp::Le => Ok(Value::Flag(matches!(
            ordering(),
            Some(Ordering::Less | Ordering::Equal)
        ))),
        BinaryOp::Gt => Ok(Value::Flag(ordering() == Some(Ordering::Greater))),
        BinaryOp::Ge => Ok(Value::Flag(matches!(
            ordering(),
            Some(Ordering::Greater | Ordering::Equal)
        ))),
        BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
            arithmetic(op, a, b, whole.ty, span, env, log)
        }
        BinaryOp::And | BinaryOp::Or => Ok(b),
    }
}

fn arithmetic(
    op: BinaryOp,
    a: Value,
    b: Value,
    ty: Type,
    span: Span,
    env: &Env<'_>,
    log: &mut Trace,
) -> Result<Value, Fault> {
    let unit = match ty {
        Type::Quantity(unit) => unit,
        _ => Unit::NUMBER,
    };
    let sign = if op == BinaryOp::Sub { -1 } else { 1 };
    match (a, b) {
        (Value::Quantity(x, _), Value::Quantity(y, _)) => {
            let result = match op {
                BinaryOp::Add => x.checked_add(&y),
                BinaryOp::Sub => x.checked_sub(&y),
                BinaryOp::Mul => x.checked_mul(&y),
                _ => x.checked_div(&y),
            };
            result
                .map(|n| Value::Quantity(n, unit))
                .map_err(|e| number_fault(e, span))
        }
        (Value::Date(date), Value::Duration(days)) => {
            shift_date(date, days, sign, env, span, log).map(Value::Date)
        }
        (Value::Instant(at), Value::Duration(days)) => {
            let local = at.local_in(env.zone);
            let date = shift_date(local.date(), days, sign, env, span, log)?;
            let shifted = NaiveDateTime::new(date, local.time());
            place_local(env.zone, shifted, at.zone, span).map(Value::Instant)
        }
        _ => Err(Fault {
            kind: FaultKind::Overflow,
            span,
        }),
    }
}

/// `date ± N calendar|business days`, business days by the contract's calendar.
pub fn shift_date(
    date: NaiveDate,
    days: Days,
    sign: i64,
    env: &Env<'_>,
    span: Span,
    log: &mut Trace,
) -> Result<NaiveDate, Fault> {
    let count = days.count.checked_mul(sign).ok_or(Fault {
        kind: FaultKind::Overflow,
        span,
    })?;
    match days.kind {
        DayKind::Calendar => {
            let magnitude = ChronoDays::new(count.unsigned_abs());
            let shifted = if count >= 0 {
                date.checked_add_days(magnitude)
            } else {
                date.checked_sub_days(magnitude)
            };
            shifted.ok_or(Fault {
                kind: FaultKind::Overflow,
                span,
            })
        }
        DayKind::Month => add_months(date, count, env.month_end, span, log),
        DayKind::Business | DayKind::Trading => {
            // A calendar named with the count (`on us-banks`) is the file's
            // own choice, so the header's calendar reading is not relied on.
            let calendar = if let Some(named) = days.calendar {
                env.day_calendars.get(named)
            } else if days.kind == DayKind::Trading {
                log.counted_trading_days = true;
                env.trading
            } else {
                log.counted_business_days = true;
                env.calendar
            }
            .ok_or(Fault {
                kind: FaultKind::NoCalendar,
                span,
            })?;
            calendar.add_business_days(date, count).map_err(|_| Fault {
                kind: FaultKind::CalendarRange(date.to_string()),
                span,
            })
        }
    }
}

/// `date + N months`; a day the target month lacks is resolved by the
/// clause file's `short months` rule, or refused with both candidates.
fn add_months(
    date: NaiveDate,
    count: i64,
    rule: Option<MonthEnd>,
    span: Span,
    log: &mut Trace,
) -> Result<NaiveDate, Fault> {
    let overflow = Fault {
        kind: FaultKind::Overflow,
        span,
    };
    let months =
        chrono::Months::new(u32::try_from(count.unsigned_abs()).map_err(|_| overflow.clone())?);
    let clamped = if count >= 0 {
        date.checked_add_months(months)
    } else {
        date.checked_sub_months(months)
    }
    .ok_or_else(|| overflow.clone())?;
    if chrono::Datelike::day(&clamped) == chrono::Datelike::day(&date) {
        return Ok(clamped);
    }
    let next_day = clamped.succ_opt().ok_or(overflow)?;
    if rule.is_some() {
        log.used_short_months = true;
    }
    match rule {
        Some(MonthEnd::EndOfMonth) => Ok(clamped),
        Some(MonthEnd::NextDay) => Ok(next_day),
        None => Err(Fault {
            kind: FaultKind::ShortMonth {
                sum: format!(
                    "{date} {} {} month{}",
                    if count >= 0 { "+" } else { "-" },
                    count.unsigned_abs(),
                    if count.unsigned_abs() == 1 { "" } else { "s" }
                ),
                end_of_month: clamped.to_string(),
                next_day: next_day.to_string(),
            },
            span,
        }),
    }
}

/// Whole months from one date to another: the largest n for which
/// `from + n months` is not after `to` (negative, counted back, when `to` is
/// earlier). A day the month lacks is resolved by the `short months` rule,
/// as in `date + n months`, and refused without one.
fn months_between(
    from: NaiveDate,
    to: NaiveDate,
    env: &Env<'_>,
    span: Span,
    log: &mut Trace,
) -> Result<i64, Fault> {
    use chrono::Datelike;
    let mut months =
        i64::from(to.year() - from.year()) * 12 + i64::from(to.month()) - i64::from(from.month());
    if to >= from {
        while months > 0 && add_months(from, months, env.month_end, span, log)? > to {
            months -= 1;
        }
    } else {
        while months < 0 && add_months(from, months, env.month_end, span, log)? < to {
            months += 1;
        }
    }
    Ok(months)
}

/// Places a wall-clock time in the contract's zone, keeping the display zone.
fn place_local(
    zone: Tz,
    local: NaiveDateTime,
    display: ZoneSpec,
    span: Span,
) -> Result<Moment, Fault> {
    match zone.from_local_datetime(&local).earliest() {
        Some(at) => Ok(Moment {
            utc: at.to_utc(),
            zone: display,
        }),
        None => Err(Fault {
            kind: FaultKind::NonexistentTime(local.format("%Y-%m-%d %H:%M").to_string()),
            span,
        }),
    }
}
