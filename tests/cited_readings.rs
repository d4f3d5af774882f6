//! Statements that rely on several readings (`per readings R2, R5`): each id
//! is checked, each is reported as relied on (text, JSON, Markdown, HTML),
//! an `either` keeps exactly one, the formatter keeps the form, and the
//! editor index finds each id.

use pactum::format::format_clause_file;
use pactum::ide::Analysis;
use pactum::report::entry_json;
use pactum::testing::render_run;

use crate::support::{check_text, run_text};

const LOAN: &str = r#"contract "Loan Note"
  issuer Borrower = "Borrower Inc."
  holder Lender   = "Lender Bank N.A."
  business days: nyse
  local time: America/New_York
state drawn : USD = USD 0
event Advance { amount: USD }
section 1 "Advances"
  reading R2 "cap": """We read the cap as applying to each advance."""
  reading R5 "currency": """We read amounts as US dollars."""
  reading R7 "total": """We read "drawn" as the sum of every advance."""
  on Advance as a:
    refuse "too large" when a.amount > USD 1,000.00 per readings R2, R5
    set drawn = drawn + a.amount per readings R7 and R2
"#;

const SCENARIO: &str = "scenario \"s\"\ncontract \"loan.pactum\"\n2025-01-02 10:00  Advance { amount: USD 500.00 }\n  expect accepted\n2025-01-03 10:00  Advance { amount: USD 5,000.00 }\n  expect refused \"too large\"\n";

fn loan_run() -> (pactum::program::Program, pactum::testing::ScenarioRun) {
    let program = check_text("loan.pactum", LOAN).unwrap();
    let run = run_text(&program, "s.scenario", SCENARIO);
    assert!(run.failures.is_empty(), "{:?}", run.failures);
    (program, run)
}

#[test]
fn a_refuse_and_a_set_list_every_reading_they_rely_on() {
    let (program, run) = loan_run();
    let report = render_run(&program, &run);
    // The set relied on R7 then R2, in the order written; the refusal on R2 then R5.
    let set = report.find("relied on reading R7 (total)").unwrap();
    assert!(report[set..].starts_with("relied on reading R7 (total)\n"));
    assert!(report.contains("relied on reading R2 (cap)"), "{report}");
    assert!(
        report.contains("relied on reading R5 (currency)"),
        "{report}"
    );
    insta::assert_snapshot!(report);
}

#[test]
fn json_lists_each_reading_in_the_order_written() {
    let (program, run) = loan_run();
    let accepted = serde_json::to_value(entry_json(&program, &run.entries[0])).unwrap();
    assert_eq!(accepted["readings"], serde_json::json!(["R7", "R2"]));
    let refused = serde_json::to_value(entry_json(&program, &run.entries[1])).unwrap();
    assert_eq!(refused["readings"], serde_json::json!(["R2", "R5"]));
}

#[test]
fn markdown_and_html_list_each_reading() {
    let (program, run) = loan_run();
    let whole = pactum::report::WholeRun {
        scenario: Some("s"),
        stream: "s.scenario",
        entries: &run.entries,
        summary: &run.summary,
        stopped: None,
    };
    let markdown = pactum::report::render_markdown(&program, &whole);
    for id in [
        "reading **R2 (cap)**",
        "reading **R5 (currency)**",
        "reading **R7 (total)**",
    ] {
        assert!(markdown.contains(id), "{id} missing:\n{markdown}");
    }
    let html = pactum::report::render_html(&program, &whole);
    // R2 is relied on by both events, R5 and R7 by one each.
    for (cited, times) in [("R2 (cap)", 2), ("R5 (currency)", 1), ("R7 (total)", 1)] {
        let line = format!("<strong>relied on reading {cited}</strong>");
        assert_eq!(html.matches(&line).count(), times, "{cited}:\n{html}");
    }
}

#[test]
fn every_place_a_reading_is_cited_takes_several() {
    let text = r#"contract "Loan Note"
  issuer Borrower = "Borrower Inc."
  holder Lender   = "Lender Bank N.A."
  dated 2025-01-01
  term starts: 2025-01-02 per readings R1, R2
  business days: nyse per readings R1 and R2
  trading days: nyse per readings R2, R1
  short months: end of month per readings R1, and R2
  local time: America/New_York
record advance { amount: USD }
event Advance { amount: USD }
event Repayment from Borrower
section 1 "Advances"
  reading R1 "one": """One."""
  reading R2 "two": """Two."""
  notice by mail is deemed given 3 business days after sent per readings R1, R2
  on Advance as a:
    open advance as x
    Borrower must "repay" as repayment by Repayment within 1 month after a.date per readings R2, R1
  on Repayment, for each advance as x per readings R1, R2:
    set x.amount = USD 0 per readings R2, R1
"#;
    let program = check_text("all.pactum", text).unwrap();
    assert_eq!(program.calendar_readings, [0, 1]);
    assert_eq!(program.trading_readings, [1, 0]);
    assert_eq!(program.short_months_readings, [0, 1]);
    assert_eq!(program.term_start.as_ref().unwrap().readings, [0, 1]);
    assert_eq!(program.notice_rules[0].readings, [0, 1]);
}

#[test]
fn an_unknown_second_id_is_reported_on_that_id() {
    let text = LOAN.replace("per readings R2, R5", "per readings R2, R9");
    let error = check_text("loan.pactum", &text).unwrap_err();
    assert!(error.contains("pactum::check::unknown_name"), "{error}");
    // The diagnostic points at `R9` (line and column of the id), not at the clause.
    let (number, line) = text
        .lines()
        .enumerate()
        .find(|(_, line)| line.contains("per readings R2, R9"))
        .unwrap();
    let column = line.find("R9").unwrap() + 1;
    assert!(
        error.contains(&format!("[loan.pactum:{}:{column}]", number + 1)),
        "{error}"
    );
}

#[test]
fn an_either_is_weighed_by_one_reading_only() {
    let header = "contract \"C\"\n  holder Holder = \"H\"\n  local time: UTC\n";
    let section =
        "section 1 \"S\"\n  reading R1 \"one\": \"\"\"One.\"\"\"\n  reading R2 \"two\": \"\"\"Two.\"\"\"\n";
    for (what, body) in [
        (
            "a calendar",
            "  business days: either nyse | us-banks per readings R1, R2\n".to_string(),
        ),
        (
            "a defined term",
            "  business days: nyse\ndefine Period = either 5 business days | 5 calendar days per readings R1 and R2\n".to_string(),
        ),
        (
            "a rounding mode",
            "  business days: nyse\ndefine Price = round(USD 1.545, cents, either half up | half even per readings R1)\n".to_string(),
        ),
    ] {
        let text = format!("{header}{body}{section}");
        let error = check_text("c.pactum", &text).unwrap_err();
        assert!(
            error.contains("pactum::syntax::either_readings"),
            "{what}: {error}"
        );
        assert!(error.contains("per reading ID"), "{what}: {error}");
        // The singular still checks.
        let singular = text
            .replace("per readings R1, R2", "per reading R1")
            .replace("per readings R1 and R2", "per reading R1")
            .replace("per readings R1", "per reading R1");
        check_text("c.pactum", &singular).unwrap_or_else(|e| panic!("{what}: {e}"));
    }
}

#[test]
fn the_formatter_keeps_several_readings() {
    let messy = LOAN
        .replace("per readings R2, R5", "per   readings  R2 ,R5")
        .replace("per readings R7 and R2", "per readings R7   and R2");
    let formatted = format_clause_file(&messy, "loan.pactum").unwrap();
    assert!(formatted.contains("per readings R2 ,R5") || formatted.contains("per readings R2, R5"));
    assert!(formatted.contains("per readings R7 and R2"), "{formatted}");
    // Formatting the canonical file changes nothing.
    assert_eq!(format_clause_file(LOAN, "loan.pactum").unwrap(), LOAN);
    assert_eq!(
        format_clause_file(&formatted, "loan.pactum").unwrap(),
        formatted
    );
}

#[test]
fn the_editor_finds_each_cited_reading() {
    let analysis = Analysis::of_clause_file("loan.pactum", LOAN);
    let cited = LOAN.find("per readings R2, R5").unwrap();
    let second = cited + "per readings R2, ".len();
    let symbol = analysis.definition(second).unwrap();
    assert_eq!(symbol.name, "R5");
    let first = analysis.definition(cited + "per readings ".len()).unwrap();
    assert_eq!(first.name, "R2");
    // R2 is cited twice: by the refusal and, second, by the set.
    let uses = analysis.references(cited + "per readings ".len(), false);
    assert_eq!(uses.len(), 2, "{uses:?}");
    let and_r2 = LOAN.find("R7 and R2").unwrap() + "R7 and ".len();
    assert!(uses.iter().any(|span| span.start == and_r2), "{uses:?}");
}

#[test]
fn a_let_cites_readings_for_the_updates_and_the_refusals_that_use_it() {
    let text = LOAN.replace(
        "  on Advance as a:\n",
        "  on Advance as a:\n    let fee = a.amount * 1% per reading R5\n    refuse \"fee too large\" when fee > USD 20.00\n",
    );
    let program = check_text("loan.pactum", &text).unwrap();
    let scenario = "scenario \"s\"\ncontract \"loan.pactum\"\n2025-01-02 10:00  Advance { amount: USD 500.00 }\n  expect accepted\n2025-01-03 10:00  Advance { amount: USD 2,500.00 }\n  expect refused \"fee too large\"\n";
    let run = run_text(&program, "s.scenario", scenario);
    assert!(run.failures.is_empty(), "{:?}", run.failures);
    let report = render_run(&program, &run);
    // Accepted: the let ran with the updates. Refused: the refusal used it.
    let (accepted, refused) = report.split_once("2025-01-03").unwrap();
    assert!(
        accepted.contains("relied on reading R5 (currency)"),
        "{report}"
    );
    assert!(
        refused.contains("REFUSED by §1 Advances: fee too large"),
        "{report}"
    );
    assert!(
        refused.contains("relied on reading R5 (currency)"),
        "{report}"
    );
}
