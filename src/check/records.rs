//! Records: the kinds of things a contract keeps several of at once (an
//! exercise in flight, a certificate). Their declarations, their fields'
//! first values, and how expressions name an instance (`exercise 2`) and
//! read its fields (`x.shares`, `x.tender is met`).

use crate::errors::CheckError;
use crate::program::{Expr, ExprKind, RecordDef, RecordFieldDef, RecordId};
use crate::syntax::ast::{self, ClauseFile, Declaration, ObligationStatus};
use crate::types::Type;
use crate::value::Value;

use super::expr::Context;
use super::lookup::{duplicate, resolve_type};
use super::Checker;
use crate::scope::suggest;

/// Declares every record with its field types; first values come later,
/// once defined terms are known ([`record_first_values`]).
pub fn declare_records(checker: &mut Checker<'_>, file: &ClauseFile) {
    for declaration in &file.declarations {
        let Declaration::Record(record) = declaration else {
            continue;
        };
        if let Some(first) = checker.record_spans.get(&record.name.text).copied() {
            let error = duplicate(checker, &record.name, first);
            checker.report(error);
            continue;
        }
        let id = checker.records.len();
        checker
            .record_spans
            .insert(record.name.text.clone(), record.name.span);
        checker.record_index.insert(record.name.text.clone(), id);
        // Types may name other records, so every name is known before any type.
        checker.records.push(RecordDef {
            name: record.name.text.clone(),
            fields: Vec::new(),
            starting: record.starting,
        });
    }
    for declaration in &file.declarations {
        let Declaration::Record(record) = declaration else {
            continue;
        };
        let Some(id) = checker.record_index.get(&record.name.text).copied() else {
            continue;
        };
        let mut fields: Vec<RecordFieldDef> = Vec::new();
        for field in &record.fields {
            if fields.iter().any(|f| f.name == field.name.text) {
                let error = checker.not_here(
                    field.name.span,
                    &format!("the field `{}` is declared twice", field.name.text),
                    "rename one of them",
                );
                checker.report(error);
                continue;
            }
            match resolve_type(checker, &field.ty) {
                Ok(ty) => fields.push(RecordFieldDef {
                    name: field.name.text.clone(),
                    ty,
                    initial: Value::Unset,
                }),
                Err(error) => checker.report(error),
            }
        }
        if let Some(def) = checker.records.get_mut(id) {
            def.fields = fields;
        }
    }
}

/// Computes each field's first value, a constant of exactly its type.
pub fn record_first_values(checker: &mut Checker<'_>, file: &ClauseFile) {
    let constant = Context {
        constant: true,
        ..Context::default()
    };
    for declaration in &file.declarations {
        let Declaration::Record(record) = declaration else {
            continue;
        };
        let Some(id) = checker.record_index.get(&record.name.text).copied() else {
            continue;
        };
        for field in &record.fields {
            let Some(initial) = &field.initial else {
                continue;
            };
            let Some((index, ty)) = checker.records.get(id).and_then(|def| {
                let index = def.fields.iter().position(|f| f.name == field.name.text)?;
                Some((index, def.fields.get(index)?.ty))
            }) else {
                continue;
            };
            let result = checker
                .expect_type(initial, ty, &constant)
                .and_then(|expr| checker.constant(&expr));
            match result {
                Ok(value) => {
                    if let Some(slot) = checker
                        .records
                        .get_mut(id)
                        .and_then(|def| def.fields.get_mut(index))
                    {
                        slot.initial = value;
                    }
                }
                Err(error) => checker.report(error),
            }
        }
    }
}

impl Checker<'_> {
    pub fn record_ref(&self, name: &ast::Name) -> Result<RecordId, CheckError> {
        self.record_index
            .get(&name.text)
            .copied()
            .ok_or_else(|| CheckError::UnknownName {
                what: "record",
                name: name.text.clone(),
                help: suggest(
                    &name.text,
                    self.record_index.keys().map(String::as_str),
                    "declare it with `record NAME { field: TYPE, … }`",
                ),
                src: self.src(),
                span: name.span.into(),
            })
    }

    pub fn record_name(&self, record: RecordId) -> &str {
        self.records
            .get(record)
            .map_or("record", |r| r.name.as_str())
    }

    /// `exercise 2`: a record's name followed by the instance's number.
    pub fn instance_literal(&self, name: &ast::Name) -> Option<Result<Expr, CheckError>> {
        let (record, number) = name.text.rsplit_once(' ')?;
        let record = self.record_index.get(record).copied()?;
        let number: u32 = number.parse().ok()?;
        Some(match number.checked_sub(1) {
            Some(index) => Ok(Expr {
                kind: ExprKind::Const(Value::Instance(record, index)),
                ty: Type::Instance(record),
                span: name.span,
            }),
            None => Err(self.not_here(
                name.span,
                "instances are numbered from 1",
                &format!("the first is `{} 1`", self.record_name(record)),
            )),
        })
    }

    /// `x.shares` on an instance.
    pub fn instance_field(
        &self,
        base: Expr,
        record: RecordId,
        field: &ast::Name,
        span: crate::source::Span,
    ) -> Result<Expr, CheckError> {
        let fields = self.records.get(record).map(|r| r.fields.as_slice());
        let fields = fields.unwrap_or(&[]);
        if let Some(index) = fields.iter().position(|f| f.name == field.text) {
            let ty = fields.get(index).map_or(Type::Flag, |f| f.ty);
            return Ok(Expr {
                kind: ExprKind::InstanceField(Box::new(base), index),
                ty,
                span,
            });
        }
        Err(CheckError::UnknownField {
            event: self.record_name(record).to_string(),
            field: field.text.clone(),
            help: suggest(
                &field.text,
                fields.iter().map(|f| f.name.as_str()),
                "see the record's declaration for its fields; its obligations are asked with `is met` or `.deadline`",
            ),
            src: self.src(),
            span: field.span.into(),
        })
    }

    /// The obligation `name` that instances of `record` own.
    pub fn owned_obligation(&self, record: RecordId, name: &str) -> Option<usize> {
        self.obligation_owners
            .iter()
            .position(|(owner, obligation)| *owner == Some(record) && obligation == name)
    }

    /// `x.tender is met` / `x.tender.deadline`: the base is an instance's
    /// obligation when it is `INSTANCE.NAME` and the record owns `NAME`.
    pub fn instance_obligation(
        &self,
        base: &ast::Expr,
        cx: &Context,
    ) -> Result<Option<(Expr, usize)>, CheckError> {
        let ast::ExprKind::Field(owner, name) = &base.kind else {
            return Ok(None);
        };
        // Only a name some record's obligations bear can be one. Asking
        // first keeps a chain `a.b.c.…` linear: lowering the owner here and
        // again on the caller's path would double the work at every `.`.
        let owned_somewhere = self
            .obligation_owners
            .iter()
            .any(|(owner, obligation)| owner.is_some() && *obligation == name.text);
        if !owned_somewhere {
            return Ok(None);
        }
        // Anything else (an event's field, say) is lowered, and its errors
        // reported, by the caller's ordinary path.
        let Ok(owner) = self.lower(owner, cx) else {
            return Ok(None);
        };
        let Type::Instance(record) = owner.ty else {
            return Ok(None);
        };
        Ok(self
            .owned_obligation(record, &name.text)
            .map(|obligation| (owner, obligation)))
    }

    pub fn instance_status(
        &self,
        owner: Expr,
        obligation: usize,
        status: ObligationStatus,
        span: crate::source::Span,
    ) -> Expr {
        Expr {
            kind: ExprKind::InstanceObligation(Box::new(owner), obligation, status),
            ty: Type::Flag,
            span,
        }
    }

    /// `count(exercise as x when …)` and `sum(exercise as x when …, x.shares)`.
    pub fn lower_aggregate(
        &self,
        aggregate: &ast::Aggregate,
        span: crate::source::Span,
        cx: &Context,
    ) -> Result<Expr, CheckError> {
        let record = self.record_ref(&aggregate.record)?;
        let mut inner = cx.clone();
        let slot = inner.locals.len();
        inner
            .locals
            .push((aggregate.binder.text.clone(), Type::Instance(record)));
        let guard = aggregate
            .guard
            .as_ref()
            .map(|g| self.expect_type(g, Type::Flag, &inner))
            .transpose()?;
        let value = aggregate
            .value
            .as_ref()
            .map(|v| self.lower(v, &inner))
            .transpose()?;
        let ty = match (&value, aggregate.sum) {
            (Some(value), true) if matches!(value.ty, Type::Quantity(_)) => value.ty,
            (Some(value), true) => {
                return Err(self.mismatch("a quantity to add up", value, String::new()))
            }
            (None, true) => {
                return Err(self.not_here(
                    span,
                    "`sum` needs the value to add up",
                    &format!(
                        "write `sum({} as {} when …, {}.FIELD)`",
                        aggregate.record.text, aggregate.binder.text, aggregate.binder.text
                    ),
                ))
            }
            (Some(value), false) => {
                return Err(self.not_here(
                    value.span,
                    "`count` counts instances and takes no value",
                    "drop the value, or use `sum(…)` to add it up",
                ))
            }
            (None, false) => Type::Quantity(crate::types::Unit::NUMBER),
        };
        cx.reserve(inner.locals.len());
        Ok(Expr {
            kind: ExprKind::Aggregate(Box::new(crate::program::AggregateExpr {
                sum: aggregate.sum,
                record,
                slot,
                guard,
                value,
            })),
            ty,
            span,
        })
    }
}
