//! Numbers written straight into a report's text or JSON: the exact decimal
//! of a number that fits `i128`, with or without thousands separators, with no
//! intermediate `String`. Every report entry shows a few amounts, so this is
//! on the path of every event; anything else (a fraction that does not
//! terminate, a big value) is written through the general text functions.

use std::fmt;

use super::{decimal_places_of, fraction_digits, Number};

/// A whole number, with a comma every three digits when `grouped`.
fn write_whole(out: &mut dyn fmt::Write, whole: u128, grouped: bool) -> fmt::Result {
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(whole);
    if !grouped || digits.len() <= 3 {
        return out.write_str(digits);
    }
    // The first group holds what is left over after the groups of three.
    let first = match digits.len() % 3 {
        0 => 3,
        short => short,
    };
    let (head, mut rest) = digits.split_at(first);
    out.write_str(head)?;
    while !rest.is_empty() {
        let (group, after) = rest.split_at(3.min(rest.len()));
        out.write_char(',')?;
        out.write_str(group)?;
        rest = after;
    }
    Ok(())
}

/// The exact decimal of `num / den`, at least `min_places` decimals (padding,
/// never rounding); `None`, with nothing written, when it does not terminate.
fn write_small_decimal(
    out: &mut dyn fmt::Write,
    (negative, num, den): (bool, u128, u128),
    min_places: u32,
    grouped: bool,
) -> Option<fmt::Result> {
    let places = decimal_places_of(den)?;
    Some((|| {
        if negative {
            out.write_char('-')?;
        }
        write_whole(out, num / den, grouped)?;
        let shown = places.max(min_places);
        if shown == 0 {
            return Ok(());
        }
        out.write_char('.')?;
        // The fraction as whole digits: den divides 10^places, so this is
        // exact; when it would not fit, digit by digit.
        let fraction = 10u128
            .checked_pow(places)
            .and_then(|scale| (num % den).checked_mul(scale / den));
        match fraction {
            Some(digits) if places > 0 => {
                // Leading zeros up to the number of places: 5 at 3 places is `005`.
                let mut buffer = itoa::Buffer::new();
                let digits = buffer.format(digits);
                let width = usize::try_from(places).unwrap_or(usize::MAX);
                for _ in digits.len()..width {
                    out.write_char('0')?;
                }
                out.write_str(digits)?;
            }
            Some(_) => {}
            None => {
                let (digits, _) = fraction_digits(num % den, den, places);
                for digit in digits {
                    out.write_char(char::from(b'0' + digit))?;
                }
            }
        }
        for _ in places..shown {
            out.write_char('0')?;
        }
        Ok(())
    })())
}

/// A number written as [`Number::format`] (grouped) or
/// [`Number::to_plain_string`] (plain) writes it, as a `Display`.
pub struct Written<'a> {
    number: &'a Number,
    min_places: u32,
    /// Thousands separators and, past a terminating decimal, the mixed
    /// number of [`Number::format`]; else the plain text for machines.
    grouped: bool,
    approximate: bool,
}

impl Number {
    /// Writes what [`Number::format`] returns, without building it first
    /// when the number is a terminating decimal that fits `i128`.
    pub fn formatted(&self, min_places: u32, approximate: bool) -> Written<'_> {
        Written {
            number: self,
            min_places,
            grouped: true,
            approximate,
        }
    }

    /// Writes what [`Number::to_plain_string`] returns, likewise.
    pub fn plain(&self, min_places: u32) -> Written<'_> {
        Written {
            number: self,
            min_places,
            grouped: false,
            approximate: false,
        }
    }

    /// The exact decimal text of a number that fits `i128`; `None` for a
    /// big value or one whose expansion does not terminate.
    pub(super) fn small_decimal_text(&self, min_places: u32, grouped: bool) -> Option<String> {
        let mut text = String::new();
        write_small_decimal(&mut text, self.small_parts()?, min_places, grouped)?.ok()?;
        Some(text)
    }
}

impl fmt::Display for Written<'_> {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let written = self
            .number
            .small_parts()
            .and_then(|parts| write_small_decimal(out, parts, self.min_places, self.grouped));
        match written {
            Some(result) => result,
            None if self.grouped => {
                out.write_str(&self.number.format(self.min_places, self.approximate))
            }
            None => out.write_str(&self.number.to_plain_string(self.min_places)),
        }
    }
}
