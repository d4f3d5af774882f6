//! `pactum check`: parse and check each file, print every diagnostic.
//! Warnings a section acknowledges are not printed, only counted; with
//! `--deny warnings` any other warning fails the file.

use std::path::PathBuf;

use super::load::{load_contract, load_scenario, print_all};

/// What `ok:` adds after the file name: "(1 warning, 2 acknowledged)".
fn counts(warnings: usize, acknowledged: usize) -> String {
    let mut parts = Vec::new();
    if warnings > 0 {
        let s = if warnings == 1 { "" } else { "s" };
        parts.push(format!("{warnings} warning{s}"));
    }
    if acknowledged > 0 {
        parts.push(format!("{acknowledged} acknowledged"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

pub fn run(files: &[PathBuf], deny_warnings: bool) -> bool {
    let mut failed = 0;
    for file in files {
        let result = if file.extension().is_some_and(|ext| ext == "scenario") {
            load_scenario(file).map(|_| (0, 0))
        } else {
            load_contract(file).map(|program| {
                for lint in &program.lints {
                    super::output::eprint_diagnostic(lint);
                }
                let acknowledged = program.acknowledgements.iter().map(|a| a.silenced).sum();
                (program.lints.len(), acknowledged)
            })
        };
        match result {
            Ok((warnings, acknowledged)) if deny_warnings && warnings > 0 => {
                failed += 1;
                eoutln!(
                    "denied: {}{} (--deny warnings)",
                    file.display(),
                    counts(warnings, acknowledged)
                );
            }
            Ok((warnings, acknowledged)) => {
                outln!("ok: {}{}", file.display(), counts(warnings, acknowledged))
            }
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
