//! Run-time values. Instants keep the zone they were written in, so a report
//! shows a fax sent from California in California time beside the contract's.

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use crate::number::Number;
use crate::syntax::ast::{DayKind, ZoneSpec};
use crate::types::{KindId, Unit};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Quantity(Number, Unit),
    Date(NaiveDate),
    Instant(Moment),
    Duration(Days),
    Flag(bool),
    Variant(KindId, usize),
    /// Instance `index` (from 0) of a record.
    Instance(usize, u32),
    /// A state variable declared without a first value and not yet set.
    Unset,
}

/// What became of a wall time that daylight saving skips or repeats, when a
/// rule (a notice deemed given N days later at the same time) arrives at one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockChange {
    /// The clocks jumped over `local`; it counts at `resumed`, where they resume.
    Skipped {
        zone: Tz,
        local: NaiveDateTime,
        resumed: Moment,
    },
    /// `local` happens twice; the first occurrence is taken.
    Repeated {
        zone: Tz,
        local: NaiveDateTime,
        took: Moment,
        not: Moment,
    },
}

impl ClockChange {
    /// `None` when `local` happens exactly once in `zone`.
    pub fn of(zone: Tz, local: NaiveDateTime) -> Option<ClockChange> {
        let named = ZoneSpec::Named(zone);
        match zone.from_local_datetime(&local) {
            LocalResult::Single(_) => None,
            LocalResult::Ambiguous(first, second) => Some(ClockChange::Repeated {
                zone,
                local,
                took: Moment {
                    utc: first.to_utc(),
                    zone: named,
                },
                not: Moment {
                    utc: second.to_utc(),
                    zone: named,
                },
            }),
            LocalResult::None => {
                // Skips last at most a day; the minute the clocks resume is the first that exists.
                let resumed = (1..=(26 * 60)).find_map(|minutes| {
                    zone.from_local_datetime(&(local + chrono::Duration::minutes(minutes)))
                        .earliest()
                })?;
                Some(ClockChange::Skipped {
                    zone,
                    local,
                    resumed: Moment {
                        utc: resumed.to_utc(),
                        zone: named,
                    },
                })
            }
        }
    }
}

/// A whole number of calendar or business days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    pub count: i64,
    pub kind: DayKind,
    /// `on us-banks`: an index into the program's `day_calendars`; `None`
    /// counts on the header's calendar (`business days:` or `trading days:`).
    pub calendar: Option<usize>,
}

/// An instant, remembered with the zone it is to be shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub utc: DateTime<Utc>,
    pub zone: ZoneSpec,
}

impl Moment {
    /// The wall-clock time in `zone`.
    pub fn local_in(&self, zone: Tz) -> NaiveDateTime {
        self.utc.with_timezone(&zone).naive_local()
    }

    /// The calendar date in `zone`: deadlines are dates in the contract's zone.
    pub fn date_in(&self, zone: Tz) -> NaiveDate {
        self.local_in(zone).date()
    }

    /// Shown in its own zone: `2002-06-03 10:00 EDT`, with seconds only when set.
    pub fn display(&self) -> String {
        match self.zone {
            ZoneSpec::Named(tz) => format_with(&self.utc.with_timezone(&tz), true),
            ZoneSpec::Offset(offset) => format_with(&self.utc.with_timezone(&offset), false),
        }
    }

    /// Shown in another zone, as the contract's local time.
    pub fn display_in(&self, zone: Tz) -> String {
        format_with(&self.utc.with_timezone(&zone), true)
    }

    /// RFC 3339 with the offset the instant was written in, for JSON.
    pub fn rfc3339(&self) -> String {
        let offset: FixedOffset = match self.zone {
            ZoneSpec::Named(tz) => tz.offset_from_utc_datetime(&self.utc.naive_utc()).fix(),
            ZoneSpec::Offset(offset) => offset,
        };
        self.utc.with_timezone(&offset).to_rfc3339()
    }
}

fn format_with<Z: TimeZone>(at: &DateTime<Z>, abbreviation: bool) -> String
where
    Z::Offset: std::fmt::Display,
{
    use chrono::{Datelike, Timelike};
    use std::fmt::Write;
    // Written digit by digit: every report entry shows a time or two, and
    // chrono's `format` parses its pattern again on every call.
    let mut out = String::with_capacity(26);
    let year = at.year();
    match u32::try_from(year) {
        Ok(year) if year < 10_000 => {
            push_two_digits(&mut out, year / 100);
            push_two_digits(&mut out, year % 100);
        }
        _ => {
            let _ = write!(out, "{year:04}");
        }
    }
    for (separator, value) in [
        ('-', at.month()),
        ('-', at.day()),
        (' ', at.hour()),
        (':', at.minute()),
    ] {
        out.push(separator);
        push_two_digits(&mut out, value);
    }
    if at.second() != 0 {
        out.push(':');
        push_two_digits(&mut out, at.second());
    }
    out.push(' ');
    if abbreviation {
        // What `%Z` writes: the offset's own name (`EDT`, `UTC`).
        let _ = write!(out, "{}", at.offset());
    } else {
        // What `%:z` writes: `+05:30`, `-04:00`.
        let east = at.offset().fix().local_minus_utc();
        out.push(if east < 0 { '-' } else { '+' });
        let minutes = east.unsigned_abs() / 60;
        push_two_digits(&mut out, minutes / 60);
        out.push(':');
        push_two_digits(&mut out, minutes % 60);
    }
    out
}

/// `value` (below 100) as two digits, `07`.
fn push_two_digits(out: &mut String, value: u32) {
    for digit in [value / 10 % 10, value % 10] {
        out.push(char::from_digit(digit, 10).unwrap_or('0'));
    }
}

impl Days {
    /// `calendar days`, `business days` or `months`, for JSON.
    pub fn unit(&self) -> &'static str {
        match self.kind {
            DayKind::Calendar => "calendar days",
            DayKind::Business => "business days",
            DayKind::Trading => "trading days",
            DayKind::Month => "months",
        }
    }

    /// `5 business days`, or `5 business days on us-banks` for a count on a
    /// calendar of its own (`day_calendars` is the program's).
    pub fn display(&self, day_calendars: &[crate::calendar::Calendar]) -> String {
        let kind = match self.kind {
            DayKind::Calendar => "calendar",
            DayKind::Business => "business",
            DayKind::Trading => "trading",
            DayKind::Month => {
                let noun = if self.count == 1 { "month" } else { "months" };
                return format!("{} {noun}", self.count);
            }
        };
        let noun = if self.count == 1 { "day" } else { "days" };
        match self.calendar.and_then(|named| day_calendars.get(named)) {
            Some(calendar) => format!("{} {kind} {noun} on {}", self.count, calendar.name()),
            None => format!("{} {kind} {noun}", self.count),
        }
    }
}

/// Denominators up to this are read at sight (`2/3`, `7/16`, `33/100`).
const READABLE_DENOMINATOR: i128 = 100;

/// A quantity as a lawyer writes it: `25,000 shares`, `USD 38,500.00`,
/// `USD 1.54 per share`, `16,666 2/3 shares`. Exact: never rounded for display.
pub fn display_quantity(amount: &Number, unit: Unit) -> String {
    QuantityText { amount, unit }.to_string()
}

/// [`display_quantity`] as a `Display`, written straight into a report.
pub struct QuantityText<'a> {
    pub amount: &'a Number,
    pub unit: Unit,
}

impl std::fmt::Display for QuantityText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (amount, unit) = (self.amount, self.unit);
        // Money is read in decimals, so `USD 1 2/75` alone hides that it is a
        // little over USD 1.02; a fraction with a long denominator hides its
        // size too. Those keep the `≈` figure; `16,666 2/3 shares` says all it needs.
        let approximate = unit.money != 0 || amount.denominator_exceeds(READABLE_DENOMINATOR);
        let digits = amount.formatted(unit.min_places(), approximate);
        if unit == Unit::NUMBER {
            return write!(f, "{digits}");
        }
        if unit == Unit::SHARES {
            let noun = if *amount == Number::ONE {
                "share"
            } else {
                "shares"
            };
            return write!(f, "{digits} {noun}");
        }
        match unit.currency {
            Some(currency) if unit.money == 1 && unit.shares == 0 => {
                write!(f, "{currency} {digits}")
            }
            Some(currency) if unit.money == 1 && unit.shares == -1 => {
                write!(f, "{currency} {digits} per share")
            }
            _ => write!(f, "{digits} {unit}"),
        }
    }
}

/// A split ratio as a lawyer writes it: 3/2 is `3-for-2`, 1/10 is `1-for-10`.
/// A ratio that is not above zero is no split ratio, so it is shown as the
/// number it is rather than as words that would mislead.
pub fn display_ratio(ratio: &Number) -> String {
    if ratio.is_negative() || ratio.is_zero() {
        return display_quantity(ratio, Unit::NUMBER);
    }
    format!("{}-for-{}", ratio.numerator(), ratio.denominator())
}

/// A number as a percentage: 0.0499 is `4.99%`, 1/3 is `33 1/3%`. Exact:
/// the number times a hundred, shown as [`display_quantity`] shows a number.
pub fn display_percent(amount: &Number) -> String {
    match amount.checked_mul(&Number::from_integer(100)) {
        Ok(hundredfold) => format!("{}%", display_quantity(&hundredfold, Unit::NUMBER)),
        // Too large to multiply: shown as the number it is, not a wrong percentage.
        Err(_) => display_quantity(amount, Unit::NUMBER),
    }
}

/// The same ratio for machines, `"3:2"`; `None` for a ratio that is not above
/// zero, which the caller gives as the plain number it is.
pub fn plain_ratio(ratio: &Number) -> Option<String> {
    if ratio.is_negative() || ratio.is_zero() {
        return None;
    }
    Some(format!("{}:{}", ratio.numerator(), ratio.denominator()))
}
