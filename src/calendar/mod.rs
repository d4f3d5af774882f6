//! Business-day calendars: which days are business days on the NYSE, for
//! the U.S. federal government and for the Federal Reserve Banks, and the
//! date arithmetic contracts do with them ("within five business days
//! after", "following business day convention").
//!
//! Every calendar covers 1990–2100 only; outside it the answers would be
//! guesses about future holiday law, so every query errors instead.

mod closures;
mod index;
mod rules;
#[cfg(test)]
mod tests;

use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};

use rules::Kind;

pub const FIRST_YEAR: i32 = 1990;
pub const LAST_YEAR: i32 = 2100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    OutOfRange { date: NaiveDate },
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalendarError::OutOfRange { date } => write!(
                f,
                "`{date}` is outside the calendars' range {FIRST_YEAR}–{LAST_YEAR}"
            ),
        }
    }
}

impl std::error::Error for CalendarError {}

/// Business-day conventions for moving a date that is not a business day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Roll {
    Following,
    Preceding,
    /// Following, unless that lands in the next month; then preceding.
    ModifiedFollowing,
}

/// A day a calendar is closed on other than a weekend, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    pub date: NaiveDate,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Calendar {
    Nyse,
    UsFederal,
    UsBanks,
    WeekendsOnly,
    /// A calendar defined in a clause file: a base plus extra closure dates.
    WithClosures {
        name: String,
        base: Box<Calendar>,
        extra: Vec<Closure>,
    },
    /// "a day on which banks in New York and the NYSE are both open": business day only if business in every part.
    /// With no parts every day, weekends included, is a business day.
    AllOpen {
        name: String,
        parts: Vec<Calendar>,
    },
}

/// Shifts and counts up to this many days walk day by day, which is cheaper
/// than a lookup for the periods contracts usually state; longer ones use the
/// calendar's [`index`], so no shift costs more than a binary search.
const SHORT_WALK: u64 = 16;

fn check_range(date: NaiveDate) -> Result<NaiveDate, CalendarError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(CalendarError::OutOfRange { date })
    }
}

/// The next day forward or back, as long as it is still in range.
fn step(date: NaiveDate, forward: bool) -> Result<NaiveDate, CalendarError> {
    let next = if forward {
        date.succ_opt()
    } else {
        date.pred_opt()
    };
    check_range(next.ok_or(CalendarError::OutOfRange { date })?)
}

fn weekend_name(date: NaiveDate) -> Option<&'static str> {
    match date.weekday() {
        Weekday::Sat => Some("Saturday"),
        Weekday::Sun => Some("Sunday"),
        _ => None,
    }
}

impl Calendar {
    /// The names `builtin` accepts.
    pub const BUILTIN_NAMES: &'static [&'static str] =
        &["nyse", "us-federal", "us-banks", "weekends-only"];

    pub fn builtin(name: &str) -> Option<Calendar> {
        match name {
            "nyse" => Some(Calendar::Nyse),
            "us-federal" => Some(Calendar::UsFederal),
            "us-banks" => Some(Calendar::UsBanks),
            "weekends-only" => Some(Calendar::WeekendsOnly),
            _ => None,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Calendar::Nyse => "nyse",
            Calendar::UsFederal => "us-federal",
            Calendar::UsBanks => "us-banks",
            Calendar::WeekendsOnly => "weekends-only",
            Calendar::WithClosures { name, .. } | Calendar::AllOpen { name, .. } => name,
        }
    }

    fn kind(&self) -> Option<Kind> {
        match self {
            Calendar::Nyse => Some(Kind::Nyse),
            Calendar::UsFederal => Some(Kind::UsFederal),
            Calendar::UsBanks => Some(Kind::UsBanks),
            _ => None,
        }
    }

    /// The hot path: no range check and no allocation.
    fn open(&self, date: NaiveDate) -> bool {
        match self {
            Calendar::WithClosures { base, extra, .. } => {
                base.open(date) && !extra.iter().any(|closure| closure.date == date)
            }
            Calendar::AllOpen { parts, .. } => parts.iter().all(|part| part.open(date)),
            builtin => {
                weekend_name(date).is_none()
                    && builtin
                        .kind()
                        .is_none_or(|kind| !rules::is_closed(kind, date))
            }
        }
    }

    fn reason(&self, date: NaiveDate) -> Option<String> {
        match self {
            Calendar::WithClosures { base, extra, .. } => base.reason(date).or_else(|| {
                extra
                    .iter()
                    .find(|closure| closure.date == date)
                    .map(|closure| closure.name.clone())
            }),
            Calendar::AllOpen { parts, .. } => {
                // Parts usually agree ("Christmas Day"); when they differ,
                // every distinct reason is worth showing.
                let mut reasons: Vec<String> = Vec::new();
                for reason in parts.iter().filter_map(|part| part.reason(date)) {
                    if !reasons.contains(&reason) {
                        reasons.push(reason);
                    }
                }
                (!reasons.is_empty()).then(|| reasons.join("; "))
            }
            builtin => {
                if let Some(day) = weekend_name(date) {
                    return Some(day.to_string());
                }
                let observed = rules::closure_on(builtin.kind()?, date)?;
                Some(if observed.moved {
                    format!("{} (observed)", observed.name)
                } else {
                    observed.name.to_string()
                })
            }
        }
    }

    /// Why `date` is not a business day: Some("Saturday"/"Sunday"/holiday name), None if open. Errors outside 1990..=2100.
    pub fn closure_reason(&self, date: NaiveDate) -> Result<Option<String>, CalendarError> {
        check_range(date)?;
        Ok(self.reason(date))
    }

    pub fn is_business_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        check_range(date)?;
        Ok(self.open(date))
    }

    /// The n-th business day strictly after `date` (n > 0) or strictly before it (n < 0); n == 0 returns `date` itself.
    /// "within five business days after Friday 2002-11-22" on nyse → 2002-12-02 (Thanksgiving 2002-11-28 skipped).
    pub fn add_business_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate, CalendarError> {
        let mut current = check_range(date)?;
        if n.unsigned_abs() > SHORT_WALK {
            return index::index_of(self).shift(current, n);
        }
        let forward = n > 0;
        let mut left = n.unsigned_abs();
        // Each step is range-checked, so a huge `n` (or a calendar that is
        // never open) ends in an error at the range's edge, not a hang.
        while left > 0 {
            current = step(current, forward)?;
            if self.open(current) {
                left -= 1;
            }
        }
        Ok(current)
    }

    /// How many business days come after `from` up to and including `to`
    /// (negative, counted the other way, when `to` is earlier): the `n` for
    /// which `from + n business days` is the last business day on or before `to`.
    pub fn business_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<i64, CalendarError> {
        let (low, high, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut current = check_range(low)?;
        check_range(high)?;
        if (high - low).num_days().unsigned_abs() > SHORT_WALK {
            return Ok(sign * index::index_of(self).between(low, high)?);
        }
        let mut count: i64 = 0;
        while current < high {
            current = step(current, true)?;
            if self.open(current) {
                count += 1;
            }
        }
        Ok(sign * count)
    }

    /// The first business day on or after (`forward`) / on or before `date`.
    fn nearest(&self, date: NaiveDate, forward: bool) -> Result<NaiveDate, CalendarError> {
        let mut current = check_range(date)?;
        while !self.open(current) {
            current = step(current, forward)?;
        }
        Ok(current)
    }

    pub fn roll(&self, date: NaiveDate, roll: Roll) -> Result<NaiveDate, CalendarError> {
        match roll {
            Roll::Following => self.nearest(date, true),
            Roll::Preceding => self.nearest(date, false),
            Roll::ModifiedFollowing => match self.nearest(date, true) {
                Ok(following)
                    if (following.year(), following.month()) == (date.year(), date.month()) =>
                {
                    Ok(following)
                }
                // Running off the end of 2100 is also leaving the month.
                _ => self.nearest(date, false),
            },
        }
    }

    /// Holidays/closures (weekends excluded) from `from` to `to` inclusive, in date order.
    /// Empty when `from` is after `to`.
    pub fn closures_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Closure>, CalendarError> {
        check_range(from)?;
        check_range(to)?;
        Ok(from
            .iter_days()
            .take_while(|date| *date <= to)
            .filter(|date| weekend_name(*date).is_none() && !self.open(*date))
            .filter_map(|date| {
                Some(Closure {
                    date,
                    name: self.reason(date)?,
                })
            })
            .collect())
    }
}
