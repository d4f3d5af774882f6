//! The fast path for a JSON Lines record: the plain values most streams are
//! made of (JSON numbers, yes/no, a kind's value, a date, a time written as
//! `2002-06-03 10:00`, with `Z` or an offset), read without building a
//! `serde_json::Value` or running the grammar. Anything else, including
//! anything wrong, returns `None` and the record is read again by the full
//! reader, whose diagnostics are the only ones a stream produces. So the
//! fast path must accept only what the full reader accepts, and give the
//! same value; `tests/stream.rs` compares the two.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::{FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::number::Number;
use crate::program::{EventInput, Program};
use crate::scope::Binding;
use crate::syntax::ast::ZoneSpec;
use crate::types::Type;
use crate::value::{Moment, Value};

/// A record as written, borrowing its strings from the line where it can.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Record<'a> {
    #[serde(borrow, deserialize_with = "text")]
    time: Cow<'a, str>,
    /// `null` is refused here (the full reader says why), not read as absent.
    #[serde(borrow, default, deserialize_with = "some_text")]
    event: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    fields: Fields<'a>,
}

#[derive(Default)]
struct Fields<'a>(Vec<(Cow<'a, str>, Field<'a>)>);

enum Field<'a> {
    Text(Cow<'a, str>),
    Number(serde_json::Number),
    Flag(bool),
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}

fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
    deserializer.deserialize_str(TextVisitor)
}

fn some_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Cow<'de, str>>, D::Error> {
    deserializer.deserialize_str(TextVisitor).map(Some)
}

impl<'de: 'a, 'a> Deserialize<'de> for Field<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldVisitor)
    }
}

struct FieldVisitor;

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = Field<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, a number or a yes/no")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Field::Text(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Field::Text(Cow::Owned(v.to_string())))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Field::Flag(v))
    }

    // Whole numbers arrive as integers, as they do for `serde_json::Value`.
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Field::Number(v.into()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Field::Number(v.into()))
    }

    // With serde_json's exact numbers, a number arrives as a one-entry map
    // that only `serde_json::Number` knows how to read; a real object fails
    // there and goes to the full reader.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        serde_json::Number::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(Field::Number)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Fields<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FieldsVisitor)
    }
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Fields<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields: Vec<(Cow<'de, str>, Field<'de>)> = Vec::new();
        while let Some(key) = map.next_key_seed(TextSeed)? {
            // A key given twice: the full reader decides which counts.
            if fields.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom("duplicate field"));
            }
            fields.push((key, map.next_value()?));
        }
        Ok(Fields(fields))
    }
}

struct TextSeed;

impl<'de> de::DeserializeSeed<'de> for TextSeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        text(deserializer)
    }
}

/// The record on `line`, if every part of it takes the fast path.
pub fn record(program: &Program, line: &str, number: usize) -> Option<EventInput> {
    // serde reads a struct from an array too; the full reader refuses one.
    if !line.trim_start().starts_with('{') {
        return None;
    }
    let record: Record<'_> = serde_json::from_str(line).ok()?;
    let time = time(program.zone, &record.time)?;
    let event = match record.event.as_deref() {
        None | Some("time passes") => {
            return Some(EventInput {
                time,
                event: None,
                fields: Vec::new(),
                line: number,
            })
        }
        Some(name) => *program.event_index.get(name)?,
    };
    let declared = &program.events.get(event)?.fields;
    if record.fields.0.len() != declared.len() {
        return None;
    }
    let mut fields = Vec::with_capacity(declared.len());
    for field in declared {
        let (_, given) = record.fields.0.iter().find(|(k, _)| *k == field.name)?;
        fields.push(value(program, given, field.ty)?);
    }
    Some(EventInput {
        time,
        event: Some(event),
        fields,
        line: number,
    })
}

fn value(program: &Program, given: &Field<'_>, ty: Type) -> Option<Value> {
    match (given, ty) {
        (Field::Number(n), Type::Quantity(unit)) => {
            Some(Value::Quantity(Number::from_str(n.as_str()).ok()?, unit))
        }
        (Field::Flag(flag), Type::Flag) => Some(Value::Flag(*flag)),
        (Field::Text(text), Type::Kind(kind)) if plain_name(text) => {
            match program.scope.get(text)? {
                Binding::Variant(of, index) if of == kind => Some(Value::Variant(of, index)),
                _ => None,
            }
        }
        (Field::Text(text), Type::Date) => date(text.as_bytes()).map(Value::Date),
        _ => None,
    }
}

/// Words of letters and digits, one space apart: a name the grammar reads
/// as the same name.
fn plain_name(text: &str) -> bool {
    text.split(' ')
        .all(|word| !word.is_empty() && word.chars().all(char::is_alphanumeric))
}

fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(bytes).ok()?.parse().ok()
}

/// `YYYY-MM-DD`, as the grammar's `date` and chrono read it.
fn date(bytes: &[u8]) -> Option<NaiveDate> {
    if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    NaiveDate::from_ymd_opt(
        i32::try_from(digits(bytes.get(0..4)?)?).ok()?,
        digits(bytes.get(5..7)?)?,
        digits(bytes.get(8..10)?)?,
    )
}

/// `2002-06-03 10:00[:30]` in the contract's zone, or followed by `Z` or an
/// offset (`-04:00`, with or without a space); `T` may stand for the space.
fn time(zone: Tz, written: &str) -> Option<Moment> {
    let bytes = written.trim().as_bytes();
    let day = date(bytes.get(0..10)?)?;
    if !matches!(bytes.get(10), Some(b' ' | b'T' | b't')) {
        return None;
    }
    if bytes.get(13) != Some(&b':') {
        return None;
    }
    let hours = digits(bytes.get(11..13)?)?;
    let minutes = digits(bytes.get(14..16)?)?;
    let (seconds, rest) = match bytes.get(16) {
        Some(b':') => (digits(bytes.get(17..19)?)?, bytes.get(19..)?),
        _ => (0, bytes.get(16..)?),
    };
    // The full reader refuses a leap second; chrono would take it.
    if seconds > 59 {
        return None;
    }
    let naive = NaiveDateTime::new(day, NaiveTime::from_hms_opt(hours, minutes, seconds)?);
    let zone = match rest {
        b"" => ZoneSpec::Named(zone),
        b"Z" | b"z" => ZoneSpec::Named(Tz::UTC),
        _ => ZoneSpec::Offset(offset(rest.strip_prefix(b" ").unwrap_or(rest))?),
    };
    let utc = match zone {
        ZoneSpec::Named(tz) => match tz.from_local_datetime(&naive) {
            LocalResult::Single(at) => at.to_utc(),
            _ => return None,
        },
        ZoneSpec::Offset(offset) => match offset.from_local_datetime(&naive) {
            LocalResult::Single(at) => at.to_utc(),
            _ => return None,
        },
    };
    Some(Moment { utc, zone })
}

/// `+HH:MM` or `-HH:MM`, as the grammar's `utc_offset`.
fn offset(bytes: &[u8]) -> Option<FixedOffset> {
    if bytes.len() != 6 || bytes.get(3) != Some(&b':') {
        return None;
    }
    let sign = match bytes.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours = i32::try_from(digits(bytes.get(1..3)?)?).ok()?;
    let minutes = i32::try_from(digits(bytes.get(4..6)?)?).ok()?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}
