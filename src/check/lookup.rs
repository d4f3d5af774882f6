//! Looking up what a clause file declares, for every part of the checker:
//! its sections, the types its names stand for, calendars by name, and the
//! diagnostic for a name declared twice.

use crate::calendar::Calendar;
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
        TypeNameKind::Number | TypeNameKind::Ratio | TypeNameKind::Percent => {
            Type::Quantity(Unit::NUMBER)
        }
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
                        "types are `shares`, `USD`, `USD per share`, `number`, `ratio`, `percent`, `date`, `instant`, `yes/no`, `duration`, a `kind` or a `record`",
                    ),
                    src: checker.src(),
                    span: name.span.into(),
                })
            }
        },
    })
}

impl Checker<'_> {
    /// A refusal's reason or a duty's words with each `{Defined Term}` replaced
    /// by the term's value, so that a redrafted term cannot leave stale words
    /// in reports. `{{` and `}}` stand for braces.
    pub fn quote_terms(&self, text: &ast::Text) -> Result<String, CheckError> {
        if !text.value.contains('{') && !text.value.contains('}') {
            return Ok(text.value.clone());
        }
        let raw = self.source.slice(text.span);
        let mut out = String::new();
        let mut rest = text.value.as_str();
        while let Some(open) = rest.find(['{', '}']) {
            let (before, after) = rest.split_at(open);
            out.push_str(before);
            if let Some(tail) = after.strip_prefix("{{") {
                out.push('{');
                rest = tail;
                continue;
            }
            if let Some(tail) = after.strip_prefix("}}") {
                out.push('}');
                rest = tail;
                continue;
            }
            let Some(close) = after.find('}').filter(|_| after.starts_with('{')) else {
                return Err(self.not_here(
                    text.span,
                    "a brace in quoted words opens a defined term: `{Minimum Exercise}`",
                    "write `{{` or `}}` for a brace itself",
                ));
            };
            let name = after.get(1..close).unwrap_or("").trim();
            // The placeholder's place in the file, for the diagnostic.
            let offset = raw.find(&format!("{{{name}}}")).unwrap_or(0);
            let span = crate::source::Span::new(
                text.span.start + offset,
                text.span.start + offset + name.len() + 2,
            );
            match self.scope.get(name) {
                Some(crate::scope::Binding::Define(
                    crate::value::Value::Quantity(amount, _),
                    _,
                )) if self.percent_terms.contains(name) => {
                    out.push_str(&crate::value::display_percent(&amount))
                }
                Some(crate::scope::Binding::Define(value, _)) => {
                    out.push_str(&self.words_for(value))
                }
                _ => {
                    return Err(CheckError::UnknownName {
                        what: "defined term",
                        name: name.to_string(),
                        help: "quoted words can show defined terms only: `{Minimum Exercise}`"
                            .to_string(),
                        src: self.src(),
                        span: span.into(),
                    })
                }
            }
            rest = after.get(close + 1..).unwrap_or("");
        }
        out.push_str(rest);
        Ok(out)
    }

    /// A constant as the report writes it.
    fn words_for(&self, value: crate::value::Value) -> String {
        use crate::value::Value;
        match value {
            Value::Quantity(amount, unit) => crate::value::display_quantity(&amount, unit),
            Value::Date(date) => date.to_string(),
            Value::Instant(at) => at.display(),
            Value::Duration(days) => days.display(&self.day_calendars.borrow()),
            Value::Flag(true) => "yes".to_string(),
            Value::Flag(false) => "no".to_string(),
            Value::Variant(kind, index) => self
                .kinds
                .get(kind)
                .and_then(|k| k.variants.get(index))
                .cloned()
                .unwrap_or_default(),
            Value::Instance(_, index) => format!("{}", u64::from(index) + 1),
            Value::Unset => "(not set)".to_string(),
        }
    }
}

/// A calendar by name: one the file defines (`calendar NAME = …`), else a
/// built-in one; unknown names get the nearest suggested.
pub fn lookup_calendar(
    checker: &Checker<'_>,
    defined: &std::collections::HashMap<String, Calendar>,
    name: &ast::Name,
) -> Result<Calendar, CheckError> {
    if let Some(calendar) = defined.get(&name.text) {
        return Ok(calendar.clone());
    }
    Calendar::builtin(&name.text).ok_or_else(|| CheckError::UnknownName {
        what: "calendar",
        name: name.text.clone(),
        help: suggest(
            &name.text,
            Calendar::BUILTIN_NAMES
                .iter()
                .copied()
                .chain(defined.keys().map(String::as_str)),
            "the built-in calendars are `nyse`, `us-federal`, `us-banks` and `weekends-only`",
        ),
        src: checker.src(),
        span: name.span.into(),
    })
}
