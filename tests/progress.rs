//! The progress line of a long `pactum run` stream (`pactum::progress`,
//! with the clock passed in), and the binary showing it only on a terminal
//! that is not also its standard output, and never with `--quiet`.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pactum::progress::{line, rate, thousands, wanted, Progress, CHECK_EVERY};

use crate::support::root;

const SEED: &str = "examples/focus-warrant-2001/warrant.pactum";

fn counted(progress: &mut Progress, events: u64) {
    for _ in 0..events {
        progress.event();
    }
}

#[test]
fn numbers_are_grouped_in_thousands() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1_000), "1,000");
    assert_eq!(thousands(345_678), "345,678");
    assert_eq!(thousands(1_234_567), "1,234,567");
    assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
}

#[test]
fn the_rate_is_whole_events_a_second() {
    assert_eq!(rate(1_000, Duration::from_secs(2)), 500);
    assert_eq!(rate(1_000, Duration::from_millis(3)), 333_333);
    assert_eq!(rate(5, Duration::ZERO), 0);
    assert_eq!(
        line(1_234_567, Duration::from_millis(3_571)),
        "events: 1,234,567  (345,720 events/s)"
    );
}

#[test]
fn nothing_is_shown_in_the_first_second() {
    let start = Instant::now();
    let mut progress = Progress::new(start);
    counted(&mut progress, 10_000);
    assert_eq!(progress.tick(start + Duration::from_millis(999)), None);
    assert_eq!(progress.clear(), None);
    assert_eq!(
        progress.tick(start + Duration::from_secs(1)).as_deref(),
        Some("\revents: 10,000  (10,000 events/s)")
    );
}

#[test]
fn the_line_is_rewritten_at_most_four_times_a_second() {
    let start = Instant::now();
    let mut progress = Progress::new(start);
    counted(&mut progress, 2_000_000);
    let at = |ms| start + Duration::from_millis(ms);
    assert!(progress.tick(at(1_000)).is_some());
    assert_eq!(progress.tick(at(1_100)), None);
    assert_eq!(progress.tick(at(1_249)), None);
    assert!(progress.tick(at(1_250)).is_some());
    // Every 10 ms for a second: four lines.
    let shown = (1..=100)
        .filter(|step| progress.tick(at(1_250 + step * 10)).is_some())
        .count();
    assert_eq!(shown, 4);
}

#[test]
fn a_shorter_line_covers_the_longer_one_and_the_end_clears_it() {
    let start = Instant::now();
    let mut progress = Progress::new(start);
    counted(&mut progress, 2_000_000);
    let first = progress.tick(start + Duration::from_secs(1)).unwrap();
    assert_eq!(first, "\revents: 2,000,000  (2,000,000 events/s)");
    // Slower now: the rate has fewer digits, and blanks cover the rest.
    let second = progress.tick(start + Duration::from_secs(100)).unwrap();
    assert_eq!(second, "\revents: 2,000,000  (20,000 events/s)   ");
    assert_eq!(second.len(), first.len());
    let cleared = progress.clear().unwrap();
    assert_eq!(cleared, format!("\r{}\r", " ".repeat(first.len() - 1)));
    assert_eq!(progress.clear(), None);
}

#[test]
fn the_clock_is_read_every_so_many_events() {
    let mut progress = Progress::new(Instant::now());
    let reads = (0..CHECK_EVERY * 3).filter(|_| progress.event()).count();
    assert_eq!(reads, 3);
    assert_eq!(progress.count(), CHECK_EVERY * 3);
}

#[test]
fn shown_only_on_a_terminal_of_its_own_and_not_quiet() {
    assert!(wanted(false, true, false));
    assert!(!wanted(true, true, false));
    assert!(!wanted(false, false, false));
    assert!(!wanted(false, true, true));
}

/// A stream of `count` tiny events, one a second from 2002-01-02 15:00 UTC.
fn events(from: usize, count: usize) -> String {
    let start = chrono::DateTime::parse_from_rfc3339("2002-01-02T15:00:00Z").unwrap();
    (from..from + count)
        .map(|i| {
            let at = start + chrono::Duration::seconds(i as i64);
            format!("{{\"time\":\"{}\"}}\n", at.format("%Y-%m-%dT%H:%M:%SZ"))
        })
        .collect()
}

/// `pactum run SEED -` with extra arguments, fed a stream that pauses for
/// more than the delay part-way (so that a progress line would be due),
/// its standard error a pipe. Returns standard error.
fn stderr_of_a_slow_stream(extra: &[&str]) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["run", SEED, "-"])
        .args(extra)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(events(0, 300).as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(1_300));
    input.write_all(events(300, 3_000).as_bytes()).unwrap();
    drop(input);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn a_stream_into_a_pipe_shows_no_progress() {
    assert_eq!(stderr_of_a_slow_stream(&[]), "");
    assert_eq!(stderr_of_a_slow_stream(&["--quiet"]), "");
}

/// With `script`, standard error is a terminal: the line is shown while the
/// report goes to a file, and not with `--quiet`. (This is what makes the
/// pipe test above mean something.)
#[test]
#[cfg(target_os = "linux")]
fn a_stream_on_a_terminal_shows_progress_unless_quiet() {
    if !std::path::Path::new("/usr/bin/script").exists() {
        eprintln!("skipped: no /usr/bin/script to give the run a terminal");
        return;
    }
    let folder = std::env::temp_dir().join(format!("pactum-progress-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let (first, rest) = (folder.join("first.jsonl"), folder.join("rest.jsonl"));
    std::fs::write(&first, events(0, 300)).unwrap();
    std::fs::write(&rest, events(300, 3_000)).unwrap();
    let run = |quiet: &str| {
        let inner = format!(
            "(cat {}; sleep 1.3; cat {}) | {} run {} - {quiet} > /dev/null",
            first.display(),
            rest.display(),
            env!("CARGO_BIN_EXE_pactum"),
            root().join(SEED).display()
        );
        let output = Command::new("/usr/bin/script")
            .args(["-qec", &inner, "/dev/null"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let shown = run("");
    assert!(shown.contains("events/s)"), "{shown:?}");
    assert!(shown.starts_with("\revents: "), "{shown:?}");
    // Cleared at the end: blanks, then the cursor back at the start.
    assert!(shown.trim_end_matches(' ').ends_with('\r'), "{shown:?}");
    assert_eq!(run("--quiet"), "");
    let _ = std::fs::remove_dir_all(&folder);
}
