//! What a lawyer reads in a report: fractions as mixed numbers, split ratios
//! in words, and each event's changes with the whole state once at the end.

use pactum::report::{entry_json, render_summary, summary_json};
use pactum::testing::render_run;

use crate::support::{check_text, run_text};

const SPLIT: &str = "contract \"Split\"\n  holder Holder = \"H\"\n  business days: nyse\n  local time: America/New_York\nstate price : USD per share = USD 1.54 per share\nstate remaining : shares = 25,000 shares\nstate last split : ratio = 1:1\nevent Stock Split { ratio: ratio }\nsection 6 \"Adjustments\"\n  on Stock Split as s:\n    set price = price / s.ratio\n    set remaining = remaining * s.ratio\n    set last split = s.ratio\n";

fn split_run(ratio: &str) -> (pactum::program::Program, pactum::testing::ScenarioRun) {
    let program = check_text("split.pactum", SPLIT).unwrap();
    let scenario = format!(
        "scenario \"s\"\ncontract \"split.pactum\"\n2002-03-15 09:00  Stock Split {{ ratio: {ratio} }}\n  expect accepted\n  expect last split = {ratio}\n"
    );
    let run = run_text(&program, "s.scenario", &scenario);
    assert!(run.failures.is_empty(), "{:?}", run.failures);
    (program, run)
}

#[test]
fn a_split_ratio_is_shown_in_words_and_works_as_a_number() {
    let (program, run) = split_run("3:2");
    let report = render_run(&program, &run);
    assert!(report.contains("Stock Split (ratio 3-for-2)"), "{report}");
    assert!(
        report.contains("§6 last split: 1-for-1 → 3-for-2"),
        "{report}"
    );
    assert!(
        report.contains("§6 price: USD 1.54 per share → USD 1 2/75 (≈1.0266666667) per share"),
        "{report}"
    );
    assert!(
        report.contains("§6 remaining: 25,000 shares → 37,500 shares"),
        "{report}"
    );
    let (program, run) = split_run("1:10");
    let report = render_run(&program, &run);
    assert!(report.contains("(ratio 1-for-10)"), "{report}");
    assert!(
        report.contains("last split: 1-for-1 → 1-for-10"),
        "{report}"
    );
    // A ratio written as a number is the same ratio.
    let (program, run) = split_run("1.5");
    assert!(render_run(&program, &run).contains("(ratio 3-for-2)"));
}

#[test]
fn json_gives_a_ratio_as_a_string_and_fractions_exactly() {
    let (program, run) = split_run("3:2");
    let entry = serde_json::to_value(entry_json(&program, &run.entries[0])).unwrap();
    assert_eq!(entry["fields"]["ratio"], "3:2");
    assert_eq!(entry["state"]["last split"], "3:2");
    assert_eq!(entry["changes"][2]["after"], "3:2");
    assert_eq!(entry["state"]["price"]["amount"], "77/75");
    let summary = serde_json::to_value(summary_json(&program, &run.summary)).unwrap();
    assert_eq!(summary["state"]["last split"], "3:2");
}

#[test]
fn shares_show_a_mixed_number_without_an_approximation() {
    let program = check_text(
        "third.pactum",
        "contract \"T\"\n  holder Holder = \"H\"\n  business days: nyse\n  local time: UTC\nstate allotment : shares = 0 shares\nevent Allot { pool: shares }\nsection 1 \"Allot\"\n  on Allot as a:\n    set allotment = a.pool / 3\n",
    )
    .unwrap();
    let run = run_text(
        &program,
        "t.scenario",
        "scenario \"t\"\ncontract \"third.pactum\"\n2025-01-02 10:00  Allot { pool: 50,000 shares }\n",
    );
    let report = render_run(&program, &run);
    assert!(
        report.contains("§1 allotment: 0 shares → 16,666 2/3 shares\n"),
        "{report}"
    );
}

#[test]
fn event_blocks_list_changes_and_the_end_gives_the_whole_state_once() {
    let (program, run) = split_run("3:2");
    let report = render_run(&program, &run);
    assert!(!report.contains("state:"), "{report}");
    let end = render_summary(&program, &run.summary);
    assert!(
        end.contains(
            "final state:\n  price USD 1 2/75 (≈1.0266666667) per share\n  remaining 37,500 shares\n  last split 3-for-2\n"
        ),
        "{end}"
    );
}

/// A deemed time the clocks skip or repeat says where it went, in words and in JSON.
#[test]
fn a_deemed_time_moved_by_a_clock_change_is_shown() {
    let folder = crate::support::root().join("examples/legal-time");
    let program = check_text(
        "notices-clock-changes.pactum",
        &crate::support::read(&folder.join("notices-clock-changes.pactum")),
    )
    .unwrap();
    let gap = "scenario \"g\"\ncontract \"x\"\n2025-03-06 02:30  Notice { by: mail }\n";
    let run = run_text(&program, "g.scenario", gap);
    let report = render_run(&program, &run);
    assert!(
        report.contains("deemed given 2025-03-09 03:00 EDT (§8 Notices: mail; 02:30 does not exist on 2025-03-09 in America/New_York, clocks jumped to 03:00)"),
        "{report}"
    );
    let entry = serde_json::to_value(entry_json(&program, &run.entries[0])).unwrap();
    let clock = &entry["deemed_given"]["clock_change"];
    assert_eq!(clock["kind"], "skipped");
    assert_eq!(clock["local"], "2025-03-09T02:30:00");
    assert_eq!(clock["moved_to"], "2025-03-09T03:00:00-04:00");

    let fold = "scenario \"f\"\ncontract \"x\"\n2025-10-30 01:30  Notice { by: mail }\n";
    let run = run_text(&program, "f.scenario", fold);
    let report = render_run(&program, &run);
    assert!(
        report.contains("01:30 happens twice on 2025-11-02 in America/New_York: took the first, 01:30 EDT (-04:00), not the second, 01:30 EST (-05:00)"),
        "{report}"
    );
    let entry = serde_json::to_value(entry_json(&program, &run.entries[0])).unwrap();
    let clock = &entry["deemed_given"]["clock_change"];
    assert_eq!(clock["kind"], "repeated");
    assert_eq!(clock["took"], "2025-11-02T01:30:00-04:00");
    assert_eq!(clock["not"], "2025-11-02T01:30:00-05:00");

    // A time that happens once moves nothing.
    let plain = "scenario \"p\"\ncontract \"x\"\n2025-03-10 02:30  Notice { by: mail }\n";
    let run = run_text(&program, "p.scenario", plain);
    let entry = serde_json::to_value(entry_json(&program, &run.entries[0])).unwrap();
    assert!(entry["deemed_given"]["clock_change"].is_null());
    assert!(!render_run(&program, &run).contains("does not exist"));
}

/// A ratio of zero describes no split: it is shown as the number it is.
#[test]
fn a_ratio_that_is_no_split_is_shown_as_a_number() {
    let contract = SPLIT.replace("set last split = s.ratio", "set last split = s.ratio - 1");
    let program = check_text("split.pactum", &contract).unwrap();
    let scenario =
        "scenario \"z\"\ncontract \"split.pactum\"\n2002-03-15 09:00  Stock Split { ratio: 1:1 }\n";
    let run = run_text(&program, "z.scenario", scenario);
    let report = render_run(&program, &run);
    assert!(report.contains("§6 last split: 1-for-1 → 0\n"), "{report}");
    let entry = serde_json::to_value(entry_json(&program, &run.entries[0])).unwrap();
    assert_eq!(entry["state"]["last split"]["amount"], "0");
    assert_eq!(entry["state"]["last split"]["unit"], "number");
    assert_eq!(entry["fields"]["ratio"], "1:1");
}

const LIMIT: &str = "contract \"Limit\"\n  holder Holder = \"H\"\n  business days: nyse\n  local time: America/New_York\ndefine Maximum Limit = 9.99%\ndefine Plain Limit = 0.0999\nstate limit : percent = 4.99%\nstate plain : number = 0.0499\nevent Limit Notice { limit: percent }\nsection 2 \"Limitation\"\n  on Limit Notice as l:\n    refuse \"at most {Maximum Limit} (not {Plain Limit})\" when l.limit > Maximum Limit\n    set limit = l.limit\n    set plain = l.limit\n";

#[test]
fn percentages_are_shown_as_written() {
    let program = check_text("limit.pactum", LIMIT).unwrap();
    let run = run_text(
        &program,
        "l.scenario",
        "scenario \"l\"\ncontract \"limit.pactum\"\n2025-04-03 09:00  Limit Notice { limit: 19.99% }\n  expect refused\n2025-04-04 09:00  Limit Notice { limit: 1/30 }\n  expect accepted\n",
    );
    assert!(run.failures.is_empty(), "{:?}", run.failures);
    let report = render_run(&program, &run);
    // A field and a state declared `percent` are shown as percentages; the
    // same number in a `number` state is not. A defined term written as a
    // percentage is quoted as one. One thirtieth is 3 1/3%, exactly.
    assert!(report.contains("Limit Notice (limit 19.99%)"), "{report}");
    assert!(
        report.contains("REFUSED by §2 Limitation: at most 9.99% (not 0.0999)"),
        "{report}"
    );
    assert!(report.contains("limit: 4.99% → 3 1/3%"), "{report}");
    assert!(report.contains("plain: 0.0499 → 1/30"), "{report}");
}

#[test]
fn an_editor_shows_a_percentage_term_as_written() {
    let analysis = pactum::ide::Analysis::of_clause_file("limit.pactum", LIMIT);
    let at = LIMIT.find("Maximum Limit =").unwrap();
    let (_, words) = analysis.hover(at).unwrap();
    assert!(words.contains("**Maximum Limit** = `9.99%`"), "{words}");
    let at = LIMIT.find("Plain Limit =").unwrap();
    let (_, words) = analysis.hover(at).unwrap();
    assert!(words.contains("**Plain Limit** = `0.0999`"), "{words}");
}
