//! Drafting lints: what a lawyer reviewing a draft asks first. Words and
//! figures that disagree, figures in the rules that the quoted text never
//! states, blanks left in the text; then each section's `acknowledge` lines
//! silence its known defects. Runs once the program has checked, reads only
//! the syntax tree and the defined terms, and never changes the program's
//! behaviour: only its lists of warnings and acknowledgements.

use std::collections::HashMap;

use crate::errors::{CheckError, Lint, LINT_CODES};
use crate::program::{Acknowledgement, ClauseId, Program};
use crate::scope::{suggest, Binding};
use crate::source::{Source, Span};
use crate::syntax::ast::{
    self, ClauseFile, DayKind, Declaration, Deemed, Expr, ExprKind, Literal, Section, SectionItem,
    StatementKind,
};
use crate::value::Value;

use super::lookup::sections_of;
use super::wording::{self, Measure, Mention};

/// Adds the drafting lints to `program.lints`, then removes the ones a
/// section acknowledges. An `acknowledge` line naming no lint is an error.
pub fn lint(
    source: &Source,
    file: &ClauseFile,
    program: &mut Program,
) -> Result<(), Vec<CheckError>> {
    let defines = define_spans(file);
    let defines_lowercase: HashMap<String, String> = defines
        .keys()
        .map(|name| (name.to_lowercase(), name.clone()))
        .collect();
    for section in sections_of(file) {
        let label = section.number.text.as_str();
        for text in section.items.iter().filter_map(|item| match item {
            SectionItem::Text(text) => Some(text),
            _ => None,
        }) {
            let raw = source.slice(text.span);
            let at = |(start, end): wording::Range| {
                Span::new(text.span.start + start, text.span.start + end)
            };
            words_and_figures(source, raw, &at, &mut program.lints);
            for (range, what) in wording::blanks(raw) {
                program.lints.push(Lint::Blank {
                    what,
                    src: source.named(),
                    span: at(range).into(),
                });
            }
            percent_as_number(source, section, raw, &at, &mut program.lints);
            let mentions = wording::mentions(raw);
            for figure in code_figures(program, section, raw, &defines, &defines_lowercase) {
                if let Some(lint) = disagreement(source, label, &figure, &mentions, &at) {
                    program.lints.push(lint);
                }
            }
        }
    }
    acknowledge(source, file, program)
}

/// "TWENTY-FIVE THOUSAND (25,500)": the words and the figures disagree.
fn words_and_figures(
    source: &Source,
    raw: &str,
    at: &dyn Fn(wording::Range) -> Span,
    lints: &mut Vec<Lint>,
) {
    for count in wording::counts(raw) {
        let (Some((words_at, words)), Some((figures_at, figures))) = (count.words, count.figures)
        else {
            continue;
        };
        if words != figures {
            lints.push(Lint::WordsAndNumerals {
                words: words.format(0, false),
                figures: figures.format(0, false),
                src: source.named(),
                words_span: at(words_at).into(),
                figures_span: at(figures_at).into(),
            });
        }
    }
}

/// Where each defined term's value is written, by name.
fn define_spans(file: &ClauseFile) -> HashMap<String, Span> {
    file.declarations
        .iter()
        .filter_map(|declaration| match declaration {
            Declaration::Define(define) => Some((define.name.text.clone(), define.value.span)),
            _ => None,
        })
        .collect()
}

/// A figure the rules of a section use: written in a rule, or the value of a
/// defined term.
struct CodeFigure {
    measure: Measure,
    value: crate::number::Number,
    term: Option<String>,
    span: Span,
}

/// Money in dollars, shares, and day counts: the figures a contract states.
/// Zero is left out: rules compare with `USD 0` or `0 shares` to mean
/// "nothing", not a figure the contract gives.
fn measure_of_value(value: &Value) -> Option<(Measure, crate::number::Number)> {
    match value {
        Value::Quantity(amount, unit)
            if unit.money == 1 && unit.currency.is_some_and(|c| c.to_string() == "USD") =>
        {
            Some((Measure::Dollars, amount.clone()))
        }
        Value::Quantity(amount, unit) if unit.shares == 1 && unit.money == 0 => {
            Some((Measure::Shares, amount.clone()))
        }
        Value::Duration(days) => Some((
            Measure::Days(Some(days.kind)),
            crate::number::Number::from_integer(days.count),
        )),
        _ => None,
    }
    .filter(|(_, amount)| !amount.is_zero())
}

fn measure_of_literal(literal: &Literal) -> Option<(Measure, crate::number::Number)> {
    match literal {
        Literal::Money {
            currency, amount, ..
        } if currency == "USD" => Some((Measure::Dollars, amount.clone())),
        Literal::Shares(amount) => Some((Measure::Shares, amount.clone())),
        Literal::Days {
            count,
            kind: Some(kind),
            ..
        } => Some((Measure::Days(Some(*kind)), count.clone())),
        _ => None,
    }
    .filter(|(_, amount)| !amount.is_zero())
}

/// Each text between a straight quote and the next one, and between a
/// left curly quote and the next right one (lowercase text in, slices out).
fn quoted_phrases(text: &str) -> impl Iterator<Item = &str> {
    let between = |open: char, close: char| {
        text.match_indices(open).filter_map(move |(at, _)| {
            let inside = text.get(at + open.len_utf8()..)?;
            inside.find(close).and_then(|end| inside.get(..end))
        })
    };
    between('"', '"').chain(between('\u{201c}', '\u{201d}'))
}

/// The figures a section's rules use, and those of the defined terms its
/// text defines (`(the "Exercise Price")`), once each.
fn code_figures(
    program: &Program,
    section: &Section,
    raw: &str,
    defines: &HashMap<String, Span>,
    defines_lowercase: &HashMap<String, String>,
) -> Vec<CodeFigure> {
    let exprs = section_exprs(section);
    let mut figures: Vec<CodeFigure> = Vec::new();
    let mut add = |figure: CodeFigure| {
        let seen = figures.iter().any(|f| {
            f.measure == figure.measure && f.value == figure.value && f.term == figure.term
        });
        if !seen {
            figures.push(figure);
        }
    };
    let term = |name: &str| match program.scope.get(name) {
        Some(Binding::Define(value, _)) => {
            measure_of_value(&value).map(|(measure, value)| CodeFigure {
                measure,
                value,
                term: Some(name.to_string()),
                span: defines.get(name).copied().unwrap_or_default(),
            })
        }
        _ => None,
    };
    // Every phrase between a pair of quotes, looked up among the defined
    // terms: a pass over the text, however many terms the file defines.
    let lowered = raw.to_lowercase();
    for phrase in quoted_phrases(&lowered) {
        if let Some(figure) = defines_lowercase.get(phrase).and_then(|name| term(name)) {
            add(figure);
        }
    }
    let mut stack = exprs;
    while let Some(expr) = stack.pop() {
        match &expr.kind {
            ExprKind::Literal(literal) => {
                if let Some((measure, value)) = measure_of_literal(literal) {
                    add(CodeFigure {
                        measure,
                        value,
                        term: None,
                        span: expr.span,
                    });
                }
            }
            ExprKind::Name(name) => {
                if let Some(figure) = term(&name.text) {
                    add(figure);
                }
            }
            _ => stack.extend(children(expr)),
        }
    }
    figures.sort_by_key(|f| f.span.start);
    figures
}

/// The top-level expressions of a section's rules.
fn section_exprs(section: &Section) -> Vec<&Expr> {
    let mut exprs: Vec<&Expr> = Vec::new();
    for item in &section.items {
        match item {
            SectionItem::Reaction(reaction) => {
                if let Some(guard) = reaction.instances.as_ref().and_then(|i| i.guard.as_ref()) {
                    exprs.push(guard);
                }
                for statement in &reaction.body {
                    statement_exprs(&statement.kind, &mut exprs);
                }
            }
            SectionItem::Notice(rule) => {
                if let Deemed::After(expr) = &rule.deemed {
                    exprs.push(expr);
                }
            }
            _ => {}
        }
    }
    exprs
}

/// Every expression in a section's rules, nested ones included.
fn all_exprs(section: &Section) -> Vec<&Expr> {
    let mut stack = section_exprs(section);
    let mut out = Vec::new();
    while let Some(expr) = stack.pop() {
        stack.extend(children(expr));
        out.push(expr);
    }
    out
}

/// "a dividend of 10%" over `price / (1 + 10)`: a percentage in the text that
/// a rule writes as the plain number, a hundred times too big.
fn percent_as_number(
    source: &Source,
    section: &Section,
    raw: &str,
    at: &dyn Fn(wording::Range) -> Span,
    lints: &mut Vec<Lint>,
) {
    let percents = wording::percents(raw);
    if percents.is_empty() {
        return;
    }
    for expr in all_exprs(section) {
        let ExprKind::Literal(Literal::Number(value)) = &expr.kind else {
            continue;
        };
        // Written as a plain number: not `10%`, not a ratio `3:2`.
        let written = source.slice(expr.span);
        if written.parse::<crate::number::Number>().ok() != Some(value.clone()) {
            continue;
        }
        // 0 and 1 are arithmetic (`1 + d.rate`, `amendments + 1`), not rates.
        if value.is_zero() || *value == crate::number::Number::from_integer(1) {
            continue;
        }
        let Some((range, _)) = percents.iter().find(|(_, percent)| percent == value) else {
            continue;
        };
        let Ok(fraction) = value.checked_div(&crate::number::Number::from_integer(100)) else {
            continue;
        };
        let text_span = at(*range);
        lints.push(Lint::PercentAsNumber {
            percent: source
                .slice(text_span)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            number: written.to_string(),
            fraction: fraction.format(0, false),
            src: source.named(),
            text_span: text_span.into(),
            span: expr.span.into(),
        });
    }
}

fn statement_exprs<'a>(kind: &'a StatementKind, out: &mut Vec<&'a Expr>) {
    match kind {
        StatementKind::Refuse { condition, .. } => out.push(condition),
        StatementKind::Set { value, guard, .. } => {
            out.push(value);
            out.extend(guard);
        }
        StatementKind::Let { value, .. } => out.push(value),
        StatementKind::Must(must) => {
            let (ast::Deadline::WithinAfter { period, anchor }
            | ast::Deadline::AtLeastBefore { period, anchor }) = &must.deadline;
            out.push(period);
            out.push(anchor);
            out.extend(must.guard.as_ref());
        }
        StatementKind::Open { .. } => {}
    }
}

fn children(expr: &Expr) -> Vec<&Expr> {
    match &expr.kind {
        ExprKind::Literal(_) | ExprKind::Name(_) | ExprKind::ThisEvent => Vec::new(),
        ExprKind::Field(inner, _)
        | ExprKind::Status(inner, _)
        | ExprKind::IsWhole(inner)
        | ExprKind::AtTime(inner, ..)
        | ExprKind::Unary(_, inner) => vec![inner],
        ExprKind::Round { value, .. } => vec![value],
        ExprKind::Binary(_, left, right) | ExprKind::Largest(_, left, right) => vec![left, right],
        ExprKind::If(a, b, c) => vec![a, b, c],
        ExprKind::Call(_, args) => args.iter().collect(),
        ExprKind::Aggregate(aggregate) => aggregate
            .guard
            .iter()
            .chain(aggregate.value.iter())
            .collect(),
    }
}

/// Whether the text's figure says what the rule's does. "Thirty (30) days"
/// says neither calendar nor business, so it agrees with either.
fn agrees(mention: &Mention, figure: &CodeFigure) -> bool {
    mention.value == figure.value
        && match (mention.measure, figure.measure) {
            (Measure::Days(None), Measure::Days(Some(kind))) => kind != DayKind::Month,
            (text, code) => text == code,
        }
}

/// Whether the text's figure is of the same sort as the rule's, so that a
/// difference between them matters: any days against any days, months
/// against months.
fn comparable(mention: &Mention, figure: &CodeFigure) -> bool {
    let months = |m: Measure| m == Measure::Days(Some(DayKind::Month));
    match (mention.measure, figure.measure) {
        (Measure::Days(a), Measure::Days(b)) => {
            months(Measure::Days(a)) == months(Measure::Days(b))
        }
        (text, code) => text == code,
    }
}

/// A figure the rules use that no figure of its sort in the section's text
/// states, when the text states some: the rule, or the quotation, is wrong.
fn disagreement(
    source: &Source,
    section: &str,
    figure: &CodeFigure,
    mentions: &[Mention],
    at: &dyn Fn(wording::Range) -> Span,
) -> Option<Lint> {
    let comparable: Vec<&Mention> = mentions.iter().filter(|m| comparable(m, figure)).collect();
    if comparable.is_empty() || comparable.iter().any(|m| agrees(m, figure)) {
        return None;
    }
    let words = |span: Span| {
        source
            .slice(span)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let said = comparable
        .iter()
        .map(|m| {
            let span = at(m.range);
            (words(span), span.into())
        })
        .collect();
    Some(Lint::text_and_code(
        figure.term.as_deref(),
        words(figure.span),
        section.to_string(),
        source.named(),
        figure.span.into(),
        said,
    ))
}

/// Applies each section's `acknowledge` lines to the warnings pointing into
/// it, counting what each silenced; one that silenced nothing is stale.
fn acknowledge(
    source: &Source,
    file: &ClauseFile,
    program: &mut Program,
) -> Result<(), Vec<CheckError>> {
    let mut errors = Vec::new();
    let mut lines: Vec<(&ast::Acknowledgement, ClauseId)> = Vec::new();
    for (clause, section) in sections_of(file).enumerate() {
        for item in &section.items {
            let SectionItem::Acknowledge(line) = item else {
                continue;
            };
            let acknowledgeable = LINT_CODES
                .iter()
                .filter(|code| **code != "pactum::lint::stale_acknowledgement");
            if acknowledgeable.clone().any(|code| *code == line.code.text) {
                lines.push((line, clause));
            } else {
                errors.push(CheckError::UnknownName {
                    what: "lint",
                    name: line.code.text.clone(),
                    help: suggest(
                        &line.code.text,
                        acknowledgeable.copied(),
                        "name the code of a warning this section has, as `pactum check` prints it",
                    ),
                    src: source.named(),
                    span: line.code.span.into(),
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let section_of = |offset: usize| {
        program
            .clauses
            .iter()
            .position(|c| c.span.start <= offset && offset < c.span.end)
    };
    let mut silenced = vec![0usize; lines.len()];
    let mut kept = Vec::new();
    for lint in std::mem::take(&mut program.lints) {
        let clause = section_of(lint.offset());
        let by = lines
            .iter()
            .position(|(line, c)| Some(*c) == clause && line.code.text == lint.code_name());
        match by.and_then(|i| silenced.get_mut(i)) {
            Some(count) => *count += 1,
            None => kept.push(lint),
        }
    }
    for ((line, clause), count) in lines.iter().zip(&silenced) {
        if *count == 0 {
            kept.push(Lint::StaleAcknowledgement {
                code: line.code.text.clone(),
                section: program.clause_number(*clause).to_string(),
                src: source.named(),
                span: line.code.span.into(),
            });
        }
        program.acknowledgements.push(Acknowledgement {
            code: line.code.text.clone(),
            clause: *clause,
            reason: line.reason.value.clone(),
            silenced: *count,
        });
    }
    kept.sort_by_key(Lint::offset);
    program.lints = kept;
    Ok(())
}
