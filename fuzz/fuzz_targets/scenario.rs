//! Arbitrary text as a scenario against the Focus warrant: parse, check,
//! and run it when it checks.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pactum::check::{check_contract, check_scenario};
use pactum::program::Program;
use pactum::render::render_diagnostic;
use pactum::source::Source;
use pactum::syntax::{parse_clause_file, parse_scenario};

const WARRANT: &str = include_str!("../../examples/focus-warrant-2001/warrant.pactum");

fn program() -> Option<&'static Program> {
    static PROGRAM: OnceLock<Option<Program>> = OnceLock::new();
    PROGRAM
        .get_or_init(|| {
            let source = Source::new("warrant.pactum", WARRANT);
            let file = parse_clause_file(&source).ok()?;
            check_contract(&source, &file).ok()
        })
        .as_ref()
}

fuzz_target!(|data: &[u8]| {
    let Some(program) = program() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = Source::new("fuzz.scenario", text);
    let file = match parse_scenario(&source) {
        Ok(file) => file,
        Err(e) => {
            let _ = render_diagnostic(&e, false);
            return;
        }
    };
    match check_scenario(program, &source, &file) {
        Ok(plan) => {
            if let Err(e) = pactum::testing::run_plan(program, &plan) {
                let _ = render_diagnostic(&e, false);
            }
        }
        Err(errors) => {
            for e in &errors {
                let _ = render_diagnostic(e, false);
            }
        }
    }
});
