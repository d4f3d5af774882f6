//! `invariant "WORDS": CONDITION`: properties the clause file says must hold
//! after every event. An invariant is a yes/no expression over state, defined
//! terms, record instances and obligations; it may not read an event, since
//! it is checked after rules that act at a time too, when there is none.

use std::collections::HashMap;

use crate::errors::CheckError;
use crate::errors::INVARIANT_READS_EVENT;
use crate::program::InvariantDef;
use crate::syntax::ast::{ClauseFile, Declaration};
use crate::types::Type;

use super::expr::Context;
use super::Checker;

pub fn check_invariants(checker: &mut Checker<'_>, file: &ClauseFile) -> Vec<InvariantDef> {
    let mut invariants = Vec::new();
    let mut seen: HashMap<String, crate::source::Span> = HashMap::new();
    for declaration in &file.declarations {
        let Declaration::Invariant(invariant) = declaration else {
            continue;
        };
        if let Some(first) = seen.get(&invariant.words.value) {
            // Reports name an invariant by its words, so two alike would be
            // indistinguishable.
            let error = CheckError::Duplicate {
                name: invariant.words.value.clone(),
                src: checker.src(),
                first: (*first).into(),
                second: invariant.words.span.into(),
            };
            checker.report(error);
            continue;
        }
        seen.insert(invariant.words.value.clone(), invariant.words.span);
        let cx = Context::default();
        let source = checker.source;
        let written = source.slice(invariant.condition.span);
        match checker.expect_type(&invariant.condition, Type::Flag, &cx) {
            Ok(condition) => invariants.push(InvariantDef {
                words: invariant.words.value.clone(),
                text: written.split_whitespace().collect::<Vec<_>>().join(" "),
                condition,
                locals: cx.slot_count(),
                line: source.line_of(invariant.span.start),
            }),
            Err(error) => {
                let error = reads_event(checker, written, error);
                checker.report(error);
            }
        }
    }
    invariants
}

/// An unknown one-word name read as `n.shares` is an event's binder written
/// where there is no event: say that, not "unknown name".
fn reads_event(checker: &Checker<'_>, written: &str, error: CheckError) -> CheckError {
    match error {
        CheckError::UnknownName { ref name, span, .. }
            if !name.contains(' ') && written.contains(&format!("{name}.")) =>
        {
            let (what, help) = INVARIANT_READS_EVENT;
            CheckError::NotHere {
                what: what.to_string(),
                help: help.to_string(),
                src: checker.src(),
                span,
            }
        }
        CheckError::NotHere { span, .. } if written.contains("event.") => {
            let (what, help) = INVARIANT_READS_EVENT;
            CheckError::NotHere {
                what: what.to_string(),
                help: help.to_string(),
                src: checker.src(),
                span,
            }
        }
        other => other,
    }
}
