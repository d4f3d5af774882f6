//! HTML and Markdown reports: every seed scenario's timeline checked against
//! its JSON report (one mark per event, one bar per obligation with the status
//! it ended in), Markdown snapshots, an incomplete run, text that needs
//! escaping, and `pactum test --html DIR`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use scraper::{Html, Selector};
use serde_json::Value;

use crate::support::{pactum, root};

const SEED: &str = "examples/focus-warrant-2001/warrant.pactum";

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn seed_scenarios() -> Vec<String> {
    let dir = root().join("examples/focus-warrant-2001/scenarios");
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "scenario"))
        .map(|path| {
            format!(
                "examples/focus-warrant-2001/scenarios/{}",
                path.file_name().unwrap().to_string_lossy()
            )
        })
        .collect();
    found.sort();
    found
}

fn select(selector: &str) -> Selector {
    Selector::parse(selector).unwrap()
}

/// An obligation as the JSON report names it: `exercise 1 tender`, and its deadline.
type ObligationKey = (String, String);

/// What the JSON report says the timeline must show: the line of each event
/// entry in order, how many were deemed given, and each obligation's last status.
struct Expected {
    lines: Vec<String>,
    deemed: usize,
    obligations: BTreeMap<ObligationKey, String>,
}

fn expected_from_json(report: &Value) -> Expected {
    let label = |name: &Value, instance: &Value| match instance.as_str() {
        Some(instance) => format!("{instance} {}", name.as_str().unwrap()),
        None => name.as_str().unwrap().to_string(),
    };
    let mut expected = Expected {
        lines: Vec::new(),
        deemed: 0,
        obligations: BTreeMap::new(),
    };
    for entry in report["entries"].as_array().unwrap() {
        match entry["kind"].as_str().unwrap() {
            "event" => {
                expected.lines.push(entry["line"].to_string());
                if !entry["deemed_given"].is_null() {
                    expected.deemed += 1;
                }
                for note in entry["obligations"].as_array().unwrap() {
                    let status = match note["status"].as_str().unwrap() {
                        "performed" => "met",
                        other => other,
                    };
                    expected.obligations.insert(
                        (
                            label(&note["name"], &note["instance"]),
                            note["deadline"].as_str().unwrap().to_string(),
                        ),
                        status.to_string(),
                    );
                }
            }
            "deadline_passed" => {
                let key = (
                    label(&entry["obligation"], &entry["instance"]),
                    entry["deadline"].as_str().unwrap().to_string(),
                );
                assert!(expected.obligations.contains_key(&key), "{key:?}");
                expected.obligations.insert(key, "breached".to_string());
            }
            other => panic!("unknown entry kind {other}"),
        }
    }
    expected
}

#[test]
fn every_seed_scenario_timeline_has_one_mark_per_event_and_one_bar_per_obligation() {
    let scenarios = seed_scenarios();
    assert!(scenarios.len() >= 30, "{scenarios:?}");
    let mut bars_seen = 0;
    let mut statuses_seen = std::collections::BTreeSet::new();
    for scenario in &scenarios {
        let json = pactum(&["run", SEED, scenario, "--format", "json"]);
        let html = pactum(&["run", SEED, scenario, "--format", "html"]);
        assert_eq!(json.status.code(), html.status.code(), "{scenario}");
        let expected = expected_from_json(&serde_json::from_slice(&json.stdout).unwrap());
        let page = Html::parse_document(&stdout(&html));
        let svg = page.select(&select("svg.timeline")).count();
        assert_eq!(svg, 1, "{scenario}: one timeline");
        let lines: Vec<String> = page
            .select(&select("svg.timeline g.event-mark"))
            .map(|mark| mark.value().attr("data-line").unwrap().to_string())
            .collect();
        assert_eq!(lines, expected.lines, "{scenario}: event marks");
        let deemed = page.select(&select("svg.timeline g.deemed-mark")).count();
        assert_eq!(deemed, expected.deemed, "{scenario}: deemed marks");
        let mut bars = BTreeMap::new();
        for bar in page.select(&select("svg.timeline g.obligation-bar")) {
            let statuses: Vec<&str> = bar
                .value()
                .classes()
                .filter_map(|class| class.strip_prefix("status-"))
                .collect();
            assert_eq!(statuses.len(), 1, "{scenario}: {statuses:?}");
            let key = (
                bar.value().attr("data-obligation").unwrap().to_string(),
                bar.value().attr("data-deadline").unwrap().to_string(),
            );
            let earlier = bars.insert(key.clone(), statuses[0].to_string());
            assert!(earlier.is_none(), "{scenario}: two bars for {key:?}");
            bars_seen += 1;
            statuses_seen.insert(statuses[0].to_string());
        }
        assert_eq!(bars, expected.obligations, "{scenario}: obligation bars");
    }
    // The suite covers every status, so every colour was checked somewhere.
    assert!(bars_seen > 20, "{bars_seen}");
    for status in ["met", "late", "breached", "open"] {
        assert!(statuses_seen.contains(status), "{status} never seen");
    }
}

#[test]
fn the_timeline_shades_the_closed_days_it_spans() {
    // Thanksgiving 2002 falls between the exercise and the tender.
    let html = pactum(&[
        "run",
        SEED,
        "examples/focus-warrant-2001/scenarios/04a-tender-on-time-thanksgiving.scenario",
        "--format",
        "html",
    ]);
    let page = Html::parse_document(&stdout(&html));
    let closed: Vec<String> = page
        .select(&select("svg.timeline g.closure"))
        .map(|g| g.value().attr("data-date").unwrap().to_string())
        .collect();
    assert!(closed.contains(&"2002-11-28".to_string()), "{closed:?}");
    // Weekends are not shaded.
    assert!(!closed.contains(&"2002-11-23".to_string()), "{closed:?}");
    let text = stdout(&html);
    assert!(!text.contains("<script"), "no scripts");
    assert!(!text.contains("http://") || text.matches("http://").count() == 1);
    assert!(text.contains("@media print") && text.contains("@page"));
}

#[test]
fn markdown_report_of_the_full_exercise() {
    let output = pactum(&[
        "run",
        SEED,
        "examples/focus-warrant-2001/scenarios/01-full-exercise.scenario",
        "--format",
        "markdown",
    ]);
    assert!(output.status.success());
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn markdown_report_of_a_refused_exercise() {
    let output = pactum(&[
        "run",
        SEED,
        "examples/focus-warrant-2001/scenarios/02-below-minimum.scenario",
        "--format",
        "markdown",
    ]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.contains("REFUSED by §2(c) Minimum exercise"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_run_that_fails_part_way_says_so_at_the_top_and_where_it_stopped_and_exits_1() {
    for format in ["html", "markdown"] {
        let output = pactum(&[
            "run",
            "tests/fixtures/eval/contract.pactum",
            "tests/fixtures/eval/fault-division-by-zero.scenario",
            "--format",
            format,
        ]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("division_by_zero"),
            "{format}"
        );
        let text = stdout(&output);
        assert!(
            text.matches("REPORT INCOMPLETE").count() >= 2,
            "{format}: {text}"
        );
        assert!(!text.contains("End of the run"), "{format}: no final state");
        if format == "html" {
            let page = Html::parse_document(&text);
            let first = page
                .select(&select("body > *"))
                .next()
                .unwrap()
                .value()
                .classes()
                .collect::<Vec<_>>();
            assert_eq!(first, ["incomplete-banner"]);
            let row = page
                .select(&select("table.events tr.incomplete-row"))
                .count();
            assert_eq!(row, 1);
        } else {
            assert!(text.lines().nth(2).unwrap().contains("REPORT INCOMPLETE"));
        }
    }
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pactum-html-tests-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn titles_reasons_and_pipes_are_escaped() {
    let dir = scratch_dir("escape");
    let contract = std::fs::read_to_string(root().join("tests/fixtures/eval/contract.pactum"))
        .unwrap()
        .replace("contract \"Loan Note\"", "contract \"Loan <Note> & Co\"")
        .replace(
            "refuse \"nothing is owed\"",
            "refuse \"nothing <b>is</b> owed | yet\"",
        );
    std::fs::write(dir.join("contract.pactum"), contract).unwrap();
    std::fs::write(
        dir.join("refused.scenario"),
        "scenario \"a <i>refused</i> repayment\"\ncontract \"contract.pactum\"\n\n\
         2003-03-03 10:00  Repayment { amount: USD 100.00 }\n",
    )
    .unwrap();
    let run = |format: &str| {
        let output = pactum(&[
            "run",
            dir.join("contract.pactum").to_str().unwrap(),
            dir.join("refused.scenario").to_str().unwrap(),
            "--format",
            format,
        ]);
        assert!(output.status.success(), "{output:?}");
        stdout(&output)
    };
    let html = run("html");
    assert!(html.contains("Loan &lt;Note&gt; &amp; Co"), "{html}");
    assert!(html.contains("nothing &lt;b&gt;is&lt;/b&gt; owed | yet"));
    assert!(html.contains("a &lt;i&gt;refused&lt;/i&gt; repayment"));
    let page = Html::parse_document(&html);
    assert_eq!(page.select(&select("b, i")).count(), 0);
    let markdown = run("markdown");
    let row = markdown
        .lines()
        .find(|line| line.contains("REFUSED by"))
        .unwrap();
    assert!(row.contains("owed \\| yet"), "{row}");
    assert!(row.contains("&lt;b>is&lt;/b>"), "{row}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn test_html_writes_one_report_per_scenario_and_an_index() {
    let dir = scratch_dir("suite");
    let out = dir.join("reports");
    let first = "examples/focus-warrant-2001/scenarios/01-full-exercise.scenario";
    let second = "examples/focus-warrant-2001/scenarios/02-below-minimum.scenario";
    let output = pactum(&[
        "test",
        "--check",
        "--html",
        out.to_str().unwrap(),
        first,
        second,
    ]);
    assert!(output.status.success(), "{}", stdout(&output));
    assert!(stdout(&output).ends_with("2 passed, 0 failed\n"));
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "01-full-exercise.html",
            "02-below-minimum.html",
            "index.html"
        ]
    );
    // Nothing beside the reports folder either.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    let index = Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    let rows: Vec<(String, String)> = index
        .select(&select("table.index tbody tr"))
        .map(|row| {
            let cells: Vec<String> = row
                .select(&select("td"))
                .map(|td| td.text().collect())
                .collect();
            (cells[1].clone(), cells[2].clone())
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("PASS".to_string(), "01-full-exercise.html".to_string()),
            ("PASS".to_string(), "02-below-minimum.html".to_string())
        ]
    );
    let report = std::fs::read_to_string(out.join("02-below-minimum.html")).unwrap();
    assert!(report.contains("REFUSED by §2(c) Minimum exercise"));
    assert!(!Path::new(&root().join(format!("{second}.html"))).exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_stream_that_cannot_be_read_past_a_record_gives_an_incomplete_page() {
    let dir = scratch_dir("stream");
    let stream = dir.join("events.jsonl");
    std::fs::write(
        &stream,
        concat!(
            "{\"time\": \"2002-06-03 10:00\", \"event\": \"Jury Trial Demanded\"}\n",
            "{\"time\": \"2002-06-03 11:00\", \"event\": \"Rule 144 Available\"}\n",
            "{\"time\": \"2002-06-02 10:00\", \"event\": \"Rule 144 Available\"}\n",
        ),
    )
    .unwrap();
    let output = pactum(&["run", SEED, stream.to_str().unwrap(), "--format", "html"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("pactum::input::out_of_order"));
    let text = stdout(&output);
    assert!(text.contains("REPORT INCOMPLETE: the stream could not be read past this point"));
    let page = Html::parse_document(&text);
    let lines: Vec<&str> = page
        .select(&select("svg.timeline g.event-mark"))
        .map(|mark| mark.value().attr("data-line").unwrap())
        .collect();
    assert_eq!(lines, ["1", "2"]);
    // A stream whose first record is wrong writes no page at all.
    std::fs::write(&stream, "{\"time\": \"not a time\"}\n").unwrap();
    let output = pactum(&[
        "run",
        SEED,
        stream.to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}
