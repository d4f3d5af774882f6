//! Pactum: a contract-as-code language for the mechanics of warrants.
//!
//! The library is pure: it takes source text and events and returns programs,
//! reports and diagnostics. The `pactum` binary does the reading and writing.
//! Stages: [`syntax`] (text → AST), [`check`] (AST → [`program::Program`]),
//! [`eval`] (program + events → [`report`] entries).

pub mod calendar;
pub mod check;
pub mod errors;
pub mod eval;
pub mod number;
pub mod program;
pub mod report;
pub mod source;
pub mod syntax;
pub mod types;
pub mod value;
pub mod testing;
pub mod stream;
pub mod render;
pub mod snapshot;
pub mod store;
pub mod redline;
