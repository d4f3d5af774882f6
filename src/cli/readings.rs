//! `pactum test --readings`: every scenario under each alternative of each
//! reading that names alternatives, compared with its run under the clause
//! file's own choices. Nothing is written: snapshots record the file's
//! choices only.

use std::path::{Path, PathBuf};

use pactum::check::check_contract;
use pactum::errors::InputError;
use pactum::readings::{summary, vary_readings, ReadingsReport};
use pactum::redline::ScenarioInput;
use pactum::syntax::parse_clause_file;

use super::load::{contract_path, files_under, print_all, read_price_files, read_source};
use super::output::eprint_diagnostic;
use super::Format;

/// The scenarios that name one clause file.
struct Group {
    contract: PathBuf,
    scenarios: Vec<ScenarioInput>,
}

pub fn run(paths: &[PathBuf], format: Format) -> bool {
    let roots = match super::project::paths_or_roots(paths, "test --readings") {
        Ok(roots) => roots,
        Err(error) => {
            eprint_diagnostic(&error);
            return false;
        }
    };
    let mut groups: Vec<Group> = Vec::new();
    for root in &roots {
        let found = match files_under(root, &[".scenario"]) {
            Ok(found) => found,
            Err(error) => {
                eprint_diagnostic(&error);
                return false;
            }
        };
        if found.is_empty() {
            eprint_diagnostic(&InputError::NoScenarios {
                path: root.display().to_string(),
            });
            return false;
        }
        for path in found {
            let Some((contract, input)) = scenario(&path) else {
                return false;
            };
            // Two spellings of one clause file's path are one contract.
            let key = std::fs::canonicalize(&contract).unwrap_or_else(|_| contract.clone());
            let existing = groups.iter_mut().find(|group| {
                std::fs::canonicalize(&group.contract).unwrap_or_else(|_| group.contract.clone())
                    == key
            });
            match existing {
                Some(group) => group.scenarios.push(input),
                None => groups.push(Group {
                    contract,
                    scenarios: vec![input],
                }),
            }
        }
    }
    let mut reports = Vec::new();
    for group in &groups {
        match report(group) {
            Some(report) => reports.push(report),
            None => return false,
        }
    }
    match format {
        Format::Text => {
            for report in &reports {
                out!("{}", report.render_text());
                outln!();
            }
            outln!("{}", summary(&reports));
        }
        Format::Json => outln!(
            "{}",
            serde_json::json!({
                "contracts": reports.iter().map(ReadingsReport::to_json).collect::<Vec<_>>(),
                "summary": summary(&reports),
            })
        ),
    }
    true
}

/// A scenario read and parsed, named by its path, with the clause file its
/// `contract` line names; `None` after printing why not.
fn scenario(path: &Path) -> Option<(PathBuf, ScenarioInput)> {
    let source = match read_source(path) {
        Ok(source) => source,
        Err(error) => {
            eprint_diagnostic(&error);
            return None;
        }
    };
    let mut file = match super::load::parse_knowing_contract(path, &source) {
        Ok(file) => file,
        Err(error) => {
            eprint_diagnostic(&error);
            return None;
        }
    };
    if let Err(diagnostics) = read_price_files(path, &source, &mut file) {
        print_all(&diagnostics);
        return None;
    }
    let contract = tidy(&contract_path(path, &file.contract.value));
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Some((contract, ScenarioInput { name, source, file }))
}

/// `scenarios/../warrant.pactum` as `warrant.pactum`, for the report. Only
/// the words of the path change: a link is not followed, so the file named
/// is the one the scenario names.
fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut tidied = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(tidied.components().next_back(), Some(Component::Normal(_))) =>
            {
                tidied.pop();
            }
            other => tidied.push(other),
        }
    }
    tidied
}

/// The clause file checked as written, then under each alternative.
fn report(group: &Group) -> Option<ReadingsReport> {
    let source = match read_source(&group.contract) {
        Ok(source) => source,
        Err(error) => {
            eprint_diagnostic(&error);
            return None;
        }
    };
    let file = match parse_clause_file(&source) {
        Ok(file) => file,
        Err(error) => {
            eprint_diagnostic(&error);
            return None;
        }
    };
    let chosen = match check_contract(&source, &file) {
        Ok(program) => program,
        Err(errors) => {
            for error in &errors {
                eprint_diagnostic(error);
            }
            return None;
        }
    };
    Some(vary_readings(
        &group.contract.display().to_string(),
        &source,
        &file,
        &chosen,
        &group.scenarios,
    ))
}
