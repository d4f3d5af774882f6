//! Wording of the diagnostics about files and event streams: what cannot be
//! read, and JSON Lines records that are not events.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

#[derive(Debug, Error, Diagnostic)]
pub enum InputError {
    #[error("cannot read `{path}`: {reason}")]
    #[diagnostic(
        code(pactum::input::unreadable),
        help("check the path and its permissions")
    )]
    Unreadable { path: String, reason: String },

    #[error("`{path}` is not text")]
    #[diagnostic(
        code(pactum::input::not_text),
        help("clause files, scenarios and event streams are UTF-8 text")
    )]
    NotText { path: String },

    #[error("the contract `{path}` named by this scenario cannot be read: {reason}")]
    #[diagnostic(
        code(pactum::input::missing_contract),
        help("the path is relative to the scenario's folder")
    )]
    MissingContract {
        path: String,
        reason: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("this file")]
        span: SourceSpan,
    },

    #[error("cannot read the price file `{path}`: {reason}")]
    #[diagnostic(
        code(pactum::input::missing_prices),
        help("the path is relative to the scenario's folder: `prices Closing Price from \"closing.csv\"`")
    )]
    MissingPrices {
        path: String,
        reason: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("this file")]
        span: SourceSpan,
    },

    #[error("line {line} is not JSON: {message}")]
    #[diagnostic(
        code(pactum::input::bad_json),
        help("each line is one JSON object: {{\"time\": \"2002-06-03 10:00\", \"event\": \"…\", \"fields\": {{…}}}}")
    )]
    BadJson {
        line: usize,
        message: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("here")]
        span: SourceSpan,
    },

    #[error("line {line}: {message}")]
    #[diagnostic(code(pactum::input::event_shape), help("{help}"))]
    EventShape {
        line: usize,
        message: String,
        help: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("in this record")]
        span: SourceSpan,
    },

    #[error("`--review` needs a terminal to ask you about each snapshot")]
    #[diagnostic(
        code(pactum::input::no_terminal),
        help("run it in a terminal; elsewhere use `--accept` to accept every pending snapshot, or `--check` in CI")
    )]
    NoTerminal,

    #[error("`{path}` holds no scenarios")]
    #[diagnostic(
        code(pactum::input::no_scenarios),
        help("`pactum test` looks for `*.scenario` files under the paths it is given")
    )]
    NoScenarios { path: String },
}
