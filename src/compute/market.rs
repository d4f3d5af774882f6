//! Market data: one value per trading day for each series a contract
//! declares (`market data Closing Price : USD per share`), supplied by a
//! scenario, and the questions expressions ask of it over a window of
//! trading days. A window that reaches a day with no value is a diagnostic
//! naming the day, never a silent zero.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::errors::{Fault, FaultKind};
use crate::number::Number;
use crate::program::{Expr, MarketQuery};
use crate::trace::Trace;
use crate::types::Unit;
use crate::value::Value;

use super::expr::{evaluate, number_fault, Env};

/// Per series, its value on each day given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarketData {
    series: Vec<BTreeMap<NaiveDate, Number>>,
}

impl MarketData {
    pub fn new(count: usize) -> MarketData {
        MarketData {
            series: vec![BTreeMap::new(); count],
        }
    }

    /// Records a day's value; returns the value already there, if any.
    pub fn insert(&mut self, series: usize, date: NaiveDate, value: Number) -> Option<Number> {
        self.series.get_mut(series)?.insert(date, value)
    }

    pub fn get(&self, series: usize, date: NaiveDate) -> Option<Number> {
        self.series.get(series)?.get(&date).cloned()
    }

    pub fn is_empty(&self) -> bool {
        self.series.iter().all(BTreeMap::is_empty)
    }
}

/// The longest window a query may ask for: more trading days than a century has.
const MAX_WINDOW: i64 = 30_000;

pub fn query(
    query: MarketQuery,
    series: usize,
    volumes: Option<usize>,
    arguments: &[Expr],
    whole: &Expr,
    env: &Env<'_>,
    log: &mut Trace,
) -> Result<Value, Fault> {
    let fault = |kind: FaultKind| Fault {
        kind,
        span: whole.span,
    };
    let mut values = Vec::with_capacity(arguments.len());
    for argument in arguments {
        values.push(evaluate(argument, env, log)?);
    }
    let Some(Value::Date(end)) = values.last().cloned() else {
        return Err(fault(FaultKind::Unset("date".to_string())));
    };
    let calendar = env.trading.ok_or_else(|| fault(FaultKind::NoCalendar))?;
    log.counted_trading_days = true;
    let range = |date: NaiveDate| fault(FaultKind::CalendarRange(date.to_string()));
    let name = |id: usize| {
        env.program
            .and_then(|p| p.markets.get(id))
            .map_or_else(String::new, |m| m.name.clone())
    };
    let data = env.market;
    let value_on = |id: usize, date: NaiveDate| -> Result<Number, Fault> {
        data.and_then(|d| d.get(id, date)).ok_or_else(|| {
            fault(FaultKind::NoMarketData {
                series: name(id),
                date: date.to_string(),
            })
        })
    };
    let unit = match whole.ty {
        crate::types::Type::Quantity(unit) => unit,
        _ => Unit::NUMBER,
    };
    if query == MarketQuery::On {
        if !calendar.is_business_day(end).map_err(|_| range(end))? {
            return Err(fault(FaultKind::NotTradingDay(end.to_string())));
        }
        return Ok(Value::Quantity(value_on(series, end)?, unit));
    }
    // The window: the last trading day on or before `end`, and the days before it.
    let days = match values.get(values.len().saturating_sub(2)) {
        Some(Value::Quantity(n, _)) if n.is_integer() => n.clone(),
        _ => Number::ZERO,
    };
    let Some(days) = days.to_i64().filter(|d| (1..=MAX_WINDOW).contains(d)) else {
        return Err(fault(FaultKind::BadWindow(days.to_plain_string(0))));
    };
    let last = if calendar.is_business_day(end).map_err(|_| range(end))? {
        end
    } else {
        calendar
            .add_business_days(end, -1)
            .map_err(|_| range(end))?
    };
    let first = calendar
        .add_business_days(last, -(days - 1))
        .map_err(|_| range(last))?;
    let mut window = Vec::new();
    let mut day = first;
    loop {
        window.push(day);
        if day >= last {
            break;
        }
        day = calendar.add_business_days(day, 1).map_err(|_| range(day))?;
    }
    let number = |e| number_fault(e, whole.span);
    match query {
        MarketQuery::Average => {
            let mut total = Number::ZERO;
            for day in &window {
                total = total
                    .checked_add(&value_on(series, *day)?)
                    .map_err(number)?;
            }
            let count = Number::from_integer(days);
            Ok(Value::Quantity(
                total.checked_div(&count).map_err(number)?,
                unit,
            ))
        }
        MarketQuery::Highest | MarketQuery::Lowest => {
            let mut best: Option<Number> = None;
            for day in &window {
                let value = value_on(series, *day)?;
                best = Some(match best {
                    Some(current) if query == MarketQuery::Highest => current.max(value),
                    Some(current) => current.min(value),
                    None => value,
                });
            }
            Ok(Value::Quantity(best.unwrap_or(Number::ZERO), unit))
        }
        MarketQuery::AtOrAbove => {
            let Some(Value::Quantity(level, _)) = values.first().cloned() else {
                return Err(fault(FaultKind::Unset("level".to_string())));
            };
            let mut count = 0;
            for day in &window {
                if value_on(series, *day)? >= level {
                    count += 1;
                }
            }
            Ok(Value::Quantity(Number::from_integer(count), Unit::NUMBER))
        }
        MarketQuery::Vwap => {
            let volumes = volumes.unwrap_or(series);
            let (mut paid, mut traded) = (Number::ZERO, Number::ZERO);
            for day in &window {
                let volume = value_on(volumes, *day)?;
                let price = value_on(series, *day)?;
                paid = paid
                    .checked_add(&price.checked_mul(&volume).map_err(number)?)
                    .map_err(number)?;
                traded = traded.checked_add(&volume).map_err(number)?;
            }
            Ok(Value::Quantity(
                paid.checked_div(&traded).map_err(number)?,
                unit,
            ))
        }
        MarketQuery::On => Ok(Value::Unset),
    }
}
