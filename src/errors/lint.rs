//! Wording of the warnings: clause files that check and run, but leave a
//! question a careful reader would ask.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

#[derive(Debug, Clone, Error, Diagnostic)]
pub enum Lint {
    #[error("this deadline can fall on a day the `{calendar}` calendar is closed")]
    #[diagnostic(
        code(pactum::lint::unrolled_deadline),
        severity(Warning),
        help("say what happens then: add `, roll following`, `, roll preceding`, `, roll modified following`, or `, roll none` with a reading")
    )]
    UnrolledDeadline {
        calendar: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("counted in {unit}")]
        span: SourceSpan,
        unit: String,
    },
}
