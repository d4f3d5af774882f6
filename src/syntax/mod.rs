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

/// Refuses parentheses nested deeper than [`MAX_NESTING`].
fn check_nesting(source: &Source) -> Result<(), SyntaxError> {
    match paren_depth(source.text(), Some(MAX_NESTING)) {
        Ok(_) => Ok(()),
        Err(offset) => Err(SyntaxError::TooDeep {
            limit: MAX_NESTING,
            src: source.named(),
            span: Span::new(offset, offset + 1).into(),
        }),
    }
}

/// How many parentheses are open at the end of `text`, counting outside
/// comments and strings as the grammar reads them; with a limit, the offset
/// of the first parenthesis past it.
fn paren_depth(text: &str, limit: Option<usize>) -> Result<usize, usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut offset = 0;
    while let Some(&byte) = bytes.get(offset) {
        let rest = text.get(offset..).unwrap_or("");
        if rest.starts_with("--") {
            offset += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("\"\"\"") {
            offset += 3 + rest
                .get(3..)
                .and_then(|r| r.find("\"\"\""))
                .map_or(rest.len(), |end| end + 3);
        } else if byte == b'"' {
            let mut end = offset + 1;
            while let Some(&next) = bytes.get(end) {
                end += match next {
                    b'\\' => 2,
                    b'"' | b'\n' => break,
                    _ => 1,
                };
            }
            offset = end + 1;
        } else {
            if byte == b'(' {
                depth += 1;
                if limit.is_some_and(|limit| depth > limit) {
                    return Err(offset);
                }
            } else if byte == b')' {
                depth = depth.saturating_sub(1);
            }
            offset += 1;
        }
    }
    Ok(depth)
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
