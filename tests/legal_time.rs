//! Legal time: month ends, daylight-saving gaps and overlaps, cut-offs and
//! the deadline lint, each shown refused first and then resolved.

use pactum::render::render_diagnostic;
use pactum::testing::run_plan;

use crate::support::{check_text, plan_text, run_text};

const CLOSING: &str = r#"contract "Month ends"
  holder Holder = "H"
  business days: nyse
  local time: America/New_York
  SHORT
event Closing
state lockup ends : date
section 1 "Lock-up"
  on Closing as c:
    set lockup ends = c.date + 1 month
"#;

const JANUARY_31: &str = r#"scenario "closing on January 31"
contract "x"
2004-01-31 10:00  Closing
  expect lockup ends = 2004-02-29
"#;

#[test]
fn a_month_end_without_a_convention_is_refused_with_both_candidates() {
    let program = check_text("month.pactum", &CLOSING.replace("SHORT", "")).unwrap();
    let plan = plan_text(&program, "january.scenario", JANUARY_31).unwrap();
    let error = run_plan(&program, &plan).unwrap_err();
    let rendered = render_diagnostic(&error, false);
    assert!(
        rendered.contains("2004-02-29") && rendered.contains("2004-03-01"),
        "{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn a_declared_month_end_convention_resolves_it() {
    let end = check_text(
        "month.pactum",
        &CLOSING.replace("SHORT", "short months: end of month"),
    )
    .unwrap();
    let run = run_text(&end, "january.scenario", JANUARY_31);
    assert!(run.failures.is_empty(), "{:?}", run.failures);

    let next = check_text(
        "month.pactum",
        &CLOSING.replace("SHORT", "short months: next day"),
    )
    .unwrap();
    let run = run_text(&next, "january.scenario", JANUARY_31);
    assert_eq!(
        run.failures.len(),
        1,
        "next day gives 2004-03-01, so the expectation of 02-29 fails"
    );
    assert!(
        run.failures[0].found.contains("2004-03-01"),
        "{:?}",
        run.failures
    );
}

#[test]
fn a_constant_month_end_is_refused_when_checking() {
    let text = CLOSING.replace("SHORT", "") + "define Anniversary = 2004-01-31 + 1 month\n";
    let rendered = check_text("month.pactum", &text).unwrap_err();
    assert!(rendered.contains("pactum::check::arithmetic"), "{rendered}");
    assert!(
        rendered.contains("2004-02-29") && rendered.contains("2004-03-01"),
        "{rendered}"
    );
}

#[test]
fn daylight_saving_gaps_and_overlaps_are_refused_with_both_readings() {
    let program = check_text("month.pactum", &CLOSING.replace("SHORT", "")).unwrap();
    let gap = "scenario \"gap\"\ncontract \"x\"\n2004-04-04 02:30  Closing\n";
    let rendered = plan_text(&program, "gap.scenario", gap).unwrap_err();
    assert!(
        rendered.contains("pactum::check::nonexistent_time"),
        "{rendered}"
    );
    // 02:30 read at the offset before the jump (-05:00) is 07:30 UTC, 03:30
    // EDT; at the offset after it (-04:00), 06:30 UTC, 01:30 EST.
    assert!(
        rendered.contains("jumped from 02:00 to 03:00")
            && rendered.contains("`2004-04-04 02:30 -05:00` is 03:30 EDT")
            && rendered.contains("`2004-04-04 02:30 -04:00` is 01:30 EST"),
        "{rendered}"
    );
    insta::assert_snapshot!("gap", rendered);

    let overlap = "scenario \"overlap\"\ncontract \"x\"\n2004-10-31 01:30  Closing\n";
    let rendered = plan_text(&program, "overlap.scenario", overlap).unwrap_err();
    assert!(
        rendered.contains("pactum::check::ambiguous_time"),
        "{rendered}"
    );
    assert!(
        rendered.contains("-04:00") && rendered.contains("-05:00"),
        "{rendered}"
    );
    insta::assert_snapshot!("overlap", rendered);

    // Writing the offset chooses; October 31 + 1 month needs the month-end rule too.
    let program = check_text(
        "month.pactum",
        &CLOSING.replace("SHORT", "short months: end of month"),
    )
    .unwrap();
    let resolved = "scenario \"resolved\"\ncontract \"x\"\n2004-10-31 01:30 -05:00  Closing\n  expect lockup ends = 2004-11-30\n";
    let plan = plan_text(&program, "resolved.scenario", resolved).unwrap();
    assert!(run_plan(&program, &plan).unwrap().failures.is_empty());
}

#[test]
fn a_calendar_day_deadline_without_a_roll_convention_is_linted() {
    let clause = |roll: &str| {
        format!(
            r#"contract "Lint"
  issuer Company = "C"
  business days: nyse
  local time: America/New_York
event Record Date Set {{ record_date: date }}
event Notified
section 1 "Notice"
  on Record Date Set as r:
    Company must "notify" as notice by Notified at least 30 calendar days before r.record_date{roll}
"#
        )
    };
    let linted = check_text("lint.pactum", &clause("")).unwrap();
    assert_eq!(linted.lints.len(), 1);
    let rendered = render_diagnostic(&linted.lints[0], false);
    assert!(
        rendered.contains("pactum::lint::unrolled_deadline"),
        "{rendered}"
    );
    insta::assert_snapshot!(rendered);
    for roll in [
        ", roll following",
        ", roll preceding",
        ", roll modified following",
        ", roll none",
    ] {
        assert!(
            check_text("lint.pactum", &clause(roll))
                .unwrap()
                .lints
                .is_empty(),
            "{roll}"
        );
    }
}

#[test]
fn a_rolled_deadline_moves_off_the_closed_day() {
    // 2004-07-05 (a Monday, the observed Independence Day) less 30 days is
    // Saturday 2004-06-05; following rolls to Monday 2004-06-07.
    let contract = r#"contract "Roll"
  issuer Company = "C"
  business days: nyse
  local time: America/New_York
event Record Date Set { record_date: date }
event Notified
section 1 "Notice"
  on Record Date Set as r:
    Company must "notify" as notice by Notified at least 30 calendar days before r.record_date, roll ROLL
"#;
    let scenario = "scenario \"roll\"\ncontract \"x\"\n2004-05-01 10:00  Record Date Set { record_date: 2004-07-05 }\n  expect notice.deadline = EXPECTED\n";
    for (roll, expected) in [
        ("following", "2004-06-07"),
        ("preceding", "2004-06-04"),
        ("none", "2004-06-05"),
    ] {
        let program = check_text("roll.pactum", &contract.replace("ROLL", roll)).unwrap();
        let plan = plan_text(
            &program,
            "roll.scenario",
            &scenario.replace("EXPECTED", expected),
        )
        .unwrap();
        let run = run_plan(&program, &plan).unwrap();
        assert!(run.failures.is_empty(), "{roll}: {:?}", run.failures);
        let report = pactum::testing::render_run(&program, &run);
        let shown = format!("(rolled {roll} from 2004-06-05, a closed day)");
        assert_eq!(report.contains(&shown), roll != "none", "{report}");
    }
}

const COURIER: &str = r#"contract "Courier"
  holder Holder = "H"
  issuer Company = "C"
  business days: nyse
  local time: ZONE
event Order from Holder as notice
event Record Date Set { record: date }
event Notify
event Start
event Finish
section 8 "Notices"
  notice by courier is deemed given 3 calendar days after sent
section 9 "Deadlines"
  on Record Date Set as r:
    Company must "notify" as note by Notify at least 30 calendar days before r.record, roll preceding
  on Start as s:
    Company must "finish" as fin by Finish within 1 business day after s.date
"#;

#[test]
fn a_deemed_time_the_clocks_skip_counts_when_they_resume() {
    let program = check_text(
        "courier.pactum",
        &COURIER.replace("ZONE", "America/New_York"),
    )
    .unwrap();
    let scenario = "scenario \"gap\"\ncontract \"x\"\n2025-03-06 02:30  Order { by: courier }\n  expect event.deemed_date = 2025-03-09\n  expect event.deemed_time = 2025-03-09 03:00 America/New_York\n";
    let run = run_text(&program, "gap.scenario", scenario);
    assert!(run.failures.is_empty(), "{:?}", run.failures);
}

#[test]
fn an_obligation_arising_after_its_deadline_is_breached_at_once() {
    let program = check_text(
        "courier.pactum",
        &COURIER.replace("ZONE", "America/New_York"),
    )
    .unwrap();
    let scenario = "scenario \"late\"\ncontract \"x\"\n2025-06-10 10:00  Record Date Set { record: 2025-06-20 }\n  expect note is breached\n  expect not (note is open)\n";
    let run = run_text(&program, "late.scenario", scenario);
    assert!(run.failures.is_empty(), "{:?}", run.failures);
    let report = pactum::testing::render_run(&program, &run);
    assert!(report.contains("arose already BREACHED"), "{report}");
}

#[test]
fn a_deadline_before_a_skipped_day_still_ends() {
    // Samoa skipped 2011-12-30 entirely.
    let program = check_text("courier.pactum", &COURIER.replace("ZONE", "Pacific/Apia")).unwrap();
    let scenario = "scenario \"apia\"\ncontract \"x\"\n2011-12-28 10:00  Start\n  expect fin.deadline = 2011-12-29\n2012-01-10 10:00  time passes\n  expect fin is breached\n";
    let run = run_text(&program, "apia.scenario", scenario);
    assert!(run.failures.is_empty(), "{:?}", run.failures);
}

const TWO_PLACES: &str = r#"contract "Two Places"
  issuer Company = "Example Co." in America/New_York
  holder Holder  = "Jane Q. Investor" in America/Los_Angeles
  business days: nyse
  local time: America/New_York

event Exercise Notice from Holder as notice
event Redemption Notice from Company to Holder as notice

section 8 "Notices"
  notice by email is deemed given when sent, or the next business day if sent after 17:00 recipient's time
  on Exercise Notice as n:
    refuse "never" when no
  on Redemption Notice as r:
    refuse "never" when no
"#;

#[test]
fn a_cut_off_in_the_recipients_time_is_read_where_the_notice_is_received() {
    let program = crate::support::check_text("places.pactum", TWO_PLACES).unwrap();
    // Both notices are sent at the same instant, 17:30 in New York (14:30 in
    // Los Angeles). The Company receives in New York: after its 17:00, so the
    // next business day. The Holder receives in Los Angeles: before its 17:00.
    let run = crate::support::run_text(
        &program,
        "places.scenario",
        "scenario \"s\"\ncontract \"places.pactum\"\n2025-03-03 14:30 America/Los_Angeles  Exercise Notice { by: email }\n  expect event.deemed_date = 2025-03-04\n2025-03-03 17:30  Redemption Notice { by: email }\n  expect event.deemed_date = 2025-03-03\n",
    );
    assert!(run.failures.is_empty(), "{:?}", run.failures);
    assert_eq!(run.checked, 2);
    let report = pactum::testing::render_run(&program, &run);
    assert!(
        report.contains(
            "after the 17:00 cut-off in the recipient's time, America/New_York: next business day"
        ),
        "{report}"
    );
}

#[test]
fn a_cut_off_in_the_recipients_time_needs_a_recipient_and_a_place() {
    // The Holder's place is not stated.
    let text = TWO_PLACES.replace(" in America/Los_Angeles", "");
    let error = crate::support::check_text("places.pactum", &text).unwrap_err();
    assert!(error.contains("pactum::check::not_here"), "{error}");
    assert!(
        error.contains("needs each notice's recipient and where it is"),
        "{error}"
    );
    assert!(
        error.contains("`Redemption") && !error.contains("`Exercise"),
        "{error}"
    );
}
