//! Calls to the built-in functions: `min`, `max`, `abs`, `pro rata`, dates
//! and business days, and the number of days or months between two dates.

use crate::errors::CheckError;
use crate::program::{Expr, ExprKind};
use crate::syntax::ast::{self, DayKind};
use crate::types::{Type, Unit};

use super::expr::Context;
use super::Checker;
use crate::scope::suggest;

/// The names of the functions, for "did you mean".
const FUNCTIONS: &[&str] = &[
    "min",
    "max",
    "abs",
    "pro rata",
    "date",
    "business day",
    "next business day",
    "days between",
    "business days between",
    "months between",
    "average",
    "highest",
    "lowest",
    "days reaching",
    "vwap",
];

impl Checker<'_> {
    pub fn lower_call(
        &self,
        function: &ast::Name,
        arguments: &[ast::Expr],
        whole: &ast::Expr,
        cx: &Context,
    ) -> Result<Expr, CheckError> {
        let span = whole.span;
        if let Some(read) = self.table_call(function, arguments, span, cx) {
            return read;
        }
        if let Some(query) = self.market_call(function, arguments, span, cx) {
            return query;
        }
        if let Some(id) = self.formula_index.get(&function.text).copied() {
            return self.formula_call(id, function, arguments, span, cx);
        }
        let lowered = arguments
            .iter()
            .map(|argument| self.lower(argument, cx))
            .collect::<Result<Vec<_>, _>>()?;
        let arity = |expected: &'static str| CheckError::Arguments {
            function: function.text.clone(),
            expected,
            src: self.src(),
            span: span.into(),
        };
        match function.text.as_str() {
            "min" | "max" => {
                let mut iter = lowered.iter();
                let (Some(first), Some(_)) = (iter.next(), lowered.get(1)) else {
                    return Err(arity("two or more values of one type"));
                };
                for other in iter {
                    if other.ty != first.ty {
                        return Err(self.unit_mismatch(&function.text, first, other));
                    }
                }
                if !matches!(first.ty, Type::Quantity(_) | Type::Date | Type::Instant) {
                    return Err(self.mismatch(
                        "quantities, dates or instants",
                        first,
                        String::new(),
                    ));
                }
                let ty = first.ty;
                let kind = if function.text == "min" {
                    ExprKind::Min(lowered)
                } else {
                    ExprKind::Max(lowered)
                };
                Ok(Expr { kind, ty, span })
            }
            "pro rata" => {
                let mut iter = lowered.into_iter();
                let (Some(amount), Some(part), Some(whole_part), None) =
                    (iter.next(), iter.next(), iter.next(), iter.next())
                else {
                    return Err(arity("three values: `pro rata(AMOUNT, PART, WHOLE)`"));
                };
                if part.ty != whole_part.ty || !matches!(part.ty, Type::Quantity(_)) {
                    return Err(self.unit_mismatch("pro rata", &part, &whole_part));
                }
                if !matches!(amount.ty, Type::Quantity(_)) {
                    return Err(self.mismatch("a quantity", &amount, String::new()));
                }
                let ty = amount.ty;
                let kind =
                    ExprKind::ProRata(Box::new(amount), Box::new(part), Box::new(whole_part));
                Ok(Expr { kind, ty, span })
            }
            "business day" | "next business day" => {
                let mut iter = lowered.into_iter();
                let (Some(date), None) = (iter.next(), iter.next()) else {
                    return Err(arity("one date"));
                };
                if date.ty != Type::Date {
                    return Err(self.mismatch("a date", &date, "take an instant's date with `.date`".to_string()));
                }
                let (kind, ty) = if function.text == "business day" {
                    (ExprKind::IsBusinessDay(Box::new(date)), Type::Flag)
                } else {
                    (ExprKind::NextBusinessDay(Box::new(date)), Type::Date)
                };
                Ok(Expr { kind, ty, span })
            }
            "date" => {
                let mut iter = lowered.into_iter();
                let (Some(instant), None) = (iter.next(), iter.next()) else {
                    return Err(arity("one instant: `date(INSTANT)`"));
                };
                if instant.ty != Type::Instant {
                    return Err(self.mismatch("an instant", &instant, String::new()));
                }
                Ok(Expr {
                    kind: ExprKind::DateOf(Box::new(instant)),
                    ty: Type::Date,
                    span,
                })
            }
            "abs" => {
                let mut iter = lowered.into_iter();
                let (Some(value), None) = (iter.next(), iter.next()) else {
                    return Err(arity("one quantity: `abs(VALUE)`"));
                };
                if !matches!(value.ty, Type::Quantity(_)) {
                    return Err(self.mismatch("a quantity", &value, String::new()));
                }
                let ty = value.ty;
                Ok(Expr {
                    kind: ExprKind::Abs(Box::new(value)),
                    ty,
                    span,
                })
            }
            "days between" | "business days between" | "months between" => {
                let mut iter = lowered.into_iter();
                let (Some(from), Some(to), None) = (iter.next(), iter.next(), iter.next()) else {
                    return Err(arity("two dates: `days between(FROM, TO)`"));
                };
                let unit = match function.text.as_str() {
                    "days between" => DayKind::Calendar,
                    "business days between" => DayKind::Business,
                    _ => DayKind::Month,
                };
                let from = self.as_date(from)?;
                let to = self.as_date(to)?;
                Ok(Expr {
                    kind: ExprKind::Between(unit, Box::new(from), Box::new(to)),
                    ty: Type::Quantity(Unit::NUMBER),
                    span,
                })
            }
            _ => Err(CheckError::UnknownName {
                what: "function",
                name: function.text.clone(),
                help: suggest(
                    &function.text,
                    FUNCTIONS.iter().copied(),
                    "the functions are `min`, `max`, `abs`, `pro rata`, `date`, `business day`, `next business day`, `days between`, `business days between`, `months between`, `count`, `sum` and `round`",
                ),
                src: self.src(),
                span: function.span.into(),
            }),
        }
    }

    /// A call of the contract's own formula, each argument of its parameter's type.
    fn formula_call(
        &self,
        id: usize,
        function: &ast::Name,
        arguments: &[ast::Expr],
        span: crate::source::Span,
        cx: &Context,
    ) -> Result<Expr, CheckError> {
        if cx.constant {
            return Err(self.not_here(
                function.span,
                &format!("a defined term cannot use the formula `{}`", function.text),
                "defined terms are computed before formulas; write the computation out, or make this a formula too",
            ));
        }
        // Typed already (callees come first), or its own diagnostic was reported.
        let Some(definition) = self.formulas.get(id).and_then(Option::as_ref) else {
            return Err(CheckError::Reported);
        };
        if arguments.len() != definition.params.len() {
            return Err(CheckError::Arguments {
                function: function.text.clone(),
                expected: "as many values as the formula has parameters",
                src: self.src(),
                span: span.into(),
            });
        }
        let mut lowered = Vec::with_capacity(arguments.len());
        for (argument, (_, ty)) in arguments.iter().zip(&definition.params) {
            lowered.push(self.expect_type(argument, *ty, cx)?);
        }
        Ok(Expr {
            kind: ExprKind::Formula(id, lowered),
            ty: definition.ty,
            span,
        })
    }

    /// A date, or an instant's date in the contract's zone.
    fn as_date(&self, value: Expr) -> Result<Expr, CheckError> {
        match value.ty {
            Type::Date => Ok(value),
            Type::Instant => Ok(Expr {
                span: value.span,
                ty: Type::Date,
                kind: ExprKind::DateOf(Box::new(value)),
            }),
            _ => Err(self.mismatch("a date", &value, String::new())),
        }
    }
}
