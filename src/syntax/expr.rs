//! Expressions: a Pratt parser over the flat `expr` rule, and the literals.
//! Operator precedence, loosest first: `or`, `and`, `not`, comparisons,
//! `+ -`, `* /`, unary `-`, then `.field` and `is STATUS`.

use std::sync::OnceLock;

use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};

use crate::errors::SyntaxError;
use crate::number::{Number, RoundingMode};
use crate::source::{Source, Span};

use super::ast::{BinaryOp, DayKind, Expr, ExprKind, Literal, ObligationStatus, UnaryOp};
use super::{literal, name_of, span_of, Rule};

/// Deeper expression trees than this are refused: every later stage walks
/// them recursively. (`prescan` has already bounded the nesting that makes
/// this builder recurse; this bounds chains of binary operators.)
use super::prescan::MAX_DEPTH;

fn pratt() -> &'static PrattParser<Rule> {
    static PRATT: OnceLock<PrattParser<Rule>> = OnceLock::new();
    PRATT.get_or_init(|| {
        PrattParser::new()
            .op(Op::infix(Rule::or, Assoc::Left))
            .op(Op::infix(Rule::and, Assoc::Left))
            .op(Op::prefix(Rule::not))
            .op(Op::infix(Rule::eq, Assoc::Left)
                | Op::infix(Rule::ne, Assoc::Left)
                | Op::infix(Rule::lt, Assoc::Left)
                | Op::infix(Rule::le, Assoc::Left)
                | Op::infix(Rule::gt, Assoc::Left)
                | Op::infix(Rule::ge, Assoc::Left))
            .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
            .op(Op::infix(Rule::mul, Assoc::Left) | Op::infix(Rule::div, Assoc::Left))
            .op(Op::prefix(Rule::neg))
            .op(Op::postfix(Rule::field_access)
                | Op::postfix(Rule::status_test)
                | Op::postfix(Rule::at_time))
    })
}

struct Built {
    expr: Expr,
    depth: usize,
}

pub fn parse_expr(source: &Source, pair: Pair<'_, Rule>) -> Result<Expr, SyntaxError> {
    build(source, pair.into_inner()).map(|built| built.expr)
}

fn build(source: &Source, pairs: Pairs<'_, Rule>) -> Result<Built, SyntaxError> {
    // pest's Pratt parser panics on no input; the grammar never gives it
    // none, but a panic is not an acceptable way to find out otherwise.
    if pairs.peek().is_none() {
        return Err(SyntaxError::Unexpected {
            expected: "an expression".to_string(),
            found: "nothing".to_string(),
            help: "see docs/language.md for the shape of each declaration".to_string(),
            src: source.named(),
            span: crate::source::Span::default().into(),
        });
    }
    refuse_long_prefix_runs(source, &pairs)?;
    pratt()
        .map_primary(|primary| parse_primary(source, primary))
        .map_prefix(|op, operand| {
            let operand = operand?;
            let kind = if op.as_rule() == Rule::not {
                UnaryOp::Not
            } else {
                UnaryOp::Negate
            };
            let span = span_of(&op).to(operand.expr.span);
            deeper(
                source,
                span,
                operand.depth,
                ExprKind::Unary(kind, Box::new(operand.expr)),
            )
        })
        .map_postfix(|operand, op| {
            let operand = operand?;
            let span = operand.expr.span.to(span_of(&op));
            let kind = match op.as_rule() {
                Rule::field_access => {
                    let field = op
                        .into_inner()
                        .next()
                        .map(|ident| name_of(&ident))
                        .unwrap_or_else(|| empty_name(span));
                    ExprKind::Field(Box::new(operand.expr), field)
                }
                Rule::at_time => {
                    let mut time = None;
                    let mut zone = None;
                    for part in op.into_inner() {
                        match part.as_rule() {
                            Rule::time_of_day => time = Some(literal::time(source, &part)?),
                            Rule::zone => zone = Some(literal::zone(source, &part)?),
                            _ => {}
                        }
                    }
                    ExprKind::AtTime(
                        Box::new(operand.expr),
                        time.unwrap_or(chrono::NaiveTime::MIN),
                        zone,
                    )
                }
                _ if op.as_str().trim_end().ends_with("whole") => {
                    ExprKind::IsWhole(Box::new(operand.expr))
                }
                _ => ExprKind::Status(Box::new(operand.expr), status(op.as_str())),
            };
            deeper(source, span, operand.depth, kind)
        })
        .map_infix(|left, op, right| {
            let (left, right) = (left?, right?);
            let span = left.expr.span.to(right.expr.span);
            let depth = left.depth.max(right.depth);
            let kind = ExprKind::Binary(
                binary_op(op.as_rule()),
                Box::new(left.expr),
                Box::new(right.expr),
            );
            deeper(source, span, depth, kind)
        })
        .parse(pairs)
}

/// pest's Pratt parser recurses once per prefix operator, so `- - - … 1`
/// must be bounded before it runs.
fn refuse_long_prefix_runs(source: &Source, pairs: &Pairs<'_, Rule>) -> Result<(), SyntaxError> {
    let mut run = 0;
    for pair in pairs.clone() {
        if matches!(pair.as_rule(), Rule::neg | Rule::not) {
            run += 1;
            if run > MAX_DEPTH {
                return Err(SyntaxError::TooDeep {
                    limit: MAX_DEPTH,
                    src: source.named(),
                    span: span_of(&pair).into(),
                });
            }
        } else {
            run = 0;
        }
    }
    Ok(())
}

fn deeper(source: &Source, span: Span, depth: usize, kind: ExprKind) -> Result<Built, SyntaxError> {
    if depth + 1 > MAX_DEPTH {
        return Err(SyntaxError::TooDeep {
            limit: MAX_DEPTH,
            src: source.named(),
            span: span.into(),
        });
    }
    Ok(Built {
        expr: Expr { kind, span },
        depth: depth + 1,
    })
}

fn empty_name(span: Span) -> super::ast::Name {
    super::ast::Name {
        text: String::new(),
        span,
    }
}

fn status(text: &str) -> ObligationStatus {
    if text.ends_with("met") {
        ObligationStatus::Met
    } else if text.ends_with("breached") {
        ObligationStatus::Breached
    } else if text.ends_with("late") {
        ObligationStatus::Late
    } else if text.ends_with("performed") {
        ObligationStatus::Performed
    } else {
        ObligationStatus::Open
    }
}

fn binary_op(operator: Rule) -> BinaryOp {
    match operator {
        Rule::or => BinaryOp::Or,
        Rule::and => BinaryOp::And,
        Rule::eq => BinaryOp::Eq,
        Rule::ne => BinaryOp::Ne,
        Rule::lt => BinaryOp::Lt,
        Rule::le => BinaryOp::Le,
        Rule::gt => BinaryOp::Gt,
        Rule::ge => BinaryOp::Ge,
        Rule::add => BinaryOp::Add,
        Rule::sub => BinaryOp::Sub,
        Rule::mul => BinaryOp::Mul,
        _ => BinaryOp::Div,
    }
}

fn leaf(kind: ExprKind, span: Span) -> Built {
    Built {
        expr: Expr { kind, span },
        depth: 1,
    }
}

fn parse_primary(source: &Source, pair: Pair<'_, Rule>) -> Result<Built, SyntaxError> {
    let span = span_of(&pair);
    let literal_node = |literal: Literal| Ok(leaf(ExprKind::Literal(literal), span));
    match pair.as_rule() {
        Rule::expr => build(source, pair.into_inner()),
        Rule::name | Rule::name_ref => Ok(leaf(ExprKind::Name(name_of(&pair)), span)),
        Rule::this_event => Ok(leaf(ExprKind::ThisEvent, span)),
        Rule::plain_number => literal_node(Literal::Number(first_number(source, pair)?)),
        Rule::shares_amount => literal_node(Literal::Shares(first_number(source, pair)?)),
        Rule::percent => {
            let value = first_number(source, pair)?
                .checked_div(&Number::from_integer(100))
                .map_err(|_| too_large(source, span))?;
            literal_node(Literal::Number(value))
        }
        Rule::ratio => {
            let mut parts = pair.clone().into_inner();
            let (Some(top), Some(bottom)) = (parts.next(), parts.next()) else {
                return Err(too_large(source, span));
            };
            let top = literal::number(source, &top)?;
            let bottom = literal::number(source, &bottom)?;
            let value = top
                .checked_div(&bottom)
                .map_err(|_| SyntaxError::ZeroRatio {
                    text: source.slice(span).to_string(),
                    src: source.named(),
                    span: span.into(),
                })?;
            literal_node(Literal::Number(value))
        }
        Rule::money => {
            let mut currency = String::new();
            let mut amount = Number::ZERO;
            let mut per_share = false;
            let mut negative = false;
            for part in pair.into_inner() {
                match part.as_rule() {
                    Rule::currency => currency = part.as_str().to_string(),
                    Rule::number => amount = literal::number(source, &part)?,
                    Rule::money_sign => negative = true,
                    _ => per_share = true,
                }
            }
            if negative {
                amount = amount.checked_neg().map_err(|_| too_large(source, span))?;
            }
            literal_node(Literal::Money {
                currency,
                amount,
                per_share,
            })
        }
        Rule::duration => {
            let mut count = Number::ZERO;
            let mut kind = None;
            let mut calendar = None;
            for part in pair.into_inner() {
                match part.as_rule() {
                    Rule::number => count = literal::number(source, &part)?,
                    Rule::day_count if part.as_str() == "business" => {
                        kind = Some(DayKind::Business)
                    }
                    Rule::day_count if part.as_str() == "trading" => kind = Some(DayKind::Trading),
                    Rule::day_count => kind = Some(DayKind::Calendar),
                    Rule::months_unit => {
                        kind = Some(DayKind::Month);
                        if part.as_str().starts_with("year") {
                            count = count
                                .checked_mul(&Number::from_integer(12))
                                .map_err(|_| too_large(source, span))?;
                        }
                    }
                    Rule::day_calendar => {
                        calendar = part.into_inner().next().map(|name| name_of(&name));
                    }
                    _ => {}
                }
            }
            literal_node(Literal::Days {
                count,
                kind,
                calendar,
            })
        }
        Rule::flag => literal_node(Literal::Flag(pair.as_str().starts_with('y'))),
        Rule::date => literal_node(Literal::Date(literal::date(source, &pair)?)),
        Rule::instant => literal_node(Literal::Instant(literal::local_instant(source, pair)?)),
        Rule::round_call => parse_round(source, pair, span),
        Rule::if_expr => {
            let mut parts = pair.into_inner();
            let mut next = || -> Result<Built, SyntaxError> {
                match parts.next() {
                    Some(part) => build(source, part.into_inner()),
                    None => Err(too_large(source, span)),
                }
            };
            let (condition, then, otherwise) = (next()?, next()?, next()?);
            let depth = condition.depth.max(then.depth).max(otherwise.depth);
            let kind = ExprKind::If(
                Box::new(condition.expr),
                Box::new(then.expr),
                Box::new(otherwise.expr),
            );
            deeper(source, span, depth, kind)
        }
        Rule::aggregate => parse_aggregate(source, pair, span),
        Rule::largest => {
            let mut binder = empty_name(span);
            let mut exprs = Vec::new();
            let mut depth = 0;
            for part in pair.into_inner() {
                match part.as_rule() {
                    Rule::name_word => binder = name_of(&part),
                    Rule::expr => {
                        let built = build(source, part.into_inner())?;
                        depth = depth.max(built.depth);
                        exprs.push(built.expr);
                    }
                    _ => {}
                }
            }
            let mut exprs = exprs.into_iter();
            let (Some(limit), Some(condition)) = (exprs.next(), exprs.next()) else {
                return Err(too_large(source, span));
            };
            deeper(
                source,
                span,
                depth,
                ExprKind::Largest(binder, Box::new(limit), Box::new(condition)),
            )
        }
        Rule::call => {
            let mut parts = pair.into_inner();
            let function = parts
                .next()
                .map(|name| name_of(&name))
                .unwrap_or_else(|| empty_name(span));
            let mut arguments = Vec::new();
            let mut depth = 0;
            for argument in parts {
                let built = build(source, argument.into_inner())?;
                depth = depth.max(built.depth);
                arguments.push(built.expr);
            }
            deeper(source, span, depth, ExprKind::Call(function, arguments))
        }
        _ => Err(too_large(source, span)),
    }
}

/// `count(exercise as x when …)`, `sum(exercise as x when …, x.shares)`.
fn parse_aggregate(
    source: &Source,
    pair: Pair<'_, Rule>,
    span: Span,
) -> Result<Built, SyntaxError> {
    let mut sum = false;
    let mut names = Vec::new();
    let mut guard = None;
    let mut value = None;
    let mut depth = 0;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::aggregate_fn => sum = part.as_str() == "sum",
            Rule::name | Rule::name_word => names.push(name_of(&part)),
            Rule::guard | Rule::aggregate_value => {
                let is_guard = part.as_rule() == Rule::guard;
                if let Some(inner) = part.into_inner().next() {
                    let built = build(source, inner.into_inner())?;
                    depth = depth.max(built.depth);
                    if is_guard {
                        guard = Some(built.expr);
                    } else {
                        value = Some(built.expr);
                    }
                }
            }
            _ => {}
        }
    }
    let mut names = names.into_iter();
    let record = names.next().unwrap_or_else(|| empty_name(span));
    let binder = names.next().unwrap_or_else(|| empty_name(span));
    let kind = ExprKind::Aggregate(Box::new(super::ast::Aggregate {
        sum,
        record,
        binder,
        guard,
        value,
    }));
    deeper(source, span, depth, kind)
}

fn parse_round(source: &Source, pair: Pair<'_, Rule>, span: Span) -> Result<Built, SyntaxError> {
    let mut value = None;
    let mut places = super::ast::Precision::Places(0);
    let mut mode = RoundingMode::HalfUp;
    let mut alternatives = None;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::expr => value = Some(build(source, part.into_inner())?),
            Rule::places => {
                if let Some(count) = part.into_inner().next() {
                    places = super::ast::Precision::Places(literal::integer_u32(source, &count)?);
                }
            }
            Rule::cents => places = super::ast::Precision::MinorUnit,
            Rule::rounding_mode => mode = mode_of(&part),
            Rule::mode_either => {
                let mut modes = Vec::new();
                let mut reading = None;
                for inner in part.into_inner() {
                    match inner.as_rule() {
                        Rule::rounding_mode => modes.push((mode_of(&inner), span_of(&inner))),
                        Rule::per_reading => {
                            reading = Some(super::parts::either_reading(source, inner)?)
                        }
                        _ => {}
                    }
                }
                if let (Some((first, _)), Some(reading)) = (modes.first(), reading) {
                    mode = *first;
                    alternatives = Some(Box::new(super::ast::ModeAlternatives { modes, reading }));
                }
            }
            _ => {}
        }
    }
    let value = value.ok_or_else(|| too_large(source, span))?;
    let depth = value.depth;
    let kind = ExprKind::Round {
        value: Box::new(value.expr),
        places,
        mode,
        alternatives,
    };
    deeper(source, span, depth, kind)
}

fn mode_of(pair: &Pair<'_, Rule>) -> RoundingMode {
    RoundingMode::from_words(pair.as_str()).unwrap_or(RoundingMode::HalfUp)
}

fn first_number(source: &Source, pair: Pair<'_, Rule>) -> Result<Number, SyntaxError> {
    let span = span_of(&pair);
    match pair
        .into_inner()
        .find(|part| part.as_rule() == Rule::number)
    {
        Some(number) => literal::number(source, &number),
        None => Err(too_large(source, span)),
    }
}

/// The grammar guarantees the shapes matched above; a mismatch can only be a
/// number the parser could not hold, which is the honest thing to report.
fn too_large(source: &Source, span: Span) -> SyntaxError {
    SyntaxError::NumberTooLarge {
        text: source.slice(span).to_string(),
        src: source.named(),
        span: span.into(),
    }
}
