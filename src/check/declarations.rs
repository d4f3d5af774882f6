//! The declarations of a clause file, in the order they can be resolved:
//! header and parties, kinds, notice methods, events, calendars, clauses and
//! readings, defined terms and state, obligations, and last the reactions.

use std::collections::HashMap;

use crate::calendar::{Calendar, Closure};
use crate::errors::CheckError;
use crate::program::{EventType, FieldDef, KindDef, Party, Program, StateVar};
use crate::source::Source;
use crate::syntax::ast::{self, ClauseFile, Declaration, SectionItem, TypeNameKind};
use crate::types::Type;
use crate::value::Value;

use super::expr::Context;
use super::lookup::{duplicate, resolve_type, sections_of};
use super::sections::{self, SectionTables};
use super::Checker;
use crate::scope::{suggest, Binding};

/// The name of the kind that `notice by …` rules declare.
pub const NOTICE_KIND: &str = "notice method";

pub fn check(source: &Source, file: &ClauseFile) -> Result<Program, Vec<CheckError>> {
    let header = &file.header;
    let Some((zone, _)) = header.local_time else {
        return Err(vec![missing(
            source,
            header,
            "its local time",
            "local time: America/New_York",
        )]);
    };
    let mut checker = Checker::new(source, zone);

    let parties = declare_parties(&mut checker, header);
    declare_kinds(&mut checker, file);
    super::records::declare_records(&mut checker, file);
    let notice_kind = declare_notice_methods(&mut checker, file);
    declare_events(&mut checker, file, notice_kind, &parties);
    let calendars = declare_calendars(&mut checker, file);
    let tables = sections::declare_clauses_and_readings(&mut checker, file);
    let calendar = choose_calendar(&mut checker, header, &calendars);
    let trading = header.trading.as_ref().and_then(|choice| {
        match lookup_calendar(&checker, &calendars, &choice.calendar) {
            Ok(calendar) => Some(calendar),
            Err(error) => {
                checker.report(error);
                None
            }
        }
    });
    checker.trading = trading.clone();
    let markets = super::market::declare_markets(&mut checker, file);
    checker.calendar = calendar.clone();
    checker.short_months = header.short_months.as_ref().map(|(rule, _)| *rule);
    super::formulas::declare_formula_names(&mut checker, file);
    let state = declare_defines_and_state(&mut checker, file);
    super::records::record_first_values(&mut checker, file);
    let term_start = term_start(&mut checker, header, &tables);
    checker.term_start = term_start.map(|start| start.date);
    let obligations = sections::declare_obligations(&mut checker, file, &tables);
    let formulas = super::formulas::check_formulas(&mut checker, file);
    let body = sections::check_bodies(&mut checker, file, &tables, notice_kind);
    let invariants = super::invariants::check_invariants(&mut checker, file);

    let short_months_reading = header
        .short_months
        .as_ref()
        .and_then(|(_, id)| id.as_ref())
        .and_then(|id| sections::reading_ref(&mut checker, &tables, id));
    let trading_reading = header
        .trading
        .as_ref()
        .and_then(|choice| choice.reading.as_ref())
        .and_then(|id| sections::reading_ref(&mut checker, &tables, id));
    let calendar_reading = header
        .calendar
        .as_ref()
        .and_then(|choice| choice.reading.as_ref())
        .and_then(|id| sections::reading_ref(&mut checker, &tables, id));

    if !checker.errors.is_empty() {
        return Err(capped(checker.errors));
    }
    let Some(calendar) = calendar else {
        return Err(vec![missing(
            source,
            header,
            "which business days count",
            "business days: nyse",
        )]);
    };
    let SectionTables {
        clauses,
        clause_index,
        readings,
        ..
    } = tables;
    Ok(Program {
        source: source.clone(),
        title: header.title.value.clone(),
        parties,
        dated: header.dated.map(|(date, _)| date),
        term_start,
        governing_law: header.governing_law.as_ref().map(|law| law.value.clone()),
        zone,
        trading_calendar: trading.unwrap_or_else(|| calendar.clone()),
        calendar,
        calendar_reading,
        trading_reading,
        markets,
        short_months: header.short_months.as_ref().map(|(rule, _)| *rule),
        short_months_reading,
        clauses,
        clause_index,
        readings,
        kinds: checker.kinds,
        state,
        records: checker.records,
        events: checker.events,
        event_index: checker.event_index,
        reactions: body.reactions,
        change_reactions: body.change_reactions,
        timed_reactions: body.timed_reactions,
        formulas,
        obligations,
        notice_rules: body.notice_rules,
        notice_kind,
        scope: checker.scope,
        lints: checker.lints,
        acknowledgements: Vec::new(),
        constant_roundings: checker.constant_roundings,
        invariants,
    })
}

/// The term starts on the stated `term starts:` date, which may not come
/// before the instrument's own; else on the date of the instrument.
fn term_start(
    checker: &mut Checker<'_>,
    header: &ast::Header,
    tables: &SectionTables,
) -> Option<crate::program::TermStart> {
    let dated = header.dated.map(|(date, _)| date);
    let Some((date, span, reading)) = &header.term_start else {
        return dated.map(|date| crate::program::TermStart {
            date,
            stated: false,
            reading: None,
        });
    };
    if let Some(dated) = dated.filter(|dated| dated > date) {
        let error = checker.not_here(
            *span,
            &format!("the term cannot start before the instrument's date, {dated}"),
            "state a date on or after `dated`, or remove `term starts:`",
        );
        checker.report(error);
    }
    let reading = reading
        .as_ref()
        .and_then(|id| sections::reading_ref(checker, tables, id));
    Some(crate::program::TermStart {
        date: *date,
        stated: true,
        reading,
    })
}

/// At most this many diagnostics are reported for one file: a file with a
/// hundred thousand mistakes needs its first few fixed, not all listed.
pub const MAX_DIAGNOSTICS: usize = 20;

pub fn capped(mut errors: Vec<CheckError>) -> Vec<CheckError> {
    if errors.len() > MAX_DIAGNOSTICS {
        let count = errors.len() - MAX_DIAGNOSTICS;
        errors.truncate(MAX_DIAGNOSTICS);
        errors.push(CheckError::More { count });
    }
    errors
}

fn missing(
    source: &Source,
    header: &ast::Header,
    what: &'static str,
    example: &'static str,
) -> CheckError {
    CheckError::MissingHeader {
        what,
        example,
        src: source.named(),
        span: header.title.span.into(),
    }
}

fn declare_parties(checker: &mut Checker<'_>, header: &ast::Header) -> Vec<Party> {
    let mut parties = Vec::new();
    for party in &header.parties {
        let id = parties.len();
        if let Err(first) =
            checker
                .scope
                .declare(&party.name.text, Binding::Party(id), party.name.span)
        {
            checker.report(duplicate(checker, &party.name, first));
            continue;
        }
        parties.push(Party {
            name: party.name.text.clone(),
            role: party.role,
            legal_name: party.legal_name.value.clone(),
        });
    }
    parties
}

fn add_kind(checker: &mut Checker<'_>, name: &str, variants: &[ast::Name]) -> usize {
    let id = checker.kinds.len();
    let mut kept = Vec::new();
    for variant in variants {
        match checker.scope.declare(
            &variant.text,
            Binding::Variant(id, kept.len()),
            variant.span,
        ) {
            Ok(()) => kept.push(variant.text.clone()),
            Err(first) => {
                let error = duplicate(checker, variant, first);
                checker.report(error);
            }
        }
    }
    checker.kinds.push(KindDef {
        name: name.to_string(),
        variants: kept,
    });
    checker.kind_names.push(name.to_string());
    checker.kind_index.insert(name.to_string(), id);
    id
}

fn declare_kinds(checker: &mut Checker<'_>, file: &ClauseFile) {
    for declaration in &file.declarations {
        if let Declaration::Kind(kind) = declaration {
            if checker.kind_index.contains_key(&kind.name.text) {
                let error = checker.not_here(
                    kind.name.span,
                    &format!("the kind `{}` is declared twice", kind.name.text),
                    "merge the two lists of values",
                );
                checker.report(error);
                continue;
            }
            add_kind(checker, &kind.name.text, &kind.variants);
        }
    }
}

/// Every method named by a `notice by …` rule becomes a value of the kind
/// `notice method`, which notice events carry in their `by` field.
fn declare_notice_methods(checker: &mut Checker<'_>, file: &ClauseFile) -> Option<usize> {
    let methods: Vec<ast::Name> = sections_of(file)
        .flat_map(|section| section.items.iter())
        .filter_map(|item| match item {
            SectionItem::Notice(rule) => Some(rule.methods.iter().cloned()),
            _ => None,
        })
        .flatten()
        .collect();
    if methods.is_empty() {
        return None;
    }
    Some(add_kind(checker, NOTICE_KIND, &methods))
}

fn declare_events(
    checker: &mut Checker<'_>,
    file: &ClauseFile,
    notice_kind: Option<usize>,
    parties: &[Party],
) {
    for declaration in &file.declarations {
        let Declaration::Event(event) = declaration else {
            continue;
        };
        if event.name.text == "time passes" {
            let error = checker.not_here(
                event.name.span,
                "`time passes` is how a scenario lets time pass, so no event can have that name",
                "name the event for what happens, e.g. `Deadline Reached`",
            );
            checker.report(error);
            continue;
        }
        if checker.event_index.contains_key(&event.name.text) {
            let error = checker.not_here(
                event.name.span,
                &format!("the event `{}` is declared twice", event.name.text),
                "rename one of them",
            );
            checker.report(error);
            continue;
        }
        let mut fields = Vec::new();
        if event.is_notice {
            match notice_kind {
                Some(kind) => fields.push(FieldDef {
                    name: "by".to_string(),
                    ty: Type::Kind(kind),
                    ratio: false,
                }),
                None => {
                    let error = checker.not_here(
                        event.name.span,
                        "a notice event needs `notice by …` rules saying when notices are deemed given",
                        "add a section with `notice by delivery is deemed given when sent`",
                    );
                    checker.report(error);
                }
            }
        }
        for field in &event.fields {
            if fields.iter().any(|f: &FieldDef| f.name == field.name.text) {
                let error = checker.not_here(
                    field.name.span,
                    &format!("the field `{}` is declared twice", field.name.text),
                    "notice events already have a `by` field",
                );
                checker.report(error);
                continue;
            }
            match resolve_type(checker, &field.ty) {
                Ok(ty) => fields.push(FieldDef {
                    name: field.name.text.clone(),
                    ty,
                    ratio: matches!(field.ty.kind, TypeNameKind::Ratio),
                }),
                Err(error) => checker.report(error),
            }
        }
        let sender = event.sender.as_ref().and_then(|name| {
            let found = parties.iter().position(|party| party.name == name.text);
            if found.is_none() {
                let error = CheckError::UnknownName {
                    what: "party",
                    name: name.text.clone(),
                    help: suggest(
                        &name.text,
                        parties.iter().map(|p| p.name.as_str()),
                        "declare parties in the header",
                    ),
                    src: checker.src(),
                    span: name.span.into(),
                };
                checker.report(error);
            }
            found
        });
        let id = checker.events.len();
        checker.event_index.insert(event.name.text.clone(), id);
        checker.events.push(EventType {
            name: event.name.text.clone(),
            sender,
            is_notice: event.is_notice,
            fields,
            reactions: Vec::new(),
        });
    }
}

fn declare_calendars(checker: &mut Checker<'_>, file: &ClauseFile) -> HashMap<String, Calendar> {
    let mut calendars = HashMap::new();
    for declaration in &file.declarations {
        let Declaration::Calendar(definition) = declaration else {
            continue;
        };
        let mut parts = Vec::new();
        for part in &definition.parts {
            match lookup_calendar(checker, &calendars, part) {
                Ok(calendar) => parts.push(calendar),
                Err(error) => checker.report(error),
            }
        }
        if parts.is_empty() {
            continue;
        }
        // Even one part is wrapped, so reports name the calendar as defined.
        let base = Calendar::AllOpen {
            name: definition.name.text.clone(),
            parts,
        };
        let calendar = if definition.closures.is_empty() {
            base
        } else {
            Calendar::WithClosures {
                name: definition.name.text.clone(),
                base: Box::new(base),
                extra: definition
                    .closures
                    .iter()
                    .map(|(date, label)| Closure {
                        date: *date,
                        name: label.value.clone(),
                    })
                    .collect(),
            }
        };
        calendars.insert(definition.name.text.clone(), calendar);
    }
    calendars
}

fn lookup_calendar(
    checker: &Checker<'_>,
    defined: &HashMap<String, Calendar>,
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

fn choose_calendar(
    checker: &mut Checker<'_>,
    header: &ast::Header,
    calendars: &HashMap<String, Calendar>,
) -> Option<Calendar> {
    let choice = header.calendar.as_ref()?;
    match lookup_calendar(checker, calendars, &choice.calendar) {
        Ok(calendar) => Some(calendar),
        Err(error) => {
            checker.report(error);
            None
        }
    }
}

/// Defined terms are constants, computed now; state gets its first value.
fn declare_defines_and_state(checker: &mut Checker<'_>, file: &ClauseFile) -> Vec<StateVar> {
    for declaration in &file.declarations {
        if let Declaration::Define(define) = declaration {
            // A clash is reported when the define itself is reached.
            let _ =
                checker
                    .scope
                    .declare(&define.name.text, Binding::LaterDefine, define.name.span);
        }
    }
    let mut state = Vec::new();
    for declaration in &file.declarations {
        let Declaration::State(decl) = declaration else {
            continue;
        };
        match resolve_type(checker, &decl.ty) {
            Ok(ty) => {
                let id = state.len();
                match checker
                    .scope
                    .declare(&decl.name.text, Binding::State(id, ty), decl.name.span)
                {
                    Ok(()) => state.push(StateVar {
                        name: decl.name.text.clone(),
                        ty,
                        ratio: matches!(decl.ty.kind, TypeNameKind::Ratio),
                        initial: Value::Unset,
                    }),
                    Err(first) => {
                        let error = duplicate(checker, &decl.name, first);
                        checker.report(error);
                    }
                }
            }
            Err(error) => checker.report(error),
        }
    }
    let constant = Context {
        constant: true,
        ..Context::default()
    };
    for declaration in &file.declarations {
        match declaration {
            Declaration::Define(define) => {
                let result = checker
                    .lower(&define.value, &constant)
                    .and_then(|expr| Ok((checker.constant_traced(&expr)?, expr.ty)));
                match result {
                    Ok(((value, trace), ty)) => {
                        for rounded in trace.roundings {
                            checker
                                .constant_roundings
                                .push((define.name.text.clone(), rounded));
                        }
                        if let Err(first) = checker.scope.declare(
                            &define.name.text,
                            Binding::Define(value, ty),
                            define.name.span,
                        ) {
                            let error = duplicate(checker, &define.name, first);
                            checker.report(error);
                        }
                    }
                    Err(error) => {
                        checker.report(error);
                        let _ = checker.scope.declare(
                            &define.name.text,
                            Binding::Failed,
                            define.name.span,
                        );
                    }
                }
            }
            Declaration::State(decl) => {
                let (Some(initial), Some(Binding::State(id, ty))) =
                    (&decl.initial, checker.scope.get(&decl.name.text))
                else {
                    continue;
                };
                let result = checker
                    .expect_type(initial, ty, &constant)
                    .and_then(|expr| checker.constant(&expr));
                match (result, state.get_mut(id)) {
                    (Ok(value), Some(var)) => var.initial = value,
                    (Err(error), _) => checker.report(error),
                    (Ok(_), None) => {}
                }
            }
            _ => {}
        }
    }
    state
}
