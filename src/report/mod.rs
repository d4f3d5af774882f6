//! What a run produces, as plain data: one entry per event (or deadline that
//! ran out), which the text and JSON renderers turn into words. Nothing here
//! formats; see `text.rs` and `json.rs`.

mod json;
mod text;

use chrono::NaiveDate;

use crate::eval::Rounded;
use crate::program::{ClauseId, EventId, ObligationId, ReadingId, StateId};
use crate::syntax::ast::ObligationStatus;
use crate::value::{ClockChange, Moment, Value};

pub use json::{entry_json, header_json, summary_json};
pub use text::{
    display_declared, display_value, render_entry, render_entry_with, render_header,
    render_summary, render_term_roundings, Layout,
};

#[derive(Debug, Clone)]
pub enum Entry {
    /// An obligation's deadline ended with nothing performed.
    DeadlinePassed(DeadlineEntry),
    Event(Box<EventEntry>),
}

#[derive(Debug, Clone)]
pub struct DeadlineEntry {
    pub obligation: ObligationId,
    pub instance: usize,
    pub deadline: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct EventEntry {
    /// Line in the scenario or event stream.
    pub line: usize,
    pub time: Moment,
    /// `None` for `time passes`.
    pub event: Option<EventId>,
    pub fields: Vec<Value>,
    pub deemed: Option<DeemedNote>,
    pub outcome: Outcome,
    pub effects: Vec<Effect>,
    pub obligations: Vec<ObligationNote>,
    pub roundings: Vec<RoundingNote>,
    pub readings: Vec<ReadingId>,
    /// The whole state after the event (JSON reports give it; the text
    /// report shows only the changes, and the whole state once at the end).
    pub state: Vec<Value>,
}

#[derive(Debug, Clone)]
pub struct DeemedNote {
    pub at: Moment,
    pub method: String,
    pub clause: ClauseId,
    /// The deemed wall time was one the clocks skip or repeat, and where it went.
    pub clock: Option<ClockChange>,
    /// Why a cut-off moved the notice to the next business day, if it did.
    pub cutoff: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Accepted {
        clauses: Vec<ClauseId>,
    },
    Refused {
        clause: ClauseId,
        reason: String,
    },
    /// `time passes`, or an event no clause reacts to.
    Noted,
}

#[derive(Debug, Clone)]
pub struct Effect {
    pub clause: ClauseId,
    pub state: StateId,
    pub before: Value,
    pub after: Value,
}

#[derive(Debug, Clone)]
pub struct ObligationNote {
    pub clause: ClauseId,
    pub obligation: ObligationId,
    pub instance: usize,
    pub status: ObligationStatus,
    pub deadline: NaiveDate,
    /// The day the deadline fell on before a roll convention moved it.
    pub rolled_from: Option<(NaiveDate, crate::calendar::Roll)>,
}

#[derive(Debug, Clone)]
pub struct RoundingNote {
    pub clause: ClauseId,
    pub rounded: Rounded,
}

/// What is still owed when the run ends.
#[derive(Debug, Clone)]
pub struct Summary {
    pub state: Vec<Value>,
    pub open: Vec<ObligationNote>,
    pub events: usize,
    pub accepted: usize,
    pub refused: usize,
}
