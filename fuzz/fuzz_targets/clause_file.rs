//! Arbitrary text as a clause file: parse, check, render any diagnostic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pactum::check::check_contract;
use pactum::render::render_diagnostic;
use pactum::source::Source;
use pactum::syntax::parse_clause_file;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = Source::new("fuzz.pactum", text);
    match parse_clause_file(&source) {
        Err(e) => {
            let _ = render_diagnostic(&e, false);
        }
        Ok(file) => {
            if let Err(errors) = check_contract(&source, &file) {
                for e in &errors {
                    let _ = render_diagnostic(e, false);
                }
            }
        }
    }
});
