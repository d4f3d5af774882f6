//! The snapshot workflow and the behavioural redline, as a user meets them
//! through the `pactum` binary, on copies of the examples in a scratch folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::support::root;

fn pactum(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

/// A fresh copy of the seed example (clause file, scenarios, snapshots).
fn scratch_seed(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pactum-workflow-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("examples/focus-warrant-2001"), &dir);
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Every file under `dir` with its contents, to prove a command wrote nothing.
fn listing(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                found.push((path, bytes));
            }
        }
    }
    found.sort();
    found
}

fn raise_minimum(dir: &Path) {
    let clause = dir.join("warrant.pactum");
    let text = std::fs::read_to_string(&clause).unwrap();
    let edited = text.replace(
        "define Minimum Exercise       = 1,000 shares",
        "define Minimum Exercise       = 1,500 shares",
    );
    assert_ne!(text, edited);
    std::fs::write(&clause, edited).unwrap();
}

#[test]
fn check_passes_on_the_committed_examples() {
    let output = pactum(&root(), &["test", "--check", "examples/"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).trim_end().ends_with(" passed, 0 failed"));
}

#[test]
fn check_fails_and_writes_nothing_after_a_clause_is_edited() {
    let dir = scratch_seed("check");
    raise_minimum(&dir);
    let before = listing(&dir);
    let output = pactum(&dir, &["test", "--check", "scenarios"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("FAIL  scenarios/15-no-stockholder-rights.scenario"),
        "{text}"
    );
    assert!(
        text.contains("the report differs from the accepted snapshot"),
        "{text}"
    );
    assert_eq!(before, listing(&dir), "--check wrote to the folder");
}

#[test]
fn a_mismatch_writes_a_pending_snapshot_and_accept_makes_it_pass() {
    let dir = scratch_seed("pending");
    raise_minimum(&dir);
    let snapshot = dir.join("scenarios/15-no-stockholder-rights.report");
    let accepted_before = std::fs::read_to_string(&snapshot).unwrap();

    let output = pactum(&dir, &["test", "scenarios"]);
    assert_eq!(output.status.code(), Some(1));
    let pending = dir.join("scenarios/15-no-stockholder-rights.report.pending");
    assert!(pending.exists(), "no pending snapshot written");
    assert_eq!(
        std::fs::read_to_string(&snapshot).unwrap(),
        accepted_before,
        "accepted snapshot overwritten"
    );
    // The diff is shown event by event.
    let text = stdout(&output);
    let start = text
        .find("FAIL  scenarios/15-no-stockholder-rights.scenario")
        .unwrap();
    let excerpt: String = text[start..]
        .lines()
        .take(14)
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(excerpt);

    // --check now also fails on the pending file, and writes nothing.
    let before = listing(&dir);
    assert_eq!(
        pactum(&dir, &["test", "--check", "scenarios"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(before, listing(&dir));

    // Expectations still fail for the scenarios the edit broke, but the
    // snapshot of every scenario is accepted and pending files are gone.
    pactum(&dir, &["test", "--accept", "scenarios"]);
    assert!(!pending.exists());
    assert_ne!(std::fs::read_to_string(&snapshot).unwrap(), accepted_before);
    let output = pactum(
        &dir,
        &["test", "--check", "scenarios/13-reservation.scenario"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn check_fails_on_a_snapshot_whose_scenario_is_gone() {
    let dir = scratch_seed("orphan");
    std::fs::remove_file(dir.join("scenarios/12-transfer.scenario")).unwrap();
    let before = listing(&dir);
    let output = pactum(&dir, &["test", "--check", "scenarios"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("12-transfer.report: its scenario no longer exists"),
        "{}",
        stdout(&output)
    );
    assert_eq!(before, listing(&dir));
    // Outside --check it is only a note.
    let output = pactum(&dir, &["test", "scenarios"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn review_refuses_without_a_terminal() {
    let output = pactum(&root(), &["test", "--review", "examples/"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("pactum::input::no_terminal"));
}

#[test]
fn an_interrupted_snapshot_write_leaves_the_old_file_whole() {
    let dir = std::env::temp_dir().join(format!("pactum-atomic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("a.report");
    std::fs::write(&path, "old report\n").unwrap();
    let failed = pactum::store::write_atomically_with(
        &path,
        "new report, much longer than the old one\n",
        |file, bytes| {
            use std::io::Write;
            file.write_all(&bytes[..10])?;
            Err(std::io::Error::other("simulated crash half-way"))
        },
    );
    assert!(failed.is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old report\n");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        vec![std::ffi::OsString::from("a.report")],
        "temporary file left behind"
    );
    pactum::store::write_atomically(&path, "new report\n").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new report\n");
}

#[test]
fn the_redline_of_the_example_pair_lists_exactly_the_changed_scenarios() {
    let output = pactum(
        &root(),
        &[
            "diff",
            "examples/focus-warrant-2001/warrant.pactum",
            "examples/focus-warrant-2001-v2/warrant.pactum",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    let redline: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let changed: Vec<&str> = redline["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["scenario"].as_str().unwrap())
        .collect();
    assert_eq!(
        changed,
        [
            "02-below-minimum.scenario",
            "03-last-lot.scenario",
            "05b-expiry-from-california.scenario",
            "07-reverse-split-minimum.scenario",
            "15-no-stockholder-rights.scenario",
            "17-payment-methods.scenario",
            "18-notice-rules.scenario",
            "20-open-deadline.scenario",
            "21-exercise-2000-shares.scenario",
            "22-exercise-after-expiry.scenario",
            // 1,000 and 1,001 shares are below the redraft's 5,000 minimum
            "23-payment-to-the-cent.scenario",
            "24-whole-shares.scenario",
            "25-before-the-warrant.scenario",
            // a late tender in January 2005 is before the redraft's expiry
            "27-late-tender-after-expiry.scenario",
        ]
    );
    let clauses: Vec<&str> = redline["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["section"].as_str().unwrap())
        .collect();
    assert_eq!(clauses, ["1", "2(c)"]);
    let text = pactum(
        &root(),
        &[
            "diff",
            "examples/focus-warrant-2001/warrant.pactum",
            "examples/focus-warrant-2001-v2/warrant.pactum",
        ],
    );
    insta::assert_snapshot!(stdout(&text));
}

#[test]
fn the_redline_lists_header_and_declaration_changes() {
    let dir = scratch_seed("declarations");
    let text = std::fs::read_to_string(dir.join("warrant.pactum")).unwrap();
    let edited = text.replace(
        "business days: either nyse | us-banks ",
        "business days: us-banks ",
    );
    assert_ne!(text, edited);
    std::fs::write(dir.join("redraft.pactum"), edited).unwrap();
    let output = pactum(
        &dir,
        &[
            "diff",
            "warrant.pactum",
            "redraft.pactum",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    let redline: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let lines: Vec<&str> = redline["declarations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            "- business days: either nyse | us-banks per reading R1",
            "+ business days: us-banks per reading R1"
        ]
    );
    assert!(redline["summary"]
        .as_str()
        .unwrap()
        .ends_with("other declarations changed"));
}
