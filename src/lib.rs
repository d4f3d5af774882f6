//! Pactum: a contract-as-code language for the mechanics of warrants.
//!
//! The library is pure: it takes source text and events and returns programs,
//! reports and diagnostics. The `pactum` binary does the reading and writing.
//! Stages: [`syntax`] (text → AST), [`check`] (AST → [`program::Program`]),
//! [`eval`] (program + events → [`report`] entries). [`compute`] evaluates
//! expressions for both the checker and the evaluator.

pub mod calendar;
pub mod check;
pub mod compute;
pub mod errors;
pub mod eval;
pub mod explore;
pub mod format;
pub mod ide;
pub mod number;
pub mod program;
pub mod readings;
pub mod redline;
pub mod render;
pub mod report;
pub mod scope;
pub mod snapshot;
pub mod source;
pub mod store;
pub mod stream;
pub mod syntax;
pub mod test_results;
pub mod testing;
pub mod trace;
pub mod types;
pub mod value;
