//! Sections: clause numbers and readings, the obligations they impose, the
//! notice rules, and the reactions whose statements are typed here.

use std::collections::HashMap;

use crate::errors::CheckError;
use crate::program::{
    ChangeReaction, Clause, ClauseId, CutoffRule, DeadlineRule, Deemed, NoticeRule, ObligationDef,
    Reaction, ReadingDef, ReadingId, SetTarget, Stmt,
};
use crate::syntax::ast::{self, ClauseFile, Deadline, SectionItem, StatementKind, Trigger};
use crate::types::Type;
use crate::value::Value;

use super::expr::Context;
use super::lookup::{duplicate, sections_of};
use super::Checker;
use crate::scope::{suggest, Binding};

pub struct SectionTables {
    pub clauses: Vec<Clause>,
    pub clause_index: HashMap<String, ClauseId>,
    pub readings: Vec<ReadingDef>,
    pub reading_index: HashMap<String, ReadingId>,
}

pub fn declare_clauses_and_readings(checker: &mut Checker<'_>, file: &ClauseFile) -> SectionTables {
    let mut tables = SectionTables {
        clauses: Vec::new(),
        clause_index: HashMap::new(),
        readings: Vec::new(),
        reading_index: HashMap::new(),
    };
    let mut reading_spans = HashMap::new();
    let mut clause_spans = HashMap::new();
    for section in sections_of(file) {
        let clause = tables.clauses.len();
        if let Some(first) = clause_spans.get(&section.number.text) {
            let error = duplicate(checker, &section.number, *first);
            checker.report(error);
        } else {
            clause_spans.insert(section.number.text.clone(), section.number.span);
            tables
                .clause_index
                .insert(section.number.text.clone(), clause);
        }
        let text = section.items.iter().find_map(|item| match item {
            SectionItem::Text(text) => Some(text.value.clone()),
            _ => None,
        });
        let text_source = section.items.iter().find_map(|item| match item {
            SectionItem::Text(text) => Some(checker.source.slice(text.span).to_string()),
            _ => None,
        });
        tables.clauses.push(Clause {
            number: section.number.text.clone(),
            heading: section.heading.value.clone(),
            text,
            text_source,
            span: section.span,
        });
        for item in &section.items {
            let SectionItem::Reading(reading) = item else {
                continue;
            };
            if let Some(first) = reading_spans.get(&reading.id.text) {
                let error = duplicate(checker, &reading.id, *first);
                checker.report(error);
                continue;
            }
            reading_spans.insert(reading.id.text.clone(), reading.id.span);
            tables
                .reading_index
                .insert(reading.id.text.clone(), tables.readings.len());
            tables.readings.push(ReadingDef {
                id: reading.id.text.clone(),
                title: reading.title.value.clone(),
                body: reading.body.value.clone(),
                clause,
            });
        }
    }
    tables
}

pub fn reading_ref(
    checker: &mut Checker<'_>,
    tables: &SectionTables,
    id: &ast::Name,
) -> Option<ReadingId> {
    let found = tables.reading_index.get(&id.text).copied();
    if found.is_some() {
        checker.cited_readings.borrow_mut().insert(id.text.clone());
    }
    if found.is_none() {
        let error = CheckError::UnknownName {
            what: "reading",
            name: id.text.clone(),
            help: suggest(
                &id.text,
                tables.reading_index.keys().map(String::as_str),
                "declare it in its section: `reading R1 \"title\": \"why\"`",
            ),
            src: checker.src(),
            span: id.span.into(),
        };
        checker.report(error);
    }
    found
}

/// Every reading a rule cites (`per readings R2, R5`), in the order written;
/// each unknown id is reported with its own span, and left out.
pub fn reading_refs(
    checker: &mut Checker<'_>,
    tables: &SectionTables,
    ids: &[ast::Name],
) -> Vec<ReadingId> {
    let mut found = Vec::new();
    for id in ids {
        if let Some(reading) = reading_ref(checker, tables, id) {
            if !found.contains(&reading) {
                found.push(reading);
            }
        }
    }
    found
}

/// Every `PARTY must … as NAME` declares the obligation NAME.
pub fn declare_obligations(
    checker: &mut Checker<'_>,
    file: &ClauseFile,
    tables: &SectionTables,
) -> Vec<ObligationDef> {
    let mut obligations = Vec::new();
    for (clause, section) in sections_of(file).enumerate() {
        let reactions = section.items.iter().filter_map(|item| match item {
            SectionItem::Reaction(reaction) => Some(reaction.as_ref()),
            _ => None,
        });
        for (statement, owners) in reactions.flat_map(statements_with_owners) {
            let StatementKind::Must(must) = &statement.kind else {
                continue;
            };
            // `as x.tender`: the obligation belongs to the instance `x` names.
            let (name, owner) = match &must.name {
                ast::Target::State(name) => (name, None),
                ast::Target::Field { binder, field } => {
                    let record = owners
                        .iter()
                        .rev()
                        .find(|(word, _)| *word == binder.text)
                        .map(|(_, record)| record.clone());
                    let Some(record) = record else {
                        let error = checker.not_here(
                            binder.span,
                            &format!("`{}` does not name an instance here", binder.text),
                            "name an instance opened above (`open exercise as x`) or bound by `, for each exercise as x`",
                        );
                        checker.report(error);
                        continue;
                    };
                    match checker.record_ref(&record) {
                        Ok(id) => (field, Some(id)),
                        Err(error) => {
                            checker.report(error);
                            continue;
                        }
                    }
                }
            };
            let party = match checker.scope.get(&must.party.text) {
                Some(Binding::Party(id)) => id,
                _ => {
                    let error = CheckError::UnknownName {
                        what: "party",
                        name: must.party.text.clone(),
                        help: "parties are declared in the header: `holder Holder = \"…\"`"
                            .to_string(),
                        src: checker.src(),
                        span: must.party.span.into(),
                    };
                    checker.report(error);
                    continue;
                }
            };
            let Some(fulfilled_by) = event_ref(checker, &must.fulfilled_by) else {
                continue;
            };
            let id = obligations.len();
            // An instance's obligation is named only through its instance
            // (`x.tender`), so its name is the record's, like a field's.
            match owner {
                Some(record) => {
                    // The same duty may arise in several reactions (when an
                    // exercise completes by tender or by payment).
                    let same = checker
                        .owned_obligation(record, &name.text)
                        .and_then(|id| obligations.get(id))
                        .map(|first: &ObligationDef| {
                            first.party == party
                                && first.duty == checker.quote_terms(&must.duty).unwrap_or_default()
                                && first.fulfilled_by == fulfilled_by
                        });
                    if same == Some(true) {
                        continue;
                    }
                    if same == Some(false) {
                        let error = checker.not_here(
                            name.span,
                            &format!(
                                "`{}` already names an obligation of `{}`",
                                name.text,
                                checker.record_name(record)
                            ),
                            "the same name may be used again only for the same party, duty and performing event",
                        );
                        checker.report(error);
                        continue;
                    }
                }
                None => {
                    if let Err(first) =
                        checker
                            .scope
                            .declare(&name.text, Binding::Obligation(id), name.span)
                    {
                        let error = duplicate(checker, name, first);
                        checker.report(error);
                        continue;
                    }
                }
            }
            checker.obligation_owners.push((owner, name.text.clone()));
            let clause = tables
                .clause_index
                .get(&section.number.text)
                .copied()
                .unwrap_or(clause);
            obligations.push(ObligationDef {
                name: name.text.clone(),
                owner,
                party,
                duty: match checker.quote_terms(&must.duty) {
                    Ok(duty) => duty,
                    Err(error) => {
                        checker.report(error);
                        must.duty.value.clone()
                    }
                },
                fulfilled_by,
                clause,
            });
        }
    }
    obligations
}

/// Each statement of a reaction with the instance binders visible to it and
/// their records, as written: the `for each` binder, then each `open` above.
fn statements_with_owners(
    reaction: &ast::Reaction,
) -> impl Iterator<Item = (&ast::Statement, Vec<(String, ast::Name)>)> {
    let mut owners: Vec<(String, ast::Name)> = reaction
        .instances
        .iter()
        .map(|each| (each.binder.text.clone(), each.record.clone()))
        .collect();
    reaction.body.iter().map(move |statement| {
        if let StatementKind::Open { record, binder } = &statement.kind {
            owners.push((binder.text.clone(), record.clone()));
        }
        (statement, owners.clone())
    })
}

fn event_ref(checker: &mut Checker<'_>, name: &ast::Name) -> Option<usize> {
    let found = checker.event_index.get(&name.text).copied();
    if found.is_none() {
        let error = CheckError::UnknownName {
            what: "event",
            name: name.text.clone(),
            help: suggest(
                &name.text,
                checker.event_index.keys().map(String::as_str),
                "declare it with `event NAME { … }`",
            ),
            src: checker.src(),
            span: name.span.into(),
        };
        checker.report(error);
    }
    found
}

pub struct Bodies {
    pub reactions: Vec<Reaction>,
    pub change_reactions: Vec<ChangeReaction>,
    pub timed_reactions: Vec<crate::program::TimedReaction>,
    pub notice_rules: Vec<NoticeRule>,
}

pub fn check_bodies(
    checker: &mut Checker<'_>,
    file: &ClauseFile,
    tables: &SectionTables,
    notice_kind: Option<usize>,
) -> Bodies {
    let mut bodies = Bodies {
        reactions: Vec::new(),
        change_reactions: Vec::new(),
        timed_reactions: Vec::new(),
        notice_rules: Vec::new(),
    };
    for section in sections_of(file) {
        let Some(clause) = tables.clause_index.get(&section.number.text).copied() else {
            continue;
        };
        for item in &section.items {
            match item {
                SectionItem::Notice(rule) => {
                    check_notice_rule(checker, tables, rule, clause, &mut bodies)
                }
                SectionItem::Reaction(reaction) => {
                    check_reaction(checker, tables, reaction, clause, &mut bodies)
                }
                SectionItem::Text(_) | SectionItem::Reading(_) | SectionItem::Acknowledge(_) => {}
            }
        }
    }
    if notice_kind.is_none() {
        bodies.notice_rules.clear();
    }
    bodies
}

/// A deadline counted in calendar days or months can fall on a closed day;
/// the clause file should say what then happens.
fn lint_unrolled(checker: &mut Checker<'_>, period: &crate::program::Expr, has_roll: bool) {
    if has_roll {
        return;
    }
    let unit = match &period.kind {
        crate::program::ExprKind::Const(Value::Duration(days)) => days.kind,
        _ => crate::syntax::ast::DayKind::Calendar,
    };
    // A count of business or trading days always ends on such a day: no roll can act.
    if matches!(
        unit,
        crate::syntax::ast::DayKind::Business | crate::syntax::ast::DayKind::Trading
    ) {
        return;
    }
    let calendar = checker
        .calendar
        .as_ref()
        .map_or_else(String::new, |c| c.name().to_string());
    let lint = crate::errors::Lint::UnrolledDeadline {
        calendar,
        src: checker.src(),
        span: period.span.into(),
        unit: if unit == crate::syntax::ast::DayKind::Month {
            "months".to_string()
        } else {
            "calendar days".to_string()
        },
    };
    checker.lints.push(lint);
}

fn check_notice_rule(
    checker: &mut Checker<'_>,
    tables: &SectionTables,
    rule: &ast::NoticeRule,
    clause: ClauseId,
    bodies: &mut Bodies,
) {
    let readings = reading_refs(checker, tables, &rule.readings);
    let deemed = match &rule.deemed {
        ast::Deemed::WhenSent => Deemed::WhenSent,
        ast::Deemed::After(period) => {
            let constant = Context {
                constant: true,
                ..Context::default()
            };
            let result = checker
                .expect_type(period, Type::Duration, &constant)
                .and_then(|expr| checker.constant(&expr));
            match result {
                Ok(Value::Duration(days)) => Deemed::After(days),
                Ok(_) => Deemed::WhenSent,
                Err(error) => {
                    checker.report(error);
                    Deemed::WhenSent
                }
            }
        }
    };
    let cutoff = rule.cutoff.map(|cutoff| CutoffRule {
        after: cutoff
            .after
            .map(|(time, zone)| (time, zone.unwrap_or(checker.zone))),
        recipient: cutoff.recipient,
        closed_day: cutoff.closed_day,
    });
    if cutoff.is_some_and(|cutoff| cutoff.recipient) {
        check_recipients(checker, rule);
    }
    for method in &rule.methods {
        bodies.notice_rules.push(NoticeRule {
            method: method.text.clone(),
            deemed,
            cutoff,
            clause,
            readings: readings.clone(),
        });
    }
}

fn check_reaction(
    checker: &mut Checker<'_>,
    tables: &SectionTables,
    reaction: &ast::Reaction,
    clause: ClauseId,
    bodies: &mut Bodies,
) {
    match &reaction.trigger {
        Trigger::At(_) | Trigger::Every { .. } => {
            let mut cx = Context::default();
            let Ok(instances) = instance_filter(checker, tables, reaction, &mut cx) else {
                return;
            };
            let Some(timing) = super::timers::timing(checker, &reaction.trigger, &cx) else {
                return;
            };
            let body = check_statements(checker, tables, &reaction.body, &mut cx);
            bodies.timed_reactions.push(crate::program::TimedReaction {
                clause,
                timing,
                label: super::timers::label(checker, &reaction.trigger),
                span: super::timers::span(&reaction.trigger),
                instances,
                locals: cx.slot_count(),
                body,
            });
        }
        Trigger::Event { event, binder } => {
            let Some(event_id) = event_ref(checker, event) else {
                return;
            };
            let mut cx = Context {
                event: Some(event_id),
                binder: binder.as_ref().map(|b| b.text.clone()),
                ..Context::default()
            };
            let Ok(instances) = instance_filter(checker, tables, reaction, &mut cx) else {
                return;
            };
            let body = check_statements(checker, tables, &reaction.body, &mut cx);
            let id = bodies.reactions.len();
            if let Some(event_type) = checker.events.get_mut(event_id) {
                event_type.reactions.push(id);
            }
            bodies.reactions.push(Reaction {
                clause,
                event: event_id,
                instances,
                locals: cx.slot_count(),
                body,
            });
        }
        Trigger::Change { state, old, new } => {
            let Some(Binding::State(state_id, ty)) = checker.scope.get(&state.text) else {
                let error = CheckError::UnknownName {
                    what: "state",
                    name: state.text.clone(),
                    help: "a change rule watches a `state` variable".to_string(),
                    src: checker.src(),
                    span: state.span.into(),
                };
                checker.report(error);
                return;
            };
            let mut cx = Context {
                locals: vec![(old.text.clone(), ty), (new.text.clone(), ty)],
                ..Context::default()
            };
            let Ok(instances) = instance_filter(checker, tables, reaction, &mut cx) else {
                return;
            };
            let body = check_statements(checker, tables, &reaction.body, &mut cx);
            bodies.change_reactions.push(ChangeReaction {
                clause,
                state: state_id,
                span: state.span,
                instances,
                locals: cx.slot_count(),
                body,
            });
        }
    }
}

/// `, for each RECORD as x when …`: the binder takes the next local slot.
fn instance_filter(
    checker: &mut Checker<'_>,
    tables: &SectionTables,
    reaction: &ast::Reaction,
    cx: &mut Context,
) -> Result<Option<crate::program::InstanceFilter>, ()> {
    let Some(each) = &reaction.instances else {
        return Ok(None);
    };
    let record = match checker.record_ref(&each.record) {
        Ok(record) => record,
        Err(error) => {
            checker.report(error);
            return Err(());
        }
    };
    let slot = cx.locals.len();
    cx.locals
        .push((each.binder.text.clone(), Type::Instance(record)));
    let guard = match each
        .guard
        .as_ref()
        .map(|g| checker.expect_type(g, Type::Flag, cx))
        .transpose()
    {
        Ok(guard) => guard,
        Err(error) => {
            checker.report(error);
            return Err(());
        }
    };
    let readings = reading_refs(checker, tables, &each.readings);
    Ok(Some(crate::program::InstanceFilter {
        quantifier: each.quantifier,
        record,
        slot,
        guard,
        readings,
    }))
}

fn check_statements(
    checker: &mut Checker<'_>,
    tables: &SectionTables,
    statements: &[ast::Statement],
    cx: &mut Context,
) -> Vec<Stmt> {
    let mut body = Vec::new();
    for statement in statements {
        match check_statement(checker, tables, statement, cx) {
            Ok(stmt) => body.push(stmt),
            Err(CheckError::Reported) => {}
            Err(error) => checker.report(error),
        }
    }
    body
}

fn check_statement(
    checker: &mut Checker<'_>,
    tables: &SectionTables,
    statement: &ast::Statement,
    cx: &mut Context,
) -> Result<Stmt, CheckError> {
    match &statement.kind {
        StatementKind::Refuse {
            reason,
            condition,
            readings,
        } => Ok(Stmt::Refuse {
            reason: checker.quote_terms(reason)?,
            condition: checker.expect_type(condition, Type::Flag, cx)?,
            readings: reading_refs(checker, tables, readings),
        }),
        StatementKind::Set {
            target: ast::Target::Field { binder, field },
            value,
            guard,
            readings,
        } => {
            let (slot, record) = instance_local(checker, binder, cx)?;
            let fields = checker
                .records
                .get(record)
                .map(|r| r.fields.as_slice())
                .unwrap_or(&[]);
            let Some(index) = fields.iter().position(|f| f.name == field.text) else {
                let base = crate::program::Expr {
                    kind: crate::program::ExprKind::Local(slot),
                    ty: Type::Instance(record),
                    span: binder.span,
                };
                return Err(checker
                    .instance_field(base, record, field, field.span)
                    .err()
                    .unwrap_or(CheckError::Reported));
            };
            let ty = fields.get(index).map_or(Type::Flag, |f| f.ty);
            let value = checker.expect_type(value, ty, cx)?;
            let guard = guard
                .as_ref()
                .map(|g| checker.expect_type(g, Type::Flag, cx))
                .transpose()?;
            Ok(Stmt::Set {
                target: SetTarget::Field { slot, field: index },
                value,
                guard,
                readings: reading_refs(checker, tables, readings),
            })
        }
        StatementKind::Open { record, binder } => {
            let record = checker.record_ref(record)?;
            cx.locals
                .push((binder.text.clone(), Type::Instance(record)));
            Ok(Stmt::Open {
                record,
                slot: cx.locals.len() - 1,
            })
        }
        StatementKind::Set {
            target: ast::Target::State(target),
            value,
            guard,
            readings,
        } => {
            let found = checker.scope.get(&target.text);
            if let Some(Binding::Define(..)) = found {
                return Err(checker.not_here(
                    target.span,
                    &format!("`{}` is a defined term, which cannot change", target.text),
                    "declare what changes with `state NAME: TYPE = FIRST VALUE`",
                ));
            }
            let Some(Binding::State(state, ty)) = found else {
                return Err(CheckError::UnknownName {
                    what: "state",
                    name: target.text.clone(),
                    help: suggest(
                        &target.text,
                        checker.scope.names(),
                        "only `state` can be set; declare it with `state NAME: TYPE`",
                    ),
                    src: checker.src(),
                    span: target.span.into(),
                });
            };
            let value = checker.expect_type(value, ty, cx)?;
            let guard = guard
                .as_ref()
                .map(|g| checker.expect_type(g, Type::Flag, cx))
                .transpose()?;
            Ok(Stmt::Set {
                target: SetTarget::State(state),
                value,
                guard,
                readings: reading_refs(checker, tables, readings),
            })
        }
        StatementKind::Let {
            binder,
            value,
            readings,
        } => {
            let value = checker.lower(value, cx)?;
            cx.locals.push((binder.text.clone(), value.ty));
            Ok(Stmt::Let {
                slot: cx.locals.len() - 1,
                value,
                readings: reading_refs(checker, tables, readings),
            })
        }
        StatementKind::Must(must) => {
            let (obligation, owner) = match &must.name {
                ast::Target::State(name) => match checker.scope.get(&name.text) {
                    Some(Binding::Obligation(obligation)) => (obligation, None),
                    // Its party or event was unknown, and that is already reported.
                    _ => return Err(CheckError::Reported),
                },
                ast::Target::Field { binder, field } => {
                    let (slot, record) = instance_local(checker, binder, cx)?;
                    match checker.owned_obligation(record, &field.text) {
                        Some(obligation) => (obligation, Some(slot)),
                        None => return Err(CheckError::Reported),
                    }
                }
            };
            let (before, period, anchor) = match &must.deadline {
                Deadline::WithinAfter { period, anchor } => (false, period, anchor),
                Deadline::AtLeastBefore { period, anchor } => (true, period, anchor),
            };
            let period = checker.expect_type(period, Type::Duration, cx)?;
            lint_unrolled(checker, &period, must.roll.is_some());
            let anchor = checker.lower(anchor, cx)?;
            let anchor = match anchor.ty {
                Type::Date => anchor,
                Type::Instant => crate::program::Expr {
                    span: anchor.span,
                    ty: Type::Date,
                    kind: crate::program::ExprKind::DateOf(Box::new(anchor)),
                },
                _ => return Err(checker.mismatch("a date", &anchor, String::new())),
            };
            let guard = must
                .guard
                .as_ref()
                .map(|g| checker.expect_type(g, Type::Flag, cx))
                .transpose()?;
            Ok(Stmt::Must {
                obligation,
                owner,
                roll: must.roll,
                deadline: DeadlineRule {
                    before,
                    period,
                    anchor,
                },
                guard,
                readings: reading_refs(checker, tables, &must.readings),
            })
        }
    }
}

/// The local slot and record of an instance binder (`x` in `set x.shares`).
fn instance_local(
    checker: &Checker<'_>,
    binder: &ast::Name,
    cx: &Context,
) -> Result<(usize, crate::program::RecordId), CheckError> {
    let found = cx
        .locals
        .iter()
        .rposition(|(local, _)| *local == binder.text);
    match found.and_then(|slot| Some((slot, cx.locals.get(slot)?.1))) {
        Some((slot, Type::Instance(record))) => Ok((slot, record)),
        _ => Err(checker.not_here(
            binder.span,
            &format!("`{}` does not name an instance here", binder.text),
            "open one with `open RECORD as x`, or bind one with `, for each RECORD as x`",
        )),
    }
}

/// A cut-off in the recipient's time needs, for every notice event, a
/// recipient (`to PARTY`, or the other of two parties) whose place is known
/// (`in ZONE` on its header line); else the time could not be read.
fn check_recipients(checker: &mut Checker<'_>, rule: &ast::NoticeRule) {
    let lacking: Vec<String> = checker
        .events
        .iter()
        .filter(|event| event.is_notice)
        .filter(|event| {
            event
                .recipient
                .and_then(|party| checker.party_places.get(party))
                .is_none_or(Option::is_none)
        })
        .map(|event| format!("`{}`", event.name))
        .collect();
    if lacking.is_empty() {
        return;
    }
    let error = checker.not_here(
        rule.span,
        &format!(
            "a cut-off in the recipient's time needs each notice's recipient and where it is; {} has none",
            lacking.join(", ")
        ),
        "name the recipient (`event Notice of Exercise from Holder to Company as notice`) and its place on its header line (`issuer Company = \"…\" in America/New_York`)",
    );
    checker.report(error);
}

/// A reading that no statement, header line or alternative cites is a
/// stated interpretation nothing relies on: either a `per reading` was lost
/// in a redraft, or the reading explains text no rule encodes.
pub fn lint_uncited_readings(checker: &mut Checker<'_>, file: &ClauseFile) {
    let cited = checker.cited_readings.borrow().clone();
    for section in sections_of(file) {
        for item in &section.items {
            let SectionItem::Reading(reading) = item else {
                continue;
            };
            if !cited.contains(&reading.id.text) {
                let lint = crate::errors::Lint::UncitedReading {
                    id: reading.id.text.clone(),
                    src: checker.src(),
                    span: reading.id.span.into(),
                };
                checker.lints.push(lint);
            }
        }
    }
}
