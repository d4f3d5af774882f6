//! Pactum's one test binary. See `tests/README.md` for how to add a test.

mod cli;
mod docs;
mod examples;
mod fixtures;
mod legal_time;
mod support;
mod workflow;
