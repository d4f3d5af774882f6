//! Checking a scenario script against a program: event names and fields,
//! field values and their units, expectations, and the time order of events.

use std::collections::HashMap;

use chrono_tz::Tz;

use crate::errors::CheckError;
use crate::program::{ClauseId, EventId, EventInput, Expr, Program};
use crate::source::{Source, Span};
use crate::syntax::ast::{self, ExpectationKind, Occurrence, ScenarioFile, Step};
use crate::types::Type;
use crate::value::{Moment, Value};

use super::expr::Context;
use super::time::resolve_instant;
use super::Checker;
use crate::scope::suggest;

/// A scenario ready to run: events in time order, each with the
/// expectations written after it.
#[derive(Debug, Clone)]
pub struct Plan {
    pub title: String,
    pub contract: String,
    pub steps: Vec<PlanStep>,
    /// Market data from the scenario's price lines and price files.
    pub market: crate::compute::MarketData,
}

#[derive(Debug, Clone)]
pub struct PlanStep {
    pub input: EventInput,
    pub expectations: Vec<PlannedExpectation>,
}

#[derive(Debug, Clone)]
pub struct PlannedExpectation {
    pub kind: PlannedKind,
    pub text: String,
    pub line: usize,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum PlannedKind {
    Accepted,
    /// Refused, by that section if one is named, for a reason containing
    /// that text if one is given.
    Refused {
        clause: Option<ClauseId>,
        reason: Option<String>,
    },
    /// No clause reacted to the event.
    Noted,
    /// Applying the event stops with this `pactum::eval::…` code. (An
    /// expected `pactum::check::…` code is judged before there is a plan:
    /// see `testing::expected_diagnostics`.)
    Error(String),
    /// `expect refused by header`: the event came before the term started.
    RefusedByHeader,
    Holds(Expr),
}

impl<'a> Checker<'a> {
    /// A checker for another file (a scenario, an event stream) that uses
    /// the names of an already checked program.
    pub fn for_program(
        program: &Program,
        source: &'a Source,
        scenario_zone: Option<Tz>,
    ) -> Checker<'a> {
        let mut checker = Checker::new(source, program.zone);
        checker.scope = program.scope.clone();
        checker.kinds = program.kinds.clone();
        checker.kind_names = program.kind_names();
        checker.kind_index = program
            .kinds
            .iter()
            .enumerate()
            .map(|(id, kind)| (kind.name.clone(), id))
            .collect();
        checker.events = program.events.clone();
        checker.event_index = program.event_index.clone();
        checker.records = program.records.clone();
        checker.record_index = program
            .records
            .iter()
            .enumerate()
            .map(|(id, record)| (record.name.clone(), id))
            .collect();
        checker.markets = program.markets.clone();
        checker.tables = program.tables.clone();
        checker.table_index = program
            .tables
            .iter()
            .enumerate()
            .map(|(id, table)| (table.name.clone(), id))
            .collect();
        checker.reading_index = program
            .readings
            .iter()
            .enumerate()
            .map(|(id, reading)| (reading.id.clone(), id))
            .collect();
        // A scenario checked against a varied program sees the same choice.
        checker.choice = program
            .variant
            .and_then(|(reading, index)| Some((program.readings.get(reading)?.id.clone(), index)));
        checker.trading = Some(program.trading_calendar.clone());
        checker.market_index = program
            .markets
            .iter()
            .enumerate()
            .map(|(id, market)| (market.name.clone(), id))
            .collect();
        checker.formula_index = program
            .formulas
            .iter()
            .enumerate()
            .map(|(id, formula)| (formula.name.clone(), id))
            .collect();
        checker.formulas = program.formulas.iter().cloned().map(Some).collect();
        checker.obligation_owners = program
            .obligations
            .iter()
            .map(|o| (o.owner, o.name.clone()))
            .collect();
        checker.scenario_zone = scenario_zone;
        checker.calendar = Some(program.calendar.clone());
        checker.short_months = program.short_months;
        checker
    }
}

pub fn check_scenario(
    program: &Program,
    source: &Source,
    file: &ScenarioFile,
) -> Result<Plan, Vec<CheckError>> {
    let mut checker = Checker::for_program(program, source, file.zone.map(|(tz, _)| tz));
    let mut steps: Vec<PlanStep> = Vec::new();
    // After an event line that did not check, its expectations are not
    // checked either: they would only repeat the problem.
    let mut last_line_failed = false;
    for step in &file.steps {
        match step {
            Step::Event(line) => match check_event_line(&checker, line) {
                Ok(input) => {
                    last_line_failed = false;
                    steps.push(PlanStep {
                        input,
                        expectations: Vec::new(),
                    });
                }
                Err(error) => {
                    last_line_failed = true;
                    checker.report(error);
                }
            },
            // Price lines are read together, below.
            Step::Price(_) => {}
            Step::Expect(_) if last_line_failed => {}
            Step::Expect(expectation) => {
                let Some(last) = steps.last_mut() else {
                    let error = checker.not_here(
                        expectation.span,
                        "an expectation needs an event before it",
                        "write the event line first, then `expect …` under it",
                    );
                    checker.report(error);
                    continue;
                };
                match check_expectation(&checker, program, expectation, last.input.event) {
                    Ok(planned) => last.expectations.push(planned),
                    Err(error) => checker.report(error),
                }
            }
        }
    }
    let market = super::market::scenario_market(&mut checker, program, file);
    // `until:` is a last `time passes`, which may not come before any event.
    if let Some((local, span)) = &file.until {
        let zone = checker.scenario_zone.unwrap_or(checker.zone);
        match resolve_instant(&checker, local, Some(zone), *span) {
            Ok(time) => {
                if let Some(last) = steps.iter().map(|s| s.input.time).max_by_key(|t| t.utc) {
                    if last.utc > time.utc {
                        let error = checker.not_here(
                            *span,
                            &format!("`until` is before the last event, at {}", last.display()),
                            "`until` says how long time runs on after the last event: give a later time",
                        );
                        checker.report(error);
                    }
                }
                steps.push(PlanStep {
                    input: EventInput {
                        time,
                        event: None,
                        fields: Vec::new(),
                        line: source.line_of(span.start),
                    },
                    expectations: Vec::new(),
                });
            }
            Err(error) => checker.report(error),
        }
    }
    if !checker.errors.is_empty() {
        return Err(super::declarations::capped(checker.errors));
    }
    // Events run in time order; events at the same instant keep the order in
    // which they are written.
    steps.sort_by_key(|step| step.input.time.utc);
    Ok(Plan {
        title: file.title.value.clone(),
        contract: file.contract.value.clone(),
        steps,
        market,
    })
}

fn check_event_line(
    checker: &Checker<'_>,
    line: &ast::EventLine,
) -> Result<EventInput, CheckError> {
    let zone = checker.scenario_zone.unwrap_or(checker.zone);
    let time = resolve_instant(checker, &line.time, Some(zone), line.time_span)?;
    let line_number = checker.source.line_of(line.span.start);
    let Occurrence::Event { name, fields } = &line.what else {
        return Ok(EventInput {
            time,
            event: None,
            fields: Vec::new(),
            line: line_number,
        });
    };
    let event_id = checker.event_id(name)?;
    let written: Vec<(&ast::Name, &ast::Expr)> = fields.iter().map(|(n, e)| (n, e)).collect();
    let values = checker.event_fields(event_id, name, &written)?;
    Ok(EventInput {
        time,
        event: Some(event_id),
        fields: values,
        line: line_number,
    })
}

impl Checker<'_> {
    pub fn event_id(&self, name: &ast::Name) -> Result<EventId, CheckError> {
        self.event_index
            .get(&name.text)
            .copied()
            .ok_or_else(|| CheckError::UnknownName {
                what: "event",
                name: name.text.clone(),
                help: suggest(
                    &name.text,
                    self.event_index.keys().map(String::as_str),
                    "the contract's events are declared with `event` in its clause file",
                ),
                src: self.src(),
                span: name.span.into(),
            })
    }

    /// The values of an event's fields in declaration order, each checked
    /// against its declared type.
    pub fn event_fields(
        &self,
        event_id: EventId,
        event_name: &ast::Name,
        written: &[(&ast::Name, &ast::Expr)],
    ) -> Result<Vec<Value>, CheckError> {
        let Some(event) = self.events.get(event_id) else {
            return Ok(Vec::new());
        };
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for (field, _) in written {
            if let Some(first) = seen.insert(field.text.as_str(), field.span) {
                return Err(CheckError::Duplicate {
                    name: field.text.clone(),
                    src: self.src(),
                    first: first.into(),
                    second: field.span.into(),
                });
            }
            if !event.fields.iter().any(|f| f.name == field.text) {
                return Err(CheckError::UnknownField {
                    event: event.name.clone(),
                    field: field.text.clone(),
                    help: suggest(
                        &field.text,
                        event.fields.iter().map(|f| f.name.as_str()),
                        "see the event's declaration for its fields",
                    ),
                    src: self.src(),
                    span: field.span.into(),
                });
            }
        }
        let mut values = Vec::with_capacity(event.fields.len());
        for declared in &event.fields {
            let Some((_, expr)) = written.iter().find(|(name, _)| name.text == declared.name)
            else {
                return Err(CheckError::MissingField {
                    event: event.name.clone(),
                    field: declared.name.clone(),
                    ty: self.describe(declared.ty),
                    src: self.src(),
                    span: event_name.span.into(),
                });
            };
            values.push(self.field_value(expr, declared.ty)?);
        }
        Ok(values)
    }
}

impl Checker<'_> {
    /// An event field's value: a constant of the field's declared type.
    pub fn field_value(&self, expr: &ast::Expr, ty: Type) -> Result<Value, CheckError> {
        let constant = Context {
            constant: true,
            in_scenario: true,
            ..Context::default()
        };
        // A value of a kind (a notice method, a payment method) that is not
        // one of its values: name the values, not `define` or `state`.
        if let (Type::Kind(kind), ast::ExprKind::Name(name)) = (ty, &expr.kind) {
            if self.scope.get(&name.text).is_none() {
                let values = self
                    .kinds
                    .get(kind)
                    .map(|k| k.variants.as_slice())
                    .unwrap_or(&[]);
                let listed: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                return Err(CheckError::UnknownName {
                    what: "value",
                    name: name.text.clone(),
                    help: crate::scope::suggest(
                        &name.text,
                        values.iter().map(String::as_str),
                        &format!("{} is one of {}", self.describe(ty), listed.join(", ")),
                    ),
                    src: self.src(),
                    span: name.span.into(),
                });
            }
        }
        let lowered = self.lower(expr, &constant)?;
        if lowered.ty != ty {
            return Err(self.mismatch(&self.describe(ty), &lowered, field_help(ty)));
        }
        self.constant(&lowered)
    }
}

fn field_help(ty: Type) -> String {
    match ty {
        Type::Quantity(unit) => format!("write the value with its unit: {unit}"),
        _ => String::new(),
    }
}

/// The diagnostics a scenario may expect: those about its own lines.
const EXPECTABLE_STAGES: [&str; 2] = ["pactum::check::", "pactum::eval::"];

fn check_expectation(
    checker: &Checker<'_>,
    program: &Program,
    expectation: &ast::Expectation,
    event: Option<EventId>,
) -> Result<PlannedExpectation, CheckError> {
    let kind = match &expectation.kind {
        ExpectationKind::Accepted => PlannedKind::Accepted,
        ExpectationKind::Noted if event.is_none() => {
            return Err(checker.not_here(
                expectation.span,
                "`time passes` is not an event, so no clause can react to it",
                "write `expect noted` under an event line",
            ))
        }
        ExpectationKind::Noted => PlannedKind::Noted,
        ExpectationKind::Error { code } => {
            if !EXPECTABLE_STAGES
                .iter()
                .any(|stage| code.text.starts_with(stage))
            {
                return Err(checker.not_here(
                    code.span,
                    "a scenario can expect only a `pactum::check::…` or `pactum::eval::…` diagnostic",
                    "a scenario with a syntax error cannot be read, so it cannot say what it expects",
                ));
            }
            PlannedKind::Error(code.text.clone())
        }
        ExpectationKind::Refused { by: None, reason } => PlannedKind::Refused {
            clause: None,
            reason: reason.as_ref().map(|r| r.value.clone()),
        },
        ExpectationKind::Refused {
            by: Some(number), ..
        } if number.text == "header" => PlannedKind::RefusedByHeader,
        ExpectationKind::Refused {
            by: Some(number),
            reason,
        } => {
            let clause = program
                .clause_index
                .get(&number.text)
                .copied()
                .ok_or_else(|| CheckError::UnknownName {
                    what: "section",
                    name: number.text.clone(),
                    // Section numbers are short, so a near miss says little: list them all.
                    help: format!(
                        "the sections are {}",
                        program
                            .clauses
                            .iter()
                            .map(|c| format!("`{}`", c.number))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    src: checker.src(),
                    span: number.span.into(),
                })?;
            PlannedKind::Refused {
                clause: Some(clause),
                reason: reason.as_ref().map(|r| r.value.clone()),
            }
        }
        ExpectationKind::Holds(expr) => {
            let cx = Context {
                event,
                in_scenario: true,
                ..Context::default()
            };
            PlannedKind::Holds(checker.expect_type(expr, Type::Flag, &cx)?)
        }
    };
    Ok(PlannedExpectation {
        kind,
        text: written_expectation(checker.source.slice(expectation.span)),
        line: checker.source.line_of(expectation.span.start),
        span: expectation.span,
    })
}

/// An expectation as written, for reports: without the blank lines and
/// comment lines the grammar's trailing trivia may have swept into its span
/// (a comment above the next event is not part of the expectation).
fn written_expectation(slice: &str) -> String {
    let lines: Vec<&str> = slice.lines().collect();
    let kept = lines
        .iter()
        .rposition(|line| {
            let line = line.trim();
            !line.is_empty() && !line.starts_with("--")
        })
        .map_or(0, |last| last + 1);
    lines
        .get(..kept)
        .unwrap_or_default()
        .join("\n")
        .trim()
        .to_string()
}

/// Checks one JSON Lines field value, written in the scenario syntax, against
/// the field's declared type.
pub fn lower_event_value(
    program: &Program,
    source: &Source,
    expr: &ast::Expr,
    ty: Type,
) -> Result<Value, CheckError> {
    Checker::for_program(program, source, None).field_value(expr, ty)
}

/// Resolves a JSON Lines time in the contract's local time when it names no zone.
pub fn resolve_event_time(
    program: &Program,
    source: &Source,
    local: &ast::LocalInstant,
    span: Span,
) -> Result<Moment, CheckError> {
    let checker = Checker::for_program(program, source, None);
    resolve_instant(&checker, local, Some(program.zone), span)
}

/// Checks JSON Lines times and field values against a program, with one
/// checker built per stream rather than one per record and field (building
/// one copies the program's scope, kinds, events and calendars). The shared
/// checker reads no source text on success; when it fails, the value is
/// checked again by a checker built for the value's own source, so that the
/// diagnostic points into it exactly as before.
pub struct StreamChecker<'p> {
    program: &'p Program,
    shared: Checker<'static>,
}

/// The shared checker's source: never shown, since its diagnostics are
/// replaced by a fresh checker's.
static NO_SOURCE: std::sync::LazyLock<Source> = std::sync::LazyLock::new(|| Source::new("", ""));

impl<'p> StreamChecker<'p> {
    pub fn new(program: &'p Program) -> StreamChecker<'p> {
        StreamChecker {
            program,
            shared: Checker::for_program(program, &NO_SOURCE, None),
        }
    }

    /// As [`lower_event_value`].
    pub fn field_value(
        &self,
        source: &Source,
        expr: &ast::Expr,
        ty: Type,
    ) -> Result<Value, CheckError> {
        self.shared
            .field_value(expr, ty)
            .or_else(|_| lower_event_value(self.program, source, expr, ty))
    }

    /// As [`resolve_event_time`].
    pub fn event_time(
        &self,
        source: &Source,
        local: &ast::LocalInstant,
        span: Span,
    ) -> Result<Moment, CheckError> {
        resolve_instant(&self.shared, local, Some(self.program.zone), span)
            .or_else(|_| resolve_event_time(self.program, source, local, span))
    }
}
