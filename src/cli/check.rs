//! `pactum check`: parse and check each file, print every diagnostic.

use std::path::PathBuf;

use super::load::{load_contract, load_scenario, print_all};

pub fn run(files: &[PathBuf]) -> bool {
    let mut failed = 0;
    for file in files {
        let result = if file.extension().is_some_and(|ext| ext == "scenario") {
            load_scenario(file).map(|_| ())
        } else {
            load_contract(file).map(|_| ())
        };
        match result {
            Ok(()) => println!("ok: {}", file.display()),
            Err(diagnostics) => {
                failed += 1;
                print_all(&diagnostics);
            }
        }
    }
    if failed == 0 {
        println!("{} checked, no problems", files.len());
    } else {
        eprintln!("{} checked, {failed} with problems", files.len());
    }
    failed == 0
}
