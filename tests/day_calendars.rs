//! Counts of days on a calendar other than the header's
//! (`1 business day on us-banks`): deadlines counted and rolled on it,
//! reports naming it, and the diagnostics for a wrong one.

use pactum::testing::render_run;

use crate::support::{check_text, run_text};

const HEADER: &str = r#"contract "Two Calendars"
  issuer Company = "Example Co."
  holder Holder = "Jane Q. Investor"
  business days: nyse
  local time: America/New_York

calendar office = us-banks closed 2004-10-13 "office move"
"#;

const DUTIES: &str = r#"
define Payment Period  = 1 business day on us-banks
define Delivery Period = 1 business day
define Filing Period   = 1 business day on office

state due date : date

event Notice from Holder
event Payment from Holder
event Delivery from Company
event Filing from Company

section 1 "Duties"
  on Notice as n:
    set due date = n.date + 1 business day on us-banks
    Holder must "pay" as payment by Payment within Payment Period after n.date
    Company must "deliver" as delivery by Delivery within Delivery Period after n.date
    Company must "file" as filing by Filing within Filing Period after n.date + 4 calendar days
  on change of due date from old to new:
    set due date = new
"#;

#[test]
fn each_count_uses_the_calendar_it_names() {
    let program = check_text("cal.pactum", &format!("{HEADER}{DUTIES}")).unwrap();
    // Friday 2004-10-08. Monday 2004-10-11 is Columbus Day: the NYSE is
    // open, banks are closed. So one NYSE business day later is Monday the
    // 11th, one bank business day later Tuesday the 12th. The office
    // calendar is the banks' plus Wednesday the 13th: four calendar days
    // after the notice is Tuesday the 12th, and one office business day
    // after that skips the 13th to Thursday the 14th.
    let run = run_text(
        &program,
        "c.scenario",
        "scenario \"Columbus Day\"\ncontract \"cal.pactum\"\n\n2004-10-08 10:00  Notice\n  expect payment.deadline = 2004-10-12\n  expect delivery.deadline = 2004-10-11\n  expect filing.deadline = 2004-10-14\n  expect due date = 2004-10-12\n",
    );
    assert!(run.failures.is_empty(), "{:?}", run.failures);
    assert_eq!(run.checked, 4);
    let report = render_run(&program, &run);
    assert!(report.contains("Holder must pay by 2004-10-12"), "{report}");
}

#[test]
fn reports_name_the_calendar_of_a_count() {
    let quoting = r#"
event Early Payment from Holder

section 2 "Timing"
  on Early Payment:
    refuse "pay within {Payment Period}, deliver within {Delivery Period}, file within {Filing Period}" when yes
"#;
    let program = check_text("cal.pactum", &format!("{HEADER}{DUTIES}{quoting}")).unwrap();
    let run = run_text(
        &program,
        "e.scenario",
        "scenario \"early\"\ncontract \"cal.pactum\"\n\n2004-10-08 10:00  Early Payment\n  expect refused\n",
    );
    let report = render_run(&program, &run);
    assert!(
        report.contains("pay within 1 business day on us-banks, deliver within 1 business day, file within 1 business day on office"),
        "{report}"
    );
}

#[test]
fn an_unknown_calendar_is_refused_with_a_suggestion() {
    let text = format!("{HEADER}\ndefine Period = 2 business days on us-bank\n");
    let error = check_text("cal.pactum", &text).unwrap_err();
    assert!(error.contains("pactum::check::unknown_name"), "{error}");
    assert!(error.contains("us-banks"), "{error}");
}

#[test]
fn calendar_days_are_not_counted_on_a_calendar() {
    let text = format!("{HEADER}\ndefine Period = 2 calendar days on nyse\n");
    let error = check_text("cal.pactum", &text).unwrap_err();
    assert!(
        error.contains("only business days and trading days are counted on a calendar"),
        "{error}"
    );
}
