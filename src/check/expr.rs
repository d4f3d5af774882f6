//! Typing expressions: each AST expression becomes a typed program
//! expression, or a diagnostic that names the units on both sides.

use crate::errors::CheckError;
use crate::program::{EventId, Expr, ExprKind};
use crate::syntax::ast::{self, BinaryOp, DayKind, Literal, UnaryOp};
use crate::types::{Currency, Type, Unit};
use crate::value::{Days, Value};

use super::time::resolve_instant;
use super::Checker;
use crate::scope::{suggest, Binding};

/// Where an expression stands: which event it may read and which locals exist.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The most local slots any expression in the body needs: an aggregate's
    /// binder takes a slot of its own while it is evaluated. Shared by clones.
    pub slots: std::rc::Rc<std::cell::Cell<usize>>,
    /// The event a binder (or `event` in a scenario) refers to.
    pub event: Option<EventId>,
    pub binder: Option<String>,
    pub locals: Vec<(String, Type)>,
    /// Defined terms and first values may not read state.
    pub constant: bool,
    /// `event` is the last event, in scenario expectations only.
    pub in_scenario: bool,
}

impl Context {
    pub fn reserve(&self, slots: usize) {
        if slots > self.slots.get() {
            self.slots.set(slots);
        }
    }

    /// How many local slots the body needs.
    pub fn slot_count(&self) -> usize {
        self.slots.get().max(self.locals.len())
    }
}

/// Fields every event has, whatever its declaration says.
pub const BUILTIN_FIELDS: &[&str] = &["time", "date", "deemed_time", "deemed_date"];

impl Checker<'_> {
    pub fn lower(&self, expr: &ast::Expr, cx: &Context) -> Result<Expr, CheckError> {
        let span = expr.span;
        let typed = |kind: ExprKind, ty: Type| Ok(Expr { kind, ty, span });
        match &expr.kind {
            ast::ExprKind::Literal(literal) => {
                let (value, ty) = self.literal(literal, expr, cx)?;
                typed(ExprKind::Const(value), ty)
            }
            ast::ExprKind::Name(name) => self.lower_name(name, cx),
            ast::ExprKind::ThisEvent => Err(self.not_here(
                span,
                "`event` is not a value by itself",
                "read one of its fields, e.g. `event.deemed_date`",
            )),
            ast::ExprKind::Field(base, field) => self.lower_field(base, field, expr, cx),
            ast::ExprKind::Status(base, status) => {
                if let Some((owner, obligation)) = self.instance_obligation(base, cx)? {
                    return Ok(self.instance_status(owner, obligation, *status, span));
                }
                match self.obligation_of(base) {
                    Some(id) => typed(ExprKind::Obligation(id, *status), Type::Flag),
                    None => Err(self.not_here(
                        base.span,
                        "only an obligation can be `open`, `met`, `breached`, `late` or `performed`",
                        "name an obligation declared with `PARTY must ... as NAME`",
                    )),
                }
            }
            ast::ExprKind::AtTime(date, time, zone) => {
                let date = self.expect_type(date, Type::Date, cx)?;
                let zone = zone.unwrap_or(self.zone);
                typed(ExprKind::AtTime(Box::new(date), *time, zone), Type::Instant)
            }
            ast::ExprKind::IsWhole(base) => {
                let value = self.lower(base, cx)?;
                if !matches!(value.ty, Type::Quantity(_)) {
                    return Err(self.mismatch(
                        "a quantity (`n.shares is whole`)",
                        &value,
                        String::new(),
                    ));
                }
                typed(ExprKind::IsWhole(Box::new(value)), Type::Flag)
            }
            ast::ExprKind::Aggregate(aggregate) => self.lower_aggregate(aggregate, span, cx),
            ast::ExprKind::Largest(binder, limit, condition) => {
                let limit = self.lower(limit, cx)?;
                let Type::Quantity(unit) = limit.ty else {
                    return Err(self.mismatch(
                        "a quantity up to which to look",
                        &limit,
                        String::new(),
                    ));
                };
                let mut inner = cx.clone();
                let slot = inner.locals.len();
                inner.locals.push((binder.text.clone(), limit.ty));
                let condition = self.expect_type(condition, Type::Flag, &inner)?;
                cx.reserve(inner.locals.len());
                typed(
                    ExprKind::Largest(slot, Box::new(limit), Box::new(condition)),
                    Type::Quantity(unit),
                )
            }
            ast::ExprKind::Unary(op, operand) => {
                let operand = self.lower(operand, cx)?;
                let ok = matches!(
                    (op, operand.ty),
                    (UnaryOp::Not, Type::Flag) | (UnaryOp::Negate, Type::Quantity(_))
                );
                if !ok {
                    let expected = if *op == UnaryOp::Not {
                        "yes/no"
                    } else {
                        "a quantity"
                    };
                    return Err(self.mismatch(expected, &operand, "".to_string()));
                }
                let ty = operand.ty;
                typed(ExprKind::Unary(*op, Box::new(operand)), ty)
            }
            ast::ExprKind::Binary(op, left, right) => {
                let left = self.lower(left, cx)?;
                let right = self.lower(right, cx)?;
                let ty = self.binary_type(*op, &left, &right)?;
                typed(ExprKind::Binary(*op, Box::new(left), Box::new(right)), ty)
            }
            ast::ExprKind::Call(function, arguments) => {
                self.lower_call(function, arguments, expr, cx)
            }
            ast::ExprKind::Round {
                value,
                places,
                mode,
                alternatives,
            } => {
                let value = self.lower(value, cx)?;
                let Type::Quantity(unit) = value.ty else {
                    return Err(self.mismatch("a quantity to round", &value, String::new()));
                };
                let places = match (places, unit.currency) {
                    (ast::Precision::Places(places), _) => *places,
                    (ast::Precision::MinorUnit, Some(currency)) if unit.is_money() => {
                        currency.minor_places()
                    }
                    (ast::Precision::MinorUnit, _) => {
                        return Err(self.mismatch(
                            "an amount of money to round to `cents`",
                            &value,
                            "`cents` is the currency's smallest unit; round other quantities to `N places`"
                                .to_string(),
                        ))
                    }
                };
                let (mode, reading) = match alternatives {
                    None => (*mode, None),
                    Some(alternatives) => self.pick_mode(alternatives)?,
                };
                let ty = value.ty;
                let kind = ExprKind::Round {
                    value: Box::new(value),
                    places,
                    mode,
                    reading,
                };
                typed(kind, ty)
            }
            ast::ExprKind::If(condition, then, otherwise) => {
                let condition = self.expect_type(condition, Type::Flag, cx)?;
                let then = self.lower(then, cx)?;
                let otherwise = self.lower(otherwise, cx)?;
                if then.ty != otherwise.ty {
                    return Err(self.unit_mismatch("if … else", &then, &otherwise));
                }
                let ty = then.ty;
                let kind = ExprKind::If(Box::new(condition), Box::new(then), Box::new(otherwise));
                typed(kind, ty)
            }
        }
    }

    /// Lowers and insists on one type.
    pub fn expect_type(
        &self,
        expr: &ast::Expr,
        ty: Type,
        cx: &Context,
    ) -> Result<Expr, CheckError> {
        let lowered = self.lower(expr, cx)?;
        if lowered.ty == ty {
            Ok(lowered)
        } else {
            let expected = self.describe(ty);
            Err(self.mismatch(&expected, &lowered, String::new()))
        }
    }

    fn literal(
        &self,
        literal: &Literal,
        expr: &ast::Expr,
        cx: &Context,
    ) -> Result<(Value, Type), CheckError> {
        let span = expr.span;
        Ok(match literal {
            Literal::Number(n) => (
                Value::Quantity(n.clone(), Unit::NUMBER),
                Type::Quantity(Unit::NUMBER),
            ),
            Literal::Shares(n) => (
                Value::Quantity(n.clone(), Unit::SHARES),
                Type::Quantity(Unit::SHARES),
            ),
            Literal::Money {
                currency,
                amount,
                per_share,
            } => {
                let code = self.currency(currency, span)?;
                let unit = if *per_share {
                    Unit::price(code)
                } else {
                    Unit::money(code)
                };
                (Value::Quantity(amount.clone(), unit), Type::Quantity(unit))
            }
            Literal::Days {
                count,
                kind,
                calendar,
            } => {
                let Some(kind) = kind else {
                    return Err(CheckError::BareDays {
                        src: self.src(),
                        span: span.into(),
                    });
                };
                let count =
                    whole_days(count.clone()).ok_or_else(|| CheckError::FractionalDays {
                        src: self.src(),
                        span: span.into(),
                    })?;
                let calendar = match calendar {
                    Some(name) => Some(self.day_calendar(*kind, name)?),
                    None => None,
                };
                (
                    Value::Duration(Days {
                        count,
                        kind: *kind,
                        calendar,
                    }),
                    Type::Duration,
                )
            }
            Literal::Flag(flag) => (Value::Flag(*flag), Type::Flag),
            Literal::Date(date) => (Value::Date(*date), Type::Date),
            Literal::Instant(local) => {
                let default_zone = if cx.in_scenario {
                    Some(self.scenario_zone.unwrap_or(self.zone))
                } else {
                    None
                };
                let moment = resolve_instant(self, local, default_zone, span)?;
                (Value::Instant(moment), Type::Instant)
            }
        })
    }

    pub fn currency(&self, code: &str, span: crate::source::Span) -> Result<Currency, CheckError> {
        Currency::parse(code).ok_or_else(|| CheckError::UnknownCurrency {
            code: code.to_string(),
            known: Currency::known().join(", "),
            src: self.src(),
            span: span.into(),
        })
    }

    fn lower_name(&self, name: &ast::Name, cx: &Context) -> Result<Expr, CheckError> {
        let span = name.span;
        let typed = |kind: ExprKind, ty: Type| Ok(Expr { kind, ty, span });
        if let Some(slot) = cx.locals.iter().rposition(|(local, _)| *local == name.text) {
            let ty = cx.locals.get(slot).map_or(Type::Flag, |(_, ty)| *ty);
            return typed(ExprKind::Local(slot), ty);
        }
        if cx.binder.as_deref() == Some(name.text.as_str()) {
            return Err(self.not_here(
                span,
                &format!("`{}` is an event, not a value", name.text),
                &format!("read one of its fields, e.g. `{}.date`", name.text),
            ));
        }
        match self.scope.get(&name.text) {
            Some(Binding::Define(value, ty)) => typed(ExprKind::Const(value), ty),
            Some(Binding::Failed) => Err(CheckError::Reported),
            Some(Binding::LaterDefine) => Err(self.not_here(
                span,
                &format!("`{}` is defined later in the file", name.text),
                "move its `define` above this use",
            )),
            Some(Binding::State(id, ty)) => {
                if cx.constant {
                    Err(CheckError::NotConstant {
                        name: name.text.clone(),
                        src: self.src(),
                        span: span.into(),
                    })
                } else {
                    typed(ExprKind::State(id), ty)
                }
            }
            Some(Binding::Variant(kind, index)) => typed(
                ExprKind::Const(Value::Variant(kind, index)),
                Type::Kind(kind),
            ),
            Some(Binding::Party(_)) => Err(self.not_here(
                span,
                &format!("`{}` is a party, not a value", name.text),
                "parties appear in obligations: `PARTY must ...`",
            )),
            Some(Binding::Obligation(_)) => Err(self.not_here(
                span,
                &format!("`{}` is an obligation, not a value", name.text),
                &format!("ask `{0} is met` or read `{0}.deadline`", name.text),
            )),
            None => {
                if let Some(instance) = self.instance_literal(name) {
                    return instance;
                }
                let locals = cx.locals.iter().map(|(local, _)| local.as_str());
                let candidates = self.scope.names().chain(locals).chain(cx.binder.as_deref());
                Err(CheckError::UnknownName {
                    what: "name",
                    name: name.text.clone(),
                    help: suggest(
                        &name.text,
                        candidates,
                        "declare it with `define` or `state`",
                    ),
                    src: self.src(),
                    span: span.into(),
                })
            }
        }
    }

    fn obligation_of(&self, base: &ast::Expr) -> Option<usize> {
        match &base.kind {
            ast::ExprKind::Name(name) => match self.scope.get(&name.text) {
                Some(Binding::Obligation(id)) => Some(id),
                _ => None,
            },
            _ => None,
        }
    }

    fn lower_field(
        &self,
        base: &ast::Expr,
        field: &ast::Name,
        whole: &ast::Expr,
        cx: &Context,
    ) -> Result<Expr, CheckError> {
        let span = whole.span;
        let typed = |kind: ExprKind, ty: Type| Ok(Expr { kind, ty, span });
        let is_event = match &base.kind {
            ast::ExprKind::ThisEvent if !cx.in_scenario => {
                return Err(self.not_here(
                    base.span,
                    "`event` is for scenario expectations",
                    "in a clause file, name the event with `on EVENT as x:` and read `x.field`",
                ))
            }
            ast::ExprKind::ThisEvent => true,
            ast::ExprKind::Name(name) => cx.binder.as_deref() == Some(name.text.as_str()),
            _ => false,
        };
        if is_event {
            let Some(event_id) = cx.event else {
                return Err(self.not_here(
                    base.span,
                    "no event has happened yet",
                    "put `expect` lines after the event they are about",
                ));
            };
            return self.event_field(event_id, field, span);
        }
        if let Some((owner, obligation)) = self.instance_obligation(base, cx)? {
            if field.text == "deadline" {
                return typed(
                    ExprKind::InstanceDeadline(Box::new(owner), obligation),
                    Type::Date,
                );
            }
            return Err(self.not_here(
                field.span,
                &format!("an obligation has no `{}`", field.text),
                "an obligation has a `deadline`; ask its status with `is met`",
            ));
        }
        if let Some(id) = self.obligation_of(base) {
            if field.text == "deadline" {
                return typed(ExprKind::Deadline(id), Type::Date);
            }
            return Err(self.not_here(
                field.span,
                &format!("an obligation has no `{}`", field.text),
                "an obligation has a `deadline`; ask its status with `is met`",
            ));
        }
        let base = self.lower(base, cx)?;
        if base.ty == Type::Instant && field.text == "date" {
            return typed(ExprKind::DateOf(Box::new(base)), Type::Date);
        }
        if let Type::Instance(record) = base.ty {
            return self.instance_field(base, record, field, span);
        }
        Err(self.not_here(
            field.span,
            &format!("{} has no field `{}`", self.describe(base.ty), field.text),
            "fields belong to events (`n.shares`) and obligations (`tender.deadline`)",
        ))
    }

    pub fn event_field(
        &self,
        event_id: EventId,
        field: &ast::Name,
        span: crate::source::Span,
    ) -> Result<Expr, CheckError> {
        let typed = |kind: ExprKind, ty: Type| Ok(Expr { kind, ty, span });
        let event = self.events.get(event_id);
        let is_notice = event.is_some_and(|e| e.is_notice);
        match field.text.as_str() {
            "time" => return typed(ExprKind::EventTime, Type::Instant),
            "date" => return typed(ExprKind::EventDate, Type::Date),
            "deemed_time" if is_notice => return typed(ExprKind::DeemedTime, Type::Instant),
            "deemed_date" if is_notice => return typed(ExprKind::DeemedDate, Type::Date),
            _ => {}
        }
        let fields = event.map(|e| e.fields.as_slice()).unwrap_or(&[]);
        if let Some(index) = fields.iter().position(|f| f.name == field.text) {
            let ty = fields.get(index).map_or(Type::Flag, |f| f.ty);
            return typed(ExprKind::Field(index), ty);
        }
        let names = fields.iter().map(|f| f.name.as_str()).chain(
            BUILTIN_FIELDS
                .iter()
                .copied()
                .filter(|f| is_notice || !f.starts_with("deemed")),
        );
        let fallback = if is_notice || !field.text.starts_with("deemed") {
            "see the event's declaration for its fields"
        } else {
            "only events declared `as notice` have deemed times"
        };
        Err(CheckError::UnknownField {
            event: event.map_or_else(String::new, |e| e.name.clone()),
            field: field.text.clone(),
            help: suggest(&field.text, names, fallback),
            src: self.src(),
            span: field.span.into(),
        })
    }

    fn binary_type(&self, op: BinaryOp, left: &Expr, right: &Expr) -> Result<Type, CheckError> {
        use BinaryOp::*;
        let mismatch = || self.unit_mismatch(op.symbol(), left, right);
        match op {
            And | Or => {
                if left.ty != Type::Flag {
                    return Err(self.mismatch("yes/no", left, String::new()));
                }
                if right.ty != Type::Flag {
                    return Err(self.mismatch("yes/no", right, String::new()));
                }
                Ok(Type::Flag)
            }
            Eq | Ne => {
                if left.ty == right.ty {
                    Ok(Type::Flag)
                } else {
                    Err(mismatch())
                }
            }
            Lt | Le | Gt | Ge => match (left.ty, right.ty) {
                (a, b) if a == b && matches!(a, Type::Quantity(_) | Type::Date | Type::Instant) => {
                    Ok(Type::Flag)
                }
                _ => Err(mismatch()),
            },
            Add | Sub => match (left.ty, right.ty) {
                (Type::Quantity(a), Type::Quantity(b)) if a == b => Ok(left.ty),
                (Type::Date, Type::Duration) => Ok(Type::Date),
                (Type::Instant, Type::Duration) => Ok(Type::Instant),
                _ => Err(mismatch()),
            },
            Mul | Div => match (left.ty, right.ty) {
                (Type::Quantity(a), Type::Quantity(b)) => {
                    let unit = if op == Mul {
                        a.times(b)
                    } else {
                        a.divided_by(b)
                    };
                    unit.map(Type::Quantity).ok_or_else(mismatch)
                }
                _ => Err(mismatch()),
            },
        }
    }

    pub fn unit_mismatch(&self, operator: &str, left: &Expr, right: &Expr) -> CheckError {
        let (left_text, right_text) = (self.describe(left.ty), self.describe(right.ty));
        let help = match (left.ty, right.ty) {
            (Type::Date, Type::Instant) | (Type::Instant, Type::Date) => {
                "compare dates with dates: take an instant's date with `.date`".to_string()
            }
            (Type::Quantity(_), Type::Quantity(_)) if matches!(operator, "*" | "/") => {
                "the two sides are in different currencies".to_string()
            }
            (Type::Quantity(_), Type::Quantity(_)) => {
                format!("both sides of `{operator}` must be in the same unit")
            }
            _ => format!("`{operator}` does not apply to {left_text} and {right_text}"),
        };
        CheckError::UnitMismatch {
            operator: operator.to_string(),
            left: left_text,
            right: right_text,
            help,
            src: self.src(),
            left_span: left.span.into(),
            right_span: right.span.into(),
        }
    }

    /// The rounding mode a `round` takes among a reading's alternatives,
    /// and that reading, for the report to cite.
    fn pick_mode(
        &self,
        alternatives: &ast::ModeAlternatives,
    ) -> Result<
        (
            crate::number::RoundingMode,
            Option<crate::program::ReadingId>,
        ),
        CheckError,
    > {
        let (Some((_, first)), Some((_, last))) =
            (alternatives.modes.first(), alternatives.modes.last())
        else {
            return Err(CheckError::Reported);
        };
        let span = first.to(*last);
        let options = alternatives
            .modes
            .iter()
            .map(|(_, at)| self.source.slice(*at).to_string())
            .collect();
        let index = self.pick(&alternatives.reading, "round", options, span)?;
        let mode = alternatives
            .modes
            .get(index)
            .map_or(crate::number::RoundingMode::HalfUp, |(mode, _)| *mode);
        self.cited_readings
            .borrow_mut()
            .insert(alternatives.reading.text.clone());
        Ok((
            mode,
            self.reading_index.get(&alternatives.reading.text).copied(),
        ))
    }

    pub fn mismatch(&self, expected: &str, found: &Expr, help: String) -> CheckError {
        CheckError::TypeMismatch {
            expected: expected.to_string(),
            found: self.describe(found.ty),
            help: if help.is_empty() {
                "see the types in docs/language.md".to_string()
            } else {
                help
            },
            src: self.src(),
            span: found.span.into(),
        }
    }

    pub fn describe(&self, ty: Type) -> String {
        if let Type::Instance(record) = ty {
            return format!("`{}`", self.record_name(record));
        }
        ty.describe(&self.kind_names)
    }

    /// The calendar `on NAME` names for a count of business or trading days,
    /// as an index into the program's `day_calendars`.
    fn day_calendar(&self, kind: DayKind, name: &ast::Name) -> Result<usize, CheckError> {
        if !matches!(kind, DayKind::Business | DayKind::Trading) {
            return Err(self.not_here(
                name.span,
                "only business days and trading days are counted on a calendar",
                "write `5 business days on us-banks`; calendar days and months count every day",
            ));
        }
        let calendar = super::lookup::lookup_calendar(self, &self.defined_calendars, name)?;
        let mut known = self.day_calendars.borrow_mut();
        if let Some(index) = known.iter().position(|c| c.name() == calendar.name()) {
            return Ok(index);
        }
        known.push(calendar);
        Ok(known.len() - 1)
    }

    pub fn not_here(&self, span: crate::source::Span, what: &str, help: &str) -> CheckError {
        CheckError::NotHere {
            what: what.to_string(),
            help: help.to_string(),
            src: self.src(),
            span: span.into(),
        }
    }
}

fn whole_days(count: crate::number::Number) -> Option<i64> {
    // `None` for a fraction of a day as for a count beyond i64.
    count.to_i64()
}
