//! `pactum test --watch`: which scenarios a change affects (`pactum::watch`,
//! pure), and the binary watching a copy of two seed scenarios, re-running
//! one when it is saved, all of them when the clause file is, and stopping
//! with exit 0 on an interrupt.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use pactum::watch::{affected, header, ignored, Scenario};

use crate::support::root;

fn scenario(name: &str, contract: &str, prices: &[&str]) -> Scenario {
    Scenario {
        shown: PathBuf::from(format!("shown/{name}")),
        path: PathBuf::from(format!("/p/{name}")),
        contract: Some(PathBuf::from(contract)),
        prices: prices.iter().map(PathBuf::from).collect(),
    }
}

fn suite() -> Vec<Scenario> {
    vec![
        scenario("a/one.scenario", "/p/a.pactum", &[]),
        scenario("a/two.scenario", "/p/a.pactum", &["/p/a/prices.csv"]),
        scenario("b/three.scenario", "/p/b.pactum", &["/p/a/prices.csv"]),
        Scenario {
            contract: None,
            ..scenario("b/broken.scenario", "", &[])
        },
    ]
}

fn changed(paths: &[&str]) -> Vec<PathBuf> {
    paths.iter().map(PathBuf::from).collect()
}

fn shown(names: &[&str]) -> Vec<PathBuf> {
    names
        .iter()
        .map(|name| PathBuf::from(format!("shown/{name}")))
        .collect()
}

#[test]
fn a_changed_scenario_runs_itself_only() {
    let found = affected(&suite(), &changed(&["/p/a/two.scenario"]));
    assert_eq!(found.scenarios, shown(&["a/two.scenario"]));
    assert!(found.new.is_empty());
    assert_eq!(found.causes, changed(&["/p/a/two.scenario"]));
    // One that does not parse still runs when it is saved.
    let found = affected(&suite(), &changed(&["/p/b/broken.scenario"]));
    assert_eq!(found.scenarios, shown(&["b/broken.scenario"]));
}

#[test]
fn a_changed_clause_file_runs_exactly_its_scenarios() {
    let found = affected(&suite(), &changed(&["/p/a.pactum"]));
    assert_eq!(
        found.scenarios,
        shown(&["a/one.scenario", "a/two.scenario"])
    );
    let found = affected(&suite(), &changed(&["/p/b.pactum"]));
    assert_eq!(found.scenarios, shown(&["b/three.scenario"]));
    // A clause file no scenario names affects nothing.
    assert!(affected(&suite(), &changed(&["/p/c.pactum"])).is_empty());
}

#[test]
fn a_changed_price_file_runs_the_scenarios_that_read_it() {
    let found = affected(&suite(), &changed(&["/p/a/prices.csv"]));
    assert_eq!(
        found.scenarios,
        shown(&["a/two.scenario", "b/three.scenario"])
    );
    assert_eq!(found.causes, changed(&["/p/a/prices.csv"]));
    assert!(affected(&suite(), &changed(&["/p/a/other.csv"])).is_empty());
}

#[test]
fn unrelated_files_and_snapshots_affect_nothing() {
    for path in [
        "/p/a/notes.txt",
        "/p/a/one.report",
        "/p/a/one.report.pending",
        "/p/a/.one.report.4242.pactum-tmp",
        "/p/a/one.scenario~",
        "/p/a/.one.scenario.swp",
        "/p/a",
    ] {
        let found = affected(&suite(), &changed(&[path]));
        assert!(found.is_empty(), "{path}: {found:?}");
        assert!(found.causes.is_empty(), "{path}");
    }
    assert!(ignored(Path::new("/p/a/one.report")));
    assert!(!ignored(Path::new("/p/a/one.scenario")));
}

#[test]
fn a_burst_of_changes_runs_each_scenario_once_in_suite_order() {
    let found = affected(
        &suite(),
        &changed(&[
            "/p/b.pactum",
            "/p/a/one.report",
            "/p/a/one.scenario",
            "/p/a.pactum",
            "/p/a.pactum",
        ]),
    );
    assert_eq!(
        found.scenarios,
        shown(&["a/one.scenario", "a/two.scenario", "b/three.scenario"])
    );
    assert_eq!(
        found.causes,
        changed(&["/p/b.pactum", "/p/a/one.scenario", "/p/a.pactum"])
    );
}

#[test]
fn a_new_scenario_is_run() {
    let found = affected(&suite(), &changed(&["/p/a/four.scenario"]));
    assert!(found.scenarios.is_empty());
    assert_eq!(found.new, changed(&["/p/a/four.scenario"]));
    assert!(!found.is_empty());
}

#[test]
fn the_header_names_the_count_and_the_causes() {
    assert_eq!(
        header(1, &["s/one.scenario".to_string()]),
        "--- re-running 1 scenario: s/one.scenario ---"
    );
    assert_eq!(
        header(2, &["a.pactum".to_string(), "p.csv".to_string()]),
        "--- re-running 2 scenarios: a.pactum, p.csv ---"
    );
}

/// The child, killed however the test ends (a failed assertion included).
struct Watching(Child);

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits for a line of standard output that satisfies `wanted`, returning
/// every line read up to it; fails after `limit`.
fn wait_for(
    lines: &Receiver<String>,
    seen: &mut Vec<String>,
    limit: Duration,
    wanted: impl Fn(&str) -> bool,
) {
    let end = Instant::now() + limit;
    loop {
        let left = end.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => {
                let done = wanted(&line);
                seen.push(line);
                if done {
                    return;
                }
            }
            Err(_) => panic!("timed out; output so far:\n{}", seen.join("\n")),
        }
    }
}

/// Saves a file with the same bytes, as an editor does.
fn save(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
#[cfg(unix)]
fn the_binary_reruns_what_a_save_affects_and_stops_on_an_interrupt() {
    let folder = std::env::temp_dir().join(format!(
        "pactum-watch-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(folder.join("scenarios")).unwrap();
    let seed = root().join("examples/focus-warrant-2001");
    std::fs::copy(seed.join("warrant.pactum"), folder.join("warrant.pactum")).unwrap();
    for name in ["01-full-exercise", "02-below-minimum"] {
        for suffix in [".scenario", ".report"] {
            let file = format!("scenarios/{name}{suffix}");
            std::fs::copy(seed.join(&file), folder.join(&file)).unwrap();
        }
    }
    let child = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["test", "--watch", "scenarios"])
        .current_dir(&folder)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = Watching(child);
    let (sender, lines) = channel();
    let stdout = child.0.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    // Drained, so that a full pipe never blocks the child.
    let stderr = child.0.stderr.take().unwrap();
    let errors = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let mut seen = Vec::new();
    let limit = Duration::from_secs(60);
    wait_for(&lines, &mut seen, limit, |line| {
        line == "2 passed, 0 failed"
    });
    wait_for(&lines, &mut seen, limit, |line| {
        line.starts_with("watching ")
    });

    save(&folder.join("scenarios/01-full-exercise.scenario"));
    wait_for(&lines, &mut seen, limit, |line| {
        line.starts_with("--- re-running 1 scenario")
    });
    assert_eq!(
        seen.last().unwrap(),
        "--- re-running 1 scenario: scenarios/01-full-exercise.scenario ---"
    );
    let from = seen.len();
    wait_for(&lines, &mut seen, limit, |line| line.ends_with(" failed"));
    assert_eq!(
        &seen[from..],
        [
            "PASS  scenarios/01-full-exercise.scenario  (17 expectations)",
            "1 passed, 0 failed"
        ]
    );

    // The clause file: both scenarios (and the snapshots they rewrite, and
    // a file nobody reads, set off nothing more).
    std::fs::write(folder.join("notes.txt"), "not read").unwrap();
    save(&folder.join("warrant.pactum"));
    wait_for(&lines, &mut seen, limit, |line| line.starts_with("--- "));
    assert_eq!(
        seen.last().unwrap(),
        "--- re-running 2 scenarios: warrant.pactum ---"
    );
    wait_for(&lines, &mut seen, limit, |line| line.ends_with(" failed"));
    assert_eq!(seen.last().unwrap(), "2 passed, 0 failed");

    let interrupted = Command::new("kill")
        .args(["-INT", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    wait_for(&lines, &mut seen, limit, |line| line == "stopped watching");
    let end = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < end, "still running after an interrupt");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0), "{}", seen.join("\n"));
    let errors = errors.join().unwrap();
    assert!(errors.is_empty(), "{errors}");
    // Only what the first run and its saves accounted for: no extra re-run
    // set off by the snapshots the runs wrote.
    assert_eq!(
        seen.iter().filter(|line| line.starts_with("--- ")).count(),
        2,
        "{}",
        seen.join("\n")
    );
    drop(child);
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn watch_conflicts_with_the_other_modes_and_formats() {
    for extra in [
        &["--accept"][..],
        &["--check"],
        &["--review"],
        &["--readings"],
        &["--format", "json"],
        &["--format", "junit"],
        &["--contract", "examples/focus-warrant-2001/warrant.pactum"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_pactum"))
            .args(["test", "--watch", "examples/focus-warrant-2001"])
            .args(extra)
            .current_dir(root())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{extra:?}");
        assert!(output.stdout.is_empty(), "{extra:?}");
    }
}
