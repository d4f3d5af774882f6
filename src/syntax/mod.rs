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
fn parse_rule(source: &Source, entry: Rule) -> Result<Pair<'_, Rule>, SyntaxError> {
    prescan::check(source)?;
    pest::set_error_detail(true);
    let mut pairs = PactumParser::parse(entry, source.text())
        .map_err(|error| names::syntax_error(source, &error))?;
    pairs.next().ok_or_else(|| SyntaxError::Unexpected {
        expected: names::friendly(entry).to_string(),
        found: "nothing".to_string(),
        help: "see docs/language.md for the shape of each declaration".to_string(),
        src: source.named(),
        span: Span::new(0, 0).into(),
    })
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
