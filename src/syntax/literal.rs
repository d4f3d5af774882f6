//! Tokens with meaning of their own: numbers, dates, times, zones and quoted
//! text. Each is checked here, so a later stage never sees `2002-02-30`.

use chrono::{FixedOffset, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use pest::iterators::Pair;

use crate::errors::SyntaxError;
use crate::number::Number;
use crate::source::Source;

use super::ast::{LocalInstant, Text, ZoneSpec};
use super::{span_of, Rule};

/// The most digits a number written in a clause file or scenario may have.
/// Computed values have no such limit (only `number::MAX_BITS`), but no
/// contract figure needs more than this, and a longer one is far more likely a
/// misplaced digit than meant.
pub const MAX_LITERAL_DIGITS: usize = 38;

pub fn number(source: &Source, pair: &Pair<'_, Rule>) -> Result<Number, SyntaxError> {
    // Exact: a literal with more digits than that is refused, never rounded.
    let digits = pair.as_str().bytes().filter(u8::is_ascii_digit).count();
    let parsed = (digits <= MAX_LITERAL_DIGITS).then(|| pair.as_str().parse::<Number>());
    parsed
        .and_then(Result::ok)
        .ok_or_else(|| SyntaxError::NumberTooLarge {
            text: pair.as_str().to_string(),
            src: source.named(),
            span: span_of(pair).into(),
        })
}

pub fn integer_u32(source: &Source, pair: &Pair<'_, Rule>) -> Result<u32, SyntaxError> {
    pair.as_str()
        .parse::<u32>()
        .map_err(|_| SyntaxError::NumberTooLarge {
            text: pair.as_str().to_string(),
            src: source.named(),
            span: span_of(pair).into(),
        })
}

pub fn date(source: &Source, pair: &Pair<'_, Rule>) -> Result<NaiveDate, SyntaxError> {
    NaiveDate::parse_from_str(pair.as_str(), "%Y-%m-%d").map_err(|_| SyntaxError::BadDate {
        text: pair.as_str().to_string(),
        src: source.named(),
        span: span_of(pair).into(),
    })
}

pub fn time(source: &Source, pair: &Pair<'_, Rule>) -> Result<NaiveTime, SyntaxError> {
    let written = pair.as_str();
    let bad = || SyntaxError::BadTime {
        text: written.to_string(),
        src: source.named(),
        span: span_of(pair).into(),
    };
    // `5:00 PM`: the clock part, and whether it is after noon.
    let (clock, afternoon) = match written.split_once(' ') {
        Some((clock, meridiem)) => (
            clock,
            Some(meridiem.trim().to_ascii_lowercase().starts_with('p')),
        ),
        None => (written, None),
    };
    let (hours, rest) = clock.split_once(':').ok_or_else(bad)?;
    let hours: u32 = hours.parse().map_err(|_| bad())?;
    let hours = match afternoon {
        None => hours,
        // 12 AM and 12 PM are read both ways in practice: refuse to guess.
        Some(_) if hours == 12 => {
            return Err(SyntaxError::AmbiguousNoon {
                text: written.to_string(),
                src: source.named(),
                span: span_of(pair).into(),
            })
        }
        Some(_) if hours == 0 || hours > 12 => return Err(bad()),
        Some(true) => hours + 12,
        Some(false) => hours,
    };
    let text = format!("{hours:02}:{rest}");
    let format = if text.len() > 5 { "%H:%M:%S" } else { "%H:%M" };
    // chrono reads `:60` as a leap second; no contract deadline is one.
    if text.get(6..8) == Some("60") {
        return Err(bad());
    }
    NaiveTime::parse_from_str(&text, format).map_err(|_| bad())
}

pub fn zone(source: &Source, pair: &Pair<'_, Rule>) -> Result<Tz, SyntaxError> {
    let text = pair.as_str();
    text.parse::<Tz>().map_err(|_| SyntaxError::UnknownZone {
        text: text.to_string(),
        help: zone_help(text),
        src: source.named(),
        span: span_of(pair).into(),
    })
}

fn zone_help(text: &str) -> String {
    let best = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| (strsim::levenshtein(tz.name(), text), tz.name()))
        .min_by_key(|(distance, _)| *distance);
    match best {
        Some((distance, name)) if distance <= 3 => format!("did you mean `{name}`?"),
        _ => "use an IANA zone name such as `America/New_York`, or a UTC offset such as `-05:00`"
            .to_string(),
    }
}

pub fn offset(source: &Source, pair: &Pair<'_, Rule>) -> Result<FixedOffset, SyntaxError> {
    let text = pair.as_str();
    let bad = || SyntaxError::BadOffset {
        text: text.to_string(),
        src: source.named(),
        span: span_of(pair).into(),
    };
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let hours: i32 = text
        .get(1..3)
        .and_then(|h| h.parse().ok())
        .ok_or_else(bad)?;
    let minutes: i32 = text
        .get(4..6)
        .and_then(|m| m.parse().ok())
        .ok_or_else(bad)?;
    if hours > 23 || minutes > 59 {
        return Err(bad());
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).ok_or_else(bad)
}

/// `date time [zone|offset]`, from the children of `instant` or `event_time`.
pub fn local_instant(source: &Source, pair: Pair<'_, Rule>) -> Result<LocalInstant, SyntaxError> {
    let mut date_value = None;
    let mut time_value = None;
    let mut zone_value = None;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::date => date_value = Some(date(source, &part)?),
            Rule::time_of_day => time_value = Some(time(source, &part)?),
            Rule::zone => zone_value = Some(ZoneSpec::Named(zone(source, &part)?)),
            Rule::utc_offset => zone_value = Some(ZoneSpec::Offset(offset(source, &part)?)),
            _ => {}
        }
    }
    Ok(LocalInstant {
        date: date_value.unwrap_or_default(),
        time: time_value.unwrap_or_default(),
        zone: zone_value,
    })
}

/// A `string` or `long_string`, with escapes resolved.
pub fn text(pair: &Pair<'_, Rule>) -> Text {
    let span = span_of(pair);
    let body = pair
        .clone()
        .into_inner()
        .next()
        .map(|inner| inner.as_str())
        .unwrap_or("");
    let value = if pair.as_rule() == Rule::long_string {
        dedent(body)
    } else {
        unescape(body)
    };
    Text { value, span }
}

fn unescape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Long texts are indented to sit under their clause; the indentation is the
/// file's, not the contract's, so it is removed.
fn dedent(body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let indent = lines
        .iter()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            if index == 0 {
                line.trim_start()
            } else {
                line.get(indent..).unwrap_or_else(|| line.trim_start())
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}
