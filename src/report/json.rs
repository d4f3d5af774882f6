//! The report for programs: the same facts as the text report, as JSON. The
//! schema is documented in `docs/json.md`; numbers are exact decimal strings.

use serde_json::{json, Value as Json};

use crate::program::Program;
use crate::value::{plain_quantity, plain_ratio, ClockChange, Value};

use super::text::display_value;
use super::{Changed, Entry, EventEntry, ObligationNote, Outcome, Summary};

fn instance_json(program: &Program, owner: Option<(usize, u32)>) -> Json {
    owner.map_or(Json::Null, |(record, index)| {
        json!(program.instance_label(record, index))
    })
}

fn records_json(program: &Program, records: &crate::compute::Records) -> Json {
    let mut map = serde_json::Map::new();
    for (record, rows) in records.iter().enumerate() {
        let Some(def) = program.records.get(record) else {
            continue;
        };
        let instances: Vec<Json> = rows
            .iter()
            .map(|row| {
                let mut fields = serde_json::Map::new();
                for (field, value) in def.fields.iter().zip(row) {
                    fields.insert(field.name.clone(), value_json(program, value));
                }
                Json::Object(fields)
            })
            .collect();
        map.insert(def.name.clone(), Json::Array(instances));
    }
    Json::Object(map)
}

pub fn value_json(program: &Program, value: &Value) -> Json {
    match value {
        Value::Quantity(amount, unit) => json!({
            "amount": plain_quantity(*amount, *unit),
            "unit": unit.to_string(),
        }),
        Value::Date(date) => json!(date.to_string()),
        Value::Instant(at) => json!(at.rfc3339()),
        Value::Duration(days) => json!({ "count": days.count, "unit": days.unit() }),
        Value::Flag(flag) => json!(flag),
        Value::Variant(..) | Value::Instance(..) => json!(display_value(program, value)),
        Value::Unset => Json::Null,
    }
}

/// The value of a declared state or field: a `ratio` as the string `"3:2"`.
fn declared_json(program: &Program, value: &Value, ratio: bool) -> Json {
    match value {
        Value::Quantity(amount, _) if ratio => {
            plain_ratio(*amount).map_or_else(|| value_json(program, value), |text| json!(text))
        }
        _ => value_json(program, value),
    }
}

fn state_json(program: &Program, state: &[Value]) -> Json {
    let mut map = serde_json::Map::new();
    for (var, value) in program.state.iter().zip(state) {
        map.insert(var.name.clone(), declared_json(program, value, var.ratio));
    }
    Json::Object(map)
}

/// A deemed wall time the clocks skip or repeat, and where the rule put it.
fn clock_json(change: &ClockChange) -> Json {
    match change {
        ClockChange::Skipped {
            zone,
            local,
            resumed,
        } => json!({
            "kind": "skipped",
            "local": local.format("%Y-%m-%dT%H:%M:%S").to_string(),
            "zone": zone.name(),
            "moved_to": resumed.rfc3339(),
        }),
        ClockChange::Repeated {
            zone,
            local,
            took,
            not,
        } => json!({
            "kind": "repeated",
            "local": local.format("%Y-%m-%dT%H:%M:%S").to_string(),
            "zone": zone.name(),
            "took": took.rfc3339(),
            "not": not.rfc3339(),
        }),
    }
}

fn clause_json(program: &Program, clause: usize) -> Json {
    json!(program.clause_number(clause))
}

pub fn header_json(program: &Program, scenario: Option<&str>, stream: &str) -> Json {
    json!({
        "contract": {
            "title": program.title,
            "file": program.source.name(),
            "local_time": program.zone.name(),
            "business_days": program.calendar.name(),
        },
        "scenario": scenario,
        "events_from": stream,
        "defined_term_roundings": program.constant_roundings.iter().map(|(term, r)| json!({
            "term": term,
            "before": r.before.to_plain_string(0),
            "after": r.after.to_plain_string(0),
            "places": r.places,
            "mode": r.mode.words(),
        })).collect::<Vec<_>>(),
        "readings": program.readings.iter().map(|r| json!({
            "id": r.id,
            "section": program.clause_number(r.clause),
            "title": r.title,
            "text": r.body,
        })).collect::<Vec<_>>(),
        "acknowledged": program.acknowledgements.iter().map(|a| json!({
            "lint": a.code,
            "section": program.clause_number(a.clause),
            "reason": a.reason,
            "warnings": a.silenced,
        })).collect::<Vec<_>>(),
    })
}

fn obligation_json(program: &Program, note: &ObligationNote) -> Json {
    let definition = program.obligations.get(note.obligation);
    json!({
        "name": definition.map(|d| d.name.as_str()),
        "instance": instance_json(program, note.owner),
        "section": clause_json(program, note.clause),
        "party": definition.and_then(|d| program.parties.get(d.party)).map(|p| p.name.as_str()),
        "duty": definition.map(|d| d.duty.as_str()),
        "deadline": note.deadline.to_string(),
        "rolled_from": note.rolled_from.map(|(from, _)| from.to_string()),
        "status": note.status,
        "performed_before_it_arose": note.early.map(|at| at.rfc3339()),
    })
}

pub fn entry_json(program: &Program, entry: &Entry) -> Json {
    match entry {
        Entry::DeadlinePassed(deadline) => {
            let definition = program.obligations.get(deadline.obligation);
            json!({
                "kind": "deadline_passed",
                "obligation": definition.map(|d| d.name.as_str()),
                "instance": instance_json(program, deadline.owner),
                "section": definition.map(|d| clause_json(program, d.clause)),
                "deadline": deadline.deadline.to_string(),
                "status": "breached",
            })
        }
        Entry::Event(event) => event_json(program, event),
    }
}

fn event_json(program: &Program, entry: &EventEntry) -> Json {
    let event = entry.event.and_then(|id| program.events.get(id));
    let mut fields = serde_json::Map::new();
    if let Some(event) = event {
        for (field, value) in event.fields.iter().zip(&entry.fields) {
            fields.insert(
                field.name.clone(),
                declared_json(program, value, field.ratio),
            );
        }
    }
    let outcome = match &entry.outcome {
        Outcome::Accepted { clauses } => json!({
            "result": "accepted",
            "sections": clauses.iter().map(|c| clause_json(program, *c)).collect::<Vec<_>>(),
        }),
        Outcome::Refused { clause, reason } => json!({
            "result": "refused",
            "section": clause.map_or_else(|| json!("header"), |c| clause_json(program, c)),
            "reason": reason,
        }),
        Outcome::Noted => json!({ "result": "noted" }),
    };
    let mut entry_object = json!({
        "kind": "event",
        "line": entry.line,
        "time": entry.time.rfc3339(),
        "event": event.map(|e| e.name.as_str()),
        "timer": entry.timer.as_ref().map(|(clause, label)| json!({
            "section": clause_json(program, *clause),
            "trigger": label,
        })),
        "fields": fields,
        "deemed_given": entry.deemed.as_ref().map(|d| json!({
            "time": d.at.rfc3339(),
            "method": d.method,
            "section": clause_json(program, d.clause),
            "clock_change": d.clock.as_ref().map(clock_json),
            "cutoff": d.cutoff,
        })),
        "outcome": outcome,
        "changes": entry.effects.iter().map(|effect| change_json(program, effect)).collect::<Vec<_>>(),
        "obligations": entry.obligations.iter().map(|note| obligation_json(program, note)).collect::<Vec<_>>(),
        "formulas": entry.formulas.iter().map(|note| json!({
            "section": clause_json(program, note.clause),
            "formula": match note.used.formula {
                crate::trace::Computation::Formula(id) => program.formulas.get(id).map(|f| f.name.as_str()),
                crate::trace::Computation::Table(id) => program.tables.get(id).map(|t| t.name.as_str()),
            },
            "kind": match note.used.formula {
                crate::trace::Computation::Formula(_) => "formula",
                crate::trace::Computation::Table(_) => "table",
            },
            "arguments": note.used.arguments.iter().map(|v| value_json(program, v)).collect::<Vec<_>>(),
            "result": value_json(program, &note.used.result),
        })).collect::<Vec<_>>(),
        "roundings": entry.roundings.iter().map(|note| json!({
            "section": clause_json(program, note.clause),
            "before": note.rounded.before.to_plain_string(0),
            "after": note.rounded.after.to_plain_string(0),
            "places": note.rounded.places,
            "mode": note.rounded.mode.words(),
        })).collect::<Vec<_>>(),
        "readings": entry.readings.iter().filter_map(|id| program.readings.get(*id)).map(|r| r.id.as_str()).collect::<Vec<_>>(),
        "state": state_json(program, &entry.state),
    });
    // Only when one broke, so that reports of contracts that keep their
    // invariants read as before.
    if !entry.broken.is_empty() {
        if let Some(object) = entry_object.as_object_mut() {
            object.insert(
                "invariants_broken".to_string(),
                entry
                    .broken
                    .iter()
                    .filter_map(|broken| {
                        let invariant = program.invariants.get(broken.invariant)?;
                        Some(json!({
                            "invariant": invariant.words,
                            "condition": invariant.text,
                            "line": invariant.line,
                            "sections": broken.clauses.iter().map(|c| clause_json(program, *c)).collect::<Vec<_>>(),
                        }))
                    })
                    .collect::<Vec<_>>()
                    .into(),
            );
        }
    }
    entry_object
}

/// A change to a state (`"state"`), to an instance's field (`"instance"`
/// and `"field"`), or a new instance (`"opened"`).
fn change_json(program: &Program, effect: &super::Effect) -> Json {
    let section = clause_json(program, effect.clause);
    match effect.changed {
        Changed::State(state) => {
            let var = program.state.get(state);
            let ratio = var.is_some_and(|s| s.ratio);
            json!({
                "section": section,
                "state": var.map(|s| s.name.as_str()),
                "before": declared_json(program, &effect.before, ratio),
                "after": declared_json(program, &effect.after, ratio),
            })
        }
        Changed::Field {
            record,
            index,
            field,
        } => json!({
            "section": section,
            "instance": program.instance_label(record, index),
            "field": program.records.get(record).and_then(|r| r.fields.get(field)).map(|f| f.name.as_str()),
            "before": value_json(program, &effect.before),
            "after": value_json(program, &effect.after),
        }),
        Changed::Opened { record, index } => json!({
            "section": section,
            "opened": program.instance_label(record, index),
        }),
    }
}

pub fn summary_json(program: &Program, summary: &Summary) -> Json {
    json!({
        "events": summary.events,
        "accepted": summary.accepted,
        "refused": summary.refused,
        "state": state_json(program, &summary.state),
        "records": records_json(program, &summary.records),
        "outstanding": summary.open.iter().map(|note| obligation_json(program, note)).collect::<Vec<_>>(),
    })
}
