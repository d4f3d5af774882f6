//! Small pieces both the clause parser and the declaration parsers build:
//! type names, and placeholders for parts the grammar guarantees.

use pest::iterators::Pair;

use crate::source::Span;

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
