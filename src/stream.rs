//! Events as JSON Lines, for programs that feed Pactum: one object per line,
//! `{"time": …, "event": …, "fields": {…}}`. Times and text field values use
//! the scenario syntax; JSON numbers take the field's unit. See docs/json.md.
//!
//! A stream is read one line at a time ([`EventReader`]), so that `pactum
//! run` applies each event as it arrives and memory does not grow with the
//! stream. That is why a stream must be in time order: a record earlier than
//! the one before it is refused, since the events after it may already have
//! been applied. Most records take the fast path (`fast.rs`); the rest, and
//! every record with something wrong, are read by the full reader below.

mod fast;
mod lines;

use std::io::BufRead;
use std::str::FromStr;

use serde_json::Value as Json;

use crate::check::StreamChecker;
use crate::errors::{CheckError, InputError, SyntaxError};
use crate::number::Number;
use crate::program::EventInput;
use crate::program::Program;
use crate::source::{Source, Span};
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

/// Events read from a stream one line at a time, each as it is needed.
pub struct EventReader<'p, R> {
    program: &'p Program,
    checker: StreamChecker<'p>,
    lines: lines::Lines<R>,
    /// Whether a diagnostic may read the line after a bad one, to show it
    /// as context: yes for a file, not for standard input, where waiting
    /// for another line could wait for ever.
    context_after: bool,
    fast: bool,
    /// The time and line of the last record read, to keep time order.
    last: Option<(chrono::DateTime<chrono::Utc>, usize)>,
    failed: bool,
    /// How many records took the fast path.
    fast_records: usize,
}

impl<'p, R: BufRead> EventReader<'p, R> {
    /// `name` is how diagnostics cite the stream; no line may be longer
    /// than `line_limit` bytes.
    pub fn new(program: &'p Program, reader: R, name: &str, line_limit: u64) -> EventReader<'p, R> {
        EventReader {
            program,
            checker: StreamChecker::new(program),
            lines: lines::Lines::new(reader, name.to_string(), line_limit),
            context_after: true,
            fast: true,
            last: None,
            failed: false,
            fast_records: 0,
        }
    }

    /// Diagnostics show the line before a bad one, but not the one after it.
    pub fn without_context_after(mut self) -> Self {
        self.context_after = false;
        self
    }

    /// Every record through the full reader, as a yardstick for the fast path.
    pub fn without_fast_path(mut self) -> Self {
        self.fast = false;
        self
    }

    /// How many records so far took the fast path (for tests and benchmarks).
    pub fn fast_records(&self) -> usize {
        self.fast_records
    }

    fn next_event(&mut self) -> Result<Option<EventInput>, StreamError> {
        loop {
            if !self.lines.advance()? {
                return Ok(None);
            }
            let line = self.lines.current();
            if line.trim().is_empty() {
                continue;
            }
            let number = self.lines.number();
            let fast = if self.fast {
                fast::record(self.program, line, number)
            } else {
                None
            };
            let input = match fast {
                Some(input) => {
                    self.fast_records += 1;
                    input
                }
                None => {
                    // The full reader, first citing the line alone; only if
                    // the record is wrong is it read again with the lines
                    // around it, for the diagnostic.
                    let alone = Source::new(self.lines.name(), line);
                    let span = Span::new(0, line.len());
                    match parse_record(self.program, &self.checker, &alone, line, number, span) {
                        Ok(input) => input,
                        Err(_) => {
                            let (source, span) = self.context();
                            let line = source.slice(span);
                            parse_record(self.program, &self.checker, &source, line, number, span)?
                        }
                    }
                }
            };
            if let Some((before, previous)) = self.last {
                if input.time.utc < before {
                    let (source, span) = self.context();
                    return Err(InputError::OutOfOrder {
                        line: number,
                        time: utc_text(input.time.utc),
                        previous,
                        previous_time: utc_text(before),
                        src: source.named(),
                        span: span.into(),
                    }
                    .into());
                }
            }
            self.last = Some((input.time.utc, number));
            return Ok(Some(input));
        }
    }

    /// The current line where it is in the stream, for a diagnostic: the
    /// lines before the one before it are left empty (a diagnostic shows
    /// only the lines around its label, and counts the rest).
    fn context(&mut self) -> (Source, Span) {
        let number = self.lines.number();
        let mut text = String::new();
        if number > 1 {
            text.push_str(&"\n".repeat(number - 2));
            text.push_str(self.lines.previous());
            text.push('\n');
        }
        let start = text.len();
        text.push_str(self.lines.current());
        let span = Span::new(start, text.len());
        // The stream stops at this diagnostic, so reading on costs nothing.
        if self.context_after {
            if let Ok(true) = self.lines.advance() {
                text.push('\n');
                text.push_str(self.lines.current());
            }
        }
        (Source::new(self.lines.name(), text), span)
    }
}

impl<R: BufRead> Iterator for EventReader<'_, R> {
    type Item = Result<EventInput, StreamError>;

    /// The next event; after a diagnostic, nothing more.
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        match self.next_event() {
            Ok(event) => event.map(Ok),
            Err(error) => {
                self.failed = true;
                Some(Err(error))
            }
        }
    }
}

fn utc_text(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// Reads every record of a whole text; the first bad one stops the read.
pub fn parse_event_stream(
    program: &Program,
    source: &Source,
) -> Result<Vec<EventInput>, StreamError> {
    EventReader::new(program, source.text().as_bytes(), source.name(), u64::MAX).collect()
}

fn parse_record(
    program: &Program,
    checker: &StreamChecker<'_>,
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
    let time = checker.event_time(&time_source, &local, Span::new(0, time_source.text().len()))?;
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
            record_fields(program, checker, source, id, given, number, &shape)?
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
    checker: &StreamChecker<'_>,
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
                checker.field_value(&value_source, &expr, ty)?
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
