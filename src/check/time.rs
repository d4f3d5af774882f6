//! Turning a written local time into an instant. A time that the clocks skip
//! or repeat is refused with both readings, never guessed.

use chrono::{Duration, FixedOffset, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};
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
                let gap = gap_readings(tz, naive);
                Err(CheckError::NonexistentTime {
                    local: naive.format("%Y-%m-%d %H:%M").to_string(),
                    zone: tz.name().to_string(),
                    jump_from: gap.jump_from,
                    jump_to: gap.jump_to,
                    offset_before: gap.offset_before,
                    reading_before: gap.reading_before,
                    offset_after: gap.offset_after,
                    reading_after: gap.reading_after,
                    src: checker.src(),
                    span: span.into(),
                })
            }
        },
    }
}

/// A time the clocks skip, read both ways: with the offset in force before
/// the jump it falls after the jump, and with the offset after it, before.
struct GapReadings {
    jump_from: String,
    jump_to: String,
    offset_before: String,
    reading_before: String,
    offset_after: String,
    reading_after: String,
}

fn gap_readings(tz: Tz, inside: NaiveDateTime) -> GapReadings {
    let (before, after) = gap_edges(tz, inside);
    // Both edges exist by construction; UTC only stands in if they do not.
    let offset_at = |local: NaiveDateTime| {
        tz.from_local_datetime(&local)
            .earliest()
            .map_or(Utc.fix(), |at| at.offset().fix())
    };
    let (early, late) = (offset_at(before), offset_at(after));
    let reading = |offset: FixedOffset| match offset.from_local_datetime(&inside) {
        LocalResult::Single(at) => at.with_timezone(&tz).format("%H:%M %Z").to_string(),
        _ => String::new(),
    };
    // The jump's size is the change of offset; it ends where the clocks resume.
    let jump = late.local_minus_utc() - early.local_minus_utc();
    let jump_from = after - Duration::seconds(i64::from(jump));
    GapReadings {
        jump_from: jump_from.format("%H:%M").to_string(),
        jump_to: after.format("%H:%M").to_string(),
        offset_before: early.to_string(),
        reading_before: reading(early),
        offset_after: late.to_string(),
        reading_after: reading(late),
    }
}

/// The last minute before a daylight-saving gap and the first after it.
fn gap_edges(tz: Tz, inside: NaiveDateTime) -> (NaiveDateTime, NaiveDateTime) {
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
    (before, after)
}
