//! Parsing: text to [`ast`]. The pest grammar lives in `grammar/pactum.pest`;
//! this module turns pest's output into our own AST and pest's errors into
//! [`SyntaxError`]s, so no pest type leaves it.

pub mod ast;
mod clause;
mod declarations;
mod expr;
mod keyword_names;
mod literal;
mod names;
pub mod outline;
mod parts;
mod prescan;
#[cfg(test)]
mod quick_reading_tests;
mod scenario;

use pest::iterators::Pair;
use pest::Parser as _;
use pest_derive::Parser;

use crate::errors::SyntaxError;
use crate::source::{Source, Span};

pub use clause::parse_clause_file;
pub use prescan::{MAX_DEPTH, MAX_NAME, MAX_NESTING, MAX_OPERATORS};
pub use scenario::{parse_event_time, parse_scenario, parse_scenario_knowing, parse_value};

/// The names a clause file's text declares with keyword words in them
/// (`Shares to Deliver`), for reading its scenarios' `expect` lines with
/// [`parse_scenario_knowing`].
pub fn keyword_names_declared(clause_file: &str) -> Vec<String> {
    keyword_names::declared_in_clause_file(clause_file)
}

#[derive(Parser)]
#[grammar = "../grammar/pactum.pest"]
struct PactumParser;

/// The text pest reads for a source parsed with `entry`: the source with
/// the names it declares with keyword words in them marked
/// ([`keyword_names`]). Same length, so spans carry over.
fn prepare(source: &Source, entry: Rule) -> keyword_names::Marked {
    prepare_knowing(source, entry, &[])
}

/// [`prepare`], with names declared elsewhere (a scenario's clause file).
fn prepare_knowing(source: &Source, entry: Rule, known: &[String]) -> keyword_names::Marked {
    let kind = match entry {
        Rule::clause_file => keyword_names::Kind::ClauseFile,
        Rule::scenario_file => keyword_names::Kind::Scenario,
        _ => keyword_names::Kind::Fragment,
    };
    keyword_names::mark(source.text(), kind, known)
}

/// Runs one entry rule of the grammar over the whole source, as prepared
/// by [`prepare`].
///
/// The first parse runs without pest's error-detail tracking, which costs
/// several times the parse itself; only a source that fails is parsed again
/// with it, so that the diagnostic can name what was expected where.
fn parse_rule<'t>(
    source: &Source,
    prepared: &'t keyword_names::Marked,
    entry: Rule,
) -> Result<Pair<'t, Rule>, SyntaxError> {
    if let Some(offset) = keyword_names::stray_mark(source.text()) {
        return Err(SyntaxError::Unexpected {
            expected: "a name, a keyword or a value".to_string(),
            found: "a control character (U+001F)".to_string(),
            help: "remove the invisible character; Pactum files are plain text".to_string(),
            src: source.named(),
            span: Span::new(offset, offset + 1).into(),
        });
    }
    let text = prepared.text.as_str();
    prescan::check(source, text)?;
    let too_complex = |error: &pest::error::Error<Rule>| {
        let limit = call_limit(text);
        let reached = matches!(
            &error.variant,
            pest::error::ErrorVariant::CustomError { message } if message == "call limit reached"
        );
        // Where the reader was when it stopped: in the line that cost it.
        let at = match error.location {
            pest::error::InputLocation::Pos(at) | pest::error::InputLocation::Span((at, _)) => at,
        };
        let at = at.min(text.len().saturating_sub(1));
        reached.then(|| SyntaxError::TooComplex {
            limit: crate::value::display_quantity(
                &crate::number::Number::from_integer(i64::try_from(limit).unwrap_or(i64::MAX)),
                crate::types::Unit::NUMBER,
            ),
            src: source.named(),
            span: Span::new(at, (at + 1).min(text.len())).into(),
        })
    };
    let quick = quick_entry(entry);
    let quickly = parse_with_detail(quick, text, false).map(|mut pairs| {
        if quick == entry {
            return pairs;
        }
        // The quick entry's one pair holds the plain entry's.
        pairs.next().map_or(pairs, Pair::into_inner)
    });
    let mut pairs = match quickly {
        Ok(pairs) => pairs,
        Err(error) => match too_complex(&error) {
            Some(refused) => return Err(refused),
            None => parse_with_detail(entry, text, true).map_err(|error| {
                too_complex(&error).unwrap_or_else(|| names::syntax_error(source, &error))
            })?,
        },
    };
    let top = pairs.next().ok_or_else(|| SyntaxError::Unexpected {
        expected: names::friendly(entry).to_string(),
        found: "nothing".to_string(),
        help: "see docs/language.md for the shape of each declaration".to_string(),
        src: source.named(),
        span: Span::new(0, 0).into(),
    })?;
    keyword_names::refuse_ambiguous(source, prepared, &top)?;
    Ok(top)
}

/// pest reads its error-detail switch from a global when a parse starts;
/// holding this lock from setting it until the parse ends keeps a parse on
/// another thread from changing it under this one.
static DETAIL_SWITCH: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The entry rule of the quick first reading of `entry` (see the grammar's
/// "quick reading"): the same language, with alternatives the next character
/// rules out skipped.
fn quick_entry(entry: Rule) -> Rule {
    match entry {
        Rule::clause_file => Rule::clause_file_quickly,
        Rule::scenario_file => Rule::scenario_file_quickly,
        Rule::event_time_input => Rule::event_time_input_quickly,
        Rule::value_input => Rule::value_input_quickly,
        other => other,
    }
}

fn parse_with_detail(
    entry: Rule,
    text: &str,
    detail: bool,
) -> Result<pest::iterators::Pairs<'_, Rule>, Box<pest::error::Error<Rule>>> {
    let _switch = DETAIL_SWITCH
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    pest::set_error_detail(detail);
    // Backtracking can make some malformed text take time out of all
    // proportion to its length (found by fuzzing: 850 bytes, 5 s): the work
    // is bounded by a number of grammar steps proportional to the text.
    pest::set_call_limit(std::num::NonZeroUsize::new(call_limit(text)));
    PactumParser::parse(entry, text).map_err(Box::new)
}

/// Grammar steps (rule calls) one parse of `text` may take: a million, and a
/// thousand more per byte. Well-formed files take about three per byte (the
/// seed warrant, 36 KB: 114,078), so only runaway backtracking reaches it.
/// The full reading takes a few more steps than the quick one (its guards
/// count too), far inside the same bound.
fn call_limit(text: &str) -> usize {
    1_000_000_usize.saturating_add(text.len().saturating_mul(1_000))
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
            .replace(keyword_names::MARK, " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        span: span_of(pair),
    }
}
