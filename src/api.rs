//! The library's front door for Rust programs: check a clause file, run a
//! scenario or a JSON Lines stream against it, and read what happened as
//! plain data, or as the text and JSON reports `pactum run` prints. Nothing
//! here reads or writes files: give it text.
//!
//! ```
//! use pactum::api::{Contract, Decision};
//!
//! let contract = Contract::from_text("option.pactum", r#"
//! contract "Option"
//!   holder Holder = "H"
//!   business days: nyse
//!   local time: America/New_York
//! define Minimum = 100 shares
//! state remaining : shares = 1,000 shares
//! event Exercise from Holder { shares: shares }
//! section 1 "Exercise"
//!   on Exercise as e:
//!     refuse "fewer than {Minimum}" when e.shares < Minimum
//!     set remaining = remaining - e.shares
//! "#).map_err(|diagnostics| diagnostics.len())?;
//!
//! let run = contract.run_scenario("two.scenario", r#"
//! scenario "two exercises"
//! contract "option.pactum"
//! 2024-03-01 10:00  Exercise { shares: 50 shares }
//!   expect refused
//! 2024-03-04 10:00  Exercise { shares: 400 shares }
//!   expect remaining = 600 shares
//! "#).map_err(|diagnostics| diagnostics.len())?;
//!
//! let steps = run.steps();
//! assert!(matches!(&steps[0].decision, Decision::Refused { reason, .. } if reason == "fewer than 100 shares"));
//! assert!(matches!(&steps[1].decision, Decision::Accepted { sections } if sections == &["1"]));
//! assert_eq!(steps[1].changes[0].after, "600 shares");
//! assert!(run.failed_expectations().is_empty());
//! assert!(run.text().contains("REFUSED by §1 Exercise: fewer than 100 shares"));
//! # Ok::<(), usize>(())
//! ```

use std::io::Write as _;

use miette::Diagnostic;

use crate::check::{check_contract, check_scenario};
use crate::eval::Machine;
use crate::program::Program;
use crate::report::{
    changed_label, display_value, entry_json, header_json, obligation_label, render_entry,
    render_header, render_summary, summary_json, write_json, Entry, Outcome, Summary,
};
use crate::source::Source;
use crate::stream::EventReader;
use crate::syntax::{keyword_names_declared, parse_clause_file, parse_scenario_knowing};
use crate::testing::{run_plan, Failure};

/// What stopped a clause file, a scenario or a stream: one or more
/// diagnostics, each with its code, source, span and help. Render one with
/// `miette`, or read its `code()` and `to_string()`.
pub type Diagnostics = Vec<Box<dyn Diagnostic + Send + Sync>>;

fn boxed<D: Diagnostic + Send + Sync + 'static>(diagnostics: Vec<D>) -> Diagnostics {
    diagnostics
        .into_iter()
        .map(|d| Box::new(d) as Box<dyn Diagnostic + Send + Sync>)
        .collect()
}

/// A clause file, parsed and checked.
#[derive(Debug, Clone)]
pub struct Contract {
    program: Program,
}

impl Contract {
    /// Parses and checks a clause file's text; `name` names it in diagnostics.
    pub fn from_text(name: &str, text: &str) -> Result<Contract, Diagnostics> {
        let source = Source::new(name, text);
        let file = parse_clause_file(&source).map_err(|error| boxed(vec![error]))?;
        let program = check_contract(&source, &file).map_err(boxed)?;
        Ok(Contract { program })
    }

    /// The title on the `contract` line.
    pub fn title(&self) -> &str {
        &self.program.title
    }

    /// Every defined term with its value as reports word it
    /// (`USD 1.54 per share`), in name order.
    pub fn defined_terms(&self) -> Vec<(String, String)> {
        let mut terms: Vec<(String, String)> = self
            .program
            .scope
            .defines()
            .map(|(name, value, _)| (name.to_string(), display_value(&self.program, &value)))
            .collect();
        terms.sort();
        terms
    }

    /// The drafting warnings, each as `CODE: message`.
    pub fn warnings(&self) -> Vec<String> {
        self.program
            .lints
            .iter()
            .map(|lint| {
                let code = lint.code().map(|c| c.to_string()).unwrap_or_default();
                format!("{code}: {lint}")
            })
            .collect()
    }

    /// Runs a scenario's events against this contract (its `contract` line
    /// is ignored) and judges its `expect` lines. Prices must be given on
    /// price lines: `prices … from "FILE"` needs the command line to read
    /// the file.
    pub fn run_scenario(&self, name: &str, text: &str) -> Result<Run<'_>, Diagnostics> {
        let source = Source::new(name, text);
        // Its `expect` lines may use the contract's names with keyword words in them.
        let known = keyword_names_declared(self.program.source.text());
        let file = parse_scenario_knowing(&source, &known).map_err(|error| boxed(vec![error]))?;
        let plan = check_scenario(&self.program, &source, &file).map_err(boxed)?;
        let run = run_plan(&self.program, &plan).map_err(|error| boxed(vec![error]))?;
        Ok(Run {
            program: &self.program,
            title: Some(plan.title),
            events_from: name.to_string(),
            entries: run.entries,
            summary: run.summary,
            failures: run.failures,
        })
    }

    /// Runs JSON Lines events (one JSON object per line, in time order; see
    /// docs/json.md) against this contract.
    pub fn run_json_lines(&self, name: &str, text: &str) -> Result<Run<'_>, Diagnostics> {
        let mut machine = Machine::new(&self.program);
        let mut entries = Vec::new();
        let limit = u64::try_from(text.len())
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        for input in EventReader::new(&self.program, text.as_bytes(), name, limit) {
            let input = input.map_err(|error| boxed(vec![error]))?;
            let produced = machine.apply(&input).map_err(|error| boxed(vec![error]))?;
            entries.extend(produced);
        }
        Ok(Run {
            program: &self.program,
            title: None,
            events_from: name.to_string(),
            entries,
            summary: machine.summary(),
            failures: Vec::new(),
        })
    }
}

/// What a run of events did, step by step, and where it ended.
#[derive(Debug)]
pub struct Run<'c> {
    program: &'c Program,
    title: Option<String>,
    events_from: String,
    entries: Vec<Entry>,
    summary: Summary,
    failures: Vec<Failure>,
}

/// One step of a run: an event, a rule that acted at its time, or a deadline
/// that passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The line in the scenario or stream (0 for a deadline that passed).
    pub line: usize,
    /// The event's name, the rule's trigger as written, or the obligation.
    pub what: String,
    /// What the contract decided.
    pub decision: Decision,
    /// What the step changed, in order.
    pub changes: Vec<Change>,
}

/// What the contract decided about a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Accepted; the sections whose rules acted (by number).
    Accepted {
        /// Section numbers, e.g. `["2(a)", "3"]`.
        sections: Vec<String>,
    },
    /// Refused by a section (`None`: the contract's header, before the
    /// term), for the reason it gives.
    Refused {
        /// The section's number.
        section: Option<String>,
        /// The refusal's words, with defined terms filled in.
        reason: String,
    },
    /// Nothing reacted (`time passes`, or an event no clause names).
    Noted,
    /// An obligation's deadline passed with nothing performed.
    DeadlinePassed,
}

/// A change a step made, worded as reports word it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The section whose rule made it.
    pub section: String,
    /// What changed: a state's name, or `exercise 2 shares`.
    pub what: String,
    /// Its value before, e.g. `25,000 shares`.
    pub before: String,
    /// Its value after.
    pub after: String,
}

impl Run<'_> {
    /// Every step, in the order the run took them.
    pub fn steps(&self) -> Vec<Step> {
        let program = self.program;
        let number = |clause| program.clause_number(clause).to_string();
        self.entries
            .iter()
            .map(|entry| match entry {
                Entry::DeadlinePassed(passed) => Step {
                    line: 0,
                    what: obligation_label(program, passed.obligation, passed.owner),
                    decision: Decision::DeadlinePassed,
                    changes: Vec::new(),
                },
                Entry::Event(event) => Step {
                    line: event.line,
                    what: match (&event.timer, event.event) {
                        (Some((_, trigger)), _) => trigger.clone(),
                        (None, Some(id)) => program
                            .events
                            .get(id)
                            .map_or_else(String::new, |e| e.name.clone()),
                        (None, None) => "time passes".to_string(),
                    },
                    decision: match &event.outcome {
                        Outcome::Accepted { clauses } => Decision::Accepted {
                            sections: clauses.iter().map(|&c| number(c)).collect(),
                        },
                        Outcome::Refused { clause, reason } => Decision::Refused {
                            section: clause.map(number),
                            reason: reason.clone(),
                        },
                        Outcome::Noted => Decision::Noted,
                    },
                    changes: event
                        .effects
                        .iter()
                        .map(|effect| Change {
                            section: number(effect.clause),
                            what: changed_label(program, effect.changed),
                            before: display_value(program, &effect.before),
                            after: display_value(program, &effect.after),
                        })
                        .collect(),
                },
            })
            .collect()
    }

    /// Each `expect` line that did not hold: its line, what it expected and
    /// what was found. Empty for a stream, which has none.
    pub fn failed_expectations(&self) -> Vec<String> {
        self.failures
            .iter()
            .map(|f| format!("line {}: {} (found {})", f.line, f.expectation, f.found))
            .collect()
    }

    /// Each state's final value, in declaration order.
    pub fn final_state(&self) -> Vec<(String, String)> {
        self.program
            .state
            .iter()
            .zip(&self.summary.state)
            .map(|(state, value)| (state.name.clone(), display_value(self.program, value)))
            .collect()
    }

    /// The text report, as `pactum run` prints it.
    pub fn text(&self) -> String {
        let mut out = render_header(self.program, self.title.as_deref(), &self.events_from);
        for entry in &self.entries {
            out.push_str(&render_entry(self.program, entry));
        }
        out.push_str(&render_summary(self.program, &self.summary));
        out
    }

    /// The JSON report, as `pactum run --format json` prints it (see
    /// docs/json.md and docs/report.schema.json).
    pub fn json(&self) -> String {
        let program = self.program;
        let mut out: Vec<u8> = b"{\"report\":".to_vec();
        let header = header_json(program, self.title.as_deref(), &self.events_from);
        let mut written =
            write_json(&mut out, &header).and_then(|()| out.write_all(b",\"entries\":["));
        for (index, entry) in self.entries.iter().enumerate() {
            let separator: &[u8] = if index == 0 { b"" } else { b"," };
            written = written
                .and_then(|()| out.write_all(separator))
                .and_then(|()| write_json(&mut out, &entry_json(program, entry)));
        }
        written = written
            .and_then(|()| out.write_all(b"],\"summary\":"))
            .and_then(|()| write_json(&mut out, &summary_json(program, &self.summary)))
            .and_then(|()| out.write_all(b",\"complete\":true}\n"));
        // Writing to memory cannot fail, and serde_json writes UTF-8.
        debug_assert!(written.is_ok());
        String::from_utf8_lossy(&out).into_owned()
    }
}
