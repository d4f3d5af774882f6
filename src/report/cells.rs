//! What one report entry says, cut into the pieces a table shows (when, the
//! event, the decision, the clauses that decided it, the readings relied on,
//! the changes, the computations), in the text report's own words. The HTML
//! and Markdown renderers lay these out; they do not word anything again.

use crate::program::{ClauseId, Program};

use super::text::{
    breach_words, broken_words, change_values, decision_words, deemed_words, event_title,
    formula_words, obligation_line, rounding_words,
};
use super::{changed_label, Changed, Entry, EventEntry, Outcome};

/// One entry, in pieces.
#[derive(Debug, Clone, Default)]
pub struct EntryCells {
    /// The time as given, then (if it differs) the contract's local time.
    pub when: Vec<String>,
    /// The scenario or stream line, for events (not for timed rules or deadlines).
    pub line: Option<usize>,
    pub event: String,
    pub deemed: Option<String>,
    pub refused: bool,
    /// The decision first, then obligations that arose or ended, then broken invariants.
    pub decision: Vec<String>,
    /// The clauses that decided it: label and text as written.
    pub clauses: Vec<ClauseCell>,
    /// Readings relied on: `R8 (irrevocable election)` and its words.
    pub readings: Vec<(String, String)>,
    pub changes: Vec<ChangeCell>,
    /// Roundings and formulas, `§2(a) rounded …`.
    pub computations: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ClauseCell {
    pub label: String,
    /// `None` when the clause file quotes no text for the section.
    pub text: Option<String>,
}

/// One change to state or to an instance's field.
#[derive(Debug, Clone)]
pub struct ChangeCell {
    pub clause: String,
    pub section: String,
    pub what: String,
    /// Old and new values; `None` for an instance that was opened.
    pub values: Option<(String, String)>,
}

impl ChangeCell {
    /// `§2(a) remaining: 25,000 shares → 20,000 shares`, `§2(a) opened exercise 1`.
    pub fn words(&self) -> String {
        match &self.values {
            Some((before, after)) => format!("§{} {}: {before} → {after}", self.section, self.what),
            None => format!("§{} {}", self.section, self.what),
        }
    }
}

fn clause_cell(program: &Program, clause: ClauseId) -> ClauseCell {
    ClauseCell {
        label: program.clause_label(clause),
        text: program
            .clauses
            .get(clause)
            .and_then(|c| c.text.as_deref())
            .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" ")),
    }
}

pub fn entry_cells(program: &Program, entry: &Entry) -> EntryCells {
    match entry {
        Entry::Event(event) => event_cells(program, event),
        Entry::DeadlinePassed(passed) => EntryCells {
            when: vec![format!("{} end of day", passed.deadline)],
            event: "deadline passed".to_string(),
            decision: breach_words(program, passed).into_iter().collect(),
            clauses: program
                .obligations
                .get(passed.obligation)
                .map(|o| clause_cell(program, o.clause))
                .into_iter()
                .collect(),
            ..EntryCells::default()
        },
    }
}

fn event_cells(program: &Program, entry: &EventEntry) -> EntryCells {
    let mut when = vec![entry.time.display()];
    let local = entry.time.display_in(program.zone);
    if local != entry.time.display() {
        when.push(format!("= {local} contract local time"));
    }
    let mut decision: Vec<String> = decision_words(program, entry).into_iter().collect();
    decision.extend(
        entry
            .obligations
            .iter()
            .map(|note| obligation_line(program, note)),
    );
    for broken in &entry.broken {
        decision.extend(
            broken_words(program, broken)
                .lines()
                .map(|line| line.trim().to_string()),
        );
    }
    let deciding: Vec<ClauseId> = match (&entry.outcome, &entry.timer) {
        (Outcome::Accepted { clauses }, _) => clauses.clone(),
        (Outcome::Refused { clause, .. }, _) => clause.iter().copied().collect(),
        (Outcome::Noted, Some((clause, _))) => vec![*clause],
        (Outcome::Noted, None) => Vec::new(),
    };
    let changes = entry
        .effects
        .iter()
        .map(|effect| ChangeCell {
            clause: program.clause_label(effect.clause),
            section: program.clause_number(effect.clause).to_string(),
            what: changed_label(program, effect.changed),
            values: match effect.changed {
                Changed::Opened { .. } => None,
                _ => Some(change_values(program, effect)),
            },
        })
        .collect();
    let computations = entry
        .formulas
        .iter()
        .map(|note| {
            format!(
                "§{} {}",
                program.clause_number(note.clause),
                formula_words(program, &note.used)
            )
        })
        .chain(entry.roundings.iter().map(|note| {
            format!(
                "§{} {}",
                program.clause_number(note.clause),
                rounding_words(&note.rounded)
            )
        }))
        .collect();
    EntryCells {
        when,
        line: entry.timer.is_none().then_some(entry.line),
        event: event_title(program, entry),
        deemed: entry.deemed.as_ref().map(|d| deemed_words(program, d)),
        refused: matches!(entry.outcome, Outcome::Refused { .. }),
        decision,
        clauses: deciding
            .into_iter()
            .map(|clause| clause_cell(program, clause))
            .collect(),
        readings: entry
            .readings
            .iter()
            .filter_map(|id| program.readings.get(*id))
            .map(|r| {
                (
                    format!("{} ({})", r.id, r.title),
                    r.body.split_whitespace().collect::<Vec<_>>().join(" "),
                )
            })
            .collect(),
        changes,
        computations,
    }
}
