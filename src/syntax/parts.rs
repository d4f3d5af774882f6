//! Small pieces both the clause parser and the declaration parsers build:
//! type names, and placeholders for parts the grammar guarantees.

use pest::iterators::Pair;

use crate::errors::SyntaxError;
use crate::source::{Source, Span};

use super::ast::*;
use super::{name_of, span_of, Rule};

pub(super) fn parse_type(pair: Pair<'_, Rule>) -> TypeName {
    let span = span_of(&pair);
    let kind = match pair.into_inner().next() {
        Some(inner) => match inner.as_rule() {
            Rule::price_type => TypeNameKind::Price(first_text(inner)),
            Rule::money_type => TypeNameKind::Money(first_text(inner)),
            Rule::shares_type => TypeNameKind::Shares,
            Rule::ratio_type => TypeNameKind::Ratio,
            Rule::percent_type => TypeNameKind::Percent,
            Rule::date_type => TypeNameKind::Date,
            Rule::instant_type => TypeNameKind::Instant,
            Rule::flag_type => TypeNameKind::Flag,
            Rule::duration_type => TypeNameKind::Duration,
            Rule::name => TypeNameKind::Named(name_of(&inner)),
            _ => TypeNameKind::Number,
        },
        None => TypeNameKind::Number,
    };
    TypeName { kind, span }
}

fn first_text(pair: Pair<'_, Rule>) -> String {
    pair.into_inner()
        .next()
        .map(|inner| inner.as_str().to_string())
        .unwrap_or_default()
}

/// Every reading a `per reading R2` or `per readings R2, R5` cites, in the
/// order written.
pub(super) fn parse_per_reading(pair: Pair<'_, Rule>) -> Readings {
    pair.into_inner()
        .filter(|part| part.as_rule() == Rule::reading_id)
        .map(|id| name_of(&id))
        .collect()
}

/// The one reading that weighs an `either`'s alternatives: `per readings`
/// is refused there, since `pactum test --readings` varies one reading at a
/// time and each alternative must belong to exactly one.
pub(super) fn either_reading(source: &Source, pair: Pair<'_, Rule>) -> Result<Name, SyntaxError> {
    let span = span_of(&pair);
    let mut parts = pair.into_inner();
    if parts
        .clone()
        .any(|part| part.as_rule() == Rule::kw_readings)
    {
        return Err(SyntaxError::EitherReadings {
            src: source.named(),
            span: span.into(),
        });
    }
    Ok(parts
        .find(|part| part.as_rule() == Rule::reading_id)
        .map(|id| name_of(&id))
        .unwrap_or_else(|| blank_name(span)))
}

/// Placeholders for parts the grammar guarantees; never reached on parsed input.
pub(super) fn blank_name(span: Span) -> Name {
    Name {
        text: String::new(),
        span,
    }
}

pub(super) fn blank_expr(span: Span) -> Expr {
    Expr {
        kind: ExprKind::Literal(Literal::Flag(false)),
        span,
    }
}
