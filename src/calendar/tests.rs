//! Tests for the business-day calendars. The year-by-year expectations live
//! in `tests/*.txt`, typed by hand from published schedules so that they are
//! independent of the rules in `rules.rs`; the rest pin down the arithmetic
//! and the edge cases contracts depend on.

use super::*;

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn parse(date: &str) -> NaiveDate {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap()
}

const NYSE_TXT: &str = include_str!("tests/nyse.txt");
const FEDERAL_TXT: &str = include_str!("tests/us-federal.txt");
const BANKS_TXT: &str = include_str!("tests/us-banks.txt");

/// `YYYY-MM-DD name` lines; `#` starts a comment line.
fn expected(text: &str) -> Vec<(NaiveDate, String)> {
    let rows: Vec<(NaiveDate, String)> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (date, name) = line.split_once(' ').unwrap();
            (parse(date), name.to_string())
        })
        .collect();
    // A typo in the data should fail loudly, not silently shrink the test.
    for pair in rows.windows(2) {
        assert!(pair[0].0 < pair[1].0, "data out of order at {}", pair[1].0);
    }
    for (date, _) in &rows {
        assert!(weekend_name(*date).is_none(), "{date} is a weekend");
    }
    rows
}

/// Compares a calendar's closures with the typed list, year by year,
/// collecting every difference before failing.
fn check_years(calendar: &Calendar, text: &str, compare_names: bool) {
    let expected = expected(text);
    let mut failures = Vec::new();
    for year in 1990..=2035 {
        let want: Vec<&(NaiveDate, String)> =
            expected.iter().filter(|(d, _)| d.year() == year).collect();
        assert!(
            want.len() >= 8,
            "{}: only {} rows for {year}",
            calendar.name(),
            want.len()
        );
        let got = calendar
            .closures_between(ymd(year, 1, 1), ymd(year, 12, 31))
            .unwrap();
        let missing: Vec<String> = want
            .iter()
            .filter(|(d, _)| !got.iter().any(|c| c.date == *d))
            .map(|(d, n)| format!("{d} {n}"))
            .collect();
        let unexpected: Vec<String> = got
            .iter()
            .filter(|c| !want.iter().any(|(d, _)| *d == c.date))
            .map(|c| format!("{} {}", c.date, c.name))
            .collect();
        if !missing.is_empty() || !unexpected.is_empty() {
            failures.push(format!(
                "{year}: missing {missing:?}, unexpected {unexpected:?}"
            ));
        }
        if compare_names {
            for c in &got {
                if let Some((_, name)) = want.iter().find(|(d, _)| *d == c.date) {
                    if *name != c.name {
                        failures.push(format!("{}: named {:?}, expected {name:?}", c.date, c.name));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} differs from the published schedule:\n{}",
        calendar.name(),
        failures.join("\n")
    );
}

#[test]
fn nyse_matches_published_schedules_1990_2035() {
    check_years(&Calendar::Nyse, NYSE_TXT, true);
}

#[test]
fn us_federal_matches_opm_tables_1990_2035() {
    check_years(&Calendar::UsFederal, FEDERAL_TXT, false);
}

#[test]
fn us_banks_matches_federal_reserve_schedules_1990_2035() {
    check_years(&Calendar::UsBanks, BANKS_TXT, false);
}

#[test]
fn saturday_new_year_closes_federal_offices_but_not_nyse_or_banks() {
    for date in [ymd(2004, 12, 31), ymd(2021, 12, 31), ymd(2010, 12, 31)] {
        assert!(Calendar::Nyse.is_business_day(date).unwrap(), "{date}");
        assert!(Calendar::UsBanks.is_business_day(date).unwrap(), "{date}");
        assert!(
            !Calendar::UsFederal.is_business_day(date).unwrap(),
            "{date}"
        );
        assert_eq!(
            Calendar::UsFederal.closure_reason(date).unwrap().as_deref(),
            Some("New Year's Day (observed)")
        );
    }
    // The same holds at the very end of the range: 2101-01-01 is a Saturday.
    let last = ymd(2100, 12, 31);
    assert!(!Calendar::UsFederal.is_business_day(last).unwrap());
    assert!(Calendar::Nyse.is_business_day(last).unwrap());
    assert!(Calendar::UsBanks.is_business_day(last).unwrap());
}

#[test]
fn saturday_holidays_mid_month_still_close_the_nyse_friday() {
    for (date, name) in [
        (ymd(2015, 7, 3), "Independence Day (observed)"),
        (ymd(2021, 12, 24), "Christmas Day (observed)"),
        (
            ymd(2027, 6, 18),
            "Juneteenth National Independence Day (observed)",
        ),
    ] {
        assert_eq!(
            Calendar::Nyse.closure_reason(date).unwrap().as_deref(),
            Some(name)
        );
        assert!(Calendar::UsBanks.is_business_day(date).unwrap(), "{date}");
    }
}

#[test]
fn add_business_days_skips_holidays() {
    let cases = [
        (Calendar::Nyse, ymd(2002, 11, 22), 5, ymd(2002, 12, 2)),
        (Calendar::Nyse, ymd(2003, 2, 3), 10, ymd(2003, 2, 18)),
        (Calendar::UsBanks, ymd(2004, 6, 7), 5, ymd(2004, 6, 14)),
        (Calendar::Nyse, ymd(2004, 6, 7), 5, ymd(2004, 6, 15)),
        (Calendar::Nyse, ymd(2001, 9, 10), 1, ymd(2001, 9, 17)),
        (
            Calendar::WeekendsOnly,
            ymd(2002, 11, 22),
            5,
            ymd(2002, 11, 29),
        ),
        // Starting on a holiday counts from the holiday.
        (Calendar::Nyse, ymd(2002, 11, 28), 1, ymd(2002, 11, 29)),
        // n == 0 is the date itself, business day or not.
        (Calendar::Nyse, ymd(2002, 11, 28), 0, ymd(2002, 11, 28)),
        // Negative n walks backwards.
        (Calendar::Nyse, ymd(2002, 12, 2), -5, ymd(2002, 11, 22)),
        (Calendar::Nyse, ymd(2003, 2, 18), -1, ymd(2003, 2, 14)),
        (Calendar::UsFederal, ymd(2022, 1, 3), -1, ymd(2021, 12, 30)),
        (Calendar::Nyse, ymd(2022, 1, 3), -1, ymd(2021, 12, 31)),
        (Calendar::Nyse, ymd(2012, 10, 31), -1, ymd(2012, 10, 26)),
    ];
    for (calendar, start, n, want) in cases {
        assert_eq!(
            calendar.add_business_days(start, n).unwrap(),
            want,
            "{} {start} {n:+}",
            calendar.name()
        );
    }
}

#[test]
fn rolls() {
    use Roll::*;
    let nyse = Calendar::Nyse;
    let banks = Calendar::UsBanks;
    let cases = [
        // A business day never moves.
        (&nyse, ymd(2015, 7, 2), ModifiedFollowing, ymd(2015, 7, 2)),
        (&nyse, ymd(2015, 7, 2), Preceding, ymd(2015, 7, 2)),
        // Saturday 4 July 2015 with Friday 3 July closed.
        (&nyse, ymd(2015, 7, 4), Following, ymd(2015, 7, 6)),
        (&nyse, ymd(2015, 7, 4), Preceding, ymd(2015, 7, 2)),
        (&nyse, ymd(2015, 7, 4), ModifiedFollowing, ymd(2015, 7, 6)),
        (&banks, ymd(2015, 7, 4), Preceding, ymd(2015, 7, 3)),
        // Month ends: following would leave the month, so preceding.
        (&banks, ymd(2021, 7, 31), Following, ymd(2021, 8, 2)),
        (
            &banks,
            ymd(2021, 7, 31),
            ModifiedFollowing,
            ymd(2021, 7, 30),
        ),
        (&nyse, ymd(2004, 5, 31), ModifiedFollowing, ymd(2004, 5, 28)),
        (&nyse, ymd(2004, 5, 31), Following, ymd(2004, 6, 1)),
        // Sandy: two closed days mid-week.
        (&nyse, ymd(2012, 10, 29), Following, ymd(2012, 10, 31)),
        (&nyse, ymd(2012, 10, 29), Preceding, ymd(2012, 10, 26)),
        // Year end: Saturday 2022-01-01 was no holiday for the NYSE.
        (&nyse, ymd(2022, 1, 1), ModifiedFollowing, ymd(2022, 1, 3)),
        (
            &nyse,
            ymd(2023, 12, 31),
            ModifiedFollowing,
            ymd(2023, 12, 29),
        ),
    ];
    for (calendar, date, roll, want) in cases {
        assert_eq!(
            calendar.roll(date, roll).unwrap(),
            want,
            "{} {date} {roll:?}",
            calendar.name()
        );
    }
    // Following would run off the end of 2100, which leaves the month too.
    assert_eq!(
        Calendar::UsFederal
            .roll(ymd(2100, 12, 31), ModifiedFollowing)
            .unwrap(),
        ymd(2100, 12, 30)
    );
}

#[test]
fn all_open_needs_every_part_open() {
    let both = Calendar::AllOpen {
        name: "ny-banks-and-nyse".to_string(),
        parts: vec![Calendar::UsBanks, Calendar::Nyse],
    };
    assert_eq!(both.name(), "ny-banks-and-nyse");
    let closed = [
        (ymd(2024, 3, 29), "Good Friday"),
        (ymd(2024, 10, 14), "Columbus Day"),
        (ymd(2024, 11, 11), "Veterans Day"),
        (ymd(2024, 12, 25), "Christmas Day"),
        (ymd(2021, 12, 24), "Christmas Day (observed)"),
    ];
    for (date, reason) in closed {
        assert!(!both.is_business_day(date).unwrap(), "{date}");
        assert_eq!(both.closure_reason(date).unwrap().as_deref(), Some(reason));
    }
    assert!(both.is_business_day(ymd(2021, 12, 31)).unwrap());
    assert_eq!(
        both.add_business_days(ymd(2024, 10, 11), 1).unwrap(),
        ymd(2024, 10, 15)
    );
    let year: Vec<NaiveDate> = both
        .closures_between(ymd(2024, 1, 1), ymd(2024, 12, 31))
        .unwrap()
        .into_iter()
        .map(|c| c.date)
        .collect();
    let mut union: Vec<NaiveDate> = [Calendar::UsBanks, Calendar::Nyse]
        .iter()
        .flat_map(|c| {
            c.closures_between(ymd(2024, 1, 1), ymd(2024, 12, 31))
                .unwrap()
        })
        .map(|c| c.date)
        .collect();
    union.sort();
    union.dedup();
    assert_eq!(year, union);
    assert_eq!(year.len(), 12);
    // Differing reasons are all shown.
    let odd = Calendar::AllOpen {
        name: "odd".to_string(),
        parts: vec![
            Calendar::Nyse,
            Calendar::WithClosures {
                name: "x".to_string(),
                base: Box::new(Calendar::WeekendsOnly),
                extra: vec![Closure {
                    date: ymd(2024, 3, 29),
                    name: "audit".to_string(),
                }],
            },
        ],
    };
    assert_eq!(
        odd.closure_reason(ymd(2024, 3, 29)).unwrap().as_deref(),
        Some("Good Friday; audit")
    );
}

#[test]
fn with_closures_adds_dates_to_its_base() {
    let picnic = Calendar::WithClosures {
        name: "acme".to_string(),
        base: Box::new(Calendar::Nyse),
        extra: vec![
            Closure {
                date: ymd(2024, 7, 5),
                name: "company picnic".to_string(),
            },
            Closure {
                date: ymd(2024, 7, 4),
                name: "duplicate of a holiday".to_string(),
            },
            Closure {
                date: ymd(2024, 7, 6),
                name: "a Saturday anyway".to_string(),
            },
        ],
    };
    assert_eq!(picnic.name(), "acme");
    assert!(!picnic.is_business_day(ymd(2024, 7, 5)).unwrap());
    assert_eq!(
        picnic.add_business_days(ymd(2024, 7, 3), 1).unwrap(),
        ymd(2024, 7, 8)
    );
    assert_eq!(
        picnic.closure_reason(ymd(2024, 7, 4)).unwrap().as_deref(),
        Some("Independence Day")
    );
    assert_eq!(
        picnic.closure_reason(ymd(2024, 7, 6)).unwrap().as_deref(),
        Some("Saturday")
    );
    let july = picnic
        .closures_between(ymd(2024, 7, 1), ymd(2024, 7, 31))
        .unwrap();
    assert_eq!(
        july,
        vec![
            Closure {
                date: ymd(2024, 7, 4),
                name: "Independence Day".to_string()
            },
            Closure {
                date: ymd(2024, 7, 5),
                name: "company picnic".to_string()
            },
        ]
    );
}

#[test]
fn closure_reasons() {
    let nyse = Calendar::Nyse;
    let reason = |c: &Calendar, d| c.closure_reason(d).unwrap();
    assert_eq!(reason(&nyse, ymd(2024, 7, 6)).as_deref(), Some("Saturday"));
    assert_eq!(reason(&nyse, ymd(2024, 7, 7)).as_deref(), Some("Sunday"));
    // A weekend holiday is reported as the weekend; its weekday stand-in
    // carries the name.
    assert_eq!(reason(&nyse, ymd(2015, 7, 4)).as_deref(), Some("Saturday"));
    assert_eq!(reason(&nyse, ymd(2024, 7, 5)), None);
    assert_eq!(
        reason(&nyse, ymd(2004, 6, 11)).as_deref(),
        Some("closed: funeral of President Ronald Reagan")
    );
    assert_eq!(
        reason(&Calendar::UsFederal, ymd(2021, 6, 18)).as_deref(),
        Some("Juneteenth National Independence Day (observed)")
    );
    assert_eq!(reason(&Calendar::UsBanks, ymd(2021, 6, 18)), None);
    assert_eq!(reason(&Calendar::UsFederal, ymd(2004, 6, 11)), None);
    assert_eq!(reason(&Calendar::WeekendsOnly, ymd(2024, 12, 25)), None);
}

#[test]
fn out_of_range_is_an_error_not_a_loop() {
    let too_early = ymd(1989, 12, 31);
    let too_late = ymd(2101, 1, 1);
    for calendar in [Calendar::Nyse, Calendar::UsFederal, Calendar::WeekendsOnly] {
        for date in [too_early, too_late] {
            let err = CalendarError::OutOfRange { date };
            assert_eq!(calendar.is_business_day(date), Err(err.clone()));
            assert_eq!(calendar.closure_reason(date), Err(err.clone()));
            assert_eq!(calendar.add_business_days(date, 0), Err(err.clone()));
            assert_eq!(calendar.roll(date, Roll::Following), Err(err.clone()));
            assert_eq!(calendar.closures_between(date, date), Err(err.clone()));
        }
    }
    let walked_off = Err(CalendarError::OutOfRange { date: too_late });
    assert_eq!(
        Calendar::UsFederal.add_business_days(ymd(2100, 12, 30), 1),
        walked_off
    );
    assert_eq!(
        Calendar::Nyse.add_business_days(ymd(2100, 12, 30), 1),
        Ok(ymd(2100, 12, 31))
    );
    assert_eq!(
        Calendar::Nyse.add_business_days(ymd(1990, 1, 3), -2),
        Err(CalendarError::OutOfRange { date: too_early })
    );
    assert_eq!(
        Calendar::Nyse.roll(ymd(1990, 1, 1), Roll::Preceding),
        Err(CalendarError::OutOfRange { date: too_early })
    );
    assert_eq!(
        Calendar::Nyse.add_business_days(ymd(2000, 1, 3), i64::MAX),
        walked_off
    );
    assert!(Calendar::Nyse
        .add_business_days(ymd(2000, 1, 3), i64::MIN)
        .is_err());
    // A calendar never open again must still terminate.
    let shut = Calendar::WithClosures {
        name: "shut".to_string(),
        base: Box::new(Calendar::WeekendsOnly),
        extra: ymd(2100, 11, 1)
            .iter_days()
            .take_while(|d| d.year() == 2100)
            .map(|date| Closure {
                date,
                name: "shut".to_string(),
            })
            .collect(),
    };
    assert_eq!(shut.add_business_days(ymd(2100, 11, 1), 1), walked_off);
    assert_eq!(shut.roll(ymd(2100, 11, 1), Roll::Following), walked_off);
    assert_eq!(
        CalendarError::OutOfRange { date: too_late }.to_string(),
        "`2101-01-01` is outside the calendars' range 1990–2100"
    );
}

#[test]
fn builtin_names_round_trip() {
    for name in Calendar::BUILTIN_NAMES {
        assert_eq!(Calendar::builtin(name).unwrap().name(), *name);
    }
    assert_eq!(Calendar::builtin("NYSE"), None);
    assert_eq!(Calendar::builtin("target"), None);
}

#[test]
fn easter_and_good_friday_beyond_the_typed_lists() {
    // Known Western Easter dates outside 1990–2035 (the NYSE list's Good
    // Fridays cover those years).
    for (year, month, day) in [
        (2036, 4, 13),
        (2037, 4, 5),
        (2038, 4, 25),
        (2039, 4, 10),
        (2040, 4, 1),
        (2049, 4, 18),
        (2050, 4, 10),
        (2057, 4, 22),
        (2100, 3, 28),
    ] {
        let easter = ymd(year, month, day);
        assert_eq!(rules::easter_sunday(year), Some(easter));
        let good_friday = easter - chrono::Days::new(2);
        assert_eq!(
            Calendar::Nyse
                .closure_reason(good_friday)
                .unwrap()
                .as_deref(),
            Some("Good Friday")
        );
    }
}

#[test]
fn whole_range_is_consistent() {
    let builtins = [
        Calendar::Nyse,
        Calendar::UsFederal,
        Calendar::UsBanks,
        Calendar::WeekendsOnly,
    ];
    for calendar in &builtins {
        let all = calendar
            .closures_between(ymd(FIRST_YEAR, 1, 1), ymd(LAST_YEAR, 12, 31))
            .unwrap();
        let mut next = all.iter().peekable();
        for date in ymd(FIRST_YEAR, 1, 1)
            .iter_days()
            .take_while(|d| d.year() <= LAST_YEAR)
        {
            let listed = next.peek().is_some_and(|c| c.date == date);
            if listed {
                next.next();
            }
            let weekend = weekend_name(date).is_some();
            assert_eq!(
                calendar.is_business_day(date).unwrap(),
                !weekend && !listed,
                "{} {date}",
                calendar.name()
            );
        }
        assert!(next.next().is_none());
        // Every year from 2036 on has the full set of rule-based holidays,
        // less one in years whose Saturday New Year's Day is not made up.
        for year in 2036..=LAST_YEAR {
            let count = all.iter().filter(|c| c.date.year() == year).count();
            let (low, high) = match calendar {
                Calendar::Nyse => (9, 10),
                Calendar::UsFederal => (10, 12),
                Calendar::UsBanks => (8, 11),
                _ => (0, 0),
            };
            assert!(
                (low..=high).contains(&count),
                "{} {year}: {count}",
                calendar.name()
            );
        }
    }
    // Forward then back lands where it started, from any business day.
    let nyse = Calendar::Nyse;
    let mut date = ymd(1990, 1, 2);
    while date.year() < 2099 {
        for n in [1, 3, 10, 250] {
            let there = nyse.add_business_days(date, n).unwrap();
            assert_eq!(
                nyse.add_business_days(there, -n).unwrap(),
                date,
                "{date} {n}"
            );
        }
        date = nyse.add_business_days(date, 37).unwrap();
    }
}

#[test]
fn unscheduled_closure_table_is_well_formed() {
    let mut previous = None;
    for row in closures::NYSE_UNSCHEDULED {
        let date = ymd(row.year, row.month, row.day);
        assert!(previous < Some(date), "{date} out of order");
        previous = Some(date);
        assert!(weekend_name(date).is_none(), "{date} is a weekend");
        assert_eq!(
            Calendar::Nyse.closure_reason(date).unwrap().as_deref(),
            Some(row.name)
        );
        // Exchange closures are not federal or Fed holidays.
        assert!(Calendar::UsBanks.is_business_day(date).unwrap(), "{date}");
    }
    assert_eq!(
        Calendar::Nyse
            .closures_between(ymd(2001, 9, 30), ymd(2001, 9, 1))
            .unwrap(),
        Vec::new()
    );
}

/// The day-by-day walk the index replaces for long shifts, as the reference.
fn walk(calendar: &Calendar, date: NaiveDate, n: i64) -> Result<NaiveDate, CalendarError> {
    let mut current = date;
    let mut left = n.unsigned_abs();
    while left > 0 {
        current = super::step(current, n > 0)?;
        if calendar.is_business_day(current)? {
            left -= 1;
        }
    }
    Ok(current)
}

#[test]
fn the_index_agrees_with_walking_day_by_day() {
    let custom = Calendar::WithClosures {
        name: "picnic".to_string(),
        base: Box::new(Calendar::UsBanks),
        extra: vec![Closure {
            date: ymd(2004, 7, 2),
            name: "Picnic".to_string(),
        }],
    };
    let both = Calendar::AllOpen {
        name: "both".to_string(),
        parts: vec![Calendar::Nyse, Calendar::UsBanks],
    };
    let calendars = [Calendar::Nyse, Calendar::UsFederal, custom, both];
    let dates = [
        ymd(1990, 1, 1),
        ymd(1990, 1, 6),
        ymd(2001, 9, 10),
        ymd(2004, 6, 30),
        ymd(2004, 7, 3),
        ymd(2004, 12, 24),
        ymd(2100, 12, 25),
        ymd(2100, 12, 31),
    ];
    for calendar in &calendars {
        let index = super::index::index_of(calendar);
        for &date in &dates {
            for n in [
                -400, -65, -17, -16, -3, -1, 0, 1, 2, 5, 16, 17, 65, 250, 3000,
            ] {
                assert_eq!(
                    index.shift(date, n),
                    walk(calendar, date, n),
                    "{} {date} {n:+}",
                    calendar.name()
                );
                assert_eq!(
                    calendar.add_business_days(date, n),
                    walk(calendar, date, n),
                    "{} {date} {n:+}",
                    calendar.name()
                );
            }
            for &other in &dates {
                let (low, high) = (date.min(other), date.max(other));
                let walked = low
                    .iter_days()
                    .skip(1)
                    .take_while(|d| *d <= high)
                    .filter(|d| calendar.is_business_day(*d) == Ok(true))
                    .count();
                assert_eq!(index.between(low, high), Ok(walked as i64));
                let sign = if other >= date { 1 } else { -1 };
                assert_eq!(
                    calendar.business_days_between(date, other),
                    Ok(sign * walked as i64)
                );
            }
        }
    }
}
