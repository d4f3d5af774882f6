//! The abstract syntax of clause files and scenarios, exactly as written:
//! names are not yet resolved and units not yet checked. Nodes carry our own
//! [`Span`]s, never pest types, so later stages do not depend on the parser.

use chrono::{FixedOffset, NaiveDate, NaiveTime};
use chrono_tz::Tz;

use crate::number::{Number, RoundingMode};
use crate::source::Span;

/// A name as written, with runs of spaces folded to one: `Warrant Shares`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

/// The readings a rule cites, in the order written: none, `per reading R2`,
/// or `per readings R2, R5`. Ids are checked later, each with its own span.
pub type Readings = Vec<Name>;

/// A quoted string's contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub value: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct ClauseFile {
    pub header: Header,
    pub declarations: Vec<Declaration>,
}

#[derive(Debug, Clone)]
pub struct Header {
    pub title: Text,
    pub parties: Vec<PartyDecl>,
    pub dated: Option<(NaiveDate, Span)>,
    /// `term starts: DATE`, when the term starts later than the instrument's date.
    pub term_start: Option<(NaiveDate, Span, Readings)>,
    pub governing_law: Option<Text>,
    pub calendar: Option<CalendarChoice>,
    /// `trading days: CALENDAR`: the exchange's days.
    pub trading: Option<CalendarChoice>,
    pub local_time: Option<(Tz, Span)>,
    pub short_months: Option<(MonthEnd, Readings)>,
    pub span: Span,
}

/// What adding months does to a day the target month lacks (January 31 + 1 month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MonthEnd {
    /// The last day of the shorter month: February 28 or 29.
    EndOfMonth,
    /// The day after it: March 1.
    NextDay,
}

/// A deadline's answer to falling on a closed day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollChoice {
    Roll(crate::calendar::Roll),
    /// Stated: the deadline stays on the closed day.
    None,
}

/// `, or the next business day if sent after 17:00 or on a closed day`
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cutoff {
    pub after: Option<(NaiveTime, Option<Tz>)>,
    /// `after HH:MM recipient's time`: the time is read where the notice is received.
    pub recipient: bool,
    pub closed_day: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PartyRole {
    Issuer,
    Holder,
    Party,
}

#[derive(Debug, Clone)]
pub struct PartyDecl {
    pub role: PartyRole,
    pub name: Name,
    pub legal_name: Text,
    /// `in America/Los_Angeles`: the zone where the party receives notices.
    pub place: Option<Tz>,
}

#[derive(Debug, Clone)]
pub struct CalendarChoice {
    /// The calendar the file chooses: with `either`, the first alternative.
    pub calendar: Name,
    /// The readings cited; with `either`, exactly the one that weighs the alternatives.
    pub readings: Readings,
    /// `either nyse | us-banks per reading R1`: every alternative, the
    /// chosen one first; empty without `either`.
    pub alternatives: Vec<Name>,
}

#[derive(Debug, Clone)]
pub enum Declaration {
    Define(Define),
    Invariant(InvariantDecl),
    Formula(FormulaDecl),
    Table(TableDecl),
    State(StateDecl),
    Kind(KindDecl),
    Event(EventDecl),
    Record(RecordDecl),
    Market(MarketDecl),
    Calendar(CalendarDef),
    Section(Section),
}

#[derive(Debug, Clone)]
pub struct Define {
    pub name: Name,
    /// The value the file chooses: with `either`, the first alternative.
    pub value: Expr,
    /// `either A | B per reading R2`: every alternative, the chosen one
    /// first, and the reading; empty and `None` without `either`.
    pub alternatives: Vec<Expr>,
    pub reading: Option<Name>,
}

/// `table NAME(ROW: TYPE, COLUMN: TYPE) : TYPE` with its headings and rows.
#[derive(Debug, Clone)]
pub struct TableDecl {
    pub name: Name,
    pub row: (Name, TypeName),
    pub column: (Name, TypeName),
    pub result: TypeName,
    /// Outside the table, take its edge rather than refuse.
    pub clamped: bool,
    pub columns: Vec<(Number, Span)>,
    /// Each row's heading and cells.
    pub rows: Vec<(Number, Vec<Number>, Span)>,
    pub span: Span,
}

/// `invariant "WORDS": CONDITION`: a property that must always hold.
#[derive(Debug, Clone)]
pub struct InvariantDecl {
    pub words: Text,
    pub condition: Expr,
    pub span: Span,
}

/// `market data NAME : TYPE`
#[derive(Debug, Clone)]
pub struct MarketDecl {
    pub name: Name,
    pub ty: TypeName,
}

/// `formula NAME(PARAM: TYPE, …) = EXPR`
#[derive(Debug, Clone)]
pub struct FormulaDecl {
    pub name: Name,
    pub params: Vec<(Name, TypeName)>,
    pub body: Expr,
}

#[derive(Debug, Clone)]
pub struct StateDecl {
    pub name: Name,
    pub ty: TypeName,
    pub initial: Option<Expr>,
}

#[derive(Debug, Clone)]
pub struct KindDecl {
    pub name: Name,
    pub variants: Vec<Name>,
}

#[derive(Debug, Clone)]
pub struct EventDecl {
    pub name: Name,
    pub sender: Option<Name>,
    /// `to Company`: the party the event (a notice) goes to.
    pub recipient: Option<Name>,
    pub is_notice: bool,
    pub fields: Vec<FieldDecl>,
}

#[derive(Debug, Clone)]
pub struct FieldDecl {
    pub name: Name,
    pub ty: TypeName,
}

/// `record exercise { shares: shares, status: exercise status = awaiting tender }`
#[derive(Debug, Clone)]
pub struct RecordDecl {
    pub name: Name,
    pub fields: Vec<RecordField>,
    /// `starting with N`: instances that exist when the contract starts.
    pub starting: u32,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct RecordField {
    pub name: Name,
    pub ty: TypeName,
    pub initial: Option<Expr>,
}

#[derive(Debug, Clone)]
pub struct TypeName {
    pub kind: TypeNameKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum TypeNameKind {
    Price(String),
    Money(String),
    Shares,
    Number,
    /// A number shown as a split ratio (`3-for-2`).
    Ratio,
    /// A number shown as a percentage (`4.99%`).
    Percent,
    Date,
    Instant,
    Flag,
    Duration,
    Named(Name),
}

#[derive(Debug, Clone)]
pub struct CalendarDef {
    pub name: Name,
    pub parts: Vec<Name>,
    pub closures: Vec<(NaiveDate, Text)>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub number: Name,
    pub heading: Text,
    pub items: Vec<SectionItem>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum SectionItem {
    Text(Text),
    Reading(Reading),
    Acknowledge(Acknowledgement),
    Notice(NoticeRule),
    Reaction(Box<Reaction>),
}

#[derive(Debug, Clone)]
pub struct Reading {
    pub id: Name,
    pub title: Text,
    pub body: Text,
}

/// `acknowledge pactum::lint::CODE "reason"`: the section's warnings with
/// that code are known and accepted.
#[derive(Debug, Clone)]
pub struct Acknowledgement {
    pub code: Name,
    pub reason: Text,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct NoticeRule {
    pub methods: Vec<Name>,
    pub deemed: Deemed,
    pub cutoff: Option<Cutoff>,
    pub readings: Readings,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum Deemed {
    WhenSent,
    After(Expr),
}

#[derive(Debug, Clone)]
pub struct Reaction {
    pub trigger: Trigger,
    /// `, for each exercise as x when …`: the body runs once per instance.
    pub instances: Option<ForInstances>,
    pub body: Vec<Statement>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum Trigger {
    Event {
        event: Name,
        binder: Option<Name>,
    },
    Change {
        state: Name,
        old: Name,
        new: Name,
    },
    /// `at TIME:` fires when the time comes (again whenever the time it names changes).
    At(Expr),
    /// `every PERIOD after ANCHOR[, N times]:` fires at ANCHOR + PERIOD, + 2 PERIOD, …
    Every {
        period: Expr,
        anchor: Expr,
        times: Option<u32>,
    },
}

#[derive(Debug, Clone)]
pub struct ForInstances {
    pub quantifier: Quantifier,
    pub record: Name,
    pub binder: Name,
    pub guard: Option<Expr>,
    /// The readings behind which instances the reaction runs for.
    pub readings: Readings,
}

/// Which matching instances a reaction runs for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    Each,
    /// The oldest matching instance only.
    First,
    /// The most recently opened matching instance only.
    Last,
}

/// What a `set` changes: a state, or a field of the instance a binder names.
#[derive(Debug, Clone)]
pub enum Target {
    State(Name),
    Field { binder: Name, field: Name },
}

impl Target {
    pub fn span(&self) -> Span {
        match self {
            Target::State(name) => name.span,
            Target::Field { binder, field } => binder.span.to(field.span),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Statement {
    pub kind: StatementKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum StatementKind {
    Refuse {
        reason: Text,
        condition: Expr,
        readings: Readings,
    },
    Set {
        target: Target,
        value: Expr,
        guard: Option<Expr>,
        readings: Readings,
    },
    Let {
        binder: Name,
        value: Expr,
        readings: Readings,
    },
    Must(Box<MustStmt>),
    /// `open exercise as x`: a new instance of a record.
    Open {
        record: Name,
        binder: Name,
    },
}

#[derive(Debug, Clone)]
pub struct MustStmt {
    pub party: Name,
    pub duty: Text,
    /// `as tender`, or `as x.tender` for an obligation that belongs to an instance.
    pub name: Target,
    pub fulfilled_by: Name,
    pub deadline: Deadline,
    pub roll: Option<RollChoice>,
    pub guard: Option<Expr>,
    pub readings: Readings,
}

#[derive(Debug, Clone)]
pub enum Deadline {
    WithinAfter { period: Expr, anchor: Expr },
    AtLeastBefore { period: Expr, anchor: Expr },
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Literal(Literal),
    Name(Name),
    ThisEvent,
    Field(Box<Expr>, Name),
    Status(Box<Expr>, ObligationStatus),
    /// `DATE at 17:00 [ZONE]`: a moment on a date.
    AtTime(Box<Expr>, NaiveTime, Option<Tz>),
    /// `X is whole`: a quantity with no fraction.
    IsWhole(Box<Expr>),
    /// `largest(n up to LIMIT when CONDITION)`: the binder, the limit, the condition.
    Largest(Name, Box<Expr>, Box<Expr>),
    /// `count(RECORD as x when …)`, `sum(RECORD as x when …, VALUE)`.
    Aggregate(Box<Aggregate>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Call(Name, Vec<Expr>),
    Round {
        value: Box<Expr>,
        places: Precision,
        /// The mode the file chooses: with `either`, the first alternative.
        mode: RoundingMode,
        /// `either half up | half even per reading R19`, if written.
        alternatives: Option<Box<ModeAlternatives>>,
    },
    If(Box<Expr>, Box<Expr>, Box<Expr>),
}

/// The rounding modes a reading weighs, the chosen one first, each with
/// where it is written.
#[derive(Debug, Clone)]
pub struct ModeAlternatives {
    pub modes: Vec<(RoundingMode, Span)>,
    pub reading: Name,
}

/// How far `round` rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Places(u32),
    /// The currency's smallest unit (`cents`).
    MinorUnit,
}

#[derive(Debug, Clone)]
pub struct Aggregate {
    pub sum: bool,
    pub record: Name,
    pub binder: Name,
    pub guard: Option<Expr>,
    pub value: Option<Expr>,
}

#[derive(Debug, Clone)]
pub enum Literal {
    Number(Number),
    Shares(Number),
    Money {
        currency: String,
        amount: Number,
        per_share: bool,
    },
    /// A duration; `kind` is `None` for a bare `days`, which the checker refuses.
    Days {
        count: Number,
        kind: Option<DayKind>,
        /// `on us-banks`: the calendar the days are counted on, if not the header's.
        calendar: Option<Name>,
    },
    Flag(bool),
    Date(NaiveDate),
    Instant(LocalInstant),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DayKind {
    Calendar,
    Business,
    /// Days the exchange is open: the header's `trading days:` calendar.
    Trading,
    /// Calendar months; years are written as twelve months.
    Month,
}

/// A date and time as written; the zone, if any, is resolved by the checker,
/// which knows the contract's local time and can report daylight-saving gaps.
#[derive(Debug, Clone, Copy)]
pub struct LocalInstant {
    pub date: NaiveDate,
    pub time: NaiveTime,
    pub zone: Option<ZoneSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneSpec {
    Named(Tz),
    Offset(FixedOffset),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ObligationStatus {
    Open,
    Met,
    Breached,
    Late,
    /// Met or late: performed at all.
    Performed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Negate,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "=",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
        }
    }
}

// ---------------------------------------------------------------- scenarios

#[derive(Debug, Clone)]
pub struct ScenarioFile {
    pub title: Text,
    pub contract: Text,
    pub zone: Option<(Tz, Span)>,
    /// `prices NAME from "FILE"`: market data from a CSV file beside the scenario.
    pub price_files: Vec<PriceFile>,
    /// `until: TIME`: time runs on to here after the last event.
    pub until: Option<(LocalInstant, Span)>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone)]
pub enum Step {
    /// One day's value of a market data series.
    Price(PriceLine),
    Event(EventLine),
    Expect(Expectation),
}

/// `prices Closing Price from "closing.csv"`. Whoever reads files (the
/// command line) puts the file's text in `contents` before checking.
#[derive(Debug, Clone)]
pub struct PriceFile {
    pub series: Name,
    pub path: Text,
    pub contents: Option<crate::source::Source>,
}

#[derive(Debug, Clone)]
pub struct PriceLine {
    pub date: NaiveDate,
    pub series: Name,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct EventLine {
    pub time: LocalInstant,
    pub time_span: Span,
    pub what: Occurrence,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum Occurrence {
    TimePasses,
    Event {
        name: Name,
        fields: Vec<(Name, Expr)>,
    },
}

#[derive(Debug, Clone)]
pub struct Expectation {
    pub kind: ExpectationKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum ExpectationKind {
    Accepted,
    /// `reason`: text the refusal's reason must contain.
    Refused {
        by: Option<Name>,
        reason: Option<Text>,
    },
    /// No clause reacted to the event.
    Noted,
    /// Checking or running the event line gives this diagnostic code.
    Error {
        code: Name,
    },
    Holds(Expr),
}
