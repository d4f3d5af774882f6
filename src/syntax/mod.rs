//! Parsing: text to [`ast`]. The pest grammar lives in `grammar/pactum.pest`;
//! this module turns pest's output into our own AST and pest's errors into
//! [`SyntaxError`]s, so no pest type leaves it.

pub mod ast;
mod clause;
mod expr;
mod literal;
mod names;
mod scenario;

use pest::iterators::Pair;
use pest::Parser as _;
use pest_derive::Parser;

use crate::errors::SyntaxError;
use crate::source::{Source, Span};

pub use clause::parse_clause_file;
pub use scenario::{parse_event_time, parse_scenario, parse_value};

#[derive(Parser)]
#[grammar = "../grammar/pactum.pest"]
struct PactumParser;

/// Deeper parenthesis nesting than this is refused before pest sees it, so
/// that hostile input cannot exhaust the stack of any later stage.
pub const MAX_NESTING: usize = 64;

/// Runs one entry rule of the grammar over the whole source.
fn parse_rule(source: &Source, entry: Rule) -> Result<Pair<'_, Rule>, SyntaxError> {
    check_nesting(source)?;
    let mut pairs = PactumParser::parse(entry, source.text())
        .map_err(|error| names::syntax_error(source, &error))?;
    pairs.next().ok_or_else(|| SyntaxError::Unexpected {
        expected: names::friendly(entry).to_string(),
        found: "nothing".to_string(),
        src: source.named(),
        span: Span::new(0, 0).into(),
    })
}

fn check_nesting(source: &Source) -> Result<(), SyntaxError> {
    let mut depth = 0usize;
    let mut in_string = false;
    for (offset, character) in source.text().char_indices() {
        match character {
            '"' => in_string = !in_string,
            '(' if !in_string => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(SyntaxError::TooDeep {
                        limit: MAX_NESTING,
                        src: source.named(),
                        span: Span::new(offset, offset + 1).into(),
                    });
                }
            }
            ')' if !in_string => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let span = pair.as_span();
    Span::new(span.start(), span.end())
}

/// Folds runs of spaces inside a multi-word name to one space.
fn name_of(pair: &Pair<'_, Rule>) -> ast::Name {
    ast::Name {
        text: pair.as_str().split_whitespace().collect::<Vec<_>>().join(" "),
        span: span_of(pair),
    }
}
