//! The checked program: every name resolved to an index, every expression
//! typed. The evaluator runs this, never the AST, so per-event work does no
//! name lookups.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;

use crate::calendar::Calendar;
use crate::errors::Lint;
use crate::number::RoundingMode;
use crate::scope::Scope;
use crate::source::{Source, Span};
use crate::syntax::ast::{BinaryOp, MonthEnd, ObligationStatus, PartyRole, RollChoice, UnaryOp};
use crate::types::{KindId, Type};
use crate::value::Value;

pub use crate::types::{ClauseId, EventId, ObligationId, PartyId, ReadingId, RecordId, StateId};

#[derive(Debug, Clone)]
pub struct Program {
    pub source: Source,
    pub title: String,
    pub parties: Vec<Party>,
    pub dated: Option<NaiveDate>,
    /// The first day of the term: `term starts:`, else the date of the
    /// instrument. Events before it are refused.
    pub term_start: Option<TermStart>,
    pub governing_law: Option<String>,
    pub zone: Tz,
    pub calendar: Calendar,
    /// The readings the header's `business days:` cites.
    pub calendar_readings: Vec<ReadingId>,
    /// The exchange's days, for `trading days` and market data.
    pub trading_calendar: Calendar,
    /// Calendars a count of days names (`5 business days on us-banks`),
    /// indexed by `Days::calendar`.
    pub day_calendars: Vec<Calendar>,
    /// Defined terms written as a percentage (`9.99%`), shown as one.
    pub percent_terms: std::collections::HashSet<String>,
    pub trading_readings: Vec<ReadingId>,
    /// Market data series, each a value per trading day given by scenarios.
    pub markets: Vec<MarketDef>,
    /// What `+ N months` does to a day the month lacks; `None` refuses to guess.
    pub short_months: Option<MonthEnd>,
    pub short_months_readings: Vec<ReadingId>,
    pub clauses: Vec<Clause>,
    pub clause_index: HashMap<String, ClauseId>,
    pub readings: Vec<ReadingDef>,
    pub kinds: Vec<KindDef>,
    pub state: Vec<StateVar>,
    /// Kinds of things the contract keeps several of, each with numbered instances.
    pub records: Vec<RecordDef>,
    pub events: Vec<EventType>,
    pub event_index: HashMap<String, EventId>,
    pub reactions: Vec<Reaction>,
    pub change_reactions: Vec<ChangeReaction>,
    /// Computations of the contract's own, called like functions.
    pub formulas: Vec<FormulaDef>,
    /// Two-way tables read by linear interpolation.
    pub tables: Vec<TableDef>,
    /// Rules that fire when a time comes, not on an event.
    pub timed_reactions: Vec<TimedReaction>,
    pub obligations: Vec<ObligationDef>,
    /// Indexed by the variant of [`Program::notice_kind`].
    pub notice_rules: Vec<NoticeRule>,
    pub notice_kind: Option<KindId>,
    /// The names expressions may use, kept for checking scenarios.
    pub scope: Scope,
    /// Warnings: the program runs, but a reader should look here. Those a
    /// section acknowledges are not here; they are counted in
    /// [`Program::acknowledgements`].
    pub lints: Vec<Lint>,
    /// `acknowledge` lines, in file order, for the reports' header.
    pub acknowledgements: Vec<Acknowledgement>,
    /// Roundings in defined terms, by term, shown at the head of reports.
    pub constant_roundings: Vec<(String, crate::trace::Rounded)>,
    /// Where readings name their alternatives (`either A | B per reading
    /// R`), in the order the checker met them.
    pub alternatives: Vec<AlternativeSite>,
    /// The alternative this program was checked under, when it is not the
    /// file's own choice: a reading and the index of its alternative.
    pub variant: Option<(ReadingId, usize)>,
    /// `invariant "WORDS": CONDITION`, in file order: checked after every
    /// committed event and every rule that acts at a time.
    pub invariants: Vec<InvariantDef>,
}

/// A property the clause file says must always hold.
#[derive(Debug, Clone)]
pub struct InvariantDef {
    pub words: String,
    /// The condition as written, on one line, for reports.
    pub text: String,
    pub condition: Expr,
    /// Local slots its `count(…)` and `sum(…)` binders need.
    pub locals: usize,
    /// 1-based line of the declaration in the clause file.
    pub line: usize,
}

/// A place where a reading's alternatives act: the header's calendar, a
/// defined term, a rounding mode.
#[derive(Debug, Clone)]
pub struct AlternativeSite {
    pub reading: ReadingId,
    /// What varies, for reports: `business days`, `Tender Period`, `round`.
    pub what: String,
    /// Each alternative as written, the file's choice first.
    pub options: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Party {
    pub name: String,
    pub role: PartyRole,
    pub legal_name: String,
    /// Where it receives notices (`in ZONE`), for cut-offs in the recipient's time.
    pub place: Option<Tz>,
}

#[derive(Debug, Clone)]
pub struct Clause {
    pub number: String,
    pub heading: String,
    pub text: Option<String>,
    /// The quoted text as written in the clause file, for the redline.
    pub text_source: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct ReadingDef {
    pub id: String,
    pub title: String,
    pub body: String,
    pub clause: ClauseId,
}

/// A lint a section acknowledges, with the reason the clause file gives.
#[derive(Debug, Clone)]
pub struct Acknowledgement {
    pub code: String,
    pub clause: ClauseId,
    pub reason: String,
    /// How many of the section's warnings it silenced.
    pub silenced: usize,
}

#[derive(Debug, Clone)]
pub struct KindDef {
    pub name: String,
    pub variants: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct StateVar {
    pub name: String,
    pub ty: Type,
    /// How reports show its value (`ratio`: `3-for-2`; `percent`: `4.99%`).
    pub shown: Shown,
    pub initial: Value,
}

/// How reports show a number kept in a state or an event's field: as it is,
/// or, when it is declared `ratio` or `percent`, as a split ratio or a
/// percentage. The value is the same number either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shown {
    #[default]
    Plain,
    /// `3-for-2`.
    Ratio,
    /// `4.99%`.
    Percent,
}

impl Shown {
    /// How a declared type asks for its values to be shown.
    pub fn of(kind: &crate::syntax::ast::TypeNameKind) -> Shown {
        match kind {
            crate::syntax::ast::TypeNameKind::Ratio => Shown::Ratio,
            crate::syntax::ast::TypeNameKind::Percent => Shown::Percent,
            _ => Shown::Plain,
        }
    }
}

#[derive(Debug, Clone)]
pub struct TermStart {
    pub date: NaiveDate,
    /// Whether a `term starts:` line stated it (else it is the `dated` date).
    pub stated: bool,
    pub readings: Vec<ReadingId>,
}

#[derive(Debug, Clone)]
pub struct RecordDef {
    pub name: String,
    pub fields: Vec<RecordFieldDef>,
    /// Instances that exist when the contract starts (`starting with N`).
    pub starting: u32,
}

#[derive(Debug, Clone)]
pub struct RecordFieldDef {
    pub name: String,
    pub ty: Type,
    pub initial: Value,
}

#[derive(Debug, Clone)]
pub struct EventType {
    pub name: String,
    pub sender: Option<PartyId>,
    /// The party it goes to: `to PARTY`, or with two parties the one that
    /// is not the sender.
    pub recipient: Option<PartyId>,
    pub is_notice: bool,
    pub fields: Vec<FieldDef>,
    /// Reactions to this event, in clause-file order.
    pub reactions: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct FieldDef {
    pub name: String,
    pub ty: Type,
    /// How reports show its value.
    pub shown: Shown,
}

#[derive(Debug, Clone)]
pub struct Reaction {
    pub clause: ClauseId,
    pub event: EventId,
    pub instances: Option<InstanceFilter>,
    pub locals: usize,
    pub body: Vec<Stmt>,
}

#[derive(Debug, Clone)]
pub struct ChangeReaction {
    pub clause: ClauseId,
    pub state: StateId,
    /// The watched state's name in `on change of STATE`, for diagnostics.
    pub span: Span,
    pub instances: Option<InstanceFilter>,
    /// Local slots 0 and 1 hold the old and the new value.
    pub locals: usize,
    pub body: Vec<Stmt>,
}

impl ChangeReaction {
    /// Whether its statements `set` the state `state`: another rule's
    /// watched state (an ordering constraint), or its own (a floor or a cap,
    /// run again until it settles).
    pub fn sets_state(&self, state: StateId) -> bool {
        self.body.iter().any(|statement| {
            matches!(
                statement,
                Stmt::Set {
                    target: SetTarget::State(target),
                    ..
                } if *target == state
            )
        })
    }
}

/// A two-way table: the value at a row and a column heading, linearly
/// interpolated between headings. Headings are strictly increasing or
/// strictly decreasing along each axis.
#[derive(Debug, Clone)]
pub struct TableDef {
    pub name: String,
    pub row_unit: crate::types::Unit,
    pub column_unit: crate::types::Unit,
    pub result: Type,
    pub clamped: bool,
    pub rows: Vec<crate::number::Number>,
    pub columns: Vec<crate::number::Number>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<crate::number::Number>>,
}

#[derive(Debug, Clone)]
pub struct MarketDef {
    pub name: String,
    pub ty: Type,
}

/// A question about market data over a window of trading days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarketQuery {
    /// `SERIES(DATE)`: the value on that trading day.
    On,
    /// `average(SERIES, N, DATE)`
    Average,
    Highest,
    Lowest,
    /// `days reaching(SERIES, LEVEL, N, DATE)`: how many days of the window.
    AtOrAbove,
    /// `vwap(PRICES, VOLUMES, N, DATE)`: volume-weighted average price.
    Vwap,
}

/// `formula NAME(PARAM: TYPE, …) = BODY`; the parameters are the body's
/// locals 0, 1, …
#[derive(Debug, Clone)]
pub struct FormulaDef {
    pub name: String,
    pub params: Vec<(String, Type)>,
    pub ty: Type,
    pub body: Expr,
}

/// `at TIME:` or `every PERIOD after TIME:`: a reaction to time itself.
#[derive(Debug, Clone)]
pub struct TimedReaction {
    pub clause: ClauseId,
    pub timing: Timing,
    /// `at Expiration Date`, as written, for reports.
    pub label: String,
    /// Where the trigger is written, for diagnostics.
    pub span: crate::source::Span,
    pub instances: Option<InstanceFilter>,
    pub locals: usize,
    pub body: Vec<Stmt>,
}

#[derive(Debug, Clone)]
pub enum Timing {
    /// An instant or a date (its start in the contract's zone); it may read
    /// state, and fires again whenever the time it names changes.
    At(Expr),
    /// `ANCHOR + k × PERIOD` for k = 1, 2, … (up to `times`).
    Every {
        period: crate::value::Days,
        anchor: Expr,
        times: Option<u32>,
    },
}

/// `, for each RECORD as x when …`: the instances a reaction runs for, each
/// bound in turn to the local `slot`.
#[derive(Debug, Clone)]
pub struct InstanceFilter {
    pub quantifier: crate::syntax::ast::Quantifier,
    pub record: RecordId,
    pub slot: usize,
    pub guard: Option<Expr>,
    /// Cited whenever the reaction runs for an instance.
    pub readings: Vec<ReadingId>,
}

#[derive(Debug, Clone)]
pub struct ObligationDef {
    pub name: String,
    pub party: PartyId,
    pub duty: String,
    pub fulfilled_by: EventId,
    pub clause: ClauseId,
    /// The record whose instances own it (`as x.tender`), if any.
    pub owner: Option<RecordId>,
}

#[derive(Debug, Clone)]
pub struct NoticeRule {
    pub method: String,
    pub deemed: Deemed,
    pub cutoff: Option<CutoffRule>,
    pub clause: ClauseId,
    pub readings: Vec<ReadingId>,
}

/// A notice sent after `after` (wall-clock time in its zone), or on a closed
/// day, counts on the next business day.
#[derive(Debug, Clone, Copy)]
pub struct CutoffRule {
    pub after: Option<(NaiveTime, Tz)>,
    /// The time is read in the zone of the notice's recipient (`recipient's time`).
    pub recipient: bool,
    pub closed_day: bool,
}

#[derive(Debug, Clone, Copy)]
pub enum Deemed {
    WhenSent,
    After(crate::value::Days),
}

#[derive(Debug, Clone)]
pub enum Stmt {
    Refuse {
        reason: String,
        condition: Expr,
        readings: Vec<ReadingId>,
    },
    Set {
        target: SetTarget,
        value: Expr,
        guard: Option<Expr>,
        readings: Vec<ReadingId>,
    },
    Let {
        slot: usize,
        value: Expr,
        readings: Vec<ReadingId>,
    },
    Open {
        record: RecordId,
        slot: usize,
    },
    Must {
        obligation: ObligationId,
        /// The local holding the instance that owns it, for `as x.tender`.
        owner: Option<usize>,
        deadline: DeadlineRule,
        roll: Option<RollChoice>,
        guard: Option<Expr>,
        readings: Vec<ReadingId>,
    },
}

/// What a `set` changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetTarget {
    State(StateId),
    /// A field of the instance held in a local slot.
    Field {
        slot: usize,
        field: usize,
    },
}

#[derive(Debug, Clone)]
pub struct DeadlineRule {
    pub before: bool,
    pub period: Expr,
    pub anchor: Expr,
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: Type,
    pub span: Span,
}

impl Expr {
    /// The expressions directly inside this one, for walks over a condition
    /// (what it reads, where its thresholds are). A formula's body is not
    /// inside its call: a walk that needs it looks it up.
    pub fn children(&self) -> Vec<&Expr> {
        match &self.kind {
            ExprKind::Const(_)
            | ExprKind::State(_)
            | ExprKind::Local(_)
            | ExprKind::Field(_)
            | ExprKind::EventTime
            | ExprKind::EventDate
            | ExprKind::DeemedTime
            | ExprKind::DeemedDate
            | ExprKind::Obligation(..)
            | ExprKind::Deadline(_) => Vec::new(),
            ExprKind::Unary(_, a)
            | ExprKind::IsWhole(a)
            | ExprKind::Abs(a)
            | ExprKind::Round { value: a, .. }
            | ExprKind::DateOf(a)
            | ExprKind::IsBusinessDay(a)
            | ExprKind::NextBusinessDay(a)
            | ExprKind::AtTime(a, ..)
            | ExprKind::InstanceField(a, _)
            | ExprKind::InstanceObligation(a, _, _)
            | ExprKind::InstanceDeadline(a, _) => vec![a.as_ref()],
            ExprKind::Binary(_, a, b)
            | ExprKind::Between(_, a, b)
            | ExprKind::Largest(_, a, b)
            | ExprKind::Table(_, a, b) => vec![a.as_ref(), b.as_ref()],
            ExprKind::If(a, b, c) | ExprKind::ProRata(a, b, c) => {
                vec![a.as_ref(), b.as_ref(), c.as_ref()]
            }
            ExprKind::Min(all) | ExprKind::Max(all) | ExprKind::Formula(_, all) => {
                all.iter().collect()
            }
            ExprKind::Market { arguments, .. } => arguments.iter().collect(),
            ExprKind::Aggregate(aggregate) => aggregate
                .guard
                .iter()
                .chain(aggregate.value.iter())
                .collect(),
        }
    }
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Const(Value),
    State(StateId),
    Local(usize),
    Field(usize),
    EventTime,
    EventDate,
    DeemedTime,
    DeemedDate,
    Obligation(ObligationId, ObligationStatus),
    Deadline(ObligationId),
    /// A field of an instance.
    InstanceField(Box<Expr>, usize),
    /// An obligation of an instance: `x.tender is met`.
    InstanceObligation(Box<Expr>, ObligationId, ObligationStatus),
    InstanceDeadline(Box<Expr>, ObligationId),
    /// `count(…)` or `sum(…)` over a record's instances.
    Aggregate(Box<AggregateExpr>),
    IsWhole(Box<Expr>),
    Abs(Box<Expr>),
    /// `largest(n up to LIMIT when CONDITION)`: the binder's local slot, the
    /// limit (shares) and the condition.
    Largest(usize, Box<Expr>, Box<Expr>),
    /// A moment on a date: the date, the wall-clock time and its zone.
    AtTime(Box<Expr>, chrono::NaiveTime, chrono_tz::Tz),
    /// Market data: the series (and for `vwap` the volumes), then the
    /// arguments: `[date]`, `[days, date]`, `[level, days, date]`.
    Market {
        query: MarketQuery,
        series: usize,
        volumes: Option<usize>,
        arguments: Vec<Expr>,
    },
    /// A call of the contract's own formula.
    Formula(usize, Vec<Expr>),
    /// A table read at a row and a column.
    Table(usize, Box<Expr>, Box<Expr>),
    /// Whole calendar days, business days (on the contract's calendar) or
    /// months from the first date to the second; negative if it is earlier.
    Between(crate::syntax::ast::DayKind, Box<Expr>, Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Min(Vec<Expr>),
    Max(Vec<Expr>),
    ProRata(Box<Expr>, Box<Expr>, Box<Expr>),
    Round {
        value: Box<Expr>,
        places: u32,
        mode: RoundingMode,
        /// The reading whose alternatives the mode is one of, if any.
        reading: Option<ReadingId>,
    },
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// The date of an instant in the contract's zone.
    DateOf(Box<Expr>),
    /// Whether a date is a business day on the contract's calendar.
    IsBusinessDay(Box<Expr>),
    /// The first business day after a date.
    NextBusinessDay(Box<Expr>),
}

#[derive(Debug, Clone)]
pub struct AggregateExpr {
    pub sum: bool,
    pub record: RecordId,
    pub slot: usize,
    pub guard: Option<Expr>,
    pub value: Option<Expr>,
}

/// One event to apply: from a scenario line or a JSON Lines record.
#[derive(Debug, Clone)]
pub struct EventInput {
    pub time: crate::value::Moment,
    /// `None` for `time passes`, which only lets deadlines run out.
    pub event: Option<EventId>,
    pub fields: Vec<Value>,
    /// 1-based line in the scenario or event stream.
    pub line: usize,
}

impl Program {
    pub fn clause_label(&self, clause: ClauseId) -> String {
        self.clauses
            .get(clause)
            .map_or_else(String::new, |c| format!("§{} {}", c.number, c.heading))
    }

    pub fn clause_number(&self, clause: ClauseId) -> &str {
        self.clauses.get(clause).map_or("", |c| c.number.as_str())
    }

    /// `exercise 2`: instances are numbered from 1 in the order they opened.
    pub fn instance_label(&self, record: RecordId, index: u32) -> String {
        let name = self
            .records
            .get(record)
            .map_or("record", |r| r.name.as_str());
        format!("{name} {}", u64::from(index) + 1)
    }

    pub fn kind_names(&self) -> Vec<String> {
        self.kinds.iter().map(|k| k.name.clone()).collect()
    }
}
