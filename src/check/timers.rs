//! Rules that act by themselves when a time comes: `at TIME:` and
//! `every PERIOD after TIME[, N times]:`. The time may be a defined term, a
//! state or an instance's field; a constant time outside the term is refused.

use crate::errors::CheckError;
use crate::program::{ExprKind, Timing};
use crate::syntax::ast::{self, Trigger};
use crate::types::Type;
use crate::value::Value;

use super::expr::Context;
use super::Checker;

/// The timing of an `at` or `every` rule, typed; `None` once reported.
pub fn timing(checker: &mut Checker<'_>, trigger: &Trigger, cx: &Context) -> Option<Timing> {
    let result = match trigger {
        Trigger::At(time) => checker.time_expr(time, cx).map(Timing::At),
        Trigger::Every {
            period,
            anchor,
            times,
        } => checker.every(period, anchor, *times, cx),
        Trigger::Event { .. } | Trigger::Change { .. } => return None,
    };
    match result {
        Ok(timing) => Some(timing),
        Err(error) => {
            checker.report(error);
            None
        }
    }
}

/// Where a trigger's time is written.
pub fn span(trigger: &Trigger) -> crate::source::Span {
    match trigger {
        Trigger::At(time) => time.span,
        Trigger::Every { period, anchor, .. } => period.span.to(anchor.span),
        Trigger::Event { event, .. } => event.span,
        Trigger::Change { state, .. } => state.span,
    }
}

/// `at Expiration Date`, as written, for reports.
pub fn label(checker: &Checker<'_>, trigger: &Trigger) -> String {
    let text = |expr: &ast::Expr| {
        checker
            .source
            .slice(expr.span)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    match trigger {
        Trigger::At(time) => format!("at {}", text(time)),
        Trigger::Every {
            period,
            anchor,
            times,
        } => {
            let times = times.map_or_else(String::new, |n| format!(", {n} times"));
            format!("every {} after {}{times}", text(period), text(anchor))
        }
        Trigger::Event { .. } | Trigger::Change { .. } => String::new(),
    }
}

impl Checker<'_> {
    /// A time a rule fires at: an instant, or a date (its first moment).
    fn time_expr(
        &self,
        time: &ast::Expr,
        cx: &Context,
    ) -> Result<crate::program::Expr, CheckError> {
        let lowered = self.lower(time, cx)?;
        if !matches!(lowered.ty, Type::Instant | Type::Date) {
            return Err(self.mismatch(
                "an instant or a date",
                &lowered,
                "a rule fires at a time: `at Expiration Date:`, `at 2026-01-15:`".to_string(),
            ));
        }
        self.inside_term(&lowered)?;
        Ok(lowered)
    }

    fn every(
        &self,
        period: &ast::Expr,
        anchor: &ast::Expr,
        times: Option<u32>,
        cx: &Context,
    ) -> Result<Timing, CheckError> {
        let constant = Context {
            constant: true,
            ..Context::default()
        };
        let period_expr = self.expect_type(period, Type::Duration, &constant)?;
        let Value::Duration(days) = self.constant(&period_expr)? else {
            return Err(self.mismatch("a duration", &period_expr, String::new()));
        };
        if days.count <= 0 {
            return Err(self.not_here(
                period.span,
                "a rule cannot repeat every zero or fewer days",
                "write a period of at least one day, month or year: `every 1 month after …`",
            ));
        }
        if times == Some(0) {
            return Err(self.not_here(
                anchor.span,
                "`0 times` never fires",
                "give a number of times of at least 1, or leave it out",
            ));
        }
        let anchor = self.time_expr(anchor, cx)?;
        Ok(Timing::Every {
            period: days,
            anchor,
            times,
        })
    }

    /// A constant time before the term starts could never fire.
    fn inside_term(&self, time: &crate::program::Expr) -> Result<(), CheckError> {
        let (Some(start), ExprKind::Const(value)) = (self.term_start, &time.kind) else {
            return Ok(());
        };
        let date = match value {
            Value::Date(date) => *date,
            Value::Instant(at) => at.date_in(self.zone),
            _ => return Ok(()),
        };
        if date >= start {
            return Ok(());
        }
        Err(self.not_here(
            time.span,
            &format!("this time, {date}, is before the term starts on {start}"),
            "a rule that acts at a time can act only during the term",
        ))
    }
}
