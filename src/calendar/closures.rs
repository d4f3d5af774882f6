//! Unscheduled full-day closures of the New York Stock Exchange since 1990:
//! days the exchange was shut by events rather than by its holiday rules.
//!
//! Source: NYSE Group, "Historical Closings of the NYSE Market" (the NYSE
//! holidays & trading hours page's historical list), cross-checked against
//! the contemporaneous press. Only full-day closures are listed: early closes
//! and delayed openings (e.g. the 1996-01-08 blizzard, which delayed the
//! open) leave the day a business day, so they do not belong here. Between
//! 1990 and 1994-04-27 there were none.
//!
//! When the exchange closes unexpectedly again, add a row here; nothing else
//! needs to change.

/// One unscheduled closure. Kept as plain numbers so the table is a `const`
/// and an invalid row shows up in a test rather than at run time.
pub(super) struct Unscheduled {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub name: &'static str,
}

const fn row(year: i32, month: u32, day: u32, name: &'static str) -> Unscheduled {
    Unscheduled {
        year,
        month,
        day,
        name,
    }
}

/// In date order.
pub(super) const NYSE_UNSCHEDULED: &[Unscheduled] = &[
    row(1994, 4, 27, "closed: funeral of President Richard Nixon"),
    row(2001, 9, 11, "closed: September 11 attacks"),
    row(2001, 9, 12, "closed: September 11 attacks"),
    row(2001, 9, 13, "closed: September 11 attacks"),
    row(2001, 9, 14, "closed: September 11 attacks"),
    row(2004, 6, 11, "closed: funeral of President Ronald Reagan"),
    row(
        2007,
        1,
        2,
        "closed: national day of mourning for President Gerald Ford",
    ),
    row(2012, 10, 29, "closed: Hurricane Sandy"),
    row(2012, 10, 30, "closed: Hurricane Sandy"),
    row(
        2018,
        12,
        5,
        "closed: national day of mourning for President George H. W. Bush",
    ),
    row(
        2025,
        1,
        9,
        "closed: national day of mourning for President Jimmy Carter",
    ),
];
