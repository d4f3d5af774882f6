//! Checking: a parsed clause file becomes a [`Program`], with every name
//! resolved and every expression typed, or a list of diagnostics. Scenario
//! scripts are checked against a program here too.

mod calls;
mod change_order;
mod declarations;
mod drafting;
mod expr;
mod formulas;
mod graph;
mod invariants;
mod lookup;
mod market;
mod records;
mod scenario;
mod sections;
mod tables;
mod time;
mod timers;
mod wording;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use chrono_tz::Tz;
use miette::NamedSource;

use crate::errors::CheckError;
use crate::program::{EventId, EventType, KindDef, Program};
use crate::source::Source;
use crate::syntax::ast::ClauseFile;
use crate::value::Value;

pub use crate::scope::{suggest, Binding, Scope};
pub use expr::BUILTIN_FIELDS;
pub use scenario::{
    check_scenario, lower_event_value, resolve_event_time, Plan, PlanStep, PlannedExpectation,
    PlannedKind, StreamChecker,
};

/// Everything the checker knows while it works through one file.
pub struct Checker<'a> {
    source: &'a Source,
    scope: Scope,
    kinds: Vec<KindDef>,
    kind_names: Vec<String>,
    kind_index: HashMap<String, usize>,
    events: Vec<EventType>,
    event_index: HashMap<String, EventId>,
    records: Vec<crate::program::RecordDef>,
    record_index: HashMap<String, crate::program::RecordId>,
    record_spans: HashMap<String, crate::source::Span>,
    /// Tables, by name.
    table_index: HashMap<String, usize>,
    tables: Vec<crate::program::TableDef>,
    /// Market data series, by name.
    market_index: HashMap<String, usize>,
    markets: Vec<crate::program::MarketDef>,
    /// Formulas by name, and each once typed (`None` while not yet).
    formula_index: HashMap<String, usize>,
    formulas: Vec<Option<crate::program::FormulaDef>>,
    /// Per obligation, the record that owns it (if any) and its name.
    obligation_owners: Vec<(Option<crate::program::RecordId>, String)>,
    zone: Tz,
    /// The first day of the term, for rules that act at a time.
    term_start: Option<chrono::NaiveDate>,
    scenario_zone: Option<Tz>,
    /// Known once the header is checked; defined terms may count business days.
    calendar: Option<crate::calendar::Calendar>,
    /// The header's `trading days:` calendar, if it names one.
    trading: Option<crate::calendar::Calendar>,
    short_months: Option<crate::syntax::ast::MonthEnd>,
    errors: Vec<CheckError>,
    lints: Vec<crate::errors::Lint>,
    /// Roundings in defined terms, by term.
    constant_roundings: Vec<(String, crate::trace::Rounded)>,
    /// Readings by id, once the sections are declared, for `either … per
    /// reading ID` inside expressions.
    reading_index: HashMap<String, crate::program::ReadingId>,
    /// The reading this check varies and the alternative it takes there;
    /// `None` takes the file's own choice everywhere.
    choice: Option<(String, usize)>,
    /// Where readings name alternatives. A cell, because expressions are
    /// lowered through a shared borrow.
    alternatives: RefCell<Vec<crate::program::AlternativeSite>>,
    /// The calendars the file defines (`calendar NAME = …`), by name.
    defined_calendars: HashMap<String, crate::calendar::Calendar>,
    /// Calendars a count of days names (`5 business days on us-banks`), each
    /// once; `Days::calendar` indexes this. A cell, as `alternatives` is.
    day_calendars: RefCell<Vec<crate::calendar::Calendar>>,
    /// Defined terms written as a percentage (`define Limit = 4.99%`), which
    /// quoted words show as one.
    percent_terms: std::collections::HashSet<String>,
    /// Where each party receives notices (`in ZONE`), by party.
    party_places: Vec<Option<Tz>>,
    /// The readings something cites (`per reading ID`, `either … per reading
    /// ID`), for the lint on a reading nothing relies on. A cell, as
    /// `alternatives` is.
    cited_readings: RefCell<std::collections::HashSet<String>>,
}

impl<'a> Checker<'a> {
    fn new(source: &'a Source, zone: Tz) -> Checker<'a> {
        Checker {
            source,
            scope: Scope::default(),
            kinds: Vec::new(),
            kind_names: Vec::new(),
            kind_index: HashMap::new(),
            events: Vec::new(),
            event_index: HashMap::new(),
            records: Vec::new(),
            record_index: HashMap::new(),
            record_spans: HashMap::new(),
            obligation_owners: Vec::new(),
            formula_index: HashMap::new(),
            market_index: HashMap::new(),
            table_index: HashMap::new(),
            tables: Vec::new(),
            markets: Vec::new(),
            formulas: Vec::new(),
            zone,
            term_start: None,
            scenario_zone: None,
            calendar: None,
            trading: None,
            short_months: None,
            errors: Vec::new(),
            lints: Vec::new(),
            constant_roundings: Vec::new(),
            reading_index: HashMap::new(),
            choice: None,
            alternatives: RefCell::new(Vec::new()),
            defined_calendars: HashMap::new(),
            day_calendars: RefCell::new(Vec::new()),
            percent_terms: std::collections::HashSet::new(),
            party_places: Vec::new(),
            cited_readings: RefCell::new(std::collections::HashSet::new()),
        }
    }

    /// Which of a site's alternatives to take: the one this check varies
    /// to, if it varies this reading, else the file's own (the first). The
    /// site is recorded, so that `pactum test --readings` knows what to vary.
    fn pick(
        &self,
        reading: &crate::syntax::ast::Name,
        what: &str,
        options: Vec<String>,
        span: crate::source::Span,
    ) -> Result<usize, CheckError> {
        let Some(&id) = self.reading_index.get(&reading.text) else {
            return Err(CheckError::UnknownName {
                what: "reading",
                name: reading.text.clone(),
                help: suggest(
                    &reading.text,
                    self.reading_index.keys().map(String::as_str),
                    "declare it in its section: `reading R1 \"title\": \"why\"`",
                ),
                src: self.src(),
                span: reading.span.into(),
            });
        };
        self.cited_readings
            .borrow_mut()
            .insert(reading.text.clone());
        let index = match &self.choice {
            Some((varied, index)) if *varied == reading.text && *index < options.len() => *index,
            _ => 0,
        };
        let mut sites = self.alternatives.borrow_mut();
        // A formula's body may be lowered more than once; its site is one.
        if !sites.iter().any(|site| site.span == span) {
            sites.push(crate::program::AlternativeSite {
                reading: id,
                what: what.to_string(),
                options,
                span,
            });
        }
        Ok(index)
    }

    pub fn src(&self) -> NamedSource<Arc<str>> {
        self.source.named()
    }

    fn report(&mut self, error: CheckError) {
        // Already reported under the diagnostic that caused it.
        if !matches!(error, CheckError::Reported) {
            self.errors.push(error);
        }
    }

    /// Runs the evaluator on a constant expression, turning a fault into a
    /// diagnostic at the expression.
    fn constant(&self, expr: &crate::program::Expr) -> Result<Value, CheckError> {
        self.constant_traced(expr).map(|(value, _)| value)
    }

    /// A constant with what computing it relied on, for defined terms,
    /// whose roundings the report must show.
    fn constant_traced(
        &self,
        expr: &crate::program::Expr,
    ) -> Result<(Value, crate::trace::Trace), CheckError> {
        let mut trace = crate::trace::Trace::default();
        crate::compute::evaluate_constant(
            expr,
            self.zone,
            (self.calendar.as_ref(), self.trading.as_ref()),
            &self.day_calendars.borrow(),
            self.short_months,
            &mut trace,
        )
        .map(|value| (value, trace))
        .map_err(|fault| CheckError::Arithmetic {
            message: fault.message(),
            src: self.src(),
            span: expr.span.into(),
        })
    }
}

/// Checks a parsed clause file.
pub fn check_contract(source: &Source, file: &ClauseFile) -> Result<Program, Vec<CheckError>> {
    check_contract_under(source, file, None)
}

/// Checks a parsed clause file with one reading varied: `Some((ID, N))`
/// takes alternative N (counting from 0, the file's own choice) wherever the
/// file writes `either … per reading ID`, so that every defined term, rule
/// and computation built on it sees that alternative. `None` is
/// [`check_contract`].
pub fn check_contract_under(
    source: &Source,
    file: &ClauseFile,
    choice: Option<(&str, usize)>,
) -> Result<Program, Vec<CheckError>> {
    let choice = choice.map(|(id, index)| (id.to_string(), index));
    let mut program = declarations::check(source, file, choice)?;
    drafting::lint(source, file, &mut program)?;
    Ok(program)
}
