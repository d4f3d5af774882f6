//! The progress line of a long `pactum run` over a JSON Lines stream:
//! `events: 1,234,567  (345,678 events/s)`, rewritten in place on standard
//! error. This module only counts and formats; the caller passes the time
//! in (an [`Instant`] it read), so that tests need no sleeping, and decides
//! where the text goes.
//!
//! Nothing is shown before the run has taken [`DELAY`] (a short stream
//! never flickers a line), then at most once every [`INTERVAL`]. The caller
//! reads the clock only every [`CHECK_EVERY`] events, so that counting costs
//! an increment and a comparison per event.

use std::time::{Duration, Instant};

/// How long a run goes before its progress is shown.
pub const DELAY: Duration = Duration::from_secs(1);

/// The shortest time between two rewrites of the line.
pub const INTERVAL: Duration = Duration::from_millis(250);

/// How many events go by between two readings of the clock.
pub const CHECK_EVERY: u64 = 256;

/// Whether to show progress at all: only on a terminal, never when asked to
/// be quiet, and never when the report goes to that same terminal (the line
/// would be written into the middle of the report).
pub fn wanted(quiet: bool, stderr_is_terminal: bool, stdout_is_same_terminal: bool) -> bool {
    !quiet && stderr_is_terminal && !stdout_is_same_terminal
}

/// The count of a run's events and what of it has been shown.
#[derive(Debug, Clone)]
pub struct Progress {
    start: Instant,
    count: u64,
    last_shown: Option<Instant>,
    /// The width of the line last written, to blank what a shorter line
    /// would leave of it.
    width: usize,
}

impl Progress {
    /// A run that started at `start`.
    pub fn new(start: Instant) -> Self {
        Self {
            start,
            count: 0,
            last_shown: None,
            width: 0,
        }
    }

    /// Counts one event. True when it is time to read the clock and call
    /// [`Progress::tick`].
    pub fn event(&mut self) -> bool {
        self.count = self.count.saturating_add(1);
        self.count.is_multiple_of(CHECK_EVERY)
    }

    /// How many events have been counted.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The text to write at `now`, if the line is due: a carriage return and
    /// the line, padded to cover the last one. None before [`DELAY`] and
    /// within [`INTERVAL`] of the last line.
    pub fn tick(&mut self, now: Instant) -> Option<String> {
        let elapsed = now.saturating_duration_since(self.start);
        if elapsed < DELAY {
            return None;
        }
        if let Some(last) = self.last_shown {
            if now.saturating_duration_since(last) < INTERVAL {
                return None;
            }
        }
        self.last_shown = Some(now);
        let line = line(self.count, elapsed);
        let width = line.chars().count();
        let padding = self.width.saturating_sub(width);
        // What is on the screen: the widest line so far (blanks included).
        self.width = self.width.max(width);
        Some(format!("\r{line}{}", " ".repeat(padding)))
    }

    /// The text that blanks the line at the end of the run, if one was
    /// shown: the cursor is left at the start of an empty line.
    pub fn clear(&mut self) -> Option<String> {
        if self.width == 0 {
            return None;
        }
        let text = format!("\r{}\r", " ".repeat(self.width));
        self.width = 0;
        Some(text)
    }
}

/// `events: 1,234,567  (345,678 events/s)`: `count` events in `elapsed`.
pub fn line(count: u64, elapsed: Duration) -> String {
    format!(
        "events: {}  ({} events/s)",
        thousands(count),
        thousands(rate(count, elapsed))
    )
}

/// Events a second, rounded down; in whole numbers, as everything in Pactum.
pub fn rate(count: u64, elapsed: Duration) -> u64 {
    let nanos = elapsed.as_nanos();
    if nanos == 0 {
        return 0;
    }
    let per_second = u128::from(count).saturating_mul(1_000_000_000) / nanos;
    u64::try_from(per_second).unwrap_or(u64::MAX)
}

/// `1234567` as `1,234,567`.
pub fn thousands(number: u64) -> String {
    let digits = number.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}
