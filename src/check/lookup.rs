//! Looking up what a clause file declares, for every part of the checker:
//! its sections, the types its names stand for, and the diagnostic for a
//! name declared twice.

use crate::errors::CheckError;
use crate::scope::suggest;
use crate::syntax::ast::{self, ClauseFile, Declaration, TypeNameKind};
use crate::types::{Type, Unit};

use super::Checker;

pub fn duplicate(
    checker: &Checker<'_>,
    name: &ast::Name,
    first: crate::source::Span,
) -> CheckError {
    CheckError::Duplicate {
        name: name.text.clone(),
        src: checker.src(),
        first: first.into(),
        second: name.span.into(),
    }
}

pub fn sections_of(file: &ClauseFile) -> impl Iterator<Item = &ast::Section> {
    file.declarations
        .iter()
        .filter_map(|declaration| match declaration {
            Declaration::Section(section) => Some(section),
            _ => None,
        })
}

pub fn resolve_type(checker: &Checker<'_>, ty: &ast::TypeName) -> Result<Type, CheckError> {
    Ok(match &ty.kind {
        TypeNameKind::Price(code) => Type::Quantity(Unit::price(checker.currency(code, ty.span)?)),
        TypeNameKind::Money(code) => Type::Quantity(Unit::money(checker.currency(code, ty.span)?)),
        TypeNameKind::Shares => Type::Quantity(Unit::SHARES),
        // A ratio is a number in every way but how reports show it.
        TypeNameKind::Number | TypeNameKind::Ratio => Type::Quantity(Unit::NUMBER),
        TypeNameKind::Date => Type::Date,
        TypeNameKind::Instant => Type::Instant,
        TypeNameKind::Flag => Type::Flag,
        TypeNameKind::Duration => Type::Duration,
        TypeNameKind::Named(name) => match checker.kind_index.get(&name.text) {
            Some(id) => Type::Kind(*id),
            None if checker.record_index.contains_key(&name.text) => {
                Type::Instance(checker.record_index.get(&name.text).copied().unwrap_or(0))
            }
            None => {
                return Err(CheckError::UnknownName {
                    what: "type",
                    name: name.text.clone(),
                    help: suggest(
                        &name.text,
                        checker
                            .kind_names
                            .iter()
                            .chain(checker.record_index.keys())
                            .map(String::as_str),
                        "types are `shares`, `USD`, `USD per share`, `number`, `ratio`, `date`, `instant`, `yes/no`, `duration`, a `kind` or a `record`",
                    ),
                    src: checker.src(),
                    span: name.span.into(),
                })
            }
        },
    })
}
