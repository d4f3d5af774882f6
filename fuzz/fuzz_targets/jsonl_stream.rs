//! Arbitrary text as a JSON Lines event stream against the Focus warrant:
//! read, apply the events, render the report.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pactum::check::check_contract;
use pactum::eval::Machine;
use pactum::program::Program;
use pactum::render::render_diagnostic;
use pactum::report::{render_entry, render_summary};
use pactum::source::Source;
use pactum::stream::parse_event_stream;
use pactum::syntax::parse_clause_file;

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
    let inputs = match parse_event_stream(program, &Source::new("fuzz.jsonl", text)) {
        Ok(inputs) => inputs,
        Err(e) => {
            let _ = render_diagnostic(&e, false);
            return;
        }
    };
    let mut machine = Machine::new(program);
    for input in &inputs {
        match machine.apply(input) {
            Ok(entries) => {
                for entry in &entries {
                    let _ = render_entry(program, entry);
                }
            }
            Err(e) => {
                let _ = render_diagnostic(&e, false);
                return;
            }
        }
    }
    let _ = render_summary(program, &machine.summary());
});
