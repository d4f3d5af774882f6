//! `pactum check`: parse and check each file, print every diagnostic.

use std::path::PathBuf;

use super::load::{load_contract, load_scenario, print_all};

pub fn run(files: &[PathBuf]) -> bool {
    let mut failed = 0;
    for file in files {
        let result = if file.extension().is_some_and(|ext| ext == "scenario") {
            load_scenario(file).map(|_| 0)
        } else {
            load_contract(file).map(|program| {
                for lint in &program.lints {
                    super::output::eprint_diagnostic(lint);
                }
                program.lints.len()
            })
        };
        match result {
            Ok(0) => outln!("ok: {}", file.display()),
            Ok(warnings) => outln!(
                "ok: {} ({warnings} warning{})",
                file.display(),
                if warnings == 1 { "" } else { "s" }
            ),
            Err(diagnostics) => {
                failed += 1;
                print_all(&diagnostics);
            }
        }
    }
    if failed == 0 {
        outln!("{} checked, no problems", files.len());
    } else {
        eoutln!("{} checked, {failed} with problems", files.len());
    }
    failed == 0
}
