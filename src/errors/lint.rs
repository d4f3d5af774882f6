//! Wording of the warnings: clause files that check and run, but leave a
//! question a careful reader would ask, or quote a contract whose words look
//! wrong. Every code here is listed in [`LINT_CODES`], which is what an
//! `acknowledge` line may name, and catalogued in `docs/lints.md`.

use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceSpan};
use thiserror::Error;

/// Every lint code, in the order `docs/lints.md` lists them.
pub const LINT_CODES: &[&str] = &[
    "pactum::lint::unrolled_deadline",
    "pactum::lint::words_and_numerals",
    "pactum::lint::text_and_code",
    "pactum::lint::blank",
    "pactum::lint::percent_as_number",
    "pactum::lint::stale_acknowledgement",
    "pactum::lint::uncited_reading",
];

#[derive(Debug, Clone, Error, Diagnostic)]
pub enum Lint {
    #[error("this deadline can fall on a day the `{calendar}` calendar is closed")]
    #[diagnostic(
        code(pactum::lint::unrolled_deadline),
        severity(Warning),
        help("say what happens then: add `, roll following`, `, roll preceding`, `, roll modified following`, or `, roll none` with a reading")
    )]
    UnrolledDeadline {
        calendar: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("counted in {unit}")]
        span: SourceSpan,
        unit: String,
    },

    #[error("no rule relies on reading {id}")]
    #[diagnostic(
        code(pactum::lint::uncited_reading),
        severity(Warning),
        help("cite it where the choice is made (`… per reading {id}`), so reports show when an outcome rests on it; if it explains text no rule encodes, say so and acknowledge it: `acknowledge pactum::lint::uncited_reading \"why\"`")
    )]
    UncitedReading {
        id: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("declared, never cited")]
        span: SourceSpan,
    },

    #[error("the words say {words} but the figures say {figures}")]
    #[diagnostic(
        code(pactum::lint::words_and_numerals),
        severity(Warning),
        help("if the clause file misquotes the contract, correct the quotation; if the signed contract itself says this, state in a reading which one governs (words usually prevail over figures) and acknowledge it: `acknowledge pactum::lint::words_and_numerals \"why\"`")
    )]
    WordsAndNumerals {
        words: String,
        figures: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("the words say {words}")]
        words_span: SourceSpan,
        #[label("the figures say {figures}")]
        figures_span: SourceSpan,
    },

    #[error("the rules of §{section} use {code_says}{named}, but its text says {text_says}")]
    #[diagnostic(
        code(pactum::lint::text_and_code),
        severity(Warning),
        help("the rules should use the figure the contract states: correct the rule or the quotation; if the difference is deliberate, say why in a reading and acknowledge it: `acknowledge pactum::lint::text_and_code \"why\"`")
    )]
    TextAndCode {
        named: String,
        code_says: String,
        text_says: String,
        section: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label(primary, "{code_label}")]
        code_span: SourceSpan,
        code_label: String,
        #[label(collection)]
        text_spans: Vec<LabeledSpan>,
    },

    #[error("the text has a blank: {what}")]
    #[diagnostic(
        code(pactum::lint::blank),
        severity(Warning),
        help("fill it in from the signed contract; if the signed contract itself left it blank (or it is a form to be filled in), acknowledge it with the reason: `acknowledge pactum::lint::blank \"why\"`")
    )]
    Blank {
        what: &'static str,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("left blank")]
        span: SourceSpan,
    },

    #[error("the text says {percent} but this rule uses the plain number {number}")]
    #[diagnostic(
        code(pactum::lint::percent_as_number),
        severity(Warning),
        help("write `{percent}` in the rule: `{percent}` is {fraction}, while `{number}` is {number} times the whole; if the plain number is meant, say why in a reading and acknowledge it: `acknowledge pactum::lint::percent_as_number \"why\"`")
    )]
    PercentAsNumber {
        percent: String,
        number: String,
        fraction: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("the text says {percent}")]
        text_span: SourceSpan,
        #[label(primary, "this is {number}, not {percent}")]
        span: SourceSpan,
    },

    #[error("this acknowledges {code}, but §{section} has no such warning")]
    #[diagnostic(
        code(pactum::lint::stale_acknowledgement),
        severity(Warning),
        help("the defect it acknowledged is gone: remove the `acknowledge` line (or move it to the section that has the warning)")
    )]
    StaleAcknowledgement {
        code: String,
        section: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("nothing to acknowledge")]
        span: SourceSpan,
    },
}

impl Lint {
    /// Its code, as an `acknowledge` line names it.
    pub fn code_name(&self) -> &'static str {
        match self {
            Lint::UnrolledDeadline { .. } => "pactum::lint::unrolled_deadline",
            Lint::WordsAndNumerals { .. } => "pactum::lint::words_and_numerals",
            Lint::TextAndCode { .. } => "pactum::lint::text_and_code",
            Lint::Blank { .. } => "pactum::lint::blank",
            Lint::PercentAsNumber { .. } => "pactum::lint::percent_as_number",
            Lint::StaleAcknowledgement { .. } => "pactum::lint::stale_acknowledgement",
            Lint::UncitedReading { .. } => "pactum::lint::uncited_reading",
        }
    }

    /// Where it points: the section holding this offset is the one whose
    /// `acknowledge` lines can silence it.
    pub fn offset(&self) -> usize {
        match self {
            Lint::UnrolledDeadline { span, .. }
            | Lint::Blank { span, .. }
            | Lint::StaleAcknowledgement { span, .. }
            | Lint::UncitedReading { span, .. } => span.offset(),
            Lint::WordsAndNumerals { words_span, .. } => words_span.offset(),
            Lint::PercentAsNumber { text_span, .. } => text_span.offset(),
            // The text, not the rule: a defined term's `define` sits outside
            // every section.
            Lint::TextAndCode {
                text_spans,
                code_span,
                ..
            } => text_spans
                .first()
                .map_or(code_span.offset(), |label| label.offset()),
        }
    }

    /// A text-and-code lint: `term` names the defined term whose value the
    /// rules use (`None` for a figure written in a rule), `mentions` are the
    /// text's figures of the same kind with their spans.
    pub fn text_and_code(
        term: Option<&str>,
        code_says: String,
        section: String,
        src: NamedSource<Arc<str>>,
        code_span: SourceSpan,
        mentions: Vec<(String, SourceSpan)>,
    ) -> Lint {
        let text_says = match mentions.as_slice() {
            [(only, _)] => only.clone(),
            [rest @ .., (last, _)] => {
                let says: Vec<&str> = rest.iter().map(|(says, _)| says.as_str()).collect();
                format!("{} and {last}", says.join(", "))
            }
            [] => String::new(),
        };
        let text_spans = mentions
            .into_iter()
            .map(|(says, span)| {
                LabeledSpan::new_with_span(Some(format!("the text says {says}")), span)
            })
            .collect();
        Lint::TextAndCode {
            named: term.map_or_else(String::new, |term| format!(" ({term})")),
            code_label: match term {
                Some(term) => format!("{term} is {code_says}"),
                None => format!("the rule says {code_says}"),
            },
            code_says,
            text_says,
            section,
            src,
            code_span,
            text_spans,
        }
    }
}

/// `blank` lint: what kind of blank was found, in words.
pub mod blank {
    pub const DATE: &str = "a date with no day and month (`as of , 2001`)";
    pub const UNDERSCORES: &str = "a line of underscores";
    pub const BULLET: &str = "a bracketed bullet (`[●]`)";
    pub const EMPTY_BRACKETS: &str = "empty brackets (`[ ]`)";
    pub const INSERT: &str = "a drafting note (`[insert …]`)";
}
