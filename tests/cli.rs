//! The `pactum` binary as a user runs it: exit codes, hostile input, output
//! that does not depend on the machine.

use std::path::PathBuf;
use std::process::{Command, Output};

use crate::support::root;

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pactum-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

const SEED: &str = "examples/focus-warrant-2001/warrant.pactum";

#[test]
fn check_accepts_the_seed() {
    let output = pactum(&["check", SEED]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn test_command_ends_with_the_count_line() {
    let output = pactum(&["test", "examples/focus-warrant-2001"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let last = stdout.lines().last().unwrap();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(pactum(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(pactum(&["check"]).status.code(), Some(2));
    assert_eq!(pactum(&["run", SEED]).status.code(), Some(2));
}

#[test]
fn a_missing_file_is_a_diagnostic() {
    let output = pactum(&["check", "no/such/file.pactum"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("pactum::input::unreadable"),
        "{}",
        stderr(&output)
    );
}

/// Hostile input: each must give a diagnostic and exit 1, never crash (101).
#[test]
fn hostile_clause_files_exit_1_with_a_diagnostic() {
    let nested = format!(
        "contract \"x\"\n  local time: UTC\ndefine X = {}1{}\n",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    let long_chain = format!(
        "contract \"x\"\n  local time: UTC\ndefine X = 1{}\n",
        " + 1".repeat(20_000)
    );
    let negations = format!(
        "contract \"x\"\n  local time: UTC\ndefine X = {}1\n",
        "- ".repeat(20_000)
    );
    let mut big = String::from("contract \"big\"\n  local time: UTC\n  business days: nyse\n");
    let mut term = 0;
    while big.len() < 10 * 1024 * 1024 {
        term += 1;
        big.push_str(&format!(
            "define Term {term} = 1,000 shares + 2,000 shares * 3 -- filler comment\n"
        ));
    }
    big.push_str("define Broken = 1 shares + USD 1\n");
    let repeated = "contract \"x\"\n  local time: UTC\n  business days: nyse\n".to_string()
        + &"define Same = 1 shares\n".repeat(50_000);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.pactum", Vec::new(), "pactum::syntax::unexpected"),
        (
            "garbage.pactum",
            (0u8..=255).cycle().take(4096).collect(),
            "pactum::input::not_text",
        ),
        (
            "latin1.pactum",
            b"contract \"caf\xe9\"".to_vec(),
            "pactum::input::not_text",
        ),
        (
            "nested.pactum",
            nested.into_bytes(),
            "pactum::syntax::too_deep",
        ),
        (
            "chain.pactum",
            long_chain.into_bytes(),
            "pactum::syntax::too_large",
        ),
        (
            "negations.pactum",
            negations.into_bytes(),
            "pactum::syntax::too_deep",
        ),
        (
            "big.pactum",
            big.into_bytes(),
            "pactum::check::unit_mismatch",
        ),
        (
            "repeated.pactum",
            repeated.into_bytes(),
            "49979 more problems not shown",
        ),
    ];
    for (name, bytes, code) in cases {
        let path = scratch(name, &bytes);
        let output = pactum(&["check", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{name}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(code),
            "{name}: expected {code}, got {}",
            stderr(&output)
        );
    }
}

#[test]
fn hostile_scenarios_and_streams_exit_1() {
    let cases: Vec<(&str, &str, &str)> = vec![
        ("empty.scenario", "", "pactum::syntax::unexpected"),
        ("bad.jsonl", "{\"time\": \"2002-06-03 10:00\", \"event\": \"Notice of Exercise\"", "pactum::input::bad_json"),
        ("unknown.jsonl", "{\"time\": \"2002-06-03 10:00\", \"event\": \"Notice of Exercize\"}", "pactum::input::event_shape"),
        ("float.jsonl", "{\"time\": \"2002-06-03 10:00\", \"event\": \"Payment\", \"fields\": {\"amount\": 1e400, \"method\": \"cash\"}}", "pactum::input::event_shape"),
    ];
    for (name, text, code) in cases {
        let path = scratch(name, text.as_bytes());
        let output = pactum(&["run", SEED, path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{name}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(code),
            "{name}: expected {code}, got {}",
            stderr(&output)
        );
        assert!(
            output.stdout.is_empty(),
            "{name}: printed a report for input it could not read"
        );
    }
}

#[test]
fn json_lines_events_run() {
    let stream = concat!(
        "{\"time\": \"2002-06-03T10:00:00-04:00\", \"event\": \"Notice of Exercise\", \"fields\": {\"by\": \"fax\", \"shares\": 25000}}\n",
        "\n",
        "{\"time\": \"2002-06-05 11:00\", \"event\": \"Certificate Tendered\", \"fields\": {\"certificate\": \"Warrant Certificate 1\"}}\n",
        "{\"time\": \"2002-06-05 11:00\", \"event\": \"Payment\", \"fields\": {\"amount\": \"USD 38,500.00\", \"method\": \"certified check\"}}\n",
    );
    let path = scratch("events.jsonl", stream.as_bytes());
    let output = pactum(&["run", SEED, path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["complete"], true);
    assert_eq!(report["entries"].as_array().unwrap().len(), 3);
    assert_eq!(
        report["summary"]["state"]["amount paid"]["amount"],
        "38500.00"
    );
    assert_eq!(report["entries"][0]["outcome"]["result"], "accepted");
}

#[test]
fn diagnostics_have_no_colour_off_a_terminal() {
    let path = scratch(
        "colour.pactum",
        b"contract \"x\"\n  local time: Mars/Olympus\n",
    );
    let output = pactum(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        !stderr(&output).contains('\u{1b}'),
        "ANSI escape in piped output"
    );
}

/// Reports are the same bytes whatever the machine's zone and locale, for
/// every example scenario, in text and in JSON.
#[test]
fn reports_do_not_depend_on_the_host_time_zone() {
    let mut scenarios = Vec::new();
    let mut stack = vec![root().join("examples")];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "scenario") {
                scenarios.push(path);
            }
        }
    }
    assert!(scenarios.len() >= 40, "found {} scenarios", scenarios.len());
    for scenario in scenarios {
        let text = std::fs::read_to_string(&scenario).unwrap();
        let written = text
            .lines()
            .find(|l| l.starts_with("contract"))
            .unwrap()
            .split('"')
            .nth(1)
            .unwrap();
        let contract = scenario.parent().unwrap().join(written);
        // Both streams: a scenario that expects a diagnostic writes it to
        // standard error, and it must not depend on the host either.
        let run = |tz: &str, format: &str| {
            let output = Command::new(env!("CARGO_BIN_EXE_pactum"))
                .arg("run")
                .arg(&contract)
                .arg(&scenario)
                .args(["--format", format])
                .current_dir(root())
                .env("TZ", tz)
                .env("LC_ALL", "de_DE.UTF-8")
                .env("LANG", "ja_JP.UTF-8")
                .output()
                .unwrap();
            [output.stdout, output.stderr].concat()
        };
        for format in ["text", "json"] {
            let tokyo = run("Asia/Tokyo", format);
            assert!(!tokyo.is_empty(), "{}", scenario.display());
            assert_eq!(
                tokyo,
                run("America/Los_Angeles", format),
                "{} ({format})",
                scenario.display()
            );
        }
    }
}

#[test]
fn calendar_answers_by_hand_checks() {
    let output = pactum(&["calendar", "nyse", "--add-business-days", "2002-11-22", "5"]);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8(output.stdout).unwrap(), @r"
    2002-11-22 (Friday) + 5 business days on `nyse` = 2002-12-02 (Monday)
      skipped 2002-11-28 (Thursday): Thanksgiving Day
    ");
    let output = pactum(&[
        "calendar",
        "nyse",
        "--is-business-day",
        "2004-06-11",
        "--format",
        "json",
    ]);
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer["business_day"], false);
    let output = pactum(&["calendar", "us-banks", "--is-business-day", "2004-06-11"]);
    assert!(String::from_utf8(output.stdout)
        .unwrap()
        .contains("is a business day"));
    let output = pactum(&[
        "calendar", "nyse", "--from", "2004", "--to", "2005", "--format", "json",
    ]);
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let dates: Vec<&str> = list["closures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["date"].as_str().unwrap())
        .collect();
    assert!(
        dates.contains(&"2004-06-11")
            && dates.contains(&"2005-12-26")
            && !dates.contains(&"2004-12-31")
    );
    let output = pactum(&["calendar", "nyse", "--add-business-days", "2100-12-30", "5"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("pactum::calendar::range"));
    assert_eq!(
        pactum(&["calendar", "lse", "--from", "2004"]).status.code(),
        Some(2)
    );
    assert_eq!(
        pactum(&["calendar", "nyse", "--is-business-day", "2004-02-30"])
            .status
            .code(),
        Some(2)
    );
}

/// `pactum test | head -1`: a reader that stops early is not a crash.
#[test]
fn a_closed_pipe_is_not_a_panic() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["test", "examples/"])
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_ne!(output.status.code(), Some(101), "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
}

/// A scenario that expects a diagnostic passes under `test`, but `run` still
/// reports the diagnostic and fails: only `test` treats it as expected.
#[test]
fn an_expected_diagnostic_passes_test_but_not_run() {
    let scenario = "examples/legal-time/scenarios/time-in-clock-gap.scenario";
    let tested = pactum(&["test", scenario]);
    let stdout = String::from_utf8_lossy(&tested.stdout).to_string();
    assert_eq!(tested.status.code(), Some(0), "{stdout}{}", stderr(&tested));
    assert!(
        stdout.contains("PASS") && stdout.ends_with("1 passed, 0 failed\n"),
        "{stdout}"
    );
    let ran = pactum(&[
        "run",
        "examples/legal-time/notices-clock-changes.pactum",
        scenario,
    ]);
    assert_eq!(ran.status.code(), Some(1));
    assert!(
        stderr(&ran).contains("pactum::check::nonexistent_time"),
        "{}",
        stderr(&ran)
    );
}

/// Whether a JSON report entry is one `--summary` keeps, judged from the
/// whole report: a refusal, a passed deadline, a late or breached obligation,
/// a broken invariant.
fn is_exception(entry: &serde_json::Value) -> bool {
    entry["kind"] == "deadline_passed"
        || entry["outcome"]["result"] == "refused"
        || entry
            .get("invariants_broken")
            .is_some_and(|broken| broken.as_array().is_some_and(|b| !b.is_empty()))
        || entry["obligations"].as_array().is_some_and(|notes| {
            notes
                .iter()
                .any(|n| n["status"] == "late" || n["status"] == "breached")
        })
}

#[test]
fn summary_lists_exactly_the_exceptions_and_the_same_end_state() {
    let mut kept_somewhere = 0;
    for scenario in [
        "02-below-minimum",
        "04b-tender-late",
        "10a-spin-off-notice-late",
        "28-two-exercises-in-flight",
    ] {
        let events = format!("examples/focus-warrant-2001/scenarios/{scenario}.scenario");
        let whole = pactum(&["run", SEED, &events, "--format", "json"]);
        let listed = pactum(&["run", SEED, &events, "--format", "json", "--summary"]);
        assert!(
            whole.status.success() && listed.status.success(),
            "{scenario}"
        );
        let whole: serde_json::Value = serde_json::from_slice(&whole.stdout).unwrap();
        let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
        let expected: Vec<&serde_json::Value> = whole["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|entry| is_exception(entry))
            .collect();
        let got: Vec<&serde_json::Value> = listed["entries"].as_array().unwrap().iter().collect();
        assert_eq!(got, expected, "{scenario}");
        kept_somewhere += got.len();
        assert_eq!(listed["summary"], whole["summary"], "{scenario}");
        assert_eq!(listed["report"]["exceptions_only"], true);
        assert!(whole["report"].get("exceptions_only").is_none());
    }
    // The scenarios have refusals, breaches and late tenders to keep.
    assert!(kept_somewhere >= 4, "{kept_somewhere}");

    let text = pactum(&[
        "run",
        SEED,
        "examples/focus-warrant-2001/scenarios/02-below-minimum.scenario",
        "--summary",
    ]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("listed:   only refused events"), "{text}");
    assert!(text.contains("REFUSED by §2(c)"), "{text}");

    let html = pactum(&[
        "run",
        SEED,
        "examples/focus-warrant-2001/scenarios/02-below-minimum.scenario",
        "--format",
        "html",
        "--summary",
    ]);
    assert_eq!(html.status.code(), Some(2));
    assert!(html.stdout.is_empty());
}

#[test]
fn diagnostics_of_a_file_come_in_line_order() {
    // The checker meets the `define` (line 10) before the section (line 8);
    // the reader sees them as the file has them.
    let text = "contract \"Order\"\n  holder Holder = \"H\"\n  business days: nyse\n  local time: America/New_York\nstate total : shares = 0 shares\nevent Grant\nsection 1 \"Grant\"\n  on Grant:\n    set total = Unknown Early\ndefine Late = Unknown Late\n";
    let dir = std::env::temp_dir().join(format!("pactum-order-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("order.pactum");
    std::fs::write(&path, text).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .arg("check")
        .arg(&path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let early = stderr.find("`Unknown Early`").unwrap();
    let late = stderr.find("`Unknown Late`").unwrap();
    assert!(early < late, "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}
