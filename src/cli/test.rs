//! `pactum test`: run every scenario under the given paths, check its
//! expectations, and end with `N passed, N failed`.

use std::path::{Path, PathBuf};

use pactum::errors::InputError;
use pactum::testing::run_plan;

use super::load::{load_scenario, print_all};
use super::output::eprint_diagnostic;

pub fn run(paths: &[PathBuf]) -> bool {
    let roots = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let mut scenarios = Vec::new();
    for root in &roots {
        let before = scenarios.len();
        if let Err(error) = collect(root, &mut scenarios) {
            eprint_diagnostic(&error);
            println!("0 passed, 1 failed");
            return false;
        }
        if scenarios.len() == before {
            eprint_diagnostic(&InputError::NoScenarios {
                path: root.display().to_string(),
            });
            println!("0 passed, 1 failed");
            return false;
        }
    }
    let (mut passed, mut failed) = (0, 0);
    for scenario in &scenarios {
        if run_one(scenario) {
            passed += 1;
        } else {
            failed += 1;
        }
    }
    println!("{passed} passed, {failed} failed");
    failed == 0
}

fn run_one(path: &Path) -> bool {
    let (program, plan) = match load_scenario(path) {
        Ok(found) => found,
        Err(diagnostics) => {
            println!("ERROR {}", path.display());
            print_all(&diagnostics);
            return false;
        }
    };
    match run_plan(&program, &plan) {
        Ok(run) if run.failures.is_empty() => {
            println!("PASS  {}  ({} expectations)", path.display(), run.checked);
            true
        }
        Ok(run) => {
            println!("FAIL  {}", path.display());
            for failure in &run.failures {
                println!("  line {}: {}", failure.line, failure.expectation);
                println!("    found: {}", failure.found);
            }
            false
        }
        Err(error) => {
            println!("ERROR {}", path.display());
            eprint_diagnostic(&error);
            false
        }
    }
}

/// Scenario files under `root`, in a stable (sorted) order.
fn collect(root: &Path, found: &mut Vec<PathBuf>) -> Result<(), InputError> {
    let metadata = std::fs::metadata(root).map_err(|error| InputError::Unreadable {
        path: root.display().to_string(),
        reason: error.to_string(),
    })?;
    if metadata.is_file() {
        found.push(root.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(root)
        .map_err(|error| InputError::Unreadable {
            path: root.display().to_string(),
            reason: error.to_string(),
        })?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect(&entry, found)?;
        } else if entry.extension().is_some_and(|ext| ext == "scenario") {
            found.push(entry);
        }
    }
    Ok(())
}
