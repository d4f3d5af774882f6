//! The layout skeleton of a clause file or scenario, for the formatter: where
//! each declaration, item and statement starts and how deeply it nests, which
//! lines form aligned runs and at which columns, where the binary operators
//! and the numbers are. Read from pest's parse tree, so no pest type leaves
//! this module.

use pest::iterators::Pair;

use crate::errors::SyntaxError;
use crate::source::{Source, Span};

use super::{parse_rule, span_of, Rule};

/// Runs of consecutive lines of one group (at one depth) are aligned column by column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// `issuer Company = "…"`: aligned at `=`.
    Party,
    /// `define NAME = …`: aligned at `=`.
    Define,
    /// `state NAME : TYPE = …`: aligned at `:` and `=`.
    State,
    /// `kind NAME = a | b`: aligned at `=`.
    Kind,
    /// `market data NAME : TYPE`: aligned at `:`.
    Market,
    /// A field of a record or event on a line of its own: aligned at `:`.
    Field,
    /// The heading and rows of a table: aligned at each `|`.
    Table,
    /// A scenario's `DATE TIME  Event`: aligned where the event starts.
    Event,
    /// A scenario's `DATE  Series = value`: aligned where the series starts.
    Price,
}

/// One declaration, item or statement: the formatter starts a line here at `depth` levels of indentation.
#[derive(Debug, Clone)]
pub struct Mark {
    pub span: Span,
    pub depth: usize,
    /// The run the line belongs to, if it starts one, and where its aligned columns start.
    pub group: Option<Group>,
    pub columns: Vec<Column>,
}

/// Where an aligned column starts; a separator (`=`, `:`, `|`) is kept apart from what follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub at: usize,
    pub separator: usize,
}

/// What the formatter needs to know of one file.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub marks: Vec<Mark>,
    /// Byte ranges of binary operators, spaced on both sides.
    pub operators: Vec<Span>,
    /// Byte ranges of numbers, which may take thousands separators.
    pub numbers: Vec<Span>,
}

/// The outline of a clause file (which must parse).
pub fn outline_clause_file(source: &Source) -> Result<Outline, SyntaxError> {
    let prepared = super::prepare(source, Rule::clause_file);
    let file = parse_rule(source, &prepared, Rule::clause_file)?;
    let mut outline = Outline::default();
    visit(source.text(), file, &mut outline);
    Ok(outline)
}

/// The outline of a scenario (which must parse).
pub fn outline_scenario(source: &Source) -> Result<Outline, SyntaxError> {
    outline_scenario_knowing(source, &[])
}

/// The outline of a scenario whose clause file declares `known` names with
/// keyword words in them (see [`super::parse_scenario_knowing`]).
pub fn outline_scenario_knowing(source: &Source, known: &[String]) -> Result<Outline, SyntaxError> {
    let prepared = super::prepare_knowing(source, Rule::scenario_file, known);
    let file = parse_rule(source, &prepared, Rule::scenario_file)?;
    let text = source.text();
    let mut outline = Outline::default();
    // `contract "…"` is a keyword and a string, not a rule of its own: find its line.
    let contract = file
        .clone()
        .into_inner()
        .filter(|p| p.as_rule() == Rule::string)
        .nth(1);
    if let Some(string) = contract {
        let start = span_of(&string).start;
        if let Some(keyword) = text
            .get(..start)
            .and_then(|before| before.rfind("contract"))
        {
            outline
                .marks
                .push(plain(Span::new(keyword, span_of(&string).end), 0));
        }
    }
    visit(text, file, &mut outline);
    Ok(outline)
}

fn plain(span: Span, depth: usize) -> Mark {
    Mark {
        span,
        depth,
        group: None,
        columns: Vec::new(),
    }
}

/// How deeply a rule's lines nest, if it starts a line of its own.
fn depth_of(rule: Rule) -> Option<usize> {
    match rule {
        Rule::header
        | Rule::define
        | Rule::invariant_decl
        | Rule::formula_decl
        | Rule::table_decl
        | Rule::state_decl
        | Rule::kind_decl
        | Rule::record_decl
        | Rule::market_decl
        | Rule::event_decl
        | Rule::calendar_def
        | Rule::section
        | Rule::scenario_zone
        | Rule::scenario_until
        | Rule::price_file
        | Rule::price_line
        | Rule::event_line => Some(0),
        Rule::party_decl
        | Rule::dated
        | Rule::term_start
        | Rule::governing_law
        | Rule::calendar_choice
        | Rule::trading_choice
        | Rule::local_time
        | Rule::short_months
        | Rule::text_block
        | Rule::reading
        | Rule::acknowledgement
        | Rule::notice_rule
        | Rule::reaction
        | Rule::record_field
        | Rule::field_decl
        | Rule::field_value
        | Rule::table_header
        | Rule::table_row
        | Rule::expectation => Some(1),
        Rule::refuse_stmt | Rule::set_stmt | Rule::let_stmt | Rule::open_stmt | Rule::must_stmt => {
            Some(2)
        }
        _ => None,
    }
}

fn visit(text: &str, pair: Pair<'_, Rule>, outline: &mut Outline) {
    let rule = pair.as_rule();
    let span = span_of(&pair);
    match rule {
        Rule::le
        | Rule::ge
        | Rule::ne
        | Rule::eq
        | Rule::lt
        | Rule::gt
        | Rule::add
        | Rule::sub
        | Rule::mul
        | Rule::div => outline.operators.push(span),
        Rule::number => outline.numbers.push(span),
        _ => {}
    }
    if let Some(depth) = depth_of(rule) {
        let (group, columns) = columns_of(text, &pair).unwrap_or((None, Vec::new()));
        outline.marks.push(Mark {
            span,
            depth,
            group,
            columns,
        });
    }
    for inner in pair.into_inner() {
        visit(text, inner, outline);
    }
}

/// The first child of a rule, by rule.
fn child<'i>(pair: &Pair<'i, Rule>, rule: Rule) -> Option<Pair<'i, Rule>> {
    pair.clone().into_inner().find(|p| p.as_rule() == rule)
}

/// The separator `wanted` right after `from`, past blanks only.
fn separator_after(text: &str, from: usize, wanted: char) -> Option<Column> {
    let rest = text.get(from..)?;
    let skipped = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let at = from + skipped;
    text.get(at..)?.starts_with(wanted).then_some(Column {
        at,
        separator: wanted.len_utf8(),
    })
}

type Columns = (Option<Group>, Vec<Column>);

fn columns_of(text: &str, pair: &Pair<'_, Rule>) -> Option<Columns> {
    let end_of = |rule| child(pair, rule).map(|p| span_of(&p).end);
    let start_of = |rule| child(pair, rule).map(|p| span_of(&p).start);
    let one = |group, column: Option<Column>| Some((Some(group), vec![column?]));
    match pair.as_rule() {
        Rule::party_decl => one(
            Group::Party,
            separator_after(text, end_of(Rule::name)?, '='),
        ),
        Rule::define => one(
            Group::Define,
            separator_after(text, end_of(Rule::name)?, '='),
        ),
        Rule::kind_decl => one(Group::Kind, separator_after(text, end_of(Rule::name)?, '=')),
        Rule::market_decl => one(
            Group::Market,
            separator_after(text, end_of(Rule::name)?, ':'),
        ),
        Rule::record_field | Rule::field_decl => one(
            Group::Field,
            separator_after(text, end_of(Rule::ident)?, ':'),
        ),
        Rule::state_decl => {
            let mut columns = vec![separator_after(text, end_of(Rule::name)?, ':')?];
            if child(pair, Rule::expr).is_some() {
                columns.push(separator_after(text, end_of(Rule::type_name)?, '=')?);
            }
            Some((Some(Group::State), columns))
        }
        Rule::table_header | Rule::table_row => {
            let start = span_of(pair).start;
            let columns = pair
                .as_str()
                .match_indices('|')
                .map(|(offset, _)| Column {
                    at: start + offset,
                    separator: 1,
                })
                .collect();
            Some((Some(Group::Table), columns))
        }
        Rule::event_line => {
            let at = pair
                .clone()
                .into_inner()
                .nth(1)
                .map(|p| span_of(&p).start)?;
            Some((Some(Group::Event), vec![Column { at, separator: 0 }]))
        }
        Rule::price_line => {
            let at = start_of(Rule::name)?;
            Some((Some(Group::Price), vec![Column { at, separator: 0 }]))
        }
        _ => None,
    }
}
