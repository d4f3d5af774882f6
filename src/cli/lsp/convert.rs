//! The library's editor answers ([`pactum::ide`]) as protocol types:
//! spans to ranges, notes to diagnostics, symbols to outline entries.

use std::collections::HashMap;
use std::path::PathBuf;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CompletionItem, CompletionItemKind,
    Diagnostic, DiagnosticSeverity, DocumentSymbol, GotoDefinitionResponse, Hover, HoverContents,
    Location, MarkupContent, MarkupKind, NumberOrString, Position, Range, SymbolKind, TextEdit,
    Uri, WorkspaceEdit,
};

use pactum::ide::{self, Analysis, Severity};
use pactum::source::Span;

/// The file a `file:` URI names.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

fn range(analysis: &Analysis, span: Span) -> Range {
    let (start, end) = analysis.lines.range(span);
    Range::new(
        Position::new(start.line, start.column),
        Position::new(end.line, end.column),
    )
}

fn offset(analysis: &Analysis, position: Position) -> usize {
    analysis.lines.offset(ide::Position {
        line: position.line,
        column: position.character,
    })
}

pub fn diagnostics(analysis: &Analysis, uri: &Uri) -> Vec<Diagnostic> {
    analysis
        .notes
        .iter()
        .map(|note| {
            let mut message = note.message.clone();
            if let Some(label) = note.label.as_deref().filter(|l| !message.contains(l)) {
                message = format!("{message}: {label}");
            }
            if let Some(help) = &note.help {
                message = format!("{message}\nhelp: {help}");
            }
            Diagnostic {
                range: range(analysis, note.span),
                severity: Some(match note.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                }),
                code: note.code.clone().map(NumberOrString::String),
                source: Some("pactum".to_string()),
                message,
                // The fix travels with the diagnostic, so a code action
                // request can offer it without analysing again.
                data: note
                    .fix
                    .as_ref()
                    .map(|fix| serde_json::json!({ "fix": fix, "uri": uri.as_str() })),
                ..Diagnostic::default()
            }
        })
        .collect()
}

pub fn hover(analysis: &Analysis, position: Position) -> Option<Hover> {
    let (span, text) = analysis.hover(offset(analysis, position))?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(range(analysis, span)),
    })
}

pub fn definition(
    analysis: &Analysis,
    uri: &Uri,
    position: Position,
) -> Option<GotoDefinitionResponse> {
    let symbol = analysis.definition(offset(analysis, position))?;
    Some(GotoDefinitionResponse::Scalar(Location::new(
        uri.clone(),
        range(analysis, symbol.span),
    )))
}

pub fn references(
    analysis: &Analysis,
    uri: &Uri,
    position: Position,
    with_declaration: bool,
) -> Vec<Location> {
    analysis
        .references(offset(analysis, position), with_declaration)
        .into_iter()
        .map(|span| Location::new(uri.clone(), range(analysis, span)))
        .collect()
}

fn symbol_kind(kind: ide::SymbolKind) -> SymbolKind {
    match kind {
        ide::SymbolKind::Define => SymbolKind::CONSTANT,
        ide::SymbolKind::State => SymbolKind::VARIABLE,
        ide::SymbolKind::Party => SymbolKind::OBJECT,
        ide::SymbolKind::Kind => SymbolKind::ENUM,
        ide::SymbolKind::Variant => SymbolKind::ENUM_MEMBER,
        ide::SymbolKind::Record => SymbolKind::STRUCT,
        ide::SymbolKind::Event => SymbolKind::EVENT,
        ide::SymbolKind::Obligation => SymbolKind::PROPERTY,
        ide::SymbolKind::Reading => SymbolKind::STRING,
        ide::SymbolKind::Section => SymbolKind::NAMESPACE,
        ide::SymbolKind::Formula | ide::SymbolKind::Table => SymbolKind::FUNCTION,
        ide::SymbolKind::Market => SymbolKind::FIELD,
        ide::SymbolKind::Calendar => SymbolKind::MODULE,
    }
}

fn completion_kind(kind: ide::SymbolKind) -> CompletionItemKind {
    match kind {
        ide::SymbolKind::Define => CompletionItemKind::CONSTANT,
        ide::SymbolKind::State => CompletionItemKind::VARIABLE,
        ide::SymbolKind::Variant => CompletionItemKind::ENUM_MEMBER,
        ide::SymbolKind::Kind => CompletionItemKind::ENUM,
        ide::SymbolKind::Record => CompletionItemKind::STRUCT,
        ide::SymbolKind::Event => CompletionItemKind::EVENT,
        ide::SymbolKind::Formula | ide::SymbolKind::Table => CompletionItemKind::FUNCTION,
        _ => CompletionItemKind::REFERENCE,
    }
}

/// Every declared name; a scenario (which has no index of its own) gets none.
pub fn completions(analysis: &Analysis, is_scenario: bool) -> Vec<CompletionItem> {
    if is_scenario {
        return Vec::new();
    }
    analysis
        .completions()
        .into_iter()
        .map(|completion| CompletionItem {
            label: completion.name,
            kind: Some(completion_kind(completion.kind)),
            detail: Some(completion.kind.word().to_string()),
            ..CompletionItem::default()
        })
        .collect()
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written, as None.
fn document_symbol(
    analysis: &Analysis,
    symbol: &ide::Symbol,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    let name = match symbol.kind {
        ide::SymbolKind::Section => format!("§{}", symbol.name),
        ide::SymbolKind::Reading => format!("reading {}", symbol.name),
        _ => symbol.name.clone(),
    };
    let selection = range(analysis, symbol.span);
    // The editor requires the selection to lie inside the whole range.
    let whole = range(analysis, symbol.extent.to(symbol.span));
    DocumentSymbol {
        name,
        detail: Some(symbol.kind.word().to_string()),
        kind: symbol_kind(symbol.kind),
        tags: None,
        deprecated: None,
        range: whole,
        selection_range: selection,
        children: (!children.is_empty()).then_some(children),
    }
}

pub fn outline(analysis: &Analysis) -> Vec<DocumentSymbol> {
    analysis
        .outline()
        .into_iter()
        .map(|(symbol, children)| {
            let children = children
                .into_iter()
                .map(|child| document_symbol(analysis, child, Vec::new()))
                .collect();
            document_symbol(analysis, symbol, children)
        })
        .collect()
}

/// A quick fix for each note in `wanted` whose help names a replacement.
pub fn quick_fixes(analysis: &Analysis, uri: &Uri, wanted: Range) -> Vec<CodeActionOrCommand> {
    let diagnostics = diagnostics(analysis, uri);
    analysis
        .notes
        .iter()
        .zip(diagnostics)
        .filter(|(_, diagnostic)| overlaps(diagnostic.range, wanted))
        .filter_map(|(note, diagnostic)| {
            let fix = note.fix.clone()?;
            let edit = TextEdit::new(diagnostic.range, fix.clone());
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Replace with `{fix}`"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }))
        })
        .collect()
}

fn overlaps(a: Range, b: Range) -> bool {
    let before = |x: Position, y: Position| (x.line, x.character) < (y.line, y.character);
    !before(a.end, b.start) && !before(b.end, a.start)
}

/// The whole document in `pactum fmt`'s layout, as one edit; none when it
/// is already so, or when it does not parse (its diagnostics say why).
pub fn formatting(analysis: &Analysis) -> Vec<TextEdit> {
    let text = analysis.source.text();
    let name = analysis.source.name();
    let kind = pactum::format::FileKind::of_name(name);
    match pactum::format::format_file(text, name, kind) {
        Ok(formatted) if formatted != text => {
            vec![TextEdit::new(
                range(analysis, Span::new(0, text.len())),
                formatted,
            )]
        }
        _ => Vec::new(),
    }
}
