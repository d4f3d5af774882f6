//! Wording of the checker's diagnostics: names that resolve to nothing, types
//! and units that do not fit, times that do not exist. Scenario scripts are
//! checked against their contract by the same stage and share these.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

/// The help of a `type_mismatch` between a defined term's alternatives.
pub const ALTERNATIVES_SAME_TYPE: &str = "every alternative of a defined term must have the first one's type, so that the rules built on it can take any of them";

#[derive(Debug, Error, Diagnostic)]
pub enum CheckError {
    #[error("unknown {what} `{name}`")]
    #[diagnostic(code(pactum::check::unknown_name), help("{help}"))]
    UnknownName {
        what: &'static str,
        name: String,
        help: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("not declared")]
        span: SourceSpan,
    },

    #[error("`{name}` is declared twice")]
    #[diagnostic(
        code(pactum::check::duplicate),
        help("each name may be declared once; rename one of them")
    )]
    Duplicate {
        name: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("first declared here")]
        first: SourceSpan,
        #[label("declared again here")]
        second: SourceSpan,
    },

    #[error("`{operator}` cannot combine {left} with {right}")]
    #[diagnostic(code(pactum::check::unit_mismatch), help("{help}"))]
    UnitMismatch {
        operator: String,
        left: String,
        right: String,
        help: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("this is {left}")]
        left_span: SourceSpan,
        #[label("this is {right}")]
        right_span: SourceSpan,
    },

    #[error("expected {expected}, found {found}")]
    #[diagnostic(code(pactum::check::type_mismatch), help("{help}"))]
    TypeMismatch {
        expected: String,
        found: String,
        help: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("this is {found}")]
        span: SourceSpan,
    },

    #[error("`days` alone does not say which days count")]
    #[diagnostic(
        code(pactum::check::bare_days),
        help("write `calendar days` or `business days`; if the contract just says \"days\", choose one and state the choice as a reading")
    )]
    BareDays {
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("calendar or business?")]
        span: SourceSpan,
    },

    #[error("a number of days must be a whole number")]
    #[diagnostic(code(pactum::check::fractional_days))]
    FractionalDays {
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("not a whole number of days")]
        span: SourceSpan,
    },

    #[error("`{code}` is not a currency Pactum knows")]
    #[diagnostic(
        code(pactum::check::unknown_currency),
        help("known currencies: {known}")
    )]
    UnknownCurrency {
        code: String,
        known: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("unknown currency")]
        span: SourceSpan,
    },

    #[error("this time of day has no zone")]
    #[diagnostic(
        code(pactum::check::missing_zone),
        help("write the zone after the time, e.g. `17:00 America/New_York`; a clause must not depend on where it is read")
    )]
    MissingZone {
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("which zone?")]
        span: SourceSpan,
    },

    #[error("`{local}` does not exist in `{zone}`: the clocks skip it")]
    #[diagnostic(
        code(pactum::check::nonexistent_time),
        help(
            "the clocks jumped from {jump_from} to {jump_to}, so it has two readings; write the one you mean:\n`{local} {offset_before}` is {reading_before}\n`{local} {offset_after}` is {reading_after}"
        )
    )]
    NonexistentTime {
        local: String,
        zone: String,
        /// Where the clocks jumped: `02:00` to `03:00`.
        jump_from: String,
        jump_to: String,
        /// The time written, read with the offset in force before the jump,
        /// and what that is on the clock: `-05:00`, `03:30 EDT`.
        offset_before: String,
        reading_before: String,
        /// The same with the offset in force after it: `-04:00`, `01:30 EST`.
        offset_after: String,
        reading_after: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("skipped by daylight saving")]
        span: SourceSpan,
    },

    #[error("`{local}` happens twice in `{zone}`")]
    #[diagnostic(
        code(pactum::check::ambiguous_time),
        help(
            "it is either {earlier} or {later}; write the UTC offset instead of the zone to choose"
        )
    )]
    AmbiguousTime {
        local: String,
        zone: String,
        earlier: String,
        later: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("repeated when daylight saving ends")]
        span: SourceSpan,
    },

    #[error("the header does not say {what}")]
    #[diagnostic(
        code(pactum::check::missing_header),
        help("add `{example}` under `contract`")
    )]
    MissingHeader {
        what: &'static str,
        example: &'static str,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("in this header")]
        span: SourceSpan,
    },

    #[error("`{name}` is not a constant")]
    #[diagnostic(
        code(pactum::check::not_constant),
        help("a defined term may use literals and other defined terms, not state or events")
    )]
    NotConstant {
        name: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("changes while the contract runs")]
        span: SourceSpan,
    },

    #[error("`on change of` rules change one another's states in a loop: {states}")]
    #[diagnostic(
        code(pactum::check::change_loop),
        help("a chain of `on change of` rules must end: no rule may change a state that, through other rules, sets it off again (a rule may change the very state it watches, as a floor or a cap does)")
    )]
    ChangeLoop {
        states: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("this rule is part of the loop")]
        span: SourceSpan,
    },

    #[error("{what}")]
    #[diagnostic(code(pactum::check::not_here), help("{help}"))]
    NotHere {
        what: String,
        help: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("not allowed here")]
        span: SourceSpan,
    },

    #[error(
        "reading {reading} has {here} alternatives here, but {first} where it first names them"
    )]
    #[diagnostic(
        code(pactum::check::alternatives),
        help("alternative N of a reading is taken everywhere at once, so every `either … per reading {reading}` must list as many, in the same order")
    )]
    AlternativeCount {
        reading: String,
        here: usize,
        first: usize,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("{here} alternatives")]
        span: SourceSpan,
        #[label("{first} alternatives")]
        first_span: SourceSpan,
    },

    #[error("`{function}` takes {expected}")]
    #[diagnostic(code(pactum::check::arguments))]
    Arguments {
        function: String,
        expected: &'static str,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("called here")]
        span: SourceSpan,
    },

    #[error("event `{event}` has no field `{field}`")]
    #[diagnostic(code(pactum::check::unknown_field), help("{help}"))]
    UnknownField {
        event: String,
        field: String,
        help: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("no such field")]
        span: SourceSpan,
    },

    #[error("row {line} of the price file `{file}`: {what}")]
    #[diagnostic(
        code(pactum::check::bad_price_row),
        help("a price file has one row per trading day: `2024-01-02,10.50` (a date, then the value in the series' unit; a first row of column names is allowed)")
    )]
    BadPriceRow {
        file: String,
        line: usize,
        what: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("read from here")]
        span: SourceSpan,
    },

    #[error("`{event}` needs the field `{field}`")]
    #[diagnostic(code(pactum::check::missing_field), help("add `{field}: ...` ({ty})"))]
    MissingField {
        event: String,
        field: String,
        ty: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("`{field}` missing")]
        span: SourceSpan,
    },

    #[error("{message}")]
    #[diagnostic(
        code(pactum::check::arithmetic),
        help("check the defined terms this value uses")
    )]
    Arithmetic {
        message: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("while computing this")]
        span: SourceSpan,
    },

    /// A problem already reported under another diagnostic; never shown.
    #[error("already reported")]
    Reported,

    #[error("{count} more problems not shown")]
    #[diagnostic(code(pactum::check::more), help("fix the ones above and check again"))]
    More { count: usize },

    #[error("`{date}` is outside the calendars' range 1990–2100")]
    #[diagnostic(code(pactum::check::calendar_range))]
    CalendarRange {
        date: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("out of range")]
        span: SourceSpan,
    },
}

/// `pactum::check::not_here` for an invariant that reads an event: what, then help.
pub const INVARIANT_READS_EVENT: (&str, &str) = (
    "an invariant holds over the contract's state; it cannot read an event",
    "state it over state, defined terms, `count(…)`/`sum(…)` of records and obligations; put a test of an event's fields in a `refuse` of the section that reacts to it",
);
