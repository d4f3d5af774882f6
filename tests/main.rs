//! Pactum's one test binary. See `tests/README.md` for how to add a test.

// Test code: a failed unwrap or index is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod api;
mod big_numbers;
mod change_order;
mod cited_readings;
mod cli;
mod commands;
mod day_calendars;
mod docket;
mod docs;
mod examples;
mod expectations;
mod explore;
mod fixtures;
mod format;
mod html;
mod invariants;
mod keyword_names;
mod legal_time;
mod lints;
mod lsp;
mod market;
mod progress;
mod properties;
mod readings;
mod redraft;
mod reports;
mod robustness;
mod schema;
mod stream;
mod support;
mod tutorial;
mod watch;
mod workflow;
