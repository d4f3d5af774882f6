//! Reading record instances in expressions: an instance's fields and
//! obligations (`exercise 2.tender is met`), `count(…)` and `sum(…)`, and the
//! instances a reaction's `, for each` filter selects.

use crate::errors::{Fault, FaultKind};
use crate::number::Number;
use crate::program::{AggregateExpr, Expr, ObligationId, RecordId};
use crate::syntax::ast::ObligationStatus;
use crate::trace::Trace;
use crate::types::{Type, Unit};
use crate::value::Value;

use super::expr::{evaluate, number_fault, Env};
use super::obligations::Owner;

/// Per record, its instances in the order they opened, each a row of field values.
pub type Records = Vec<Vec<Vec<Value>>>;

/// The instance an expression names, or a fault if it names none that exists.
pub fn owner_of(expr: &Expr, env: &Env<'_>, log: &mut Trace) -> Result<Owner, Fault> {
    match evaluate(expr, env, log)? {
        Value::Instance(record, index) => {
            let exists = env
                .records
                .get(record)
                .is_some_and(|rows| rows.get(index as usize).is_some());
            if exists {
                Ok((record, index))
            } else {
                Err(no_instance(env, record, index, expr))
            }
        }
        _ => Err(Fault {
            kind: FaultKind::Unset("instance".to_string()),
            span: expr.span,
        }),
    }
}

fn no_instance(env: &Env<'_>, record: RecordId, index: u32, expr: &Expr) -> Fault {
    let label = env.program.map_or_else(
        || format!("instance {}", u64::from(index) + 1),
        |p| p.instance_label(record, index),
    );
    Fault {
        kind: FaultKind::NoInstance(label),
        span: expr.span,
    }
}

pub fn field(
    base: &Expr,
    field: usize,
    whole: &Expr,
    env: &Env<'_>,
    log: &mut Trace,
) -> Result<Value, Fault> {
    let (record, index) = owner_of(base, env, log)?;
    let value = env
        .records
        .get(record)
        .and_then(|rows| rows.get(index as usize))
        .and_then(|row| row.get(field))
        .cloned()
        .unwrap_or(Value::Unset);
    if value == Value::Unset {
        let name = env
            .program
            .and_then(|p| {
                let field = p.records.get(record)?.fields.get(field)?;
                Some(format!(
                    "{}.{}",
                    p.instance_label(record, index),
                    field.name
                ))
            })
            .unwrap_or_else(|| "field".to_string());
        return Err(Fault {
            kind: FaultKind::Unset(name),
            span: whole.span,
        });
    }
    Ok(value)
}

pub fn obligation_status(
    base: &Expr,
    obligation: ObligationId,
    status: ObligationStatus,
    env: &Env<'_>,
    log: &mut Trace,
) -> Result<Value, Fault> {
    let owner = owner_of(base, env, log)?;
    let current = env
        .obligations
        .and_then(|book| book.latest_owned(obligation, owner))
        .map(|instance| instance.status);
    Ok(Value::Flag(status_holds(current, status)))
}

/// Whether an obligation whose latest instance has `current` status is `wanted`.
pub fn status_holds(current: Option<ObligationStatus>, wanted: ObligationStatus) -> bool {
    use ObligationStatus::*;
    match (wanted, current) {
        (Breached, Some(Late)) => true,
        (Performed, Some(Met | Late)) => true,
        (wanted, current) => current == Some(wanted),
    }
}

pub fn deadline(
    base: &Expr,
    obligation: ObligationId,
    whole: &Expr,
    env: &Env<'_>,
    log: &mut Trace,
) -> Result<Value, Fault> {
    let owner = owner_of(base, env, log)?;
    env.obligations
        .and_then(|book| book.latest_owned(obligation, owner))
        .map(|instance| Value::Date(instance.deadline))
        .ok_or_else(|| {
            let name = env.program.map_or_else(String::new, |p| {
                let obligation = p
                    .obligations
                    .get(obligation)
                    .map_or("", |o| o.name.as_str());
                format!("{}.{obligation}", p.instance_label(owner.0, owner.1))
            });
            Fault {
                kind: FaultKind::NoObligation(name),
                span: whole.span,
            }
        })
}

/// `count(…)` or `sum(…)`: the binder's slot holds each instance in turn.
pub fn aggregate(
    aggregate: &AggregateExpr,
    whole: &Expr,
    env: &Env<'_>,
    log: &mut Trace,
) -> Result<Value, Fault> {
    let count = env.records.get(aggregate.record).map_or(0, Vec::len);
    let mut locals = env.locals.to_vec();
    if locals.len() <= aggregate.slot {
        locals.resize(aggregate.slot + 1, Value::Unset);
    }
    let unit = match whole.ty {
        Type::Quantity(unit) => unit,
        _ => Unit::NUMBER,
    };
    let mut total = Number::ZERO;
    for index in 0..count {
        let instance = Value::Instance(aggregate.record, u32::try_from(index).unwrap_or(u32::MAX));
        if let Some(slot) = locals.get_mut(aggregate.slot) {
            *slot = instance.clone();
        }
        let scoped = env.with_locals(&locals);
        if let Some(guard) = &aggregate.guard {
            if evaluate(guard, &scoped, log)? != Value::Flag(true) {
                continue;
            }
        }
        let addend = match &aggregate.value {
            Some(value) => match evaluate(value, &scoped, log)? {
                Value::Quantity(n, _) => n,
                _ => Number::ZERO,
            },
            None => Number::ONE,
        };
        total = total
            .checked_add(&addend)
            .map_err(|e| number_fault(e, whole.span))?;
    }
    Ok(Value::Quantity(total, unit))
}

/// The instances of `record` a reaction's filter selects, in opening order.
/// `first` and `last` stop at the instance they select: the guard is not
/// evaluated on the instances after (before) it.
pub fn matching(
    filter: &crate::program::InstanceFilter,
    env: &Env<'_>,
) -> Result<Vec<Value>, Fault> {
    use crate::syntax::ast::Quantifier;
    let count = env.records.get(filter.record).map_or(0, Vec::len);
    let mut locals = env.locals.to_vec();
    if locals.len() <= filter.slot {
        locals.resize(filter.slot + 1, Value::Unset);
    }
    let mut found = Vec::new();
    let mut scratch = Trace::default();
    let order: Box<dyn Iterator<Item = usize>> = match filter.quantifier {
        Quantifier::Last => Box::new((0..count).rev()),
        Quantifier::Each | Quantifier::First => Box::new(0..count),
    };
    for index in order {
        let instance = Value::Instance(filter.record, u32::try_from(index).unwrap_or(u32::MAX));
        if let Some(slot) = locals.get_mut(filter.slot) {
            *slot = instance.clone();
        }
        let holds = match &filter.guard {
            Some(guard) => {
                evaluate(guard, &env.with_locals(&locals), &mut scratch)? == Value::Flag(true)
            }
            None => true,
        };
        if holds {
            found.push(instance);
            if filter.quantifier != Quantifier::Each {
                break;
            }
        }
    }
    Ok(found)
}
