//! Scenario scripts, plus the two entry points JSON Lines events reuse: a
//! date-time string and a field value.

use pest::iterators::Pair;

use crate::errors::SyntaxError;
use crate::source::Source;

use super::ast::*;
use super::expr::parse_expr;
use super::{literal, name_of, parse_rule, span_of, Rule};

pub fn parse_scenario(source: &Source) -> Result<ScenarioFile, SyntaxError> {
    parse_scenario_knowing(source, &[])
}

/// A scenario whose clause file declares `known` names with keyword words
/// in them: its `expect` lines may use them (see
/// [`super::keyword_names_declared`]).
pub fn parse_scenario_knowing(
    source: &Source,
    known: &[String],
) -> Result<ScenarioFile, SyntaxError> {
    let prepared = super::prepare_knowing(source, Rule::scenario_file, known);
    let file = parse_rule(source, &prepared, Rule::scenario_file)?;
    let span = span_of(&file);
    let mut texts = Vec::new();
    let mut zone = None;
    let mut until = None;
    let mut price_files = Vec::new();
    let mut steps = Vec::new();
    for pair in file.into_inner() {
        match pair.as_rule() {
            Rule::string => texts.push(literal::text(&pair)),
            Rule::scenario_zone => {
                if let Some(z) = pair.into_inner().next() {
                    zone = Some((literal::zone(source, &z)?, span_of(&z)));
                }
            }
            Rule::scenario_until => {
                if let Some(time) = pair.into_inner().next() {
                    let time_span = span_of(&time);
                    until = Some((literal::local_instant(source, time)?, time_span));
                }
            }
            Rule::price_file => {
                let mut inner = pair.into_inner();
                if let (Some(series), Some(path)) = (inner.next(), inner.next()) {
                    price_files.push(PriceFile {
                        series: name_of(&series),
                        path: literal::text(&path),
                        contents: None,
                    });
                }
            }
            Rule::price_line => steps.push(Step::Price(parse_price_line(source, pair)?)),
            Rule::event_line => steps.push(Step::Event(parse_event_line(source, pair)?)),
            Rule::expectation => steps.push(Step::Expect(parse_expectation(source, pair)?)),
            _ => {}
        }
    }
    let mut texts = texts.into_iter();
    let blank = || Text {
        value: String::new(),
        span,
    };
    Ok(ScenarioFile {
        title: texts.next().unwrap_or_else(blank),
        contract: texts.next().unwrap_or_else(blank),
        zone,
        until,
        price_files,
        steps,
    })
}

fn parse_price_line(source: &Source, pair: Pair<'_, Rule>) -> Result<PriceLine, SyntaxError> {
    let span = span_of(&pair);
    let mut date = None;
    let mut series = None;
    let mut value = None;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::date => date = Some(literal::date(source, &part)?),
            Rule::name => series = Some(name_of(&part)),
            Rule::expr => value = Some(super::expr::parse_expr(source, part)?),
            _ => {}
        }
    }
    match (date, series, value) {
        (Some(date), Some(series), Some(value)) => Ok(PriceLine {
            date,
            series,
            value,
            span,
        }),
        _ => Err(SyntaxError::Unexpected {
            expected: "a price line (`2024-01-02  Closing Price = USD 10.50`)".to_string(),
            found: source.slice(span).to_string(),
            help: "see docs/language.md for market data in scenarios".to_string(),
            src: source.named(),
            span: span.into(),
        }),
    }
}

fn parse_event_line(source: &Source, pair: Pair<'_, Rule>) -> Result<EventLine, SyntaxError> {
    let span = span_of(&pair);
    let mut time = None;
    let mut time_span = span;
    let mut what = Occurrence::TimePasses;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::event_time => {
                // The pair's own span can include the spaces after it.
                time_span = part
                    .clone()
                    .into_inner()
                    .map(|inner| span_of(&inner))
                    .reduce(|a, b| a.to(b))
                    .unwrap_or_else(|| span_of(&part));
                time = Some(literal::local_instant(source, part)?);
            }
            Rule::event_occurrence => what = parse_occurrence(source, part)?,
            _ => {}
        }
    }
    let time = time.unwrap_or(LocalInstant {
        date: chrono::NaiveDate::default(),
        time: chrono::NaiveTime::default(),
        zone: None,
    });
    Ok(EventLine {
        time,
        time_span,
        what,
        span,
    })
}

fn parse_occurrence(source: &Source, pair: Pair<'_, Rule>) -> Result<Occurrence, SyntaxError> {
    let span = span_of(&pair);
    let mut name = Name {
        text: String::new(),
        span,
    };
    let mut fields = Vec::new();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::name => name = name_of(&part),
            Rule::field_values => {
                for field in part.into_inner() {
                    let mut inner = field.into_inner();
                    if let (Some(key), Some(value)) = (inner.next(), inner.next()) {
                        fields.push((name_of(&key), parse_expr(source, value)?));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(Occurrence::Event { name, fields })
}

fn parse_expectation(source: &Source, pair: Pair<'_, Rule>) -> Result<Expectation, SyntaxError> {
    let span = span_of(&pair);
    let kind = match pair
        .into_inner()
        .find(|inner| inner.as_rule() != Rule::kw_expect)
    {
        Some(inner) => match inner.as_rule() {
            Rule::expect_accepted => ExpectationKind::Accepted,
            Rule::expect_refused => {
                let mut by = None;
                let mut reason = None;
                for part in inner.into_inner() {
                    match part.as_rule() {
                        Rule::string => reason = Some(literal::text(&part)),
                        _ => by = Some(name_of(&part)),
                    }
                }
                ExpectationKind::Refused { by, reason }
            }
            Rule::expect_noted => ExpectationKind::Noted,
            Rule::expect_error => ExpectationKind::Error {
                code: inner
                    .into_inner()
                    .find(|part| part.as_rule() == Rule::diagnostic_code)
                    .map(|code| name_of(&code))
                    .unwrap_or(Name {
                        text: String::new(),
                        span,
                    }),
            },
            _ => ExpectationKind::Holds(parse_expr(source, inner)?),
        },
        None => ExpectationKind::Accepted,
    };
    Ok(Expectation { kind, span })
}

/// A JSON Lines `time` string, in the scenario syntax.
pub fn parse_event_time(source: &Source) -> Result<LocalInstant, SyntaxError> {
    let prepared = super::prepare(source, Rule::event_time_input);
    let entry = parse_rule(source, &prepared, Rule::event_time_input)?;
    match entry.into_inner().next() {
        Some(time) => literal::local_instant(source, time),
        None => Err(SyntaxError::Unexpected {
            expected: "a date and time".to_string(),
            found: "nothing".to_string(),
            help: "see docs/language.md for the shape of each declaration".to_string(),
            src: source.named(),
            span: crate::source::Span::default().into(),
        }),
    }
}

/// A JSON Lines field value written as text, in the scenario syntax.
pub fn parse_value(source: &Source) -> Result<Expr, SyntaxError> {
    let prepared = super::prepare(source, Rule::value_input);
    let entry = parse_rule(source, &prepared, Rule::value_input)?;
    match entry.into_inner().next() {
        Some(expr) => parse_expr(source, expr),
        None => Err(SyntaxError::Unexpected {
            expected: "a value".to_string(),
            found: "nothing".to_string(),
            help: "see docs/language.md for the shape of each declaration".to_string(),
            src: source.named(),
            span: crate::source::Span::default().into(),
        }),
    }
}
