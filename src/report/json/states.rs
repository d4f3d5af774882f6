//! The JSON of a state, written once and reused while the state stays the
//! same. Every entry of the JSON report gives the whole state, and most
//! events of a long stream (refused ones, time passing, an update to the
//! value a state already had) leave it as it was, so `pactum run` keeps the
//! last state's JSON and writes it again, byte for byte what writing it anew
//! would give.

use std::sync::Arc;

use serde_json::value::RawValue;

use crate::program::Program;
use crate::report::{Entry, EventEntry};
use crate::value::Value;

use super::{entry_json, EntryJson, StateJson};

/// The last state written and its JSON.
#[derive(Default)]
pub struct StateCache {
    last: Option<(Arc<[Value]>, Box<RawValue>)>,
}

impl StateCache {
    /// What [`entry_json`] gives, with the state's JSON taken from the cache
    /// when the entry's state is the one written last.
    pub fn entry_json<'a>(
        &'a mut self,
        program: &'a Program,
        entry: &'a Entry,
    ) -> Result<EntryJson<'a>, serde_json::Error> {
        let mut json = entry_json(program, entry);
        if let (Entry::Event(event), EntryJson::Event(written)) = (entry, &mut json) {
            written.state.written = Some(self.written(program, event)?);
        }
        Ok(json)
    }

    fn written(
        &mut self,
        program: &Program,
        event: &EventEntry,
    ) -> Result<&RawValue, serde_json::Error> {
        let kept = self
            .last
            .take()
            .filter(|(state, _)| Arc::ptr_eq(state, &event.state) || **state == *event.state);
        let (state, json) = match kept {
            Some(kept) => kept,
            None => {
                let json = serde_json::to_string(&StateJson {
                    program,
                    values: &event.state,
                    written: None,
                })?;
                (Arc::clone(&event.state), RawValue::from_string(json)?)
            }
        };
        Ok(&self.last.insert((state, json)).1)
    }
}
