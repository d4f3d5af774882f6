//! Holiday rules of the built-in calendars (fixed dates, n-th weekdays,
//! Good Friday from the Gregorian Easter computus) and how each calendar
//! observes a holiday that falls on a weekend, plus a per-year bit table so
//! that the hot `is_business_day` path is a lookup instead of re-deriving
//! Easter for every day it looks at.

use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::closures::NYSE_UNSCHEDULED;
use super::{FIRST_YEAR, LAST_YEAR};

/// The built-in calendars that have holidays (weekends-only has none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Nyse,
    UsFederal,
    UsBanks,
}

/// What a calendar does when a holiday falls on a weekend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Observance {
    /// NYSE Rule 7.2: Sunday → the Monday after; Saturday → the Friday
    /// before, unless that Friday ends a monthly or yearly accounting period,
    /// in which case the holiday is simply not made up. Only New Year's Day
    /// can hit the exception in practice (its Friday is always 31 December);
    /// a Saturday Independence Day, Juneteenth or Christmas still closes the
    /// Friday (2015-07-03, 2027-06-18, 2021-12-24).
    Nyse,
    /// 5 U.S.C. 6103(b) and Executive Order 11582: Saturday → Friday,
    /// Sunday → Monday, even when the Friday is in the previous year
    /// (New Year's Day 2022 was observed on 2021-12-31).
    Federal,
    /// Federal Reserve Banks: Sunday → Monday, but a Saturday holiday is not
    /// moved; the Banks are open the Friday before.
    FedBanks,
}

#[derive(Debug, Clone, Copy)]
enum Rule {
    Fixed { month: u32, day: u32 },
    Nth { month: u32, weekday: Weekday, n: u8 },
    Last { month: u32, weekday: Weekday },
    GoodFriday,
}

struct Holiday {
    name: &'static str,
    rule: Rule,
    /// First year the holiday was kept by this calendar.
    since: i32,
}

const fn fixed(name: &'static str, month: u32, day: u32, since: i32) -> Holiday {
    Holiday {
        name,
        rule: Rule::Fixed { month, day },
        since,
    }
}

const fn nth(name: &'static str, month: u32, weekday: Weekday, n: u8, since: i32) -> Holiday {
    Holiday {
        name,
        rule: Rule::Nth { month, weekday, n },
        since,
    }
}

// `since: i32::MIN` marks a holiday kept throughout the supported range.
const ALWAYS: i32 = i32::MIN;

const NEW_YEAR: Holiday = fixed("New Year's Day", 1, 1, ALWAYS);
const WASHINGTON: Holiday = nth("Washington's Birthday", 2, Weekday::Mon, 3, ALWAYS);
const MEMORIAL: Holiday = Holiday {
    name: "Memorial Day",
    rule: Rule::Last {
        month: 5,
        weekday: Weekday::Mon,
    },
    since: ALWAYS,
};
const INDEPENDENCE: Holiday = fixed("Independence Day", 7, 4, ALWAYS);
const LABOR: Holiday = nth("Labor Day", 9, Weekday::Mon, 1, ALWAYS);
const THANKSGIVING: Holiday = nth("Thanksgiving Day", 11, Weekday::Thu, 4, ALWAYS);
const CHRISTMAS: Holiday = fixed("Christmas Day", 12, 25, ALWAYS);
const MLK: &str = "Martin Luther King Jr. Day";
const JUNETEENTH: &str = "Juneteenth National Independence Day";

const NYSE: &[Holiday] = &[
    NEW_YEAR,
    // The exchange first closed for it on 1998-01-19, twelve years after
    // it became a federal holiday.
    nth(MLK, 1, Weekday::Mon, 3, 1998),
    WASHINGTON,
    Holiday {
        name: "Good Friday",
        rule: Rule::GoodFriday,
        since: ALWAYS,
    },
    MEMORIAL,
    // Made a federal holiday in June 2021, too late for the exchange's 2021
    // schedule; first NYSE closure 2022-06-20.
    fixed(JUNETEENTH, 6, 19, 2022),
    INDEPENDENCE,
    LABOR,
    THANKSGIVING,
    CHRISTMAS,
];

/// 5 U.S.C. 6103(a). Inauguration Day is left out on purpose: it is a
/// holiday only for federal employees in the Washington, D.C. area.
/// One-off closures by executive order (days of mourning, extra days at
/// Christmas) are not holidays either and are left out too.
const FEDERAL: &[Holiday] = &[
    NEW_YEAR,
    nth(MLK, 1, Weekday::Mon, 3, 1986),
    WASHINGTON,
    MEMORIAL,
    // Signed 2021-06-17 and observed the next day, Friday 2021-06-18.
    fixed(JUNETEENTH, 6, 19, 2021),
    INDEPENDENCE,
    LABOR,
    nth("Columbus Day", 10, Weekday::Mon, 2, ALWAYS),
    // On 11 November since 1978 (a Monday in October 1971–1977).
    fixed("Veterans Day", 11, 11, 1978),
    THANKSGIVING,
    CHRISTMAS,
];

/// A holiday as a calendar keeps it: the day it closes and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Observed {
    pub date: NaiveDate,
    pub name: &'static str,
    /// The holiday itself fell on a weekend and this is the day in lieu.
    pub moved: bool,
}

fn holidays_of(kind: Kind) -> (&'static [Holiday], Observance) {
    match kind {
        Kind::Nyse => (NYSE, Observance::Nyse),
        Kind::UsFederal => (FEDERAL, Observance::Federal),
        Kind::UsBanks => (FEDERAL, Observance::FedBanks),
    }
}

/// Western (Gregorian) Easter Sunday by the anonymous Gregorian algorithm
/// (Meeus/Jones/Butcher). Valid for any positive year.
pub(super) fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

fn last_weekday(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    let next_month = if month == 12 {
        NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month.checked_add(1)?, 1)
    }?;
    let last = next_month.pred_opt()?;
    let back = (last.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
    last.checked_sub_days(Days::new(u64::from(back)))
}

impl Holiday {
    /// The nominal (unmoved) date in `year`, if the holiday was kept then.
    fn date_in(&self, year: i32) -> Option<NaiveDate> {
        if year < self.since {
            return None;
        }
        match self.rule {
            Rule::Fixed { month, day } => NaiveDate::from_ymd_opt(year, month, day),
            Rule::Nth { month, weekday, n } => {
                NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
            }
            Rule::Last { month, weekday } => last_weekday(year, month, weekday),
            Rule::GoodFriday => easter_sunday(year)?.checked_sub_days(Days::new(2)),
        }
    }
}

/// Whether `friday` is the last business day of its month: no weekday
/// follows it in the same month. Strictly, a holiday in the days after the
/// Friday could also make it the last business day, but no holiday rule puts
/// one there, so looking at weekdays suffices.
fn ends_month(friday: NaiveDate) -> bool {
    friday
        .checked_add_days(Days::new(3))
        .is_none_or(|monday| monday.month() != friday.month())
}

fn observe(date: NaiveDate, observance: Observance) -> Option<(NaiveDate, bool)> {
    match date.weekday() {
        Weekday::Sun => Some((date.succ_opt()?, true)),
        Weekday::Sat => match observance {
            Observance::FedBanks => None,
            Observance::Federal => Some((date.pred_opt()?, true)),
            Observance::Nyse => {
                let friday = date.pred_opt()?;
                if ends_month(friday) {
                    None
                } else {
                    Some((friday, true))
                }
            }
        },
        _ => Some((date, false)),
    }
}

/// The closures caused by the holidays *of* `year`; a moved holiday may land
/// in the neighbouring year (New Year's Day on a Saturday, federal).
fn observed_in(kind: Kind, year: i32) -> impl Iterator<Item = Observed> {
    let (holidays, observance) = holidays_of(kind);
    holidays.iter().filter_map(move |holiday| {
        let (date, moved) = observe(holiday.date_in(year)?, observance)?;
        Some(Observed {
            date,
            name: holiday.name,
            moved,
        })
    })
}

fn unscheduled(kind: Kind) -> impl Iterator<Item = Observed> {
    let rows = if kind == Kind::Nyse {
        NYSE_UNSCHEDULED
    } else {
        &[]
    };
    rows.iter().filter_map(|row| {
        Some(Observed {
            date: NaiveDate::from_ymd_opt(row.year, row.month, row.day)?,
            name: row.name,
            moved: false,
        })
    })
}

/// The holiday or unscheduled closure on `date`, found by rule (slow path,
/// used for names). Weekends are not reported here.
pub(super) fn closure_on(kind: Kind, date: NaiveDate) -> Option<Observed> {
    let year = date.year();
    (year - 1..=year + 1)
        .flat_map(|y| observed_in(kind, y))
        .chain(unscheduled(kind))
        .find(|observed| observed.date == date)
}

/// One bit per day of the year (by 0-based ordinal) for each supported year.
struct YearTable {
    years: Vec<[u64; 6]>,
}

impl YearTable {
    fn build(kind: Kind) -> YearTable {
        let count = usize::try_from(LAST_YEAR - FIRST_YEAR + 1).unwrap_or(0);
        let mut table = YearTable {
            years: vec![[0; 6]; count],
        };
        // Holidays of the years just outside the range can move into it.
        for observed in (FIRST_YEAR - 1..=LAST_YEAR + 1)
            .flat_map(|year| observed_in(kind, year))
            .chain(unscheduled(kind))
        {
            if let Some((year, word, bit)) = slot(observed.date) {
                if let Some(w) = table
                    .years
                    .get_mut(year)
                    .and_then(|words| words.get_mut(word))
                {
                    *w |= bit;
                }
            }
        }
        table
    }

    fn contains(&self, date: NaiveDate) -> bool {
        slot(date)
            .and_then(|(year, word, bit)| Some(self.years.get(year)?.get(word)? & bit != 0))
            .unwrap_or(false)
    }
}

fn slot(date: NaiveDate) -> Option<(usize, usize, u64)> {
    let year = usize::try_from(date.year().checked_sub(FIRST_YEAR)?).ok()?;
    let ordinal = date.ordinal0();
    let word = usize::try_from(ordinal / 64).ok()?;
    Some((year, word, 1u64 << (ordinal % 64)))
}

/// Whether `date` is a holiday or unscheduled closure (weekdays only matter;
/// weekends are handled by the caller). Dates outside the range are `false`.
pub(super) fn is_closed(kind: Kind, date: NaiveDate) -> bool {
    static NYSE_TABLE: OnceLock<YearTable> = OnceLock::new();
    static FEDERAL_TABLE: OnceLock<YearTable> = OnceLock::new();
    static BANKS_TABLE: OnceLock<YearTable> = OnceLock::new();
    let cell = match kind {
        Kind::Nyse => &NYSE_TABLE,
        Kind::UsFederal => &FEDERAL_TABLE,
        Kind::UsBanks => &BANKS_TABLE,
    };
    cell.get_or_init(|| YearTable::build(kind)).contains(date)
}
