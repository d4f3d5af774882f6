//! A scenario open in the editor: parsed from the editor's text, its price
//! files and clause file read from disk beside it, and checked against that
//! clause file, as `pactum run` would.

use std::path::Path;

use pactum::check::check_scenario;
use pactum::ide::{note_of, Analysis, Note, Severity};
use pactum::source::{Source, Span};
use pactum::syntax::parse_scenario;

use crate::cli::load::{contract_path, load_contract, read_price_files};

pub fn analyse(name: &str, text: &str, path: Option<&Path>) -> Analysis {
    Analysis::with_notes(name, text, notes(name, text, path))
}

fn notes(name: &str, text: &str, path: Option<&Path>) -> Vec<Note> {
    let source = Source::new(name, text);
    // Saved beside its clause file, its `expect` lines may use the clause
    // file's names with keyword words in them.
    let parsed = match path {
        Some(path) => crate::cli::load::parse_knowing_contract(path, &source),
        None => parse_scenario(&source),
    };
    let mut file = match parsed {
        Ok(file) => file,
        Err(error) => return vec![note_of(&error)],
    };
    // A scenario not saved as a file has no folder to find its contract in.
    let Some(path) = path else {
        return Vec::new();
    };
    if let Err(diagnostics) = read_price_files(path, &source, &mut file) {
        return diagnostics.iter().map(|d| note_of(d.as_ref())).collect();
    }
    let contract = contract_path(path, &file.contract.value);
    let program = match load_contract(&contract) {
        Ok(program) => program,
        Err(diagnostics) => {
            let first = diagnostics
                .first()
                .map_or_else(String::new, |d| format!(": {d}"));
            return vec![Note {
                span: Span::new(file.contract.span.start, file.contract.span.end),
                severity: Severity::Error,
                code: None,
                message: format!(
                    "the clause file {} cannot be used{first}",
                    contract.display()
                ),
                label: None,
                help: Some("open the clause file to see its diagnostics".to_string()),
                fix: None,
            }];
        }
    };
    match check_scenario(&program, &source, &file) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(|error| note_of(error)).collect(),
    }
}
