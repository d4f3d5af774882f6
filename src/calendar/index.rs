//! A count of business days from the first day of the calendars' range, so
//! that a long shift ("within 250 business days") or a count between two far
//! dates is a lookup and a binary search instead of a walk day by day. Built
//! once per calendar per process (about 40,000 days) and shared.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use chrono::NaiveDate;

use super::{Calendar, CalendarError, FIRST_YEAR, LAST_YEAR};

/// For each day of the range, how many business days there are from its
/// first day up to and including that day.
#[derive(Debug)]
pub(super) struct DayIndex {
    first: NaiveDate,
    open_through: Vec<u32>,
}

/// The range's first and last day (the range is fixed, so these exist).
fn range() -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).unwrap_or(NaiveDate::MIN);
    let last = NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).unwrap_or(NaiveDate::MAX);
    (first, last)
}

/// What a shift that leaves the range reports: the first day beyond it, as
/// the day-by-day walk does.
fn beyond(forward: bool) -> CalendarError {
    let (first, last) = range();
    let date = if forward {
        last.succ_opt()
    } else {
        first.pred_opt()
    };
    CalendarError::OutOfRange {
        date: date.unwrap_or(if forward { last } else { first }),
    }
}

impl DayIndex {
    fn build(calendar: &Calendar) -> DayIndex {
        let (first, last) = range();
        let mut count = 0u32;
        let open_through = first
            .iter_days()
            .take_while(|day| *day <= last)
            .map(|day| {
                count += u32::from(calendar.open(day));
                count
            })
            .collect();
        DayIndex {
            first,
            open_through,
        }
    }

    fn position(&self, date: NaiveDate) -> Option<usize> {
        usize::try_from((date - self.first).num_days()).ok()
    }

    fn through(&self, date: NaiveDate) -> Option<u32> {
        self.open_through.get(self.position(date)?).copied()
    }

    fn day(&self, position: usize) -> Option<NaiveDate> {
        let offset = chrono::Days::new(u64::try_from(position).ok()?);
        self.first.checked_add_days(offset)
    }

    /// The first day whose running count reaches `count`.
    fn first_reaching(&self, count: u32, forward: bool) -> Result<NaiveDate, CalendarError> {
        let position = self.open_through.partition_point(|&c| c < count);
        if count == 0 || position >= self.open_through.len() {
            return Err(beyond(forward));
        }
        self.day(position).ok_or_else(|| beyond(forward))
    }

    /// The `n`-th business day after `date` (before it, for negative `n`);
    /// `date` itself for 0. `date` must be in range.
    pub(super) fn shift(&self, date: NaiveDate, n: i64) -> Result<NaiveDate, CalendarError> {
        let through = self
            .through(date)
            .ok_or(CalendarError::OutOfRange { date })?;
        let steps = u32::try_from(n.unsigned_abs()).map_err(|_| beyond(n > 0))?;
        if n >= 0 {
            let wanted = through.checked_add(steps).ok_or_else(|| beyond(true))?;
            if n == 0 {
                return Ok(date);
            }
            self.first_reaching(wanted, true)
        } else {
            // Business days strictly before `date`: the count the day before
            // (none before the range's first day).
            let before = date.pred_opt().and_then(|d| self.through(d)).unwrap_or(0);
            let wanted = (before + 1)
                .checked_sub(steps)
                .ok_or_else(|| beyond(false))?;
            self.first_reaching(wanted, false)
        }
    }

    /// Business days after `low` up to and including `high` (`low <= high`).
    pub(super) fn between(&self, low: NaiveDate, high: NaiveDate) -> Result<i64, CalendarError> {
        let from = self
            .through(low)
            .ok_or(CalendarError::OutOfRange { date: low })?;
        let to = self
            .through(high)
            .ok_or(CalendarError::OutOfRange { date: high })?;
        Ok(i64::from(to) - i64::from(from))
    }
}

/// Indexes built so far in this process, by calendar. A process meets few
/// calendars; the list is cleared if it ever grows past a few dozen.
static INDEXES: OnceLock<Mutex<Vec<Indexed>>> = OnceLock::new();
type Indexed = (Calendar, Arc<DayIndex>);
const MOST_INDEXES: usize = 32;

pub(super) fn index_of(calendar: &Calendar) -> Arc<DayIndex> {
    let indexes = INDEXES.get_or_init(|| Mutex::new(Vec::new()));
    let mut indexes = indexes.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, index)) = indexes.iter().find(|(known, _)| known == calendar) {
        return Arc::clone(index);
    }
    if indexes.len() >= MOST_INDEXES {
        indexes.clear();
    }
    let index = Arc::new(DayIndex::build(calendar));
    indexes.push((calendar.clone(), Arc::clone(&index)));
    index
}
