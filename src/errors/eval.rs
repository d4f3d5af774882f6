//! Wording of what can go wrong while events run: arithmetic that overflows
//! or divides by zero, state read before it has a value, dates outside the
//! calendars. Each points at the clause-file expression that failed.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

use crate::source::Span;

/// A fault found by the evaluator, before it knows which event it was
/// applying; [`EvalError`] adds that.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub kind: FaultKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    Overflow,
    DivisionByZero,
    /// A number's numerator or denominator grew beyond the bound on exact
    /// arithmetic (`number::MAX_BITS`).
    TooLarge,
    Unset(String),
    NoObligation(String),
    CalendarRange(String),
    NoCalendar,
    NonexistentTime(String),
    Unsettled(usize),
    /// `largest(…)` whose condition fails even at 0.
    NoLargest(String),
    /// A table read outside its headings.
    OutsideTable {
        table: String,
        what: String,
        value: String,
    },
    /// A market data series has no value for a trading day a query needs.
    NoMarketData {
        series: String,
        date: String,
    },
    /// A day's value asked for on a day the exchange is closed.
    NotTradingDay(String),
    /// A window of trading days that is not a whole number from 1 up.
    BadWindow(String),
    /// Rules that act at a time fired this many times before one event.
    RunawayTimers(usize),
    /// An instance that has not been opened: `exercise 5` of 2.
    NoInstance(String),
    /// Money someone pays or receives, in a fraction of the smallest unit.
    FractionOfCent {
        amount: String,
        places: u32,
    },
    /// `date + N months` lands on a day the month lacks.
    ShortMonth {
        sum: String,
        end_of_month: String,
        next_day: String,
    },
}

impl Fault {
    pub fn message(&self) -> String {
        match &self.kind {
            FaultKind::Overflow => "arithmetic overflow".to_string(),
            FaultKind::DivisionByZero => "division by zero".to_string(),
            FaultKind::TooLarge => format!(
                "the computation was stopped: a number grew beyond {} digits",
                crate::number::Number::from_integer(
                    i64::try_from(crate::number::MAX_DIGITS).unwrap_or(i64::MAX)
                )
                .format(0, false)
            ),
            FaultKind::Unset(name) => format!("`{name}` has no value yet"),
            FaultKind::NoObligation(name) => format!("no `{name}` obligation has arisen yet"),
            FaultKind::CalendarRange(date) => {
                format!("`{date}` is outside the calendars' range 1990–2100")
            }
            FaultKind::NoCalendar => "business days need the contract's calendar".to_string(),
            FaultKind::NonexistentTime(local) => {
                format!("`{local}` does not exist in the contract's zone")
            }
            FaultKind::ShortMonth {
                sum,
                end_of_month,
                next_day,
            } => {
                format!("`{sum}` has no such day: it could be {end_of_month} or {next_day}")
            }
            FaultKind::Unsettled(rounds) => {
                format!("this `on change of` rule was still changing the state it watches after {rounds} runs")
            }
            FaultKind::NoInstance(label) => format!("there is no {label}"),
            FaultKind::NoMarketData { series, date } => {
                format!("there is no {series} for {date}, a trading day the computation needs")
            }
            FaultKind::NoLargest(_) => {
                "`largest(…)` has no answer: its condition does not hold even for 0".to_string()
            }
            FaultKind::OutsideTable { table, what, value } => {
                format!("{value} is outside the {what} headings of the table `{table}`")
            }
            FaultKind::NotTradingDay(date) => {
                format!("{date} is not a trading day, so no market data is asked of it")
            }
            FaultKind::BadWindow(days) => {
                format!("a window of {days} trading days: it must be a whole number from 1 to 30,000")
            }
            FaultKind::RunawayTimers(count) => {
                format!("rules that act at a time fired {count} times with no event between")
            }
            FaultKind::FractionOfCent { amount, places } => format!(
                "{amount} is not a whole number of the currency's smallest unit ({places} decimal places): no one can pay it"
            ),
        }
    }

    fn help(&self) -> String {
        match &self.kind {
            FaultKind::Overflow => {
                "a count of days, months or places must fit the calendar and a whole-number range; check the inputs for a misplaced digit".to_string()
            }
            FaultKind::TooLarge => {
                "exact fractions have no fixed size, but a figure this long means a runaway computation: check for a misplaced digit, or round an adjusted figure where the contract says to (`round(VALUE, cents, MODE)`)".to_string()
            }
            FaultKind::DivisionByZero => {
                "guard the division with a `refuse … when` for the zero case".to_string()
            }
            FaultKind::Unset(name) => {
                format!("give `{name}` a first value in its `state` line, or set it before this is read")
            }
            FaultKind::NoObligation(name) => {
                format!("ask `{name} is open` (false until it arises) or refuse the event first")
            }
            FaultKind::CalendarRange(_) => "Pactum's calendars cover 1990 to 2100".to_string(),
            FaultKind::NoCalendar => "say which days count with `business days: CALENDAR` in the header".to_string(),
            FaultKind::NonexistentTime(_) => "the clocks skip this time; choose another".to_string(),
            FaultKind::Unsettled(_) => "a rule that changes the state it watches must settle, as a floor `max(new, Floor)` does after one run; one that adds to it on every change never does".to_string(),
            FaultKind::RunawayTimers(_) => "an `every` rule with a short period and no `N times` runs for as long as the scenario lasts; bound it with `, N times`".to_string(),
            FaultKind::NoMarketData { series, .. } => format!("give the scenario a line `DATE  {series} = VALUE` for that day, or a `prices {series} from \"FILE.csv\"` file that has it"),
            FaultKind::NoLargest(_) => "guard the call with a `refuse … when` for the case where nothing is allowed".to_string(),
            FaultKind::OutsideTable { .. } => "a table is read only between its headings; if the contract says to take the nearest edge, declare the table `, clamped`".to_string(),
            FaultKind::NotTradingDay(_) => "ask for the last trading day on or before it, e.g. `DATE - 0 trading days` is not enough: use a window of 1 day, `average(SERIES, 1, DATE)`".to_string(),
            FaultKind::BadWindow(_) => "count the window in whole trading days, at least one".to_string(),
            FaultKind::NoInstance(_) => "instances are numbered from 1 in the order they are opened; count them with `count(…)` first".to_string(),
            FaultKind::FractionOfCent { .. } => "an amount of money kept in `state` or a record is one someone pays or receives: settle it with `round(VALUE, cents, MODE)`, stating the mode in a reading where the contract is silent".to_string(),
            FaultKind::ShortMonth { .. } => {
                "declare in the header `short months: end of month` or `short months: next day`, with a reading".to_string()
            }
        }
    }

    fn code(&self) -> &'static str {
        match &self.kind {
            FaultKind::Overflow => "pactum::eval::overflow",
            FaultKind::DivisionByZero => "pactum::eval::division_by_zero",
            FaultKind::TooLarge => "pactum::eval::too_large",
            FaultKind::Unset(_) => "pactum::eval::unset",
            FaultKind::NoObligation(_) => "pactum::eval::no_obligation",
            FaultKind::CalendarRange(_) => "pactum::eval::calendar_range",
            FaultKind::NoCalendar => "pactum::eval::no_calendar",
            FaultKind::NonexistentTime(_) => "pactum::eval::nonexistent_time",
            FaultKind::Unsettled(_) => "pactum::eval::unsettled",
            FaultKind::NoInstance(_) => "pactum::eval::no_instance",
            FaultKind::NoMarketData { .. } => "pactum::eval::no_market_data",
            FaultKind::NotTradingDay(_) => "pactum::eval::not_trading_day",
            FaultKind::OutsideTable { .. } => "pactum::eval::outside_table",
            FaultKind::NoLargest(_) => "pactum::eval::no_largest",
            FaultKind::BadWindow(_) => "pactum::eval::bad_window",
            FaultKind::RunawayTimers(_) => "pactum::eval::runaway_timers",
            FaultKind::FractionOfCent { .. } => "pactum::eval::fraction_of_cent",
            FaultKind::ShortMonth { .. } => "pactum::eval::short_month",
        }
    }
}

/// A fault, placed: which expression in the clause file, and which event.
#[derive(Debug, Error)]
#[error("{message} while applying {event}")]
pub struct EvalError {
    pub message: String,
    pub event: String,
    pub help: String,
    pub code: &'static str,
    pub src: NamedSource<Arc<str>>,
    pub span: SourceSpan,
}

impl EvalError {
    pub fn new(fault: &Fault, event: String, src: NamedSource<Arc<str>>) -> EvalError {
        EvalError {
            message: fault.message(),
            event,
            help: fault.help(),
            code: fault.code(),
            src,
            span: fault.span.into(),
        }
    }
}

impl Diagnostic for EvalError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(&self.help))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(Some("here".to_string()), self.span),
        )))
    }
}

/// `pactum run`'s closing line on standard error when invariants broke.
pub fn invariants_broken_words(count: usize) -> String {
    if count == 1 {
        "error: an invariant broke in this run (INVARIANT BROKEN in the report above)".to_string()
    } else {
        format!("error: invariants broke {count} times in this run (INVARIANT BROKEN in the report above)")
    }
}
