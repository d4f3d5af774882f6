//! Parsing: text to [`ast`]. The pest grammar lives in `grammar/pactum.pest`;
//! this module turns pest's output into our own AST and pest's errors into
//! [`SyntaxError`]s, so no pest type leaves it.

pub mod ast;
mod clause;
mod declarations;
mod expr;
mod literal;
mod names;
pub mod outline;
mod parts;
mod prescan;
mod scenario;

use pest::iterators::Pair;
use pest::Parser as _;
use pest_derive::Parser;

use crate::errors::SyntaxError;
use crate::source::{Source, Span};

pub use clause::parse_clause_file;
pub use prescan::{MAX_DEPTH, MAX_NAME, MAX_NESTING, MAX_OPERATORS};
pub use scenario::{parse_event_time, parse_scenario, parse_value};

#[derive(Parser)]
#[grammar = "../grammar/pactum.pest"]
struct PactumParser;

/// Runs one entry rule of the grammar over the whole source.
///
/// The first parse runs without pest's error-detail tracking, which costs
/// several times the parse itself; only a source that fails is parsed again
/// with it, so that the diagnostic can name what was expected where.
fn parse_rule(source: &Source, entry: Rule) -> Result<Pair<'_, Rule>, SyntaxError> {
    prescan::check(source)?;
    let mut pairs = match parse_with_detail(entry, source.text(), false) {
        Ok(pairs) => pairs,
        Err(_) => parse_with_detail(entry, source.text(), true)
            .map_err(|error| names::syntax_error(source, &error))?,
    };
    pairs.next().ok_or_else(|| SyntaxError::Unexpected {
        expected: names::friendly(entry).to_string(),
        found: "nothing".to_string(),
        help: "see docs/language.md for the shape of each declaration".to_string(),
        src: source.named(),
        span: Span::new(0, 0).into(),
    })
}

/// pest reads its error-detail switch from a global when a parse starts;
/// holding this lock from setting it until the parse ends keeps a parse on
/// another thread from changing it under this one.
static DETAIL_SWITCH: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn parse_with_detail(
    entry: Rule,
    text: &str,
    detail: bool,
) -> Result<pest::iterators::Pairs<'_, Rule>, Box<pest::error::Error<Rule>>> {
    let _switch = DETAIL_SWITCH
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    pest::set_error_detail(detail);
    PactumParser::parse(entry, text).map_err(Box::new)
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let span = pair.as_span();
    Span::new(span.start(), span.end())
}

/// Folds runs of spaces inside a multi-word name to one space.
fn name_of(pair: &Pair<'_, Rule>) -> ast::Name {
    ast::Name {
        text: pair
            .as_str()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        span: span_of(pair),
    }
}
