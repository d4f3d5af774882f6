//! Pactum: a contract-as-code language for the mechanics of warrants.
//!
//! The library is pure: it takes source text and events and returns programs,
//! reports and diagnostics. The `pactum` binary does the reading and writing.
//!
//! **For Rust programs, [`api`] is the supported surface**: check a clause
//! file ([`api::Contract::from_text`]), run a scenario or a JSON Lines stream
//! against it, and read each step, the final state and the reports. It is
//! documented throughout (`missing_docs` is denied) and its examples run as
//! tests.
//!
//! The stages behind it are public only so that Pactum's own test binary,
//! benchmarks and fuzz targets can reach them; they are hidden from the
//! documentation and may change in any release: `syntax` (text → AST),
//! `check` (AST → `program::Program`), `eval` (program + events → `report`
//! entries), `compute` (expressions, for both). See docs/architecture.md.

#![deny(missing_docs)]

pub mod api;
#[doc(hidden)]
pub mod calendar;
#[doc(hidden)]
pub mod check;
#[doc(hidden)]
pub mod compute;
#[doc(hidden)]
pub mod errors;
#[doc(hidden)]
pub mod eval;
#[doc(hidden)]
pub mod explore;
#[doc(hidden)]
pub mod format;
#[doc(hidden)]
pub mod ide;
#[doc(hidden)]
pub mod number;
#[doc(hidden)]
pub mod program;
#[doc(hidden)]
pub mod progress;
#[doc(hidden)]
pub mod readings;
#[doc(hidden)]
pub mod redline;
#[doc(hidden)]
pub mod render;
#[doc(hidden)]
pub mod report;
#[doc(hidden)]
pub mod scope;
#[doc(hidden)]
pub mod snapshot;
#[doc(hidden)]
pub mod source;
#[doc(hidden)]
pub mod store;
#[doc(hidden)]
pub mod stream;
#[doc(hidden)]
pub mod syntax;
#[doc(hidden)]
pub mod test_results;
#[doc(hidden)]
pub mod testing;
#[doc(hidden)]
pub mod trace;
#[doc(hidden)]
pub mod types;
#[doc(hidden)]
pub mod value;
#[doc(hidden)]
pub mod watch;
