//! The report in words, for a lawyer: one block per event, citing the clause
//! that decided each step. Output depends only on the program and the events,
//! never on the machine's zone or locale.

use std::fmt::Write as _;

use crate::program::{Program, Shown};
use crate::syntax::ast::ObligationStatus;
use crate::value::{
    display_percent, display_quantity, display_ratio, ClockChange, QuantityText, Value,
};

use super::{
    changed_label, obligation_label, refuser_label, Changed, DeadlineEntry, DeemedNote, Effect,
    Entry, EventEntry, ObligationNote, Outcome, Summary,
};

/// A value as a lawyer writes it.
pub fn display_value(program: &Program, value: &Value) -> String {
    match value {
        Value::Quantity(amount, unit) => display_quantity(amount, *unit),
        Value::Date(date) => date.to_string(),
        Value::Instant(at) => at.display(),
        Value::Duration(days) => days.display(&program.day_calendars),
        Value::Flag(true) => "yes".to_string(),
        Value::Flag(false) => "no".to_string(),
        Value::Variant(kind, index) => program
            .kinds
            .get(*kind)
            .and_then(|k| k.variants.get(*index))
            .cloned()
            .unwrap_or_default(),
        Value::Instance(record, index) => program.instance_label(*record, *index),
        Value::Unset => "(not set)".to_string(),
    }
}

/// The value of a declared state or field: as a split ratio (`3-for-2`) or
/// a percentage (`4.99%`) when it is declared so, else as [`display_value`]
/// shows it.
pub fn display_declared(program: &Program, value: &Value, shown: Shown) -> String {
    let mut out = String::new();
    write_declared(&mut out, program, value, shown);
    out
}

/// What [`display_declared`] shows, pushed into `out`; amounts and the
/// values of kinds without a `String` of their own.
fn write_declared(out: &mut String, program: &Program, value: &Value, shown: Shown) {
    match (value, shown) {
        (Value::Quantity(amount, _), Shown::Ratio) => out.push_str(&display_ratio(amount)),
        (Value::Quantity(amount, _), Shown::Percent) => out.push_str(&display_percent(amount)),
        (Value::Quantity(amount, unit), Shown::Plain) => {
            let _ = write!(
                out,
                "{}",
                QuantityText {
                    amount,
                    unit: *unit
                }
            );
        }
        (Value::Variant(kind, index), _) => out.push_str(
            program
                .kinds
                .get(*kind)
                .and_then(|k| k.variants.get(*index))
                .map_or("", String::as_str),
        ),
        _ => out.push_str(&display_value(program, value)),
    }
}

pub fn render_header(program: &Program, scenario: Option<&str>, stream: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "contract: {} ({})",
        program.title,
        program.source.name()
    );
    match scenario {
        Some(title) => {
            let _ = writeln!(out, "scenario: {title} ({stream})");
        }
        None => {
            let _ = writeln!(out, "events:   {stream}");
        }
    }
    let calendar_reading = super::calendar_readings_note(program);
    let trading = if program.trading_calendar.name() == program.calendar.name() {
        String::new()
    } else {
        format!(" · trading days: {}", program.trading_calendar.name())
    };
    let _ = writeln!(
        out,
        "local time: {} · business days: {}{calendar_reading}{trading}",
        program.zone.name(),
        program.calendar.name()
    );
    out.push_str(&render_term_roundings(program));
    if !program.readings.is_empty() {
        let _ = writeln!(out, "readings stated in the clause file:");
        for reading in &program.readings {
            let _ = writeln!(
                out,
                "  {} (§{}) {}: {}",
                reading.id,
                program.clause_number(reading.clause),
                reading.title,
                reading
                    .body
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
    }
    if !program.acknowledgements.is_empty() {
        let _ = writeln!(out, "warnings acknowledged in the clause file:");
        for known in &program.acknowledgements {
            let _ = writeln!(
                out,
                "  §{} {} ({} warning{}): {}",
                program.clause_number(known.clause),
                known.code,
                known.silenced,
                if known.silenced == 1 { "" } else { "s" },
                known
                    .reason
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
    }
    out
}

/// "rounded USD 10/3 (≈3.33…) to 2 places, half up → USD 3.33"
pub(super) fn rounding_words(r: &crate::trace::Rounded) -> String {
    let mut out = String::new();
    write_rounding(&mut out, r);
    out
}

/// What [`rounding_words`] says, written into `out`.
fn write_rounding(out: &mut String, r: &crate::trace::Rounded) {
    let _ = write!(
        out,
        "rounded {} to {} place{}, {} → {}",
        QuantityText {
            amount: &r.before,
            unit: r.unit
        },
        r.places,
        if r.places == 1 { "" } else { "s" },
        r.mode.words(),
        QuantityText {
            amount: &r.after,
            unit: r.unit
        }
    );
}

/// "formula Net Shares(1,000 shares, USD 3.00 per share) = 333 shares"
pub(super) fn formula_words(program: &Program, used: &crate::trace::FormulaUse) -> String {
    let (word, name) = match used.formula {
        crate::trace::Computation::Formula(id) => (
            "formula",
            program.formulas.get(id).map_or("", |f| f.name.as_str()),
        ),
        crate::trace::Computation::Table(id) => (
            "table",
            program.tables.get(id).map_or("", |t| t.name.as_str()),
        ),
    };
    let arguments: Vec<String> = used
        .arguments
        .iter()
        .map(|value| display_value(program, value))
        .collect();
    format!(
        "{word} {name}({}) = {}",
        arguments.join(", "),
        display_value(program, &used.result)
    )
}

/// The roundings the defined terms asked for, one line each.
pub fn render_term_roundings(program: &Program) -> String {
    let mut out = String::new();
    for (term, r) in &program.constant_roundings {
        let _ = writeln!(out, "defined term {term}: {}", rounding_words(r));
    }
    out
}

pub fn render_entry(program: &Program, entry: &Entry) -> String {
    render_entry_with(program, entry, Layout::Report)
}

/// How a report is laid out: for reading now, or for keeping as a snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Cites scenario lines.
    Report,
    /// Leaves out scenario line numbers, so that adding a comment to a
    /// scenario does not make its snapshot stale.
    Snapshot,
}

pub fn render_entry_with(program: &Program, entry: &Entry, layout: Layout) -> String {
    match entry {
        Entry::DeadlinePassed(deadline) => render_deadline(program, deadline),
        Entry::Event(event) => render_event(program, event, layout),
    }
}

fn render_deadline(program: &Program, entry: &DeadlineEntry) -> String {
    let mut out = String::new();
    let Some(breach) = breach_words(program, entry) else {
        return out;
    };
    let _ = writeln!(out, "\n{} end of day  deadline passed", entry.deadline);
    let _ = writeln!(out, "  {breach}");
    out
}

/// "BREACHED §2(a) Exercise: Holder did not tender … by 2002-12-02 (`exercise 1 tender`)".
pub(super) fn breach_words(program: &Program, entry: &DeadlineEntry) -> Option<String> {
    let obligation = program.obligations.get(entry.obligation)?;
    Some(format!(
        "BREACHED {}: {} did not {} by {} (`{}`)",
        program.clause_label(obligation.clause),
        party_name(program, obligation.party),
        obligation.duty,
        entry.deadline,
        obligation_label(program, entry.obligation, entry.owner)
    ))
}

/// "deemed given 2002-11-22 15:00 EST (§8 Notices: fax)", with any clock
/// change or cut-off that moved it.
pub(super) fn deemed_words(program: &Program, deemed: &DeemedNote) -> String {
    let cutoff = deemed.cutoff.as_ref().map_or_else(String::new, |reason| {
        format!(", {reason}: next business day")
    });
    let clock = deemed
        .clock
        .as_ref()
        .map_or_else(String::new, |change| format!("; {}", clock_words(change)));
    format!(
        "deemed given {} ({}: {}{clock}{cutoff})",
        deemed.at.display_in(program.zone),
        program.clause_label(deemed.clause),
        deemed.method
    )
}

/// "ACCEPTED under §1, §2(a)", "REFUSED by §2(c) Minimum exercise: …", or
/// for an event no clause reacts to, "NOTED: …"; nothing for time passing.
pub(super) fn decision_words(program: &Program, entry: &EventEntry) -> Option<String> {
    let mut out = String::new();
    write_decision(&mut out, program, entry).then_some(out)
}

/// What [`decision_words`] says, pushed into `out`; false if it says nothing.
fn write_decision(out: &mut String, program: &Program, entry: &EventEntry) -> bool {
    match &entry.outcome {
        Outcome::Refused { clause, reason } => {
            out.push_str("REFUSED by ");
            out.push_str(&refuser_label(program, *clause));
            out.push_str(": ");
            out.push_str(reason);
        }
        Outcome::Accepted { clauses } => {
            out.push_str("ACCEPTED under ");
            for (index, clause) in clauses.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                out.push('§');
                out.push_str(program.clause_number(*clause));
            }
        }
        Outcome::Noted if entry.event.is_some() => {
            out.push_str("NOTED: no clause reacts to this event");
        }
        Outcome::Noted => return false,
    }
    true
}

/// A change's old and new values as the report shows them (a split ratio
/// as `3-for-2`, a percentage as `4.99%`); both empty for an opened
/// instance, which has none.
pub(super) fn change_values(program: &Program, effect: &Effect) -> (String, String) {
    if let Changed::Opened { .. } = effect.changed {
        return (String::new(), String::new());
    }
    let shown = match effect.changed {
        Changed::State(state) => program.state.get(state).map_or(Shown::Plain, |s| s.shown),
        _ => Shown::Plain,
    };
    (
        display_declared(program, &effect.before, shown),
        display_declared(program, &effect.after, shown),
    )
}

pub(super) fn party_name(program: &Program, party: usize) -> String {
    program
        .parties
        .get(party)
        .map_or_else(String::new, |p| p.name.clone())
}

/// `Notice of Exercise from Holder (by fax, shares 5,000 shares)`, a timed
/// rule's section and trigger, or `time passes`.
pub(super) fn event_title(program: &Program, entry: &EventEntry) -> String {
    let mut out = String::new();
    write_event_title(&mut out, program, entry);
    out
}

/// What [`event_title`] says, pushed into `out`.
fn write_event_title(out: &mut String, program: &Program, entry: &EventEntry) {
    let event = entry.event.and_then(|id| program.events.get(id));
    let Some(event) = event else {
        match &entry.timer {
            Some((clause, label)) => {
                out.push('§');
                out.push_str(program.clause_number(*clause));
                out.push(' ');
                out.push_str(label);
            }
            None => out.push_str("time passes"),
        }
        return;
    };
    out.push_str(&event.name);
    if let Some(party) = event.sender.and_then(|party| program.parties.get(party)) {
        out.push_str(" from ");
        out.push_str(&party.name);
    }
    for (index, (field, value)) in event.fields.iter().zip(&entry.fields).enumerate() {
        out.push_str(if index == 0 { " (" } else { ", " });
        out.push_str(&field.name);
        out.push(' ');
        write_declared(out, program, value, field.shown);
    }
    if !event.fields.is_empty() && !entry.fields.is_empty() {
        out.push(')');
    }
}

fn render_event(program: &Program, entry: &EventEntry, layout: Layout) -> String {
    // One buffer for the whole entry, parts pushed into it as they are
    // made: an entry is written for every event of a stream.
    let mut out = String::with_capacity(256);
    let shown = entry.time.display();
    out.push('\n');
    out.push_str(&shown);
    out.push_str("  ");
    write_event_title(&mut out, program, entry);
    if layout == Layout::Report && entry.timer.is_none() {
        let _ = write!(out, "  [line {}]", entry.line);
    }
    out.push('\n');
    let local = entry.time.display_in(program.zone);
    if local != shown {
        line(&mut out, &["  = ", &local, " contract local time"]);
    }
    if let Some(deemed) = &entry.deemed {
        line(&mut out, &["  ", &deemed_words(program, deemed)]);
    }
    let before_decision = out.len();
    out.push_str("  ");
    if write_decision(&mut out, program, entry) {
        out.push('\n');
    } else {
        out.truncate(before_decision);
    }
    for note in &entry.obligations {
        line(&mut out, &["  ", &obligation_line(program, note)]);
    }
    for effect in &entry.effects {
        let name = changed_label(program, effect.changed);
        let number = program.clause_number(effect.clause);
        if let Changed::Opened { .. } = effect.changed {
            line(&mut out, &["  §", number, " ", &name]);
            continue;
        }
        let (before, after) = change_values(program, effect);
        line(
            &mut out,
            &["  §", number, " ", &name, ": ", &before, " → ", &after],
        );
    }
    for note in &entry.formulas {
        let number = program.clause_number(note.clause);
        line(
            &mut out,
            &["  §", number, " ", &formula_words(program, &note.used)],
        );
    }
    for note in &entry.roundings {
        out.push_str("  §");
        out.push_str(program.clause_number(note.clause));
        out.push(' ');
        write_rounding(&mut out, &note.rounded);
        out.push('\n');
    }
    for reading in entry
        .readings
        .iter()
        .filter_map(|id| program.readings.get(*id))
    {
        line(
            &mut out,
            &[
                "  relied on reading ",
                &reading.id,
                " (",
                &reading.title,
                ")",
            ],
        );
    }
    for broken in &entry.broken {
        out.push_str(&broken_words(program, broken));
    }
    out
}

/// Pushes the parts of one line, then its end.
fn line(out: &mut String, parts: &[&str]) {
    for part in parts {
        out.push_str(part);
    }
    out.push('\n');
}

/// `INVARIANT BROKEN: "…" (remaining >= 0 shares)`, then the sections that
/// changed state in the event that broke it.
pub(super) fn broken_words(program: &Program, broken: &crate::report::BrokenInvariant) -> String {
    let mut out = String::new();
    let Some(invariant) = program.invariants.get(broken.invariant) else {
        return out;
    };
    let _ = writeln!(
        out,
        "  INVARIANT BROKEN: \"{}\" no longer holds: {}",
        invariant.words, invariant.text
    );
    if !broken.clauses.is_empty() {
        let cited: Vec<String> = broken
            .clauses
            .iter()
            .map(|c| program.clause_label(*c))
            .collect();
        let _ = writeln!(out, "    state changed by {}", cited.join(", "));
    }
    out
}

/// "02:30 does not exist on 2025-03-09 in America/New_York, clocks jumped to
/// 03:00", or for a repeated time, which of the two the rule took.
fn clock_words(change: &ClockChange) -> String {
    let hhmm = |local: &chrono::NaiveDateTime| local.format("%H:%M").to_string();
    // `2025-11-02 01:30 EDT (-04:00)`: the abbreviation alone may not tell them apart.
    let both = |at: &crate::value::Moment, zone: chrono_tz::Tz| {
        let local = at.utc.with_timezone(&zone);
        format!("{} ({})", local.format("%H:%M %Z"), local.format("%:z"))
    };
    match change {
        ClockChange::Skipped {
            zone,
            local,
            resumed,
        } => format!(
            "{} does not exist on {} in {}, clocks jumped to {}",
            hhmm(local),
            local.date(),
            zone.name(),
            resumed.utc.with_timezone(zone).format("%H:%M")
        ),
        ClockChange::Repeated {
            zone,
            local,
            took,
            not,
        } => format!(
            "{} happens twice on {} in {}: took the first, {}, not the second, {}",
            hhmm(local),
            local.date(),
            zone.name(),
            both(took, *zone),
            both(not, *zone)
        ),
    }
}

pub(super) fn obligation_line(program: &Program, note: &ObligationNote) -> String {
    let Some(obligation) = program.obligations.get(note.obligation) else {
        return String::new();
    };
    let party = party_name(program, obligation.party);
    let section = format!("§{}", program.clause_number(obligation.clause));
    let name = obligation_label(program, note.obligation, note.owner);
    if let Some(early) = note.early {
        let how = if note.status == ObligationStatus::Met {
            "MET"
        } else {
            "performed LATE"
        };
        return format!(
            "{section} obligation `{name}` arose and was {how} at once: {party} had to {} by {}{}, and already did so on {} (before the obligation arose)",
            obligation.duty,
            note.deadline,
            rolled(note),
            early.display_in(program.zone)
        );
    }
    match note.status {
        ObligationStatus::Open => format!(
            "{section} obligation `{name}` arose: {party} must {} by {}{}",
            obligation.duty,
            note.deadline,
            rolled(note)
        ),
        ObligationStatus::Met | ObligationStatus::Performed => format!(
            "{section} obligation `{name}` MET: performed by the deadline {}",
            note.deadline
        ),
        ObligationStatus::Late => format!(
            "{section} obligation `{name}` performed LATE: the deadline was {}",
            note.deadline
        ),
        // In an event's notes, a breach can only be an obligation that arose
        // after its own deadline; deadlines that pass get entries of their own.
        ObligationStatus::Breached => format!(
            "{section} obligation `{name}` arose already BREACHED: {party} had to {} by {}",
            obligation.duty, note.deadline
        ),
    }
}

/// ` (rolled following from 2025-07-06, a closed day)`, or nothing.
fn rolled(note: &ObligationNote) -> String {
    match note.rolled_from {
        None => String::new(),
        Some((from, convention)) => {
            let words = match convention {
                crate::calendar::Roll::Following => "following",
                crate::calendar::Roll::Preceding => "preceding",
                crate::calendar::Roll::ModifiedFollowing => "modified following",
            };
            format!(" (rolled {words} from {from}, a closed day)")
        }
    }
}

/// The whole state, one value to a line, so that a diff of two reports
/// shows exactly which value ended differently.
fn final_state(program: &Program, state: &[Value]) -> String {
    let mut out = String::from("final state:\n");
    for (var, value) in program.state.iter().zip(state) {
        let _ = writeln!(
            out,
            "  {} {}",
            var.name,
            display_declared(program, value, var.shown)
        );
    }
    out
}

/// The end of a report: the counts, the whole state once, what is still owed.
/// The same in a report and in a snapshot.
pub fn render_summary(program: &Program, summary: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nend: {} event{}, {} accepted, {} refused",
        summary.events,
        if summary.events == 1 { "" } else { "s" },
        summary.accepted,
        summary.refused
    );
    if !program.state.is_empty() {
        out.push_str(&final_state(program, &summary.state));
    }
    out.push_str(&instance_lines(program, &summary.records));
    if summary.open.is_empty() {
        let _ = writeln!(out, "obligations outstanding: none");
    } else {
        let _ = writeln!(out, "obligations outstanding:");
        for note in &summary.open {
            let Some(obligation) = program.obligations.get(note.obligation) else {
                continue;
            };
            let status = if note.status == ObligationStatus::Breached {
                "BREACHED"
            } else {
                "open"
            };
            let _ = writeln!(
                out,
                "  §{} `{}` ({status}): {} must {} by {}",
                program.clause_number(obligation.clause),
                obligation_label(program, note.obligation, note.owner),
                party_name(program, obligation.party),
                obligation.duty,
                note.deadline
            );
        }
    }
    out
}

/// Every record instance with its fields.
fn instance_lines(program: &Program, records: &crate::compute::Records) -> String {
    let mut out = String::new();
    for (record, rows) in records.iter().enumerate() {
        let Some(def) = program.records.get(record) else {
            continue;
        };
        // One field a line, like the final state, so a diff shows which changed.
        for (index, row) in rows.iter().enumerate() {
            let label = program.instance_label(record, u32::try_from(index).unwrap_or(u32::MAX));
            let _ = writeln!(out, "{label}:");
            for (field, value) in def.fields.iter().zip(row) {
                let _ = writeln!(out, "  {} {}", field.name, display_value(program, value));
            }
        }
    }
    out
}
