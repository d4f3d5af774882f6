//! When invariants are evaluated: after every committed change, but only
//! those that read something the change touched (a state, directly or through
//! a formula; a record's instances); one that reads an obligation after every
//! change. Each test would fail if an invariant were skipped when it should
//! not be: the report shows the break after the event that caused it.

use pactum::report::render_entry;

use crate::support::{check_text, run_text};

const LEDGER: &str = r#"contract "Ledger"
  issuer Company = "Example Co."
  holder Holder = "Jane Q. Investor"
  business days: nyse
  local time: America/New_York

record payment { amount: USD = USD 0 }

state paid  : USD = USD 0
state cap   : USD = USD 100
state notes : number = 0

formula Headroom(limit: USD) = limit - paid

event Payment from Holder { amount: USD }
event Note from Company
event Promise from Company
event Delivery from Company

invariant "never paid beyond the cap": Headroom(cap) >= USD 0
invariant "every payment is under USD 60": count(payment as p when p.amount >= USD 60) = 0
invariant "the delivery is not late": not delivery is breached
invariant "one note at least": notes >= 1

section 1 "Payments"
  on Payment as p:
    open payment as x
    set x.amount = p.amount
    set paid = paid + p.amount

section 2 "Notes"
  on Note as n:
    set notes = notes + 1

section 3 "Delivery"
  on Promise as p:
    Company must "deliver" as delivery by Delivery within 2 business days after p.date
"#;

fn report(events: &str) -> String {
    let program = check_text("ledger.pactum", LEDGER).unwrap_or_else(|e| panic!("{e}"));
    let scenario = format!("scenario \"s\"\ncontract \"ledger.pactum\"\n\n{events}");
    let run = run_text(&program, "s.scenario", &scenario);
    run.entries
        .iter()
        .map(|entry| render_entry(&program, entry))
        .collect()
}

/// The entry (the text from its time line to the next blank line) that
/// mentions `needle`, or the whole report if none does.
fn entry_with<'a>(report: &'a str, needle: &str) -> &'a str {
    report
        .split("\n\n")
        .find(|entry| entry.contains(needle))
        .unwrap_or(report)
}

#[test]
fn an_invariant_false_from_the_start_is_reported_after_the_first_change_whatever_it_touched() {
    // `notes` starts at 0, so "one note at least" never held; the first
    // change (a payment, which does not touch `notes`) reports it, as it
    // reports every invariant that does not hold after the first change.
    let report = report("2003-01-06 10:00  Payment { amount: USD 10 }\n");
    let payment = entry_with(&report, "Payment from Holder");
    assert!(
        payment.contains("INVARIANT BROKEN: \"one note at least\""),
        "{report}"
    );
    assert!(!payment.contains("never paid beyond the cap"), "{report}");
}

#[test]
fn a_state_read_through_a_formula_is_followed() {
    // Headroom(cap) = 100 - paid: 100 - 50 - 40 = 10 after the second
    // payment, 10 - 20 = -10 after the third.
    let report = report(
        "2003-01-06 10:00  Note\n2003-01-06 11:00  Payment { amount: USD 50 }\n2003-01-06 12:00  Payment { amount: USD 40 }\n2003-01-06 13:00  Payment { amount: USD 20 }\n",
    );
    let third = entry_with(&report, "amount USD 20");
    assert!(
        third.contains("INVARIANT BROKEN: \"never paid beyond the cap\""),
        "{report}"
    );
    // Broken once, not again while it stays broken.
    assert_eq!(
        report.matches("never paid beyond the cap").count(),
        1,
        "{report}"
    );
}

#[test]
fn a_field_of_a_new_instance_is_followed() {
    let report = report(
        "2003-01-06 10:00  Note\n2003-01-06 11:00  Payment { amount: USD 10 }\n2003-01-06 12:00  Payment { amount: USD 60 }\n",
    );
    let second = entry_with(&report, "amount USD 60");
    assert!(
        second.contains("INVARIANT BROKEN: \"every payment is under USD 60\""),
        "{report}"
    );
}

#[test]
fn an_obligation_breached_by_its_deadline_alone_is_seen_after_the_next_change() {
    // The promise on Monday 6 January 2003 is due by Wednesday the 8th; it
    // passes with no event. The next change (a note, which touches nothing
    // the invariant reads) finds it breached.
    let report =
        report("2003-01-06 10:00  Note\n2003-01-06 11:00  Promise\n2003-01-10 10:00  Note\n");
    let later = entry_with(&report, "2003-01-10 10:00");
    assert!(
        later.contains("INVARIANT BROKEN: \"the delivery is not late\""),
        "{report}"
    );
}

#[test]
fn formulas_calling_formulas_are_read_once_each() {
    // Each formula calls the one before twice: read call by call, the 40th
    // would take 2^40 steps before the first event (the run would not end).
    let mut formulas = String::from("formula F0(x: number) = x\n");
    for level in 1..=40 {
        let below = level - 1;
        formulas.push_str(&format!(
            "formula F{level}(x: number) = F{below}(x) + F{below}(x)\n"
        ));
    }
    let text = LEDGER
        .replace("formula Headroom", &format!("{formulas}formula Headroom"))
        .replace(
            "invariant \"one note at least\": notes >= 1",
            "invariant \"one note at least\": notes >= 1 or F40(notes) < 0",
        );
    let program = check_text("ledger.pactum", &text).unwrap_or_else(|e| panic!("{e}"));
    let run = run_text(
        &program,
        "s.scenario",
        "scenario \"s\"\ncontract \"ledger.pactum\"\n\n2003-01-06 10:00  Note\n",
    );
    assert_eq!(run.entries.len(), 1);
}
