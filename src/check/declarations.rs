//! The declarations of a clause file, in the order they can be resolved:
//! header and parties, kinds, notice methods, events, calendars, clauses and
//! readings, defined terms and state, obligations, and last the reactions.

use std::collections::HashMap;

use crate::calendar::{Calendar, Closure};
use crate::errors::CheckError;
use crate::program::{EventType, FieldDef, KindDef, Party, Program, StateVar};
use crate::source::Source;
use crate::syntax::ast::{self, ClauseFile, Declaration, SectionItem};
use crate::types::Type;
use crate::value::Value;

use super::expr::Context;
use super::lookup::{duplicate, lookup_calendar, resolve_type, sections_of};
use super::sections::{self, SectionTables};
use super::Checker;
use crate::scope::{suggest, Binding};

/// The name of the kind that `notice by …` rules declare.
pub const NOTICE_KIND: &str = "notice method";

pub fn check(
    source: &Source,
    file: &ClauseFile,
    choice: Option<(String, usize)>,
) -> Result<Program, Vec<CheckError>> {
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
    checker.choice = choice;

    let parties = declare_parties(&mut checker, header);
    checker.party_places = parties.iter().map(|party| party.place).collect();
    declare_kinds(&mut checker, file);
    super::records::declare_records(&mut checker, file);
    let notice_kind = declare_notice_methods(&mut checker, file);
    declare_events(&mut checker, file, notice_kind, &parties);
    let calendars = declare_calendars(&mut checker, file);
    checker.defined_calendars = calendars.clone();
    let tables = sections::declare_clauses_and_readings(&mut checker, file);
    checker.reading_index = tables.reading_index.clone();
    let calendar = header
        .calendar
        .as_ref()
        .and_then(|choice| choose_calendar(&mut checker, choice, &calendars, "business days"));
    let trading = header
        .trading
        .as_ref()
        .and_then(|choice| choose_calendar(&mut checker, choice, &calendars, "trading days"));
    checker.trading = trading.clone();
    let markets = super::market::declare_markets(&mut checker, file);
    let value_tables = super::tables::declare_tables(&mut checker, file);
    checker.calendar = calendar.clone();
    checker.short_months = header.short_months.as_ref().map(|(rule, _)| *rule);
    super::formulas::declare_formula_names(&mut checker, file);
    let state = declare_defines_and_state(&mut checker, file);
    super::records::record_first_values(&mut checker, file);
    let term_start = term_start(&mut checker, header, &tables);
    checker.term_start = term_start.as_ref().map(|start| start.date);
    let obligations = sections::declare_obligations(&mut checker, file, &tables);
    let formulas = super::formulas::check_formulas(&mut checker, file);
    let mut body = sections::check_bodies(&mut checker, file, &tables, notice_kind);
    body.change_reactions = super::change_order::order_change_reactions(
        &mut checker,
        std::mem::take(&mut body.change_reactions),
        &state,
    );
    let alternatives = checker.alternatives.take();
    check_alternative_counts(&mut checker, &alternatives, &tables.readings);
    let variant = checker.choice.as_ref().and_then(|(id, index)| {
        let reading = tables.reading_index.get(id).copied()?;
        Some((reading, *index))
    });
    let invariants = super::invariants::check_invariants(&mut checker, file);

    let mut cited = |ids: Option<&[ast::Name]>| {
        sections::reading_refs(&mut checker, &tables, ids.unwrap_or_default())
    };
    let short_months_readings = cited(header.short_months.as_ref().map(|(_, ids)| ids.as_slice()));
    let trading_readings = cited(header.trading.as_ref().map(|c| c.readings.as_slice()));
    let calendar_readings = cited(header.calendar.as_ref().map(|c| c.readings.as_slice()));

    // Last: every citation, in the header, the rules and the alternatives,
    // has been resolved by now.
    sections::lint_uncited_readings(&mut checker, file);
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
        day_calendars: checker.day_calendars.take(),
        percent_terms: std::mem::take(&mut checker.percent_terms),
        calendar,
        calendar_readings,
        trading_readings,
        markets,
        short_months: header.short_months.as_ref().map(|(rule, _)| *rule),
        short_months_readings,
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
        tables: value_tables,
        obligations,
        notice_rules: body.notice_rules,
        notice_kind,
        scope: checker.scope,
        lints: checker.lints,
        acknowledgements: Vec::new(),
        constant_roundings: checker.constant_roundings,
        alternatives,
        variant,
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
    let Some((date, span, readings)) = &header.term_start else {
        return dated.map(|date| crate::program::TermStart {
            date,
            stated: false,
            readings: Vec::new(),
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
    let readings = sections::reading_refs(checker, tables, readings);
    Some(crate::program::TermStart {
        date: *date,
        stated: true,
        readings,
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
            place: party.place,
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
                    shown: crate::program::Shown::Plain,
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
                    shown: crate::program::Shown::of(&field.ty.kind),
                }),
                Err(error) => checker.report(error),
            }
        }
        let mut party_named = |name: &ast::Name| {
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
        };
        let sender = event.sender.as_ref().and_then(&mut party_named);
        // Written, or with two parties the one that does not send it.
        let recipient = match &event.recipient {
            Some(name) => party_named(name),
            None => match (sender, parties.len()) {
                (Some(from), 2) => Some(1 - from.min(1)),
                _ => None,
            },
        };
        let id = checker.events.len();
        checker.event_index.insert(event.name.text.clone(), id);
        checker.events.push(EventType {
            name: event.name.text.clone(),
            sender,
            recipient,
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

/// The header's calendar for `business days:` or `trading days:`; with
/// `either`, every alternative must name a calendar, so that any of them
/// can be run, and the one this check takes is returned.
fn choose_calendar(
    checker: &mut Checker<'_>,
    choice: &ast::CalendarChoice,
    calendars: &HashMap<String, Calendar>,
    what: &str,
) -> Option<Calendar> {
    let mut found = Vec::new();
    for name in std::iter::once(&choice.calendar).chain(choice.alternatives.iter().skip(1)) {
        match lookup_calendar(checker, calendars, name) {
            Ok(calendar) => found.push(Some(calendar)),
            Err(error) => {
                checker.report(error);
                found.push(None);
            }
        }
    }
    let index = match (choice.readings.first(), choice.alternatives.last()) {
        (Some(reading), Some(last)) if choice.alternatives.len() > 1 => {
            let options = choice
                .alternatives
                .iter()
                .map(|name| name.text.clone())
                .collect();
            let span = choice.calendar.span.to(last.span);
            match checker.pick(reading, what, options, span) {
                Ok(index) => index,
                Err(error) => {
                    checker.report(error);
                    0
                }
            }
        }
        _ => 0,
    };
    found.into_iter().nth(index).flatten()
}

/// Alternative N of a reading must mean something wherever the reading
/// names alternatives, so every place must name as many.
fn check_alternative_counts(
    checker: &mut Checker<'_>,
    sites: &[crate::program::AlternativeSite],
    readings: &[crate::program::ReadingDef],
) {
    for (index, site) in sites.iter().enumerate() {
        let Some(first) = sites
            .iter()
            .take(index)
            .find(|earlier| earlier.reading == site.reading)
        else {
            continue;
        };
        if first.options.len() != site.options.len() {
            let error = CheckError::AlternativeCount {
                reading: readings
                    .get(site.reading)
                    .map_or_else(String::new, |r| r.id.clone()),
                here: site.options.len(),
                first: first.options.len(),
                src: checker.src(),
                span: site.span.into(),
                first_span: first.span.into(),
            };
            checker.report(error);
        }
    }
}

/// A defined term's value as lowered: with `either … per reading ID`, every
/// alternative is checked to have the first one's type, and the one this
/// check takes is returned.
fn chosen_value(
    checker: &Checker<'_>,
    define: &ast::Define,
    constant: &Context,
) -> Result<crate::program::Expr, CheckError> {
    let (Some(reading), Some(first), Some(last)) = (
        &define.reading,
        define.alternatives.first(),
        define.alternatives.last(),
    ) else {
        return checker.lower(&define.value, constant);
    };
    let mut lowered = Vec::new();
    for alternative in &define.alternatives {
        let expr = checker.lower(alternative, constant)?;
        if let Some(first) = lowered
            .first()
            .filter(|first: &&crate::program::Expr| first.ty != expr.ty)
        {
            return Err(checker.mismatch(
                &checker.describe(first.ty),
                &expr,
                crate::errors::ALTERNATIVES_SAME_TYPE.to_string(),
            ));
        }
        lowered.push(expr);
    }
    let options = define
        .alternatives
        .iter()
        .map(|alternative| {
            let written = checker.source.slice(alternative.span);
            written.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect();
    let span = first.span.to(last.span);
    let index = checker.pick(reading, &define.name.text, options, span)?;
    lowered.into_iter().nth(index).ok_or(CheckError::Reported)
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
                        shown: crate::program::Shown::of(&decl.ty.kind),
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
                let result = chosen_value(checker, define, &constant)
                    .and_then(|expr| Ok((checker.constant_traced(&expr)?, expr.ty, expr.span)));
                match result {
                    Ok(((value, trace), ty, span)) => {
                        // Written as a percentage (`9.99%`): quoted as one.
                        if checker.source.slice(span).trim_end().ends_with('%') {
                            checker.percent_terms.insert(define.name.text.clone());
                        }
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
