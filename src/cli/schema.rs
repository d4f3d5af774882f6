//! `pactum schema report|test-results`: print the JSON Schema of the JSON
//! report or of `pactum test --format json`, generated from the types that
//! write them (the copies in `docs/` are checked against this by the tests).

use clap::ValueEnum;

/// Which document's schema to print.
#[derive(Clone, Copy, ValueEnum)]
pub enum Document {
    /// `pactum run --format json` (docs/report.schema.json).
    Report,
    /// `pactum test --format json` (docs/test-results.schema.json).
    TestResults,
}

pub fn run(document: Document) -> bool {
    let schema = match document {
        Document::Report => pactum::report::report_schema(),
        Document::TestResults => pactum::test_results::test_results_schema(),
    };
    match serde_json::to_string_pretty(&schema) {
        Ok(text) => {
            outln!("{text}");
            true
        }
        Err(error) => {
            eoutln!("error: cannot write the schema: {error}");
            false
        }
    }
}
