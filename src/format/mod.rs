//! The canonical layout of clause files and scenarios (`pactum fmt`), with no
//! IO, so that an editor's language server can call it too. Only the blanks
//! between tokens change, and numbers gain thousands separators; comments,
//! strings and text blocks are kept byte for byte. As a safety net the result
//! is parsed again and must give the same syntax tree (spans aside) and the
//! same comments, or nothing is changed. The layout is described in
//! `docs/cli.md` (`pactum fmt`).

mod layout;
mod lex;

use std::collections::BTreeSet;

use crate::errors::{FormatError, SyntaxError};
use crate::source::Source;
use crate::syntax::outline::{outline_clause_file, outline_scenario_knowing, Outline};
use crate::syntax::{parse_clause_file, parse_scenario_knowing};

/// Which grammar a file is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    ClauseFile,
    Scenario,
}

impl FileKind {
    /// A `*.scenario` file is a scenario; anything else a clause file.
    pub fn of_name(name: &str) -> FileKind {
        if name.ends_with(".scenario") {
            FileKind::Scenario
        } else {
            FileKind::ClauseFile
        }
    }

    fn outline(self, source: &Source, known: &[String]) -> Result<Outline, SyntaxError> {
        match self {
            FileKind::ClauseFile => outline_clause_file(source),
            FileKind::Scenario => outline_scenario_knowing(source, known),
        }
    }

    /// The syntax tree as text, with every span left out.
    fn tree(self, source: &Source, known: &[String]) -> Result<String, SyntaxError> {
        let tree = match self {
            FileKind::ClauseFile => format!("{:?}", parse_clause_file(source)?),
            FileKind::Scenario => format!("{:?}", parse_scenario_knowing(source, known)?),
        };
        Ok(without_spans(&tree))
    }
}

/// A clause file (`*.pactum`) in the canonical layout.
pub fn format_clause_file(source: &str, name: &str) -> Result<String, FormatError> {
    format_file(source, name, FileKind::ClauseFile)
}

/// A scenario (`*.scenario`) in the canonical layout.
pub fn format_scenario(source: &str, name: &str) -> Result<String, FormatError> {
    format_file(source, name, FileKind::Scenario)
}

/// A file in the canonical layout; a file that does not parse gets its syntax diagnostic.
pub fn format_file(source: &str, name: &str, kind: FileKind) -> Result<String, FormatError> {
    format_file_knowing(source, name, kind, &[])
}

/// [`format_file`] for a scenario whose clause file declares `known` names
/// with keyword words in them, which its `expect` lines may use
/// ([`crate::syntax::keyword_names_declared`]); ignored for a clause file.
pub fn format_file_knowing(
    source: &str,
    name: &str,
    kind: FileKind,
    known: &[String],
) -> Result<String, FormatError> {
    let original = Source::new(name, source);
    let tree = kind.tree(&original, known)?;
    let grouped = Source::new(
        name,
        with_separators(source, &kind.outline(&original, known)?),
    );
    let outline = kind.outline(&grouped, known)?;
    let mut breaks = BTreeSet::new();
    for operator in &outline.operators {
        breaks.insert(operator.start);
        breaks.insert(operator.end);
    }
    // Aligned columns are cut apart only on lines their declaration starts:
    // `{ shares: shares }` inside a line stays as written.
    let line_starts: BTreeSet<usize> = lex::lines(grouped.text(), &breaks)
        .iter()
        .filter_map(|line| line.chunks.first().map(|chunk| chunk.start))
        .collect();
    for mark in &outline.marks {
        if line_starts.contains(&mark.span.start) {
            for column in &mark.columns {
                breaks.insert(column.at);
                breaks.insert(column.at + column.separator);
            }
        }
    }
    let formatted = layout::layout(&lex::lines(grouped.text(), &breaks), &outline);
    let changed = |what: &str| FormatError::MeaningChanged {
        file: name.to_string(),
        what: what.to_string(),
    };
    match kind.tree(&Source::new(name, formatted.as_str()), known) {
        Ok(again) if again == tree => {}
        Ok(_) => return Err(changed("its syntax tree differs")),
        Err(_) => return Err(changed("it no longer parses")),
    }
    if lex::comments(source) != lex::comments(&formatted) {
        return Err(changed("its comments differ"));
    }
    Ok(formatted)
}

/// `25000` → `25,000`: every number of four or more whole digits written without separators.
fn with_separators(text: &str, outline: &Outline) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for number in &outline.numbers {
        let (Some(before), Some(digits)) = (
            text.get(copied..number.start),
            text.get(number.start..number.end),
        ) else {
            continue;
        };
        out.push_str(before);
        out.push_str(&grouped(digits));
        copied = number.end;
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    out
}

fn grouped(number: &str) -> String {
    if number.contains(',') {
        return number.to_string();
    }
    let (whole, fraction) = number.split_at(number.find('.').unwrap_or(number.len()));
    if whole.len() < 4 {
        return number.to_string();
    }
    let mut out = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out.push_str(fraction);
    out
}

/// Debug text of a syntax tree with every `Span { start: …, end: … }` cut to `Span`.
fn without_spans(tree: &str) -> String {
    const OPEN: &str = "Span { start: ";
    let mut out = String::with_capacity(tree.len());
    let mut rest = tree;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(rest.get(..at).unwrap_or(""));
        out.push_str("Span");
        let after = rest.get(at + OPEN.len()..).unwrap_or("");
        rest = after
            .find(" }")
            .and_then(|end| after.get(end + 2..))
            .unwrap_or("");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_take_separators() {
        assert_eq!(grouped("25000"), "25,000");
        assert_eq!(grouped("1000.50"), "1,000.50");
        assert_eq!(grouped("999"), "999");
        assert_eq!(grouped("1234567"), "1,234,567");
        assert_eq!(grouped("25,000"), "25,000");
    }

    #[test]
    fn spans_are_left_out() {
        assert_eq!(
            without_spans("Name { text: \"a\", span: Span { start: 1, end: 2 } }"),
            "Name { text: \"a\", span: Span }"
        );
    }
}
