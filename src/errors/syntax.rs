//! Wording of the diagnostics the parser raises: text that does not match the
//! grammar, and literals (dates, times, zones, numbers) that match it but mean
//! nothing.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

#[derive(Debug, Error, Diagnostic)]
pub enum SyntaxError {
    #[error("expected {expected}, found {found}")]
    #[diagnostic(code(pactum::syntax::unexpected), help("{help}"))]
    Unexpected {
        expected: String,
        found: String,
        help: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("expected {expected} here")]
        span: SourceSpan,
    },

    #[error("`{text}` is not a date")]
    #[diagnostic(
        code(pactum::syntax::bad_date),
        help("dates are written YYYY-MM-DD and must exist in the calendar, e.g. `2004-12-27`")
    )]
    BadDate {
        text: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("no such day")]
        span: SourceSpan,
    },

    #[error("`{text}` is not a time of day")]
    #[diagnostic(
        code(pactum::syntax::bad_time),
        help("times are written on a 24-hour clock, HH:MM or HH:MM:SS, e.g. `17:00`")
    )]
    BadTime {
        text: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("no such time")]
        span: SourceSpan,
    },

    #[error("`{text}` could be midnight or noon")]
    #[diagnostic(
        code(pactum::syntax::ambiguous_noon),
        help("12 AM and 12 PM are read both ways; write `00:00` for midnight or `12:00` for noon")
    )]
    AmbiguousNoon {
        text: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("which one?")]
        span: SourceSpan,
    },

    #[error("`{text}` is not a time zone Pactum knows")]
    #[diagnostic(code(pactum::syntax::unknown_zone), help("{help}"))]
    UnknownZone {
        text: String,
        help: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("unknown zone")]
        span: SourceSpan,
    },

    #[error("`{text}` is not a UTC offset")]
    #[diagnostic(
        code(pactum::syntax::bad_offset),
        help("offsets run from -23:59 to +23:59, e.g. `-05:00`")
    )]
    BadOffset {
        text: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("no such offset")]
        span: SourceSpan,
    },

    #[error("the number `{text}` is too large")]
    #[diagnostic(
        code(pactum::syntax::number_too_large),
        help("a number written in a contract or scenario has at most 38 digits; no contract figure needs more")
    )]
    NumberTooLarge {
        text: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("too many digits")]
        span: SourceSpan,
    },

    #[error("the ratio `{text}` divides by zero")]
    #[diagnostic(
        code(pactum::syntax::zero_ratio),
        help("a ratio `A:B` is A divided by B, so B cannot be 0; a 2-for-1 split is `2:1`")
    )]
    ZeroRatio {
        text: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("second number is 0")]
        span: SourceSpan,
    },

    #[error("an `either` is weighed by one reading, not several")]
    #[diagnostic(
        code(pactum::syntax::either_readings),
        help("write `per reading ID` after the alternatives; `pactum test --readings` varies one reading at a time, so each `either` belongs to exactly one")
    )]
    EitherReadings {
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("one reading here")]
        span: SourceSpan,
    },

    #[error("`{name}` is a declared name here, but its words also read one by one")]
    #[diagnostic(
        code(pactum::syntax::ambiguous_name),
        help("a declared name with keyword words in it is read as the name wherever its words appear; here they would also read as the keyword they hold. Rename the declared name, or, to read the words one by one, put the part before the keyword in parentheses")
    )]
    AmbiguousName {
        name: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("the declared name, or its words one by one?")]
        span: SourceSpan,
    },

    #[error("this expression is nested more than {limit} levels deep")]
    #[diagnostic(
        code(pactum::syntax::too_deep),
        help("split the formula with `let` or into defined terms")
    )]
    TooDeep {
        limit: usize,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("too deep")]
        span: SourceSpan,
    },

    #[error("this expression has more than {limit} operators")]
    #[diagnostic(
        code(pactum::syntax::too_large),
        help("split the formula with `let` or into defined terms")
    )]
    TooLarge {
        limit: usize,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("the first operator past the limit")]
        span: SourceSpan,
    },

    #[error("this text takes the grammar more than {limit} steps to read")]
    #[diagnostic(
        code(pactum::syntax::too_complex),
        help("a malformed line can make the reader try many readings of it; look for an unclosed `{{` or `(`, or a line of stray symbols, and split long expressions with `let` or defined terms")
    )]
    TooComplex {
        /// The limit, written with thousands separators.
        limit: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("the reader gave up here")]
        span: SourceSpan,
    },

    #[error("this name is longer than {limit} characters")]
    #[diagnostic(
        code(pactum::syntax::long_name),
        help("a name is at most {limit} characters, counting the spaces between its words; shorten it")
    )]
    LongName {
        limit: usize,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("too long")]
        span: SourceSpan,
    },
}
