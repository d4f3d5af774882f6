//! Turning a written local time into an instant. A time that the clocks skip
//! or repeat is refused with both readings, never guessed.

use chrono::{Duration, LocalResult, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use crate::errors::CheckError;
use crate::source::Span;
use crate::syntax::ast::{LocalInstant, ZoneSpec};
use crate::value::Moment;

use super::Checker;

/// `default_zone` is used when the text names none: the scenario's or the
/// contract's local time. Clause files pass `None`, so a zoneless time there
/// is a diagnostic.
pub fn resolve_instant(
    checker: &Checker<'_>,
    local: &LocalInstant,
    default_zone: Option<Tz>,
    span: Span,
) -> Result<Moment, CheckError> {
    let naive = NaiveDateTime::new(local.date, local.time);
    let zone = match local.zone {
        Some(zone) => zone,
        None => match default_zone {
            Some(tz) => ZoneSpec::Named(tz),
            None => {
                return Err(CheckError::MissingZone {
                    src: checker.src(),
                    span: span.into(),
                })
            }
        },
    };
    match zone {
        ZoneSpec::Offset(offset) => match offset.from_local_datetime(&naive) {
            LocalResult::Single(at) => Ok(Moment {
                utc: at.to_utc(),
                zone,
            }),
            _ => Err(checker.not_here(span, "this time cannot be placed", "check the offset")),
        },
        ZoneSpec::Named(tz) => match tz.from_local_datetime(&naive) {
            LocalResult::Single(at) => Ok(Moment {
                utc: at.to_utc(),
                zone,
            }),
            LocalResult::Ambiguous(earlier, later) => Err(CheckError::AmbiguousTime {
                local: naive.format("%Y-%m-%d %H:%M").to_string(),
                zone: tz.name().to_string(),
                earlier: earlier.format("%H:%M %:z").to_string(),
                later: later.format("%H:%M %:z").to_string(),
                src: checker.src(),
                span: span.into(),
            }),
            LocalResult::None => {
                let (before, after) = gap_edges(tz, naive);
                Err(CheckError::NonexistentTime {
                    local: naive.format("%Y-%m-%d %H:%M").to_string(),
                    zone: tz.name().to_string(),
                    before,
                    after,
                    src: checker.src(),
                    span: span.into(),
                })
            }
        },
    }
}

/// The last minute before a daylight-saving gap and the first after it.
fn gap_edges(tz: Tz, inside: NaiveDateTime) -> (String, String) {
    let mut before = inside;
    let mut after = inside;
    for _ in 0..(24 * 60) {
        before -= Duration::minutes(1);
        if let LocalResult::Single(at) = tz.from_local_datetime(&before) {
            before = at.naive_local();
            break;
        }
    }
    for _ in 0..(24 * 60) {
        after += Duration::minutes(1);
        if let LocalResult::Single(at) = tz.from_local_datetime(&after) {
            after = at.naive_local();
            break;
        }
    }
    (
        before.format("%H:%M").to_string(),
        after.format("%H:%M").to_string(),
    )
}
