//! The names a clause file declares, and "did you mean" for the ones it
//! misspells.

use std::collections::HashMap;

use crate::source::Span;
use crate::types::{KindId, ObligationId, PartyId, StateId, Type};
use crate::value::Value;

/// What a name in an expression can stand for.
#[derive(Debug, Clone)]
pub enum Binding {
    Define(Value, Type),
    /// A defined term whose `define` comes later in the file.
    LaterDefine,
    /// A defined term whose `define` failed to check: its uses say nothing new.
    Failed,
    State(StateId, Type),
    Party(PartyId),
    Variant(KindId, usize),
    Obligation(ObligationId),
}

#[derive(Debug, Clone, Default)]
pub struct Scope {
    names: HashMap<String, (Binding, Span)>,
}

impl Scope {
    /// Declares `name`; on a clash returns the span of the first declaration.
    pub fn declare(&mut self, name: &str, binding: Binding, span: Span) -> Result<(), Span> {
        match self.names.get(name) {
            Some((Binding::LaterDefine, _))
                if matches!(binding, Binding::Define(..) | Binding::Failed) =>
            {
                self.names.insert(name.to_string(), (binding, span));
                Ok(())
            }
            None => {
                self.names.insert(name.to_string(), (binding, span));
                Ok(())
            }
            Some((_, first)) => Err(*first),
        }
    }

    pub fn get(&self, name: &str) -> Option<Binding> {
        self.names.get(name).map(|(binding, _)| binding.clone())
    }

    /// Every defined term with its value and type.
    pub fn defines(&self) -> impl Iterator<Item = (&str, Value, Type)> {
        self.names
            .iter()
            .filter_map(|(name, (binding, _))| match binding {
                Binding::Define(value, ty) => Some((name.as_str(), value.clone(), *ty)),
                _ => None,
            })
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.keys().map(String::as_str)
    }
}

/// "did you mean `X`?" for the closest candidate, or a fallback hint.
pub fn suggest<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = &'a str>,
    fallback: &str,
) -> String {
    let wanted_lower = wanted.to_lowercase();
    let allowed = (wanted.len() / 3).max(2);
    let wanted_chars = wanted_lower.chars().count();
    // The edit distance is at least the difference in length, so a candidate
    // too long or too short to be within `allowed` is skipped unmeasured:
    // the same answer, without quadratic work on a long odd word.
    let best = candidates
        .filter(|candidate| candidate.chars().count().abs_diff(wanted_chars) <= allowed)
        .map(|candidate| {
            let distance = strsim::levenshtein(&wanted_lower, &candidate.to_lowercase());
            (distance, candidate)
        })
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    match best {
        Some((distance, candidate)) if distance <= allowed => {
            format!("{DID_YOU_MEAN}{candidate}`?")
        }
        _ => fallback.to_string(),
    }
}

const DID_YOU_MEAN: &str = "did you mean `";

/// The name a help from [`suggest`] proposes, for an editor's quick fix.
pub fn suggested_name(help: &str) -> Option<&str> {
    help.strip_prefix(DID_YOU_MEAN)?.strip_suffix("`?")
}
