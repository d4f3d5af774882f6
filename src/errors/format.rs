//! Wording of the diagnostics `pactum fmt` raises: a file that does not parse
//! (the parser's own diagnostic), and the safety net that refuses a layout
//! which would change what a file means.

use miette::Diagnostic;
use thiserror::Error;

use super::SyntaxError;

#[derive(Debug, Error, Diagnostic)]
pub enum FormatError {
    /// The file does not parse; it is never rewritten.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Syntax(#[from] SyntaxError),

    #[error("formatting {file} would change what it says, so it is left as it is")]
    #[diagnostic(
        code(pactum::format::meaning_changed),
        help("the formatted text read back differently ({what}); this is a bug in `pactum fmt`: please report it with the file")
    )]
    MeaningChanged { file: String, what: String },

    #[error("cannot write {path}: {reason}")]
    #[diagnostic(
        code(pactum::format::unwritable),
        help("the file is left as it was; check that its folder accepts writes and the disk has room")
    )]
    Unwritable { path: String, reason: String },
}
