//! What a run produces, as plain data: one entry per event (or deadline that
//! ran out), which the text, JSON, HTML and Markdown renderers turn into
//! words. Nothing here formats; see `text.rs`, `json.rs`, `html/` and
//! `markdown.rs`.

mod cells;
mod docket;
mod html;
pub mod json;
mod markdown;
mod text;
mod tracked;

use chrono::NaiveDate;

use crate::program::{ClauseId, EventId, ObligationId, ReadingId, RecordId, StateId};
use crate::syntax::ast::ObligationStatus;
use crate::trace::Rounded;
use crate::value::{ClockChange, Moment, Value};

pub use docket::{docket, docket_csv, docket_ics, docket_text, DocketItem, When};
pub use html::{render_html, render_index, IndexRow};
pub use json::{
    entry_json, header_json, report_schema, summary_json, write_json, EntryJson, HeaderJson,
    ReportDocument, StateCache, SummaryJson, REPORT_SCHEMA_VERSION,
};
pub use markdown::render_markdown;
pub use text::{
    display_declared, display_value, render_entry, render_entry_with, render_header,
    render_summary, render_term_roundings, Layout,
};
pub use tracked::{tracked_obligations, Tracked};

/// What `--summary` lists: an event a clause refused, a deadline that
/// passed, an obligation performed late, an invariant broken.
pub fn is_exception(entry: &Entry) -> bool {
    match entry {
        Entry::DeadlinePassed(_) => true,
        Entry::Event(event) => {
            matches!(event.outcome, Outcome::Refused { .. })
                || !event.broken.is_empty()
                || event.obligations.iter().any(|note| {
                    matches!(
                        note.status,
                        ObligationStatus::Breached | ObligationStatus::Late
                    )
                })
        }
    }
}

/// What a change is called in reports: `remaining`, `exercise 2 shares`,
/// `opened exercise 2`.
pub fn changed_label(program: &crate::program::Program, changed: Changed) -> String {
    match changed {
        Changed::State(state) => program
            .state
            .get(state)
            .map_or_else(String::new, |s| s.name.clone()),
        Changed::Field {
            record,
            index,
            field,
        } => {
            let field = program
                .records
                .get(record)
                .and_then(|r| r.fields.get(field))
                .map_or("", |f| f.name.as_str());
            format!("{} {field}", program.instance_label(record, index))
        }
        Changed::Opened { record, index } => {
            format!("opened {}", program.instance_label(record, index))
        }
    }
}

/// `tender`, or `exercise 2 tender` for an obligation an instance owns.
pub fn obligation_label(
    program: &crate::program::Program,
    obligation: ObligationId,
    owner: Option<(RecordId, u32)>,
) -> String {
    obligation_label_joined(program, obligation, owner, " ")
}

/// An obligation's name after its owner's label, joined by `joiner`: a space
/// in reports, a `.` where a scenario names it (`exercise 2.tender`).
pub fn obligation_label_joined(
    program: &crate::program::Program,
    obligation: ObligationId,
    owner: Option<(RecordId, u32)>,
    joiner: &str,
) -> String {
    let name = program
        .obligations
        .get(obligation)
        .map_or("", |o| o.name.as_str());
    match owner {
        Some((record, index)) => {
            format!("{}{joiner}{name}", program.instance_label(record, index))
        }
        None => name.to_string(),
    }
}

/// `§2(c) Minimum exercise`, or the header for an event before the term.
pub fn refuser_label(program: &crate::program::Program, clause: Option<ClauseId>) -> String {
    match clause {
        Some(clause) => program.clause_label(clause),
        None => "the contract's header".to_string(),
    }
}

/// ` (reading R1)` or ` (readings R1, R4)` after the header's calendar: the
/// readings its `business days:` line cites; empty if it cites none.
pub fn calendar_readings_note(program: &crate::program::Program) -> String {
    let ids: Vec<&str> = program
        .calendar_readings
        .iter()
        .filter_map(|id| program.readings.get(*id))
        .map(|reading| reading.id.as_str())
        .collect();
    match ids.as_slice() {
        [] => String::new(),
        [one] => format!(" (reading {one})"),
        several => format!(" (readings {})", several.join(", ")),
    }
}

/// A whole run, for the reports that need all of it before they can be
/// written (HTML, whose timeline spans the run, and Markdown).
#[derive(Debug, Clone, Copy)]
pub struct WholeRun<'a> {
    /// The scenario's title; `None` for an event stream.
    pub scenario: Option<&'a str>,
    /// Where the events came from, as given.
    pub stream: &'a str,
    pub entries: &'a [Entry],
    pub summary: &'a Summary,
    /// Why the run stopped part-way (`evaluation stopped at line 7`), if it
    /// did: the report then says it is incomplete and shows no final state.
    pub stopped: Option<&'a str>,
}

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
    pub owner: Option<(RecordId, u32)>,
    pub deadline: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct EventEntry {
    /// Line in the scenario or event stream.
    pub line: usize,
    pub time: Moment,
    /// `None` for `time passes` and for a rule that acted at a time.
    pub event: Option<EventId>,
    /// A rule that acted by itself when its time came: its section and
    /// trigger as written (`at Expiration Date`).
    pub timer: Option<(ClauseId, String)>,
    pub fields: Vec<Value>,
    pub deemed: Option<DeemedNote>,
    pub outcome: Outcome,
    pub effects: Vec<Effect>,
    pub obligations: Vec<ObligationNote>,
    pub roundings: Vec<RoundingNote>,
    /// The contract's own formulas that were used, with their arguments and results.
    pub formulas: Vec<FormulaNote>,
    pub readings: Vec<ReadingId>,
    /// The whole state after the event (JSON reports give it; the text
    /// report shows only the changes, and the whole state once at the end),
    /// shared with the machine that made it.
    pub state: std::sync::Arc<[Value]>,
    /// Invariants this event (or rule) broke: they held before it, not after.
    pub broken: Vec<BrokenInvariant>,
}

/// An invariant that stopped holding, with the sections that changed state
/// in the event that broke it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenInvariant {
    /// Index into `Program::invariants`.
    pub invariant: usize,
    pub clauses: Vec<ClauseId>,
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
        /// `None`: the contract's header refused it (before the term started).
        clause: Option<ClauseId>,
        reason: String,
    },
    /// `time passes`, or an event no clause reacts to.
    Noted,
}

#[derive(Debug, Clone)]
pub struct Effect {
    pub clause: ClauseId,
    pub changed: Changed,
    pub before: Value,
    pub after: Value,
}

/// What an effect changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    State(StateId),
    /// A field of a record instance.
    Field {
        record: RecordId,
        index: u32,
        field: usize,
    },
    /// A new instance was opened.
    Opened {
        record: RecordId,
        index: u32,
    },
}

#[derive(Debug, Clone)]
pub struct ObligationNote {
    pub clause: ClauseId,
    pub obligation: ObligationId,
    pub instance: usize,
    /// The record instance it belongs to, if any.
    pub owner: Option<(RecordId, u32)>,
    pub status: ObligationStatus,
    pub deadline: NaiveDate,
    /// The day the deadline fell on before a roll convention moved it.
    pub rolled_from: Option<(NaiveDate, crate::calendar::Roll)>,
    /// When it was performed, if that came before it arose.
    pub early: Option<Moment>,
}

#[derive(Debug, Clone)]
pub struct FormulaNote {
    pub clause: ClauseId,
    pub used: crate::trace::FormulaUse,
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
    /// Every record instance with its fields, by record.
    pub records: crate::compute::Records,
    pub open: Vec<ObligationNote>,
    pub events: usize,
    pub accepted: usize,
    pub refused: usize,
}
