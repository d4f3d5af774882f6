//! Market data: the series a clause file declares, the questions
//! expressions ask of them (`Closing Price(d)`, `average(Closing Price, 10,
//! d)`, …), and the values a scenario supplies, by line or from a CSV file
//! (`date,value` rows, read with the `csv` crate).

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::compute::MarketData;
use crate::errors::CheckError;
use crate::number::Number;
use crate::program::{Expr, ExprKind, MarketDef, MarketQuery, Program};
use crate::syntax::ast::{self, ClauseFile, Declaration, ScenarioFile, Step};
use crate::types::{Type, Unit};
use crate::value::Value;

use super::expr::Context;
use super::lookup::{duplicate, resolve_type};
use super::Checker;

pub fn declare_markets(checker: &mut Checker<'_>, file: &ClauseFile) -> Vec<MarketDef> {
    let mut markets: Vec<MarketDef> = Vec::new();
    let mut spans = HashMap::new();
    for declaration in &file.declarations {
        let Declaration::Market(market) = declaration else {
            continue;
        };
        if let Some(first) = spans.get(&market.name.text).copied() {
            let error = duplicate(checker, &market.name, first);
            checker.report(error);
            continue;
        }
        let ty = match resolve_type(checker, &market.ty) {
            Ok(ty @ Type::Quantity(_)) => ty,
            Ok(_) => {
                let error = checker.not_here(
                    market.ty.span,
                    "market data is a quantity: a price, an amount, a number of shares or a number",
                    "write `market data Closing Price : USD per share`",
                );
                checker.report(error);
                continue;
            }
            Err(error) => {
                checker.report(error);
                continue;
            }
        };
        spans.insert(market.name.text.clone(), market.name.span);
        checker
            .market_index
            .insert(market.name.text.clone(), markets.len());
        markets.push(MarketDef {
            name: market.name.text.clone(),
            ty,
        });
    }
    checker.markets = markets.clone();
    markets
}

impl Checker<'_> {
    /// `SERIES(DATE)` or a window question, if `function` names one.
    pub fn market_call(
        &self,
        function: &ast::Name,
        arguments: &[ast::Expr],
        span: crate::source::Span,
        cx: &Context,
    ) -> Option<Result<Expr, CheckError>> {
        if let Some(series) = self.market_index.get(&function.text).copied() {
            return Some(self.market_query(MarketQuery::On, function, arguments, series, span, cx));
        }
        let query = match function.text.as_str() {
            "average" => MarketQuery::Average,
            "highest" => MarketQuery::Highest,
            "lowest" => MarketQuery::Lowest,
            "days reaching" => MarketQuery::AtOrAbove,
            "vwap" => MarketQuery::Vwap,
            _ => return None,
        };
        let series = match arguments.first().map(|a| self.series_ref(a)) {
            Some(Ok(series)) => series,
            Some(Err(error)) => return Some(Err(error)),
            None => return Some(Err(self.window_arity(function, span))),
        };
        Some(self.market_query(query, function, arguments, series, span, cx))
    }

    fn market_query(
        &self,
        query: MarketQuery,
        function: &ast::Name,
        arguments: &[ast::Expr],
        series: usize,
        span: crate::source::Span,
        cx: &Context,
    ) -> Result<Expr, CheckError> {
        let series_ty = self
            .markets
            .get(series)
            .map_or(Type::Quantity(Unit::NUMBER), |m| m.ty);
        // The arguments after the series (and, for `vwap`, the volumes).
        let (volumes, rest) = match query {
            MarketQuery::On => (None, arguments),
            MarketQuery::Vwap => {
                let volumes = match arguments.get(1) {
                    Some(a) => self.series_ref(a)?,
                    None => return Err(self.window_arity(function, span)),
                };
                (Some(volumes), arguments.get(2..).unwrap_or(&[]))
            }
            _ => (None, arguments.get(1..).unwrap_or(&[])),
        };
        let wanted = match query {
            MarketQuery::On => 1,
            MarketQuery::AtOrAbove => 3,
            _ => 2,
        };
        if rest.len() != wanted {
            return Err(self.window_arity(function, span));
        }
        let mut lowered = Vec::new();
        for (position, argument) in rest.iter().enumerate() {
            let is_date = position + 1 == rest.len();
            let is_level = query == MarketQuery::AtOrAbove && position == 0;
            let expr = if is_date {
                let value = self.lower(argument, cx)?;
                match value.ty {
                    Type::Date => value,
                    Type::Instant => Expr {
                        span: value.span,
                        ty: Type::Date,
                        kind: ExprKind::DateOf(Box::new(value)),
                    },
                    _ => return Err(self.mismatch("a date", &value, String::new())),
                }
            } else if is_level {
                self.expect_type(argument, series_ty, cx)?
            } else {
                self.expect_type(argument, Type::Quantity(Unit::NUMBER), cx)?
            };
            lowered.push(expr);
        }
        let ty = match query {
            MarketQuery::AtOrAbove => Type::Quantity(Unit::NUMBER),
            _ => series_ty,
        };
        Ok(Expr {
            kind: ExprKind::Market {
                query,
                series,
                volumes,
                arguments: lowered,
            },
            ty,
            span,
        })
    }

    fn series_ref(&self, argument: &ast::Expr) -> Result<usize, CheckError> {
        if let ast::ExprKind::Name(name) = &argument.kind {
            if let Some(series) = self.market_index.get(&name.text) {
                return Ok(*series);
            }
        }
        Err(self.not_here(
            argument.span,
            "this is not a market data series",
            "name a series declared with `market data NAME : TYPE`",
        ))
    }

    fn window_arity(&self, function: &ast::Name, span: crate::source::Span) -> CheckError {
        CheckError::Arguments {
            function: function.text.clone(),
            expected: match function.text.as_str() {
                "days reaching" => "`days reaching(SERIES, LEVEL, DAYS, DATE)`",
                "vwap" => "`vwap(PRICES, VOLUMES, DAYS, DATE)`",
                "average" | "highest" | "lowest" => {
                    "`average(SERIES, DAYS, DATE)`: the DAYS trading days ending on DATE"
                }
                _ => "one date: `SERIES(DATE)`",
            },
            src: self.src(),
            span: span.into(),
        }
    }
}

/// The market data a scenario supplies: its price lines, then its price files.
pub fn scenario_market(
    checker: &mut Checker<'_>,
    program: &Program,
    file: &ScenarioFile,
) -> MarketData {
    let mut data = MarketData::new(program.markets.len());
    for step in &file.steps {
        let Step::Price(line) = step else {
            continue;
        };
        let result = price_line(checker, program, line);
        match result {
            Ok((series, value)) => {
                if data.insert(series, line.date, value).is_some() {
                    let error = checker.not_here(
                        line.span,
                        &format!("a second {} for {}", line.series.text, line.date),
                        "give each trading day one value",
                    );
                    checker.report(error);
                }
            }
            Err(error) => checker.report(error),
        }
    }
    for price_file in &file.price_files {
        price_file_rows(checker, program, price_file, &mut data);
    }
    data
}

fn series_of(checker: &Checker<'_>, name: &ast::Name) -> Result<usize, CheckError> {
    checker
        .market_index
        .get(&name.text)
        .copied()
        .ok_or_else(|| CheckError::UnknownName {
            what: "market data series",
            name: name.text.clone(),
            help: crate::scope::suggest(
                &name.text,
                checker.market_index.keys().map(String::as_str),
                "declare it in the clause file: `market data NAME : TYPE`",
            ),
            src: checker.src(),
            span: name.span.into(),
        })
}

fn price_line(
    checker: &Checker<'_>,
    program: &Program,
    line: &ast::PriceLine,
) -> Result<(usize, Number), CheckError> {
    let series = series_of(checker, &line.series)?;
    let ty = program
        .markets
        .get(series)
        .map_or(Type::Quantity(Unit::NUMBER), |m| m.ty);
    trading_day(checker, program, line.date, line.span)?;
    match checker.field_value(&line.value, ty)? {
        Value::Quantity(value, _) => Ok((series, value)),
        _ => Err(checker.not_here(
            line.value.span,
            "not a quantity",
            "write a value such as `USD 10.50`",
        )),
    }
}

fn trading_day(
    checker: &Checker<'_>,
    program: &Program,
    date: NaiveDate,
    span: crate::source::Span,
) -> Result<(), CheckError> {
    let open = program
        .trading_calendar
        .is_business_day(date)
        .map_err(|_| {
            checker.not_here(
                span,
                &format!("{date} is outside the calendars' range"),
                "calendars cover 1990 to 2100",
            )
        })?;
    if open {
        return Ok(());
    }
    Err(checker.not_here(
        span,
        &format!(
            "{date} is not a trading day on the `{}` calendar, so it has no market data",
            program.trading_calendar.name()
        ),
        "check the date; market data is given for the days the exchange is open",
    ))
}

/// Rows `DATE,VALUE` (an optional header row is skipped), the value a plain
/// decimal in the series' unit.
fn price_file_rows(
    checker: &mut Checker<'_>,
    program: &Program,
    price_file: &ast::PriceFile,
    data: &mut MarketData,
) {
    let series = match series_of(checker, &price_file.series) {
        Ok(series) => series,
        Err(error) => {
            checker.report(error);
            return;
        }
    };
    let Some(source) = &price_file.contents else {
        let error = checker.not_here(
            price_file.path.span,
            &format!("the price file `{}` was not read", price_file.path.value),
            "run the scenario with `pactum run` or `pactum test`, which read the files it names",
        );
        checker.report(error);
        return;
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(source.text().as_bytes());
    for (row, record) in reader.records().enumerate() {
        let line = row + 1;
        let problem = |what: String| CheckError::BadPriceRow {
            file: source.name().to_string(),
            line,
            what,
            src: checker.src(),
            span: price_file.path.span.into(),
        };
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                checker.report(problem(error.to_string()));
                continue;
            }
        };
        let (Some(date_text), Some(value_text), None) =
            (record.get(0), record.get(1), record.get(2))
        else {
            checker.report(problem(
                "a row has two columns: a date and a value".to_string(),
            ));
            continue;
        };
        let Ok(date) = NaiveDate::parse_from_str(date_text, "%Y-%m-%d") else {
            // A first row of column names is allowed.
            if row == 0 {
                continue;
            }
            checker.report(problem(format!("`{date_text}` is not a date (YYYY-MM-DD)")));
            continue;
        };
        let value: Number = match value_text.replace(',', "").parse() {
            Ok(value) => value,
            Err(_) => {
                checker.report(problem(format!("`{value_text}` is not a number")));
                continue;
            }
        };
        if !program
            .trading_calendar
            .is_business_day(date)
            .unwrap_or(false)
        {
            checker.report(problem(format!(
                "{date} is not a trading day on the `{}` calendar",
                program.trading_calendar.name()
            )));
            continue;
        }
        if data.insert(series, date, value).is_some() {
            checker.report(problem(format!("{date} has a second value")));
        }
    }
}
