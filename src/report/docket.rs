//! The docket: every deadline and key date of a contract, with the clause and
//! the calendar behind it — the defined dates of the clause file, and, when a
//! scenario is run, each obligation's deadline and each rule that acted at a
//! time. Plain data here; text, CSV, iCalendar and JSON forms below it.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::program::{ClauseId, Program};
use crate::syntax::ast::ObligationStatus;
use crate::types::Type;
use crate::value::{Moment, Value};

use super::{obligation_label, Entry};

/// When a docket item falls: a whole day (a deadline runs to its end), or a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Day(NaiveDate),
    At(Moment),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocketItem {
    pub when: When,
    /// What falls due or happens, in words.
    pub what: String,
    /// The section that set it, if one did (defined terms belong to none).
    pub clause: Option<ClauseId>,
    /// How the date was computed: the calendar, a roll, or "defined term".
    pub basis: String,
}

impl When {
    fn sort_key(&self, program: &Program) -> (NaiveDate, String) {
        match self {
            When::Day(date) => (*date, "24:00".to_string()),
            When::At(at) => (
                at.date_in(program.zone),
                at.local_in(program.zone)
                    .time()
                    .format("%H:%M:%S")
                    .to_string(),
            ),
        }
    }

    /// `2005-01-03 (end of day)` or `2004-12-27 17:00 EST`.
    pub fn display(&self, program: &Program) -> String {
        match self {
            When::Day(date) => format!("{date} (end of day)"),
            When::At(at) => at.display_in(program.zone),
        }
    }
}

/// The docket of a program, and of the run whose entries are given.
pub fn docket(program: &Program, entries: &[Entry]) -> Vec<DocketItem> {
    let mut items = Vec::new();
    let mut terms: Vec<(&str, Value)> = program
        .scope
        .defines()
        .filter(|(_, _, ty)| matches!(ty, Type::Date | Type::Instant))
        .map(|(name, value, _)| (name, value))
        .collect();
    terms.sort_by(|a, b| a.0.cmp(b.0));
    for (name, value) in terms {
        let when = match value {
            Value::Date(date) => When::Day(date),
            Value::Instant(at) => When::At(at),
            _ => continue,
        };
        items.push(DocketItem {
            when,
            what: name.to_string(),
            clause: None,
            basis: "defined term".to_string(),
        });
    }
    for entry in entries {
        let Entry::Event(event) = entry else {
            continue;
        };
        if let Some((clause, label)) = &event.timer {
            items.push(DocketItem {
                when: When::At(event.time),
                what: format!("acts: {label}"),
                clause: Some(*clause),
                basis: "a rule that acts at a time".to_string(),
            });
        }
        for note in &event.obligations {
            // The moment it arose; a later performance is not a new deadline.
            if !matches!(
                note.status,
                ObligationStatus::Open | ObligationStatus::Breached
            ) && note.early.is_none()
            {
                continue;
            }
            let Some(obligation) = program.obligations.get(note.obligation) else {
                continue;
            };
            let party = program
                .parties
                .get(obligation.party)
                .map_or("", |p| p.name.as_str());
            let basis = match note.rolled_from {
                Some((from, _)) => format!(
                    "{} calendar; rolled from {from}, a closed day",
                    program.calendar.name()
                ),
                None => format!("{} calendar", program.calendar.name()),
            };
            items.push(DocketItem {
                when: When::Day(note.deadline),
                what: format!(
                    "{party} must {} (`{}`)",
                    obligation.duty,
                    obligation_label(program, note.obligation, note.owner)
                ),
                clause: Some(note.clause),
                basis,
            });
        }
    }
    items.sort_by_key(|item| item.when.sort_key(program));
    items
}

fn section(program: &Program, clause: Option<ClauseId>) -> String {
    clause.map_or_else(String::new, |c| format!("§{}", program.clause_number(c)))
}

/// A table for reading.
pub fn docket_text(program: &Program, items: &[DocketItem]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "docket: {} ({})", program.title, program.source.name());
    let _ = writeln!(out, "local time: {}", program.zone.name());
    for item in items {
        let _ = writeln!(
            out,
            "{:<28}  {:<8}  {}  [{}]",
            item.when.display(program),
            section(program, item.clause),
            item.what,
            item.basis
        );
    }
    let _ = writeln!(
        out,
        "{} date{}",
        items.len(),
        if items.len() == 1 { "" } else { "s" }
    );
    out
}

/// `date,time,zone,section,what,basis` rows, with a heading row.
pub fn docket_csv(program: &Program, items: &[DocketItem]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["date", "time", "zone", "section", "what", "basis"])?;
    for item in items {
        let (date, time) = match item.when {
            When::Day(date) => (date.to_string(), "end of day".to_string()),
            When::At(at) => {
                let local = at.local_in(program.zone);
                (
                    local.date().to_string(),
                    local.time().format("%H:%M:%S").to_string(),
                )
            }
        };
        writer.write_record([
            date.as_str(),
            time.as_str(),
            program.zone.name(),
            section(program, item.clause).as_str(),
            item.what.as_str(),
            item.basis.as_str(),
        ])?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// An iCalendar file (RFC 5545) of one event per item, in the contract's
/// zone, with the clause's text in its description. Identifiers and the
/// stamp are derived from the contract, so the file is the same on every run.
pub fn docket_ics(program: &Program, items: &[DocketItem]) -> String {
    use icalendar::{Calendar, CalendarDateTime, Component, EventLike};
    let stamp = program
        .dated
        .unwrap_or_default()
        .and_time(chrono::NaiveTime::MIN)
        .and_utc();
    let slug: String = program
        .title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let mut calendar = Calendar::new();
    calendar.name(&format!("{} — docket", program.title));
    calendar.timezone(program.zone.name());
    for (index, item) in items.iter().enumerate() {
        let mut event = icalendar::Event::new();
        event.uid(&format!("{index}-{slug}@pactum"));
        event.timestamp(stamp);
        event.summary(format!("{} {}", section(program, item.clause), item.what).trim());
        let clause_text = item
            .clause
            .and_then(|c| program.clauses.get(c))
            .map_or_else(String::new, |c| {
                format!(
                    "\n\n§{} {}: {}",
                    c.number,
                    c.heading,
                    c.text
                        .as_deref()
                        .unwrap_or("")
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            });
        event.description(&format!("{} ({}).{clause_text}", item.what, item.basis));
        match item.when {
            // An all-day event ends (exclusively) on the next day.
            When::Day(date) => {
                event.starts(date);
                event.ends(date.succ_opt().unwrap_or(date));
            }
            When::At(at) => {
                event.starts(CalendarDateTime::WithTimezone {
                    date_time: at.local_in(program.zone),
                    tzid: program.zone.name().to_string(),
                });
            }
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}
