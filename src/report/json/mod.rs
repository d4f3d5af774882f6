//! The report for programs: the same facts as the text report, as JSON, in
//! typed pieces (the header, one entry per event or passed deadline, the
//! summary) that borrow the report data and serialise straight to a writer.
//! The types are the schema: `docs/report.schema.json` is generated from
//! them ([`report_schema`]); docs/json.md describes it in words.

mod states;
mod values;

use schemars::{JsonSchema, Schema};
use serde::Serialize;

use crate::program::Program;
use crate::syntax::ast::ObligationStatus;
use crate::trace::{Computation, Rounded};
use crate::value::ClockChange;

use super::{Changed, Effect, Entry, EventEntry, ObligationNote, Outcome, Summary};

pub use states::StateCache;
pub use values::{Date, Exact, FieldsJson, Instant, RecordsJson, StateJson, ValueJson};

/// The version of the report's shape, given as `report.schema_version`. It
/// goes up when a key is removed or renamed or a value changes its meaning;
/// a key added leaves it as it is.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// One whole report, as `pactum run --format json` prints it on one line:
/// `report`, `entries`, `summary` and `complete`, in this order. The report
/// is written as events are applied; output that does not parse, or lacks
/// `"complete": true`, is an incomplete report.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "Pactum JSON report", deny_unknown_fields)]
pub struct ReportDocument<'a> {
    /// What was run: the contract, where the events came from, the readings,
    /// and the warnings the clause file acknowledges.
    pub report: HeaderJson<'a>,
    /// One object per event, and per deadline that passed, in the order they happened.
    pub entries: Vec<EntryJson<'a>>,
    /// Counts, the final state, and the obligations still outstanding.
    pub summary: SummaryJson<'a>,
    /// Always `true`: a report that lacks it is incomplete.
    pub complete: bool,
}

/// The schema of a whole report document, from the types that write it.
pub fn report_schema() -> Schema {
    output_schema::<ReportDocument<'static>>()
}

/// The schema of what `T` serialises to (draft 2020-12): a key that is
/// always written is required, even when its value may be `null`.
pub fn output_schema<T: JsonSchema>() -> Schema {
    schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>()
}

/// The report's version number (always [`REPORT_SCHEMA_VERSION`]).
pub struct SchemaVersion;

impl Serialize for SchemaVersion {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(REPORT_SCHEMA_VERSION)
    }
}

impl JsonSchema for SchemaVersion {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SchemaVersion".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "description": "The version of the report's shape: it goes up when a key is removed or renamed or a value changes its meaning, not when a key is added.",
            "type": "integer",
            "const": REPORT_SCHEMA_VERSION
        })
    }
}

/// What was run.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Header", deny_unknown_fields)]
pub struct HeaderJson<'a> {
    /// The version of this report's shape; see docs/json.md.
    pub schema_version: SchemaVersion,
    /// The clause file.
    pub contract: ContractJson<'a>,
    /// The scenario's title, or `null` when the events came from a `.jsonl` stream.
    pub scenario: Option<&'a str>,
    /// The path of the scenario or stream, as given on the command line.
    pub events_from: &'a str,
    /// Each `round(…)` in a defined term.
    pub defined_term_roundings: Vec<TermRoundingJson<'a>>,
    /// Every reading in the clause file, in file order.
    pub readings: Vec<ReadingJson<'a>>,
    /// Every `acknowledge` line in the clause file, in file order.
    pub acknowledged: Vec<AcknowledgedJson<'a>>,
    /// Present, and `true`, when `pactum run --summary` listed only refused
    /// events, breached or late obligations and broken invariants.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub exceptions_only: bool,
}

/// The clause file.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Contract", deny_unknown_fields)]
pub struct ContractJson<'a> {
    /// The title on the `contract` line.
    pub title: &'a str,
    /// The clause file's path, as given on the command line.
    pub file: &'a str,
    /// The contract's zone, e.g. `"America/New_York"`.
    pub local_time: &'a str,
    /// The name of the contract's calendar.
    pub business_days: &'a str,
}

/// A `round(…)` in a defined term.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "TermRounding", deny_unknown_fields)]
pub struct TermRoundingJson<'a> {
    /// The defined term.
    pub term: &'a str,
    /// The exact number before rounding, without unit.
    pub before: Exact<'a>,
    /// The number after rounding, without unit.
    pub after: Exact<'a>,
    /// Decimal places kept.
    pub places: u32,
    /// The rounding mode, e.g. `"half up"`.
    pub mode: &'static str,
}

/// A reading of the clause file.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Reading", deny_unknown_fields)]
pub struct ReadingJson<'a> {
    /// Its id, e.g. `"R1"`.
    pub id: &'a str,
    /// The number of its section.
    pub section: &'a str,
    pub title: &'a str,
    /// The reading's words, with the file's indentation removed and line breaks kept.
    pub text: &'a str,
}

/// An `acknowledge` line.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Acknowledged", deny_unknown_fields)]
pub struct AcknowledgedJson<'a> {
    /// The code it acknowledges, e.g. `"pactum::lint::blank"`.
    pub lint: &'a str,
    /// The number of its section.
    pub section: &'a str,
    /// Its words.
    pub reason: &'a str,
    /// How many of the section's warnings it silenced; 0 for a stale one.
    pub warnings: usize,
}

/// One report entry, by its `kind`.
#[derive(Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[schemars(rename = "Entry")]
pub enum EntryJson<'a> {
    /// One event or `time passes` line, applied; or a rule that acted at a time.
    Event(Box<EventJson<'a>>),
    /// An obligation's deadline day ended with nothing performed. The entry
    /// comes just before the event (or `time passes`) at which Pactum learned of it.
    DeadlinePassed(DeadlinePassedJson<'a>),
}

/// A deadline that passed.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "DeadlinePassed", deny_unknown_fields)]
pub struct DeadlinePassedJson<'a> {
    /// The obligation's name.
    pub obligation: Option<&'a str>,
    /// The record instance it belongs to (`"exercise 2"`), or `null`.
    pub instance: Option<String>,
    /// The number of the section that imposed it.
    pub section: Option<&'a str>,
    /// The deadline date.
    pub deadline: Date,
    /// Always `"breached"`.
    pub status: Breached,
}

/// The status of an obligation whose deadline passed.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Breached {
    Breached,
}

/// An event, applied.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Event", deny_unknown_fields)]
pub struct EventJson<'a> {
    /// The line of the scenario or stream it came from.
    pub line: usize,
    /// When it happened.
    pub time: Instant<'a>,
    /// The event's name, or `null` for `time passes` and for a rule that acted at a time.
    pub event: Option<&'a str>,
    /// For a rule that acted at a time; otherwise `null`.
    pub timer: Option<TimerJson<'a>>,
    pub fields: FieldsJson<'a>,
    /// For a notice, when it was deemed given; `null` for other events.
    pub deemed_given: Option<DeemedJson<'a>>,
    /// What happened.
    pub outcome: OutcomeJson<'a>,
    /// Each change the event made, in order.
    pub changes: Vec<ChangeJson<'a>>,
    /// Each obligation this event made arise or settled.
    pub obligations: Vec<ObligationJson<'a>>,
    /// Each call of a `formula` of the contract's own, and each reading of a
    /// `table`, while the event was applied.
    pub formulas: Vec<FormulaJson<'a>>,
    /// Each `round(…)` applied.
    pub roundings: Vec<RoundingJson<'a>>,
    /// The ids of the readings this event relied on.
    pub readings: Vec<&'a str>,
    /// Every state after the event.
    pub state: StateJson<'a>,
    /// Present only when the event (or rule acting at a time) broke an invariant.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub invariants_broken: Vec<BrokenJson<'a>>,
}

/// A rule that acted by itself when its time came.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Timer", deny_unknown_fields)]
pub struct TimerJson<'a> {
    pub section: &'a str,
    /// Its trigger as written, e.g. `"every 1 month after Cliff Date, 36 times (3 of 36)"`.
    pub trigger: &'a str,
}

/// When a notice was deemed given.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Deemed", deny_unknown_fields)]
pub struct DeemedJson<'a> {
    pub time: Instant<'a>,
    /// How it was given, e.g. `"fax"`.
    pub method: &'a str,
    /// The section of the notice rule.
    pub section: &'a str,
    /// The deemed wall time was one the clocks skip or repeat; or `null`.
    pub clock_change: Option<ClockChangeJson<'a>>,
    /// Why a cut-off moved it to the next business day, or `null`.
    pub cutoff: Option<&'a str>,
}

/// A deemed wall time the clocks skip or repeat in the contract's local
/// time, and where the notice rule put it.
#[derive(Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
#[schemars(rename = "ClockChange", deny_unknown_fields)]
pub enum ClockChangeJson<'a> {
    /// The clocks jumped over `local`; it counts at `moved_to`, where they resumed.
    Skipped {
        /// The wall time the rule arrived at, without an offset.
        local: String,
        zone: &'a str,
        moved_to: Instant<'a>,
    },
    /// `local` happens twice: the first moment (`took`) is taken, not the second (`not`).
    Repeated {
        /// The wall time the rule arrived at, without an offset.
        local: String,
        zone: &'a str,
        took: Instant<'a>,
        not: Instant<'a>,
    },
}

/// What happened to an event, by its `result`.
#[derive(Serialize, JsonSchema)]
#[serde(tag = "result", rename_all = "lowercase")]
#[schemars(rename = "Outcome", deny_unknown_fields)]
pub enum OutcomeJson<'a> {
    /// Accepted: the sections whose rules took part.
    Accepted { sections: Vec<&'a str> },
    /// Refused by a section (or `"header"`, for an event before the term started), with its reason.
    Refused { section: &'a str, reason: &'a str },
    /// A `time passes` line, or an event no clause reacts to.
    Noted,
}

/// A change an event made: to a state, to a field of a record instance, or
/// an instance opened.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "Change", deny_unknown_fields)]
pub enum ChangeJson<'a> {
    /// A state changed.
    State {
        section: &'a str,
        /// The state's name.
        state: Option<&'a str>,
        before: ValueJson<'a>,
        after: ValueJson<'a>,
    },
    /// A field of a record instance changed.
    Field {
        section: &'a str,
        /// The instance, e.g. `"exercise 2"`.
        instance: String,
        field: Option<&'a str>,
        before: ValueJson<'a>,
        after: ValueJson<'a>,
    },
    /// A record instance was opened.
    Opened {
        section: &'a str,
        /// The instance opened, e.g. `"exercise 2"`.
        opened: String,
    },
}

/// An obligation that arose or was settled (in an entry), or is outstanding (in the summary).
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Obligation", deny_unknown_fields)]
pub struct ObligationJson<'a> {
    pub name: Option<&'a str>,
    /// The record instance it belongs to, e.g. `"exercise 2"`, or `null`.
    pub instance: Option<String>,
    pub section: &'a str,
    pub party: Option<&'a str>,
    pub duty: Option<&'a str>,
    pub deadline: Date,
    /// The day a roll convention moved the deadline from, or `null`.
    pub rolled_from: Option<Date>,
    /// `"open"` (it arose), `"breached"` (it arose after its own deadline),
    /// `"met"` or `"late"` (performed).
    pub status: ObligationStatus,
    /// The time of an earlier performance that counted when it arose, or `null`.
    pub performed_before_it_arose: Option<Instant<'a>>,
}

/// A call of a formula, or a reading of a table.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Formula", deny_unknown_fields)]
pub struct FormulaJson<'a> {
    pub section: &'a str,
    /// The formula's or table's name.
    pub formula: Option<&'a str>,
    pub kind: ComputationKind,
    pub arguments: Vec<ValueJson<'a>>,
    pub result: ValueJson<'a>,
}

/// Whether a formula or a table was used.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ComputationKind {
    Formula,
    Table,
}

/// A `round(…)` applied.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Rounding", deny_unknown_fields)]
pub struct RoundingJson<'a> {
    pub section: &'a str,
    /// The exact number before rounding, without unit.
    pub before: Exact<'a>,
    /// The number after rounding, without unit.
    pub after: Exact<'a>,
    pub places: u32,
    /// The rounding mode, e.g. `"half up"`.
    pub mode: &'static str,
}

/// An invariant the event broke.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Broken", deny_unknown_fields)]
pub struct BrokenJson<'a> {
    /// Its words.
    pub invariant: &'a str,
    /// Its condition as written.
    pub condition: &'a str,
    /// The line of its declaration in the clause file.
    pub line: usize,
    /// The numbers of the sections that changed state in this event.
    pub sections: Vec<&'a str>,
}

/// Counts, the final state, and the obligations still outstanding.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Summary", deny_unknown_fields)]
pub struct SummaryJson<'a> {
    /// How many events were applied, counting refused and noted events but not `time passes` lines.
    pub events: usize,
    pub accepted: usize,
    pub refused: usize,
    /// The final state.
    pub state: StateJson<'a>,
    pub records: RecordsJson<'a>,
    /// Each obligation not performed.
    pub outstanding: Vec<ObligationJson<'a>>,
}

fn instance(program: &Program, owner: Option<(usize, u32)>) -> Option<String> {
    owner.map(|(record, index)| program.instance_label(record, index))
}

fn rounding<'a>(program: &'a Program, clause: usize, rounded: &'a Rounded) -> RoundingJson<'a> {
    RoundingJson {
        section: program.clause_number(clause),
        before: Exact(&rounded.before),
        after: Exact(&rounded.after),
        places: rounded.places,
        mode: rounded.mode.words(),
    }
}

pub fn header_json<'a>(
    program: &'a Program,
    scenario: Option<&'a str>,
    stream: &'a str,
) -> HeaderJson<'a> {
    HeaderJson {
        schema_version: SchemaVersion,
        contract: ContractJson {
            title: &program.title,
            file: program.source.name(),
            local_time: program.zone.name(),
            business_days: program.calendar.name(),
        },
        scenario,
        events_from: stream,
        defined_term_roundings: program
            .constant_roundings
            .iter()
            .map(|(term, r)| TermRoundingJson {
                term,
                before: Exact(&r.before),
                after: Exact(&r.after),
                places: r.places,
                mode: r.mode.words(),
            })
            .collect(),
        readings: program
            .readings
            .iter()
            .map(|r| ReadingJson {
                id: &r.id,
                section: program.clause_number(r.clause),
                title: &r.title,
                text: &r.body,
            })
            .collect(),
        acknowledged: program
            .acknowledgements
            .iter()
            .map(|a| AcknowledgedJson {
                lint: &a.code,
                section: program.clause_number(a.clause),
                reason: &a.reason,
                warnings: a.silenced,
            })
            .collect(),
        exceptions_only: false,
    }
}

fn obligation_json<'a>(program: &'a Program, note: &'a ObligationNote) -> ObligationJson<'a> {
    let definition = program.obligations.get(note.obligation);
    ObligationJson {
        name: definition.map(|d| d.name.as_str()),
        instance: instance(program, note.owner),
        section: program.clause_number(note.clause),
        party: definition
            .and_then(|d| program.parties.get(d.party))
            .map(|p| p.name.as_str()),
        duty: definition.map(|d| d.duty.as_str()),
        deadline: Date(note.deadline),
        rolled_from: note.rolled_from.map(|(from, _)| Date(from)),
        status: note.status,
        performed_before_it_arose: note.early.as_ref().map(Instant),
    }
}

pub fn entry_json<'a>(program: &'a Program, entry: &'a Entry) -> EntryJson<'a> {
    match entry {
        Entry::DeadlinePassed(deadline) => {
            let definition = program.obligations.get(deadline.obligation);
            EntryJson::DeadlinePassed(DeadlinePassedJson {
                obligation: definition.map(|d| d.name.as_str()),
                instance: instance(program, deadline.owner),
                section: definition.map(|d| program.clause_number(d.clause)),
                deadline: Date(deadline.deadline),
                status: Breached::Breached,
            })
        }
        Entry::Event(event) => EntryJson::Event(Box::new(event_json(program, event))),
    }
}

fn clock_json(change: &ClockChange) -> ClockChangeJson<'_> {
    let local = |at: &chrono::NaiveDateTime| at.format("%Y-%m-%dT%H:%M:%S").to_string();
    match change {
        ClockChange::Skipped {
            zone,
            local: wall,
            resumed,
        } => ClockChangeJson::Skipped {
            local: local(wall),
            zone: zone.name(),
            moved_to: Instant(resumed),
        },
        ClockChange::Repeated {
            zone,
            local: wall,
            took,
            not,
        } => ClockChangeJson::Repeated {
            local: local(wall),
            zone: zone.name(),
            took: Instant(took),
            not: Instant(not),
        },
    }
}

fn event_json<'a>(program: &'a Program, entry: &'a EventEntry) -> EventJson<'a> {
    let event = entry.event.and_then(|id| program.events.get(id));
    let section = |clause: usize| program.clause_number(clause);
    let outcome = match &entry.outcome {
        Outcome::Accepted { clauses } => OutcomeJson::Accepted {
            sections: clauses.iter().map(|c| section(*c)).collect(),
        },
        Outcome::Refused { clause, reason } => OutcomeJson::Refused {
            section: clause.map_or("header", section),
            reason,
        },
        Outcome::Noted => OutcomeJson::Noted,
    };
    EventJson {
        line: entry.line,
        time: Instant(&entry.time),
        event: event.map(|e| e.name.as_str()),
        timer: entry.timer.as_ref().map(|(clause, trigger)| TimerJson {
            section: section(*clause),
            trigger,
        }),
        fields: FieldsJson {
            program,
            declared: event.map_or(&[], |e| e.fields.as_slice()),
            values: &entry.fields,
        },
        deemed_given: entry.deemed.as_ref().map(|d| DeemedJson {
            time: Instant(&d.at),
            method: &d.method,
            section: section(d.clause),
            clock_change: d.clock.as_ref().map(clock_json),
            cutoff: d.cutoff.as_deref(),
        }),
        outcome,
        changes: entry
            .effects
            .iter()
            .map(|effect| change_json(program, effect))
            .collect(),
        obligations: entry
            .obligations
            .iter()
            .map(|note| obligation_json(program, note))
            .collect(),
        formulas: entry
            .formulas
            .iter()
            .map(|note| {
                let (formula, kind) = match note.used.formula {
                    Computation::Formula(id) => (
                        program.formulas.get(id).map(|f| f.name.as_str()),
                        ComputationKind::Formula,
                    ),
                    Computation::Table(id) => (
                        program.tables.get(id).map(|t| t.name.as_str()),
                        ComputationKind::Table,
                    ),
                };
                FormulaJson {
                    section: section(note.clause),
                    formula,
                    kind,
                    arguments: note
                        .used
                        .arguments
                        .iter()
                        .map(|v| ValueJson::plain(program, v))
                        .collect(),
                    result: ValueJson::plain(program, &note.used.result),
                }
            })
            .collect(),
        roundings: entry
            .roundings
            .iter()
            .map(|note| rounding(program, note.clause, &note.rounded))
            .collect(),
        readings: entry
            .readings
            .iter()
            .filter_map(|id| program.readings.get(*id))
            .map(|r| r.id.as_str())
            .collect(),
        state: StateJson {
            program,
            values: &entry.state,
            written: None,
        },
        invariants_broken: entry
            .broken
            .iter()
            .filter_map(|broken| {
                let invariant = program.invariants.get(broken.invariant)?;
                Some(BrokenJson {
                    invariant: &invariant.words,
                    condition: &invariant.text,
                    line: invariant.line,
                    sections: broken.clauses.iter().map(|c| section(*c)).collect(),
                })
            })
            .collect(),
    }
}

/// A change to a state (`"state"`), to an instance's field (`"instance"`
/// and `"field"`), or a new instance (`"opened"`).
fn change_json<'a>(program: &'a Program, effect: &'a Effect) -> ChangeJson<'a> {
    let section = program.clause_number(effect.clause);
    match effect.changed {
        Changed::State(state) => {
            let var = program.state.get(state);
            let ratio = var.is_some_and(|s| s.shown == crate::program::Shown::Ratio);
            ChangeJson::State {
                section,
                state: var.map(|s| s.name.as_str()),
                before: ValueJson {
                    program,
                    value: &effect.before,
                    ratio,
                },
                after: ValueJson {
                    program,
                    value: &effect.after,
                    ratio,
                },
            }
        }
        Changed::Field {
            record,
            index,
            field,
        } => ChangeJson::Field {
            section,
            instance: program.instance_label(record, index),
            field: program
                .records
                .get(record)
                .and_then(|r| r.fields.get(field))
                .map(|f| f.name.as_str()),
            before: ValueJson::plain(program, &effect.before),
            after: ValueJson::plain(program, &effect.after),
        },
        Changed::Opened { record, index } => ChangeJson::Opened {
            section,
            opened: program.instance_label(record, index),
        },
    }
}

pub fn summary_json<'a>(program: &'a Program, summary: &'a Summary) -> SummaryJson<'a> {
    SummaryJson {
        events: summary.events,
        accepted: summary.accepted,
        refused: summary.refused,
        state: StateJson {
            program,
            values: &summary.state,
            written: None,
        },
        records: RecordsJson {
            program,
            records: &summary.records,
        },
        outstanding: summary
            .open
            .iter()
            .map(|note| obligation_json(program, note))
            .collect(),
    }
}

/// Writes `value` as JSON into `out`, without building a string or a tree.
pub fn write_json<W: std::io::Write, T: Serialize>(out: W, value: &T) -> std::io::Result<()> {
    serde_json::to_writer(out, value).map_err(std::io::Error::from)
}
