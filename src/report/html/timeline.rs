//! The run's timeline as inline SVG: event marks (and deemed receipts joined
//! to them), one bar per obligation from the day it arose to its deadline,
//! coloured by how it ended, the calendar's closed days shaded, and a date
//! axis. Coordinates are whole numbers worked out from minutes since the
//! first day, so the drawing is exact and the same on every machine; the
//! `viewBox` lets it scale to the page's width.

use std::fmt::Write as _;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

use crate::program::Program;
use crate::report::text::{breach_words, decision_words, deemed_words, event_title};
use crate::report::tracked::Tracked;
use crate::report::{obligation_label, Entry};

use super::escape;

/// Width of the drawing in SVG units; the page scales it.
const WIDTH: i64 = 1000;
/// Margin either side of the plotted span.
const MARGIN: i64 = 16;
const PLOT: i64 = WIDTH - 2 * MARGIN;
const AXIS_Y: i64 = 34;
/// Event marks are staggered over this many lanes so that marks on the
/// same or nearby days do not hide each other.
const EVENT_LANES: i64 = 3;
const LANE_HEIGHT: i64 = 24;
const FIRST_LANE_Y: i64 = AXIS_Y + 18;
const OBLIGATIONS_Y: i64 = FIRST_LANE_Y + EVENT_LANES * LANE_HEIGHT + 8;
const ROW_HEIGHT: i64 = 30;
const MINUTES_A_DAY: i64 = 24 * 60;

/// The days the drawing spans, and where a moment falls on it.
struct Scale {
    start: NaiveDate,
    /// Minutes from the start of `start` to the end of the last day.
    minutes: i64,
}

impl Scale {
    fn x_of_local(&self, local: NaiveDateTime) -> i64 {
        let since = local - self.start.and_time(chrono::NaiveTime::MIN);
        MARGIN + since.num_minutes().clamp(0, self.minutes) * PLOT / self.minutes
    }

    /// The start of a day.
    fn x_of(&self, date: NaiveDate) -> i64 {
        self.x_of_local(date.and_time(chrono::NaiveTime::MIN))
    }

    /// The end of a day (where a deadline falls).
    fn x_after(&self, date: NaiveDate) -> i64 {
        self.x_of(date + Duration::days(1))
    }
}

/// The inline `<svg>` of the run.
pub fn timeline_svg(program: &Program, entries: &[Entry], tracked: &[Tracked]) -> String {
    let scale = scale_of(program, entries, tracked);
    let rows = i64::try_from(tracked.len()).unwrap_or(0);
    let height = OBLIGATIONS_Y + rows * ROW_HEIGHT + 8;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" role=\"img\" aria-label=\"Timeline of the run\">"
    );
    let last = scale.start + Duration::days(scale.minutes / MINUTES_A_DAY - 1);
    // The ticks name days without their year; the span says it once.
    let _ = writeln!(
        svg,
        "<text class=\"span\" x=\"{MARGIN}\" y=\"11\">{} to {} ({})</text>",
        scale.start,
        last,
        escape(program.zone.name())
    );
    svg.push_str(&closures(program, &scale, height));
    svg.push_str(&axis(&scale, height));
    svg.push_str(&event_marks(program, entries, &scale));
    svg.push_str(&obligation_bars(program, tracked, &scale));
    svg.push_str("</svg>\n");
    svg
}

fn scale_of(program: &Program, entries: &[Entry], tracked: &[Tracked]) -> Scale {
    let mut days: Vec<NaiveDate> = Vec::new();
    for entry in entries {
        match entry {
            Entry::Event(event) => {
                days.push(event.time.date_in(program.zone));
                if let Some(deemed) = &event.deemed {
                    days.push(deemed.at.date_in(program.zone));
                }
            }
            Entry::DeadlinePassed(passed) => days.push(passed.deadline),
        }
    }
    for obligation in tracked {
        days.push(obligation.arose);
        days.push(obligation.deadline);
    }
    let start = days.iter().min().copied().unwrap_or_default();
    let last = days.iter().max().copied().unwrap_or(start);
    let minutes = ((last - start).num_days() + 1).max(1) * MINUTES_A_DAY;
    Scale { start, minutes }
}

/// The business-day calendar's closed days (not weekends) within the span, shaded.
fn closures(program: &Program, scale: &Scale, height: i64) -> String {
    let mut out = String::new();
    let last = scale.start + Duration::days(scale.minutes / MINUTES_A_DAY - 1);
    let Ok(closed) = program.calendar.closures_between(scale.start, last) else {
        return out;
    };
    for closure in closed {
        let x = scale.x_of(closure.date);
        let width = (scale.x_after(closure.date) - x).max(2);
        let _ = writeln!(
            out,
            "<g class=\"closure\" data-date=\"{}\"><title>{} closed: {}</title>\
             <rect x=\"{x}\" y=\"{AXIS_Y}\" width=\"{width}\" height=\"{}\"/></g>",
            closure.date,
            closure.date,
            escape(&closure.name),
            height - AXIS_Y - 4
        );
    }
    out
}

/// The axis line and its ticks: days, weeks, months, quarters or years,
/// whichever keeps the labels apart.
fn axis(scale: &Scale, height: i64) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{MARGIN}\" y1=\"{AXIS_Y}\" x2=\"{}\" y2=\"{AXIS_Y}\"/>",
        WIDTH - MARGIN
    );
    let days = scale.minutes / MINUTES_A_DAY;
    let last = scale.start + Duration::days(days);
    for (date, label) in ticks(scale.start, last, days) {
        let x = scale.x_of(date);
        let _ = writeln!(
            out,
            "<g class=\"tick\"><line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>\
             <text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{label}</text></g>",
            AXIS_Y - 4,
            height - 4,
            AXIS_Y - 10
        );
    }
    out
}

fn ticks(start: NaiveDate, last: NaiveDate, days: i64) -> Vec<(NaiveDate, String)> {
    let every_days = |step: i64| -> Vec<(NaiveDate, String)> {
        (0..=days / step)
            .map(|n| start + Duration::days(n * step))
            .map(|date| (date, date.format("%b %-d").to_string()))
            .collect()
    };
    let month_starts = |months: u32, format: &str| -> Vec<(NaiveDate, String)> {
        let mut out = Vec::new();
        let mut year = start.year();
        let mut month = start.month();
        while let Some(date) = NaiveDate::from_ymd_opt(year, month, 1) {
            if date > last {
                break;
            }
            if date >= start && (month - 1).is_multiple_of(months) {
                out.push((date, date.format(format).to_string()));
            }
            month += 1;
            if month > 12 {
                month = 1;
                year += 1;
            }
        }
        out
    };
    match days {
        0..=16 => every_days(1),
        17..=112 => every_days(7),
        113..=400 => month_starts(1, "%b %Y"),
        401..=1200 => month_starts(3, "%b %Y"),
        _ => {
            // Years, at most about a dozen labels.
            let step = (days / 365 / 12 + 1).max(1);
            month_starts(12, "%Y")
                .into_iter()
                .filter(|(date, _)| i64::from(date.year() - start.year()) % step == 0)
                .collect()
        }
    }
}

/// One mark per event entry, a deemed receipt as its own mark joined to its
/// event, and a cross where a deadline passed unperformed.
fn event_marks(program: &Program, entries: &[Entry], scale: &Scale) -> String {
    let mut out = String::new();
    let mut lane = 0;
    for entry in entries {
        match entry {
            Entry::Event(event) => {
                let x = scale.x_of_local(event.time.local_in(program.zone));
                let y = FIRST_LANE_Y + lane * LANE_HEIGHT;
                lane = (lane + 1) % EVENT_LANES;
                let decision = decision_words(program, event).unwrap_or_default();
                let outcome = match &event.outcome {
                    crate::report::Outcome::Accepted { .. } => "accepted",
                    crate::report::Outcome::Refused { .. } => "refused",
                    crate::report::Outcome::Noted => "noted",
                };
                let _ = writeln!(
                    out,
                    "<g class=\"event-mark outcome-{outcome}\" data-line=\"{}\"><title>{}: {}{}{}</title>\
                     <circle cx=\"{x}\" cy=\"{y}\" r=\"5\"/></g>",
                    event.line,
                    escape(&event.time.display_in(program.zone)),
                    escape(&event_title(program, event)),
                    if decision.is_empty() { "" } else { " — " },
                    escape(&decision)
                );
                if let Some(deemed) = &event.deemed {
                    let deemed_x = scale.x_of_local(deemed.at.local_in(program.zone));
                    // Shifted down (and right, when on the same spot) so it
                    // never hides the event's own mark.
                    let dx = if deemed_x == x {
                        deemed_x + 7
                    } else {
                        deemed_x
                    };
                    let dy = y + 10;
                    let _ = writeln!(
                        out,
                        "<g class=\"deemed-mark\" data-line=\"{}\"><title>{}</title>\
                         <line x1=\"{x}\" y1=\"{y}\" x2=\"{dx}\" y2=\"{dy}\"/>\
                         <polygon points=\"{dx},{} {},{dy} {dx},{} {},{dy}\"/></g>",
                        event.line,
                        escape(&deemed_words(program, deemed)),
                        dy - 5,
                        dx + 5,
                        dy + 5,
                        dx - 5
                    );
                }
            }
            Entry::DeadlinePassed(passed) => {
                let x = scale.x_after(passed.deadline);
                let y = FIRST_LANE_Y + (EVENT_LANES - 1) * LANE_HEIGHT;
                let _ = writeln!(
                    out,
                    "<g class=\"deadline-mark\" data-obligation=\"{}\"><title>{}</title>\
                     <path d=\"M{} {} L{} {} M{} {} L{} {}\"/></g>",
                    escape(&obligation_label(program, passed.obligation, passed.owner)),
                    escape(&breach_words(program, passed).unwrap_or_default()),
                    x - 4,
                    y - 4,
                    x + 4,
                    y + 4,
                    x - 4,
                    y + 4,
                    x + 4,
                    y - 4
                );
            }
        }
    }
    out
}

/// One bar per obligation instance from the day it arose to the end of its
/// deadline day, labelled above.
fn obligation_bars(program: &Program, tracked: &[Tracked], scale: &Scale) -> String {
    let mut out = String::new();
    for (row, obligation) in (0_i64..).zip(tracked) {
        let y = OBLIGATIONS_Y + row * ROW_HEIGHT;
        // An obligation that arose after its own deadline is drawn as a
        // sliver ending at its deadline.
        let end = scale.x_after(obligation.deadline);
        let start = scale.x_of(obligation.arose).min(end - 3);
        let label = obligation_label(program, obligation.obligation, obligation.owner);
        let status = obligation.status_word();
        let words = format!(
            "{} `{label}` ({status}): arose {}, deadline {}",
            program.clause_label(obligation.clause),
            obligation.arose,
            obligation.deadline
        );
        // Labels near the right edge end at the bar's end instead.
        let (text_x, anchor) = if start > WIDTH * 3 / 5 {
            (end, "end")
        } else {
            (start, "start")
        };
        let _ = writeln!(
            out,
            "<g class=\"obligation-bar status-{status}\" data-obligation=\"{}\" data-deadline=\"{}\">\
             <title>{}</title><text x=\"{text_x}\" y=\"{}\" text-anchor=\"{anchor}\">{} ({status}, by {})</text>\
             <rect x=\"{start}\" y=\"{}\" width=\"{}\" height=\"10\" rx=\"2\"/></g>",
            escape(&label),
            obligation.deadline,
            escape(&words),
            y + 10,
            escape(&label),
            obligation.deadline,
            y + 14,
            end - start
        );
    }
    out
}
