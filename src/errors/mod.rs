//! Every diagnostic Pactum can raise, one enum per stage. All wording lives in
//! this folder; the stages construct plain data and never format messages.

mod check;
mod eval;
mod format;
mod input;
mod lint;
mod syntax;

pub use check::{CheckError, ALTERNATIVES_SAME_TYPE, INVARIANT_READS_EVENT};
pub use eval::{invariants_broken_words, EvalError, Fault, FaultKind};
pub use format::FormatError;
pub use input::{FileKind, InputError, DEFAULT_LIMIT_MIB, LIMIT_VARIABLE};
pub use lint::{blank, Lint, LINT_CODES};
pub use syntax::SyntaxError;
