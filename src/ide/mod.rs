//! What an editor asks of a clause file, answered without IO: diagnostics,
//! hover, definitions, references, completion and an outline. The language
//! server (`pactum lsp`) turns these answers into protocol messages; the
//! same parser and checker as `pactum check` produce them, so an editor
//! never disagrees with the command line.

mod hover;
mod index;
mod lines;

use miette::Diagnostic;

use crate::check::check_contract;
use crate::program::Program;
use crate::source::{Source, Span};
use crate::syntax::ast::ClauseFile;
use crate::syntax::parse_clause_file;

pub use index::{Index, Namespace, Reference, Symbol, SymbolKind};
pub use lines::{LineIndex, Position};

/// How much a diagnostic matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A diagnostic as an editor shows it.
#[derive(Debug, Clone)]
pub struct Note {
    pub span: Span,
    pub severity: Severity,
    /// `pactum::check::unknown_name`.
    pub code: Option<String>,
    pub message: String,
    /// The label at the span, if it says more than the message.
    pub label: Option<String>,
    pub help: Option<String>,
    /// A replacement for the span that the help suggests ("did you mean").
    pub fix: Option<String>,
}

/// A name an editor may offer to complete.
#[derive(Debug, Clone)]
pub struct Completion {
    pub name: String,
    pub kind: SymbolKind,
}

/// A clause file as the editor holds it, parsed and checked.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub source: Source,
    pub lines: LineIndex,
    pub index: Index,
    pub notes: Vec<Note>,
    /// The checked program, when the file checks.
    program: Option<Program>,
    file: Option<ClauseFile>,
}

impl Analysis {
    /// Parses and checks a clause file's text.
    pub fn of_clause_file(name: &str, text: &str) -> Analysis {
        let source = Source::new(name, text);
        let lines = LineIndex::new(text);
        let mut notes = Vec::new();
        let mut program = None;
        let file = match parse_clause_file(&source) {
            Ok(file) => Some(file),
            Err(error) => {
                notes.push(note_of(&error));
                None
            }
        };
        if let Some(file) = &file {
            match check_contract(&source, file) {
                Ok(checked) => {
                    notes.extend(checked.lints.iter().map(|lint| note_of(lint)));
                    program = Some(checked);
                }
                Err(errors) => notes.extend(errors.iter().map(|error| note_of(error))),
            }
        }
        let index = file.as_ref().map(Index::of).unwrap_or_default();
        Analysis {
            source,
            lines,
            index,
            notes,
            program,
            file,
        }
    }

    /// A file the index does not cover (a scenario): only its notes.
    pub fn with_notes(name: &str, text: &str, notes: Vec<Note>) -> Analysis {
        Analysis {
            source: Source::new(name, text),
            lines: LineIndex::new(text),
            index: Index::default(),
            notes,
            program: None,
            file: None,
        }
    }

    /// Whether the file parsed (an outline and names are available).
    pub fn parsed(&self) -> bool {
        self.file.is_some()
    }

    /// The declaration of the name at `offset`.
    pub fn definition(&self, offset: usize) -> Option<&Symbol> {
        self.index.symbol_at(offset)
    }

    /// Where the name at `offset` is used, with its declaration first if asked.
    pub fn references(&self, offset: usize, with_declaration: bool) -> Vec<Span> {
        let Some(symbol) = self.index.symbol_at(offset) else {
            return Vec::new();
        };
        let declaration = with_declaration.then_some(symbol.span);
        declaration
            .into_iter()
            .chain(self.index.uses_of(symbol).map(|r| r.span))
            .collect()
    }

    /// Markdown describing the name at `offset`, and the span it covers.
    pub fn hover(&self, offset: usize) -> Option<(Span, String)> {
        hover::hover(self, offset)
    }

    /// Every declared name, for completion, in file order without repeats.
    pub fn completions(&self) -> Vec<Completion> {
        let mut seen = std::collections::HashSet::new();
        self.index
            .symbols
            .iter()
            .filter(|s| seen.insert((s.name.as_str(), s.kind.namespace())))
            .map(|s| Completion {
                name: s.name.clone(),
                kind: s.kind,
            })
            .collect()
    }

    /// The sections and top-level declarations, with each section's readings
    /// under it: the document's outline.
    pub fn outline(&self) -> Vec<(&Symbol, Vec<&Symbol>)> {
        let mut outline: Vec<(&Symbol, Vec<&Symbol>)> = Vec::new();
        for symbol in &self.index.symbols {
            match symbol.kind {
                SymbolKind::Variant | SymbolKind::Obligation => {}
                SymbolKind::Reading => {
                    if let Some((_, children)) = outline.last_mut() {
                        children.push(symbol);
                    }
                }
                _ => outline.push((symbol, Vec::new())),
            }
        }
        outline
    }

    pub(crate) fn program(&self) -> Option<&Program> {
        self.program.as_ref()
    }
}

/// An editor's note for any of our diagnostics: the primary label's span
/// (or the first label's), its code, help, and the fix a "did you mean"
/// help names.
pub fn note_of(diagnostic: &dyn Diagnostic) -> Note {
    let labels: Vec<miette::LabeledSpan> = diagnostic
        .labels()
        .map(|labels| labels.collect())
        .unwrap_or_default();
    let primary = labels
        .iter()
        .find(|label| label.primary())
        .or_else(|| labels.first());
    let span = primary.map_or(Span::new(0, 0), |label| {
        Span::new(label.offset(), label.offset() + label.len())
    });
    let help = diagnostic.help().map(|help| help.to_string());
    let fix = help
        .as_deref()
        .and_then(crate::scope::suggested_name)
        .map(str::to_string);
    Note {
        span,
        severity: match diagnostic.severity() {
            Some(miette::Severity::Warning | miette::Severity::Advice) => Severity::Warning,
            _ => Severity::Error,
        },
        code: diagnostic.code().map(|code| code.to_string()),
        message: diagnostic.to_string(),
        label: primary.and_then(|label| label.label()).map(str::to_string),
        help,
        fix,
    }
}
