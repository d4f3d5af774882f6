//! Events as JSON Lines, for programs that feed Pactum: one object per line,
//! `{"time": …, "event": …, "fields": {…}}`. Times and text field values use
//! the scenario syntax; JSON numbers take the field's unit. See docs/json.md.

use std::str::FromStr;

use serde_json::Value as Json;

use crate::check::{lower_event_value, resolve_event_time};
use crate::errors::{CheckError, InputError, SyntaxError};
use crate::number::Number;
use crate::program::EventInput;
use crate::program::Program;
use crate::source::{line_ranges, Source, Span};
use crate::syntax::{parse_event_time, parse_value};
use crate::types::Type;
use crate::value::Value;

/// Anything wrong with one record.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum StreamError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Syntax(#[from] SyntaxError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Check(#[from] CheckError),
}

/// Reads every record; the first bad one stops the read, so nothing runs on
/// a stream that is only partly understood.
pub fn parse_event_stream(
    program: &Program,
    source: &Source,
) -> Result<Vec<EventInput>, StreamError> {
    let mut events = Vec::new();
    // Lines end as in every other input: `\n`, `\r\n` or a lone `\r`.
    for (index, (start, end)) in line_ranges(source.text()).into_iter().enumerate() {
        let span = Span::new(start, end);
        let line = source.text().get(start..end).unwrap_or("");
        if line.trim().is_empty() {
            continue;
        }
        events.push(parse_record(program, source, line, index + 1, span)?);
    }
    // Time order; records at the same instant keep their order in the stream.
    events.sort_by_key(|event| event.time.utc);
    Ok(events)
}

fn parse_record(
    program: &Program,
    source: &Source,
    line: &str,
    number: usize,
    span: Span,
) -> Result<EventInput, StreamError> {
    let shape = |message: String, help: &str| InputError::EventShape {
        line: number,
        message,
        help: help.to_string(),
        src: source.named(),
        span: span.into(),
    };
    let record: Json = serde_json::from_str(line).map_err(|error| {
        let column = error.column().saturating_sub(1).min(line.len());
        InputError::BadJson {
            line: number,
            message: error.to_string(),
            src: source.named(),
            span: Span::new(span.start + column, span.start + column + 1).into(),
        }
    })?;
    let Json::Object(record) = record else {
        return Err(shape(
            "a record must be a JSON object".to_string(),
            "write `{\"time\": …, \"event\": …}`",
        )
        .into());
    };
    for key in record.keys() {
        if !matches!(key.as_str(), "time" | "event" | "fields") {
            return Err(shape(
                format!("unknown key `{key}`"),
                "the keys are `time`, `event` and `fields`",
            )
            .into());
        }
    }
    let Some(Json::String(time_text)) = record.get("time") else {
        return Err(shape(
            "`time` is missing or not a string".to_string(),
            "write `\"time\": \"2002-06-03 10:00 America/New_York\"`",
        )
        .into());
    };
    let time_source = Source::new(
        format!("{} line {number}, `time`", source.name()),
        rfc3339_to_scenario(time_text),
    );
    let local = parse_event_time(&time_source)?;
    let time = resolve_event_time(
        program,
        &time_source,
        &local,
        Span::new(0, time_source.text().len()),
    )?;
    let event = match record.get("event") {
        None => None,
        Some(Json::String(name)) if name == "time passes" => None,
        Some(Json::String(name)) => match program.event_index.get(name) {
            Some(id) => Some(*id),
            None => {
                let help = crate::scope::suggest(
                    name,
                    program.event_index.keys().map(String::as_str),
                    "the contract's events are declared with `event` in its clause file",
                );
                return Err(shape(format!("unknown event `{name}`"), &help).into());
            }
        },
        Some(_) => {
            return Err(shape(
                "`event` must be a string".to_string(),
                "write the event's name as declared",
            )
            .into())
        }
    };
    let fields = match (event, record.get("fields")) {
        (None, _) => Vec::new(),
        (Some(id), fields) => {
            let empty = serde_json::Map::new();
            let given = match fields {
                None => &empty,
                Some(Json::Object(map)) => map,
                Some(_) => {
                    return Err(shape(
                        "`fields` must be an object".to_string(),
                        "write `\"fields\": {\"shares\": \"1,000 shares\"}`",
                    )
                    .into())
                }
            };
            record_fields(program, source, id, given, number, &shape)?
        }
    };
    Ok(EventInput {
        time,
        event,
        fields,
        line: number,
    })
}

fn record_fields(
    program: &Program,
    source: &Source,
    event_id: usize,
    given: &serde_json::Map<String, Json>,
    number: usize,
    shape: &dyn Fn(String, &str) -> InputError,
) -> Result<Vec<Value>, StreamError> {
    let Some(event) = program.events.get(event_id) else {
        return Ok(Vec::new());
    };
    for key in given.keys() {
        if !event.fields.iter().any(|field| &field.name == key) {
            let help = crate::scope::suggest(
                key,
                event.fields.iter().map(|f| f.name.as_str()),
                "see the event's declaration",
            );
            return Err(shape(format!("`{}` has no field `{key}`", event.name), &help).into());
        }
    }
    let mut values = Vec::with_capacity(event.fields.len());
    for field in &event.fields {
        let Some(raw) = given.get(&field.name) else {
            return Err(shape(
                format!("`{}` needs the field `{}`", event.name, field.name),
                "add it under `fields`",
            )
            .into());
        };
        let value = match (raw, field.ty) {
            (Json::Number(n), Type::Quantity(unit)) => {
                let text = n.to_string();
                let amount = Number::from_str(&text).map_err(|e| shape(e.message().to_string(), "write exact decimals, e.g. \"1.54\""))?;
                Value::Quantity(amount, unit)
            }
            (Json::Bool(flag), Type::Flag) => Value::Flag(*flag),
            (Json::String(text), ty) => {
                let value_source = Source::new(format!("{} line {number}, field `{}`", source.name(), field.name), text.clone());
                let expr = parse_value(&value_source)?;
                lower_event_value(program, &value_source, &expr, ty)?
            }
            _ => {
                return Err(shape(
                    format!("the field `{}` has a value of the wrong kind", field.name),
                    "write numbers as JSON numbers or strings, yes/no as true/false, and everything else as a string",
                )
                .into())
            }
        };
        values.push(value);
    }
    Ok(values)
}

/// Accepts RFC 3339 (`2002-06-03T10:00:00-04:00`, `…Z`) by rewriting it in
/// the scenario syntax the grammar reads.
fn rfc3339_to_scenario(text: &str) -> String {
    let mut out = text.trim().to_string();
    if matches!(out.get(10..11), Some("T" | "t")) {
        out.replace_range(10..11, " ");
    }
    if out.ends_with(['Z', 'z']) {
        out.pop();
        out.push_str(" UTC");
    }
    out
}
