//! The JSON Schemas in `docs/` are the ones the report types generate; every
//! example scenario's JSON report (and a JSON Lines run's) validates against
//! `docs/report.schema.json`; `pactum test --format json` and `--format junit`
//! on a folder with a passing, a failing and a broken scenario.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{read, root};

fn pactum_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// A schema in `docs/` against what `pactum schema WHICH` prints now.
fn assert_schema_current(which: &str, file: &str) {
    let output = pactum_in(&root(), &["schema", which]);
    assert!(output.status.success(), "{output:?}");
    let generated = stdout(&output);
    let committed = read(&root().join("docs").join(file));
    assert!(
        committed == generated,
        "docs/{file} differs from what the types in src/ generate; regenerate it with\n  \
         cargo run -q -- schema {which} > docs/{file}\nand read the diff before committing it"
    );
}

#[test]
fn the_report_schema_in_docs_is_up_to_date() {
    assert_schema_current("report", "report.schema.json");
}

#[test]
fn the_test_results_schema_in_docs_is_up_to_date() {
    assert_schema_current("test-results", "test-results.schema.json");
}

fn validator(file: &str) -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&read(&root().join("docs").join(file))).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, what: &str, json: &str) {
    let document: serde_json::Value = serde_json::from_str(json)
        .unwrap_or_else(|error| panic!("{what}: not JSON ({error}): {json}"));
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

fn scenarios_under(folder: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            scenarios_under(&entry, found);
        } else if entry.extension().is_some_and(|e| e == "scenario") {
            found.push(entry);
        }
    }
}

/// Every scenario in every folder under `examples/`, run with `--format json`:
/// each complete report validates. A scenario that expects a diagnostic stops
/// before its report is complete, so it has none to validate.
#[test]
fn every_example_report_validates_against_the_schema() {
    let validator = validator("report.schema.json");
    let mut found = Vec::new();
    scenarios_under(&root().join("examples"), &mut found);
    let mut validated = 0;
    for scenario in &found {
        let text = read(scenario);
        if text.contains("expect error") {
            continue;
        }
        let contract = text
            .lines()
            .find_map(|l| l.strip_prefix("contract \""))
            .and_then(|l| l.strip_suffix('"'))
            .unwrap();
        let contract = scenario.parent().unwrap().join(contract);
        let output = pactum_in(
            &root(),
            &[
                "run",
                contract.to_str().unwrap(),
                scenario.to_str().unwrap(),
                "--format",
                "json",
            ],
        );
        let what = scenario.display().to_string();
        assert!(output.status.success(), "{what}: {output:?}");
        let json = stdout(&output);
        assert!(json.contains("\"schema_version\":1,"), "{what}");
        assert_valid(&validator, &what, &json);
        validated += 1;
    }
    // The examples hold about eighty scenarios; a walk that finds few is broken.
    assert!(validated > 50, "only {validated} reports validated");
}

/// A stream's report (`scenario` null, a notice that opens an instance, a
/// tender deadline that passes, a refusal) validates too; and an invalid
/// document does not.
#[test]
fn a_json_lines_report_validates_and_a_broken_one_does_not() {
    let dir = std::env::temp_dir().join(format!("pactum-schema-stream-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let stream = [
        r#"{"time": "2002-06-03 10:00", "event": "Notice of Exercise", "fields": {"by": "fax", "shares": 25000}}"#,
        r#"{"time": "2002-06-20T14:00:00Z", "event": "time passes"}"#,
        r#"{"time": "2002-06-21 10:00", "event": "Notice of Exercise", "fields": {"by": "fax", "shares": 500}}"#,
    ]
    .join("\n");
    std::fs::write(dir.join("events.jsonl"), stream).unwrap();
    let seed = root().join("examples/focus-warrant-2001/warrant.pactum");
    let output = pactum_in(
        &dir,
        &[
            "run",
            seed.to_str().unwrap(),
            "events.jsonl",
            "--format",
            "json",
        ],
    );
    let json = stdout(&output);
    let validator = validator("report.schema.json");
    assert_valid(&validator, "stream", &json);
    assert!(json.contains(r#""kind":"deadline_passed""#), "{json}");
    assert!(json.contains(r#""result":"refused""#), "{json}");
    // The schema is strict: an unknown key, a number as an amount, or a
    // wrong version fails.
    for (from, to) in [
        (r#""complete":true"#, r#""complete":true,"extra":1"#),
        (r#""amount":"25000""#, r#""amount":25000"#),
        (r#""schema_version":1"#, r#""schema_version":2"#),
        (r#""result":"refused""#, r#""result":"declined""#),
    ] {
        assert!(json.contains(from), "{from}");
        let broken: serde_json::Value = serde_json::from_str(&json.replacen(from, to, 1)).unwrap();
        assert!(!validator.is_valid(&broken), "{to} passed");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A folder of the tutorial's contract with a passing, a failing and a
/// broken scenario, their snapshots accepted first.
fn suite() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pactum-schema-suite-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let scenarios = dir.join("tutorial/scenarios");
    std::fs::create_dir_all(&scenarios).unwrap();
    std::fs::copy(
        root().join("examples/tutorial/warrant.pactum"),
        dir.join("tutorial/warrant.pactum"),
    )
    .unwrap();
    let below = read(&root().join("examples/tutorial/scenarios/02-below-minimum.scenario"));
    std::fs::write(scenarios.join("01-passes.scenario"), &below).unwrap();
    let failing = below.replace(
        "expect remaining = 10,000 shares",
        "expect remaining = 9,500 shares",
    );
    assert_ne!(failing, below);
    std::fs::write(scenarios.join("02-fails.scenario"), failing).unwrap();
    std::fs::write(
        scenarios.join("03-broken.scenario"),
        "scenario \"an event the warrant does not know\"\ncontract \"../warrant.pactum\"\n\n2025-03-03 10:00  Gift { shares: 5 shares }\n",
    )
    .unwrap();
    let accepted = pactum_in(&dir, &["test", "--accept", "tutorial"]);
    assert!(!accepted.status.success());
    dir
}

#[test]
fn test_results_as_json() {
    let dir = suite();
    let output = pactum_in(&dir, &["test", "--format", "json", "tutorial"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let json = stdout(&output);
    assert_valid(
        &validator("test-results.schema.json"),
        "test results",
        &json,
    );
    // Standard error has the broken scenario's diagnostic, as in text.
    assert!(String::from_utf8_lossy(&output.stderr).contains("Gift"));
    insta::assert_snapshot!("test_results_json", json);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn test_results_as_junit_xml() {
    let dir = suite();
    let output = pactum_in(&dir, &["test", "--format", "junit", "tutorial"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let xml = stdout(&output);
    // Well-formed XML: every element read to the end, and the counts CI shows.
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut cases, mut failures, mut errors) = (0, 0, 0);
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                match e.name().as_ref() {
                    b"testcase" => cases += 1,
                    b"failure" => failures += 1,
                    b"error" => errors += 1,
                    _ => {}
                }
            }
            _ => {}
        }
    }
    assert_eq!((cases, failures, errors), (3, 1, 1), "{xml}");
    insta::assert_snapshot!("test_results_junit", xml);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn test_formats_refuse_what_they_cannot_do() {
    let dir = root();
    let readings = pactum_in(
        &dir,
        &[
            "test",
            "--readings",
            "--format",
            "junit",
            "examples/tutorial",
        ],
    );
    assert_eq!(readings.status.code(), Some(2), "{readings:?}");
    let review = pactum_in(
        &dir,
        &["test", "--review", "--format", "json", "examples/tutorial"],
    );
    assert_eq!(review.status.code(), Some(2), "{review:?}");
}
