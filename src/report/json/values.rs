//! The leaves of the JSON report: values, exact numbers, dates, instants and
//! the name → value maps (fields, state, records). Each borrows the report
//! data and writes itself straight into the serialiser, so a report entry
//! builds no JSON tree and no intermediate map; each also says its JSON
//! Schema, which `docs/report.schema.json` is generated from.

use std::borrow::Cow;
use std::fmt::Display;

use chrono::NaiveDate;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::number::Number;
use crate::program::{FieldDef, Program};
use crate::value::{plain_ratio, Moment, Value};

use super::super::text::display_value;

/// Serialises anything `Display` as a JSON string, escaped on the way to the
/// writer rather than formatted into a `String` first.
pub(super) struct Displayed<T>(pub T);

impl<T: Display> Serialize for Displayed<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// A calendar date, `"2025-07-08"`.
pub struct Date(pub NaiveDate);

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar date, `YYYY-MM-DD`.",
            "type": "string",
            "format": "date"
        })
    }
}

/// An instant in RFC 3339, with the UTC offset of the zone it was written in.
pub struct Instant<'a>(pub &'a Moment);

impl Serialize for Instant<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.rfc3339())
    }
}

impl JsonSchema for Instant<'_> {
    fn schema_name() -> Cow<'static, str> {
        "Instant".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An instant in RFC 3339, with the UTC offset of the zone it was written in (`+00:00` for UTC).",
            "type": "string",
            "format": "date-time"
        })
    }
}

/// An exact number as a string: a decimal without thousands separators
/// (`"25000"`, `"1.54"`, `"-0.5"`), or a fraction in lowest terms (`"77/75"`)
/// when its decimal expansion does not end. Never a JSON number.
pub struct Exact<'a>(pub &'a Number);

impl Serialize for Exact<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0.plain(0))
    }
}

const EXACT_PATTERN: &str = r"^-?[0-9]+(\.[0-9]+|/[0-9]+)?$";

impl JsonSchema for Exact<'_> {
    fn schema_name() -> Cow<'static, str> {
        "ExactNumber".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An exact number as a string, never a JSON number: a decimal without thousands separators (`\"25000\"`, `\"1.54\"`, `\"-0.5\"`; money and prices with at least two decimal places), or a fraction in lowest terms (`\"77/75\"`) when its decimal expansion does not end.",
            "type": "string",
            "pattern": EXACT_PATTERN
        })
    }
}

/// A run-time value as the report gives it (see "Values" in docs/json.md).
/// `ratio`: the value of a state or field declared `ratio`, given as `"3:2"`.
pub struct ValueJson<'a> {
    pub program: &'a Program,
    pub value: &'a Value,
    pub ratio: bool,
}

impl<'a> ValueJson<'a> {
    pub fn plain(program: &'a Program, value: &'a Value) -> Self {
        ValueJson {
            program,
            value,
            ratio: false,
        }
    }
}

impl Serialize for ValueJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.value {
            Value::Quantity(amount, unit) => {
                if self.ratio {
                    if let Some(text) = plain_ratio(amount) {
                        return serializer.serialize_str(&text);
                    }
                }
                let mut object = serializer.serialize_struct("Quantity", 2)?;
                object.serialize_field("amount", &Displayed(amount.plain(unit.min_places())))?;
                object.serialize_field("unit", &Displayed(unit))?;
                object.end()
            }
            Value::Date(date) => serializer.collect_str(date),
            Value::Instant(at) => Instant(at).serialize(serializer),
            Value::Duration(days) => {
                let named = days
                    .calendar
                    .and_then(|named| self.program.day_calendars.get(named));
                let mut object = serializer.serialize_struct("Duration", 3)?;
                object.serialize_field("count", &days.count)?;
                object.serialize_field("unit", days.unit())?;
                if let Some(calendar) = named {
                    object.serialize_field("calendar", calendar.name())?;
                }
                object.end()
            }
            Value::Flag(flag) => serializer.serialize_bool(*flag),
            Value::Variant(..) | Value::Instance(..) => {
                serializer.serialize_str(&display_value(self.program, self.value))
            }
            Value::Unset => serializer.serialize_none(),
        }
    }
}

impl JsonSchema for ValueJson<'_> {
    fn schema_name() -> Cow<'static, str> {
        "Value".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A value: shares, money, prices and numbers as `{\"amount\", \"unit\"}`; a state or field declared `ratio` as `\"3:2\"`; a date, an instant, a kind's value, a notice method or a record instance as a string; a duration as `{\"count\", \"unit\"}`; yes/no as a boolean; a state not yet set as `null`.",
            "anyOf": [
                {
                    "description": "A quantity: `amount` exact, `unit` such as `\"shares\"`, `\"number\"`, `\"USD\"` or `\"USD per share\"`.",
                    "type": "object",
                    "properties": {
                        "amount": { "type": "string", "pattern": EXACT_PATTERN },
                        "unit": { "type": "string" }
                    },
                    "required": ["amount", "unit"],
                    "additionalProperties": false
                },
                {
                    "description": "A duration; years are written as twelve months. `calendar`: the calendar named with the count (`5 business days on us-banks`), if any; otherwise the header's.",
                    "type": "object",
                    "properties": {
                        "count": { "type": "integer" },
                        "unit": { "enum": ["calendar days", "business days", "trading days", "months"] },
                        "calendar": { "type": "string" }
                    },
                    "required": ["count", "unit"],
                    "additionalProperties": false
                },
                {
                    "description": "A ratio (`\"3:2\"`), a date, an instant (RFC 3339), a kind's value, a notice method or a record instance.",
                    "type": "string"
                },
                { "description": "Yes or no.", "type": "boolean" },
                { "description": "A state not yet set.", "type": "null" }
            ]
        })
    }
}

/// The schema of an object of name → value.
fn map_of_values(generator: &mut SchemaGenerator, description: &str) -> Schema {
    let value = generator.subschema_for::<ValueJson<'static>>();
    json_schema!({
        "description": description,
        "type": "object",
        "additionalProperties": value
    })
}

/// Every state, name → value, in declaration order.
pub struct StateJson<'a> {
    pub program: &'a Program,
    pub values: &'a [Value],
    /// The same state already written as JSON, if it was (see
    /// `super::states::StateCache`): written out as it is.
    pub written: Option<&'a serde_json::value::RawValue>,
}

impl Serialize for StateJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(written) = self.written {
            return written.serialize(serializer);
        }
        let mut map = serializer.serialize_map(Some(self.values.len()))?;
        for (var, value) in self.program.state.iter().zip(self.values) {
            map.serialize_entry(
                &var.name,
                &ValueJson {
                    program: self.program,
                    value,
                    ratio: var.shown == crate::program::Shown::Ratio,
                },
            )?;
        }
        map.end()
    }
}

impl JsonSchema for StateJson<'_> {
    fn schema_name() -> Cow<'static, str> {
        "State".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        map_of_values(
            generator,
            "Every state, name → value, in the order the clause file declares them.",
        )
    }
}

/// An event's fields, name → value; a notice's `by` is among them.
pub struct FieldsJson<'a> {
    pub program: &'a Program,
    pub declared: &'a [FieldDef],
    pub values: &'a [Value],
}

impl Serialize for FieldsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.values.len()))?;
        for (field, value) in self.declared.iter().zip(self.values) {
            map.serialize_entry(
                &field.name,
                &ValueJson {
                    program: self.program,
                    value,
                    ratio: field.shown == crate::program::Shown::Ratio,
                },
            )?;
        }
        map.end()
    }
}

impl JsonSchema for FieldsJson<'_> {
    fn schema_name() -> Cow<'static, str> {
        "Fields".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        map_of_values(
            generator,
            "The event's fields, name → value; a notice's `by` is included; `{}` for `time passes`.",
        )
    }
}

/// Every record instance at the end, by record name: an array in instance
/// order, each an object of field name → value.
pub struct RecordsJson<'a> {
    pub program: &'a Program,
    pub records: &'a crate::compute::Records,
}

/// One record instance: field name → value.
struct InstanceJson<'a> {
    program: &'a Program,
    fields: &'a [crate::program::RecordFieldDef],
    values: &'a [Value],
}

impl Serialize for InstanceJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.values.len()))?;
        for (field, value) in self.fields.iter().zip(self.values) {
            map.serialize_entry(&field.name, &ValueJson::plain(self.program, value))?;
        }
        map.end()
    }
}

/// The instances of one record, in instance order.
struct InstancesJson<'a> {
    program: &'a Program,
    fields: &'a [crate::program::RecordFieldDef],
    rows: &'a [Vec<Value>],
}

impl Serialize for InstancesJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.rows.len()))?;
        for row in self.rows {
            seq.serialize_element(&InstanceJson {
                program: self.program,
                fields: self.fields,
                values: row,
            })?;
        }
        seq.end()
    }
}

impl Serialize for RecordsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (def, rows) in self.program.records.iter().zip(self.records) {
            map.serialize_entry(
                &def.name,
                &InstancesJson {
                    program: self.program,
                    fields: &def.fields,
                    rows,
                },
            )?;
        }
        map.end()
    }
}

impl JsonSchema for RecordsJson<'_> {
    fn schema_name() -> Cow<'static, str> {
        "Records".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<ValueJson<'static>>();
        json_schema!({
            "description": "Every record instance at the end, by record name: an array in instance order (the first is `exercise 1`), each an object of field name → value.",
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": { "type": "object", "additionalProperties": value }
            }
        })
    }
}
