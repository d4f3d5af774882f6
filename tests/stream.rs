//! JSON Lines streams read one line at a time: the fast path agrees with the
//! full reader, time order is kept, a stream that stops part-way leaves an
//! incomplete report, and memory does not grow with the stream.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use pactum::program::Program;
use pactum::source::Source;
use pactum::stream::EventReader;

use crate::support::{check_text, read, root};

const SEED: &str = "examples/focus-warrant-2001/warrant.pactum";

fn seed() -> Program {
    check_text("warrant.pactum", &read(&root().join(SEED))).unwrap()
}

/// Each record read with the fast path and with the full reader only: the
/// same events, or the same diagnostic.
fn both_ways(program: &Program, text: &str) -> (String, String) {
    let read = |fast: bool| {
        let reader = EventReader::new(program, text.as_bytes(), "s.jsonl", u64::MAX);
        let reader = if fast {
            reader
        } else {
            reader.without_fast_path()
        };
        reader
            .map(|next| match next {
                Ok(input) => format!("{input:?}"),
                Err(error) => format!("refused: {error:?}"),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    (read(true), read(false))
}

#[test]
fn the_fast_path_reads_every_record_as_the_full_reader_does() {
    let program = seed();
    let good = [
        r#"{"time": "2002-06-03 10:00", "event": "Notice of Exercise", "fields": {"by": "fax", "shares": 25000}}"#,
        r#"{"time": "2002-06-03 10:00:30", "event": "Notice of Exercise", "fields": {"shares": 1000.0, "by": "delivery"}}"#,
        r#"{"time": "2002-06-03T14:00:31Z", "event": "Payment", "fields": {"amount": 38500.00, "method": "certified check"}}"#,
        r#"{"time": "2002-06-03t14:00:32z", "event": "Payment", "fields": {"amount": "USD 1.54", "method": "cash"}}"#,
        r#"{"time": "2002-06-03T10:01:00-04:00", "event": "Stock Split", "fields": {"ratio": 1.5}}"#,
        r#"{"time": "2002-06-03 10:02 -04:00", "event": "Stock Split", "fields": {"ratio": "3:2"}}"#,
        r#"{"time": "2002-06-03 14:03+00:00", "event": "Spin Off", "fields": {"record_date": "2002-07-01"}}"#,
        r#"{"time": " 2002-06-03 10:04 ", "event": "Warrant Lost", "fields": {"certificate": "Warrant Certificate 1", "cause": "theft", "evidence": true, "indemnity": false, "surrendered": true}}"#,
        r#"{"time": "2002-06-03 10:05 America/Los_Angeles", "event": "Transfer", "fields": {"certificate": "Warrant Certificate 1", "dealing": "sale", "shares": "Warrant Shares", "registered": true, "opinion_of_counsel": "yes"}}"#,
        r#"{"time": "2002-06-03 13:06", "event": "time passes", "fields": {"ignored": [1]}}"#,
        r#"{"time": "2002-06-03 13:07"}"#,
        r#"{"fields": {}, "event": "Jury Trial Demanded", "time": "2002-06-03 13:08"}"#,
        r#"{"time": "2002-06-03 13:09", "event": "Payment", "fields": {"amount": 0.10, "method": "wire transfer"}}"#,
        r#"{"time": "2002-11-03 01:30", "event": "Rule 144 Available"}"#,
        // A key given twice: the last counts.
        r#"{"time": "2002-11-04 10:00", "event": "Payment", "fields": {"amount": 1, "amount": 2, "method": "cash"}}"#,
    ];
    let (fast, full) = both_ways(&program, &good.join("\n"));
    // The plain records did take the fast path: all but the six with a
    // value in words (`USD 1.54`, `3:2`, `Warrant Certificate 1`), a
    // named zone or a list.
    let text = good.join("\n");
    let mut reader = EventReader::new(&program, text.as_bytes(), "s.jsonl", u64::MAX);
    assert!(reader.by_ref().all(|next| next.is_ok()));
    assert_eq!(reader.fast_records(), good.len() - 6);
    assert_eq!(fast.lines().count(), good.len(), "{fast}");
    assert!(!fast.contains("refused: "), "{fast}");
    assert_eq!(fast, full);
    // Each wrong record alone, so that each gives its own diagnostic.
    let bad = [
        r#"{"time": "2002-06-03 10:00", "event": null}"#,
        r#"{"time": "2002-06-03 10:00", "event": "Payment", "fields": null}"#,
        r#"{"time": "2002-06-03 10:00", "event": "Payment", "fields": {"amount": 1, "method": "cheque"}}"#,
        r#"{"time": "2002-06-03 10:00", "event": "Payment", "fields": {"amount": 1e3, "method": "cash"}}"#,
        r#"{"time": "2002-06-03 10:00", "event": "Payment", "fields": {"amount": true, "method": "cash"}}"#,
        r#"{"time": "2002-06-03 10:00", "event": "Payment", "fields": {"amount": 1}}"#,
        r#"{"time": "2002-06-03 10:00", "event": "Payment", "fields": {"amount": 1, "method": "cash", "memo": "x"}}"#,
        r#"{"time": "2002-06-03 10:00", "event": "Spin Off", "fields": {"record_date": "2002-02-30"}}"#,
        r#"{"time": "2002-06-03 10:00", "event": "Spin Off", "fields": {"record_date": 20020701}}"#,
        r#"{"time": "2002-06-03 24:00", "event": "Rule 144 Available"}"#,
        r#"{"time": "2002-06-03 23:59:60", "event": "Rule 144 Available"}"#,
        r#"{"time": "2002-06-31 10:00", "event": "Rule 144 Available"}"#,
        r#"{"time": "2002-04-07 02:30", "event": "Rule 144 Available"}"#,
        r#"{"time": "2002-10-27 01:30", "event": "Rule 144 Available"}"#,
        r#"{"time": "2002-06-03 10:00 +24:00", "event": "Rule 144 Available"}"#,
        r#"{"time": "2002-06-03 10:00", "event": "Rule 144 Availabel"}"#,
        r#"{"time": 20020603, "event": "Rule 144 Available"}"#,
        r#"{"time": "2002-06-03 10:00", "event": "Rule 144 Available", "when": 1}"#,
        r#"["2002-06-03 10:00"]"#,
        r#"{"time": "2002-06-03 10:00", "event": "Payment", "fields": {"amount": 1, "method": "cash"}"#,
    ];
    for line in bad {
        let (fast, full) = both_ways(&program, line);
        assert!(fast.starts_with("refused: "), "{line} was read: {fast}");
        assert_eq!(fast, full, "{line}");
    }
}

fn pactum_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let text = stdin.to_string();
    let writer = std::thread::spawn(move || input.write_all(text.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    output
}

#[test]
fn a_record_out_of_time_order_stops_the_stream_with_an_incomplete_report() {
    let stream = concat!(
        "{\"time\": \"2002-06-03 10:00\", \"event\": \"Jury Trial Demanded\"}\n",
        "{\"time\": \"2002-06-03 10:00\", \"event\": \"Rule 144 Available\"}\n",
        "\n",
        "{\"time\": \"2002-06-03T13:59:00Z\", \"event\": \"Rule 144 Available\"}\n",
        "{\"time\": \"2002-06-04 10:00\", \"event\": \"Rule 144 Available\"}\n",
    );
    let output = pactum_with_stdin(&["run", SEED, "-"], stream);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("pactum::input::out_of_order"), "{stderr}");
    assert!(stderr.contains("line 4 is out of time order"), "{stderr}");
    assert!(stderr.contains("before line 2"), "{stderr}");
    assert!(stdout.contains("[line 2]"), "{stdout}");
    assert!(!stdout.contains("[line 4]"), "{stdout}");
    assert!(
        stdout
            .trim_end()
            .ends_with("REPORT INCOMPLETE: the stream could not be read past this point"),
        "{stdout}"
    );
    let output = pactum_with_stdin(&["run", SEED, "-", "--format", "json"], stream);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout.contains("\"line\":2"), "{stdout}");
    assert!(!stdout.contains("\"complete\""), "{stdout}");
    assert!(serde_json::from_str::<serde_json::Value>(&stdout).is_err());
}

/// The peak memory of `pactum run` reading `count` tiny records from a pipe.
/// The peak is read while the last records are still being read, before the
/// child exits (after which `/proc` no longer shows it).
fn peak_kib(count: usize) -> u64 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["run", SEED, "-"])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let start = chrono::DateTime::parse_from_rfc3339("2002-01-02T15:00:00Z").unwrap();
    let mut chunk = String::new();
    for i in 0..count {
        let at = start + chrono::Duration::seconds(i as i64);
        chunk.push_str(&format!(
            "{{\"time\":\"{}\"}}\n",
            at.format("%Y-%m-%dT%H:%M:%SZ")
        ));
        if chunk.len() > 60_000 || i + 1 == count {
            input.write_all(chunk.as_bytes()).unwrap();
            chunk.clear();
        }
    }
    // Everything is written; at most a pipe's worth is still unread.
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
    drop(input);
    assert!(child.wait().unwrap().success());
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[test]
#[cfg(target_os = "linux")]
fn memory_does_not_grow_with_the_stream() {
    // Keeping every record would cost ~100 bytes each: 9 MB more for the
    // larger stream. One MiB of slack is allocator noise.
    let small = peak_kib(10_000);
    let large = peak_kib(100_000);
    assert!(
        large <= small + 1024,
        "peak {small} KiB for 10,000 records, {large} KiB for 100,000"
    );
}

/// The reader's own test of a whole text, for the old entry point.
#[test]
fn a_whole_text_reads_as_a_stream() {
    let program = seed();
    let source = Source::new(
        "s.jsonl",
        "\r\n{\"time\": \"2002-06-03 10:00\"}\r{\"time\": \"2002-06-03 10:01\"}",
    );
    let events = pactum::stream::parse_event_stream(&program, &source).unwrap();
    let lines: Vec<usize> = events.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 3]);
}

#[test]
fn the_json_state_written_again_from_the_cache_is_what_writing_it_anew_gives() {
    // A notice (the state changes), one refused (it does not), a split by 1
    // (accepted, the same values), a payment (it changes), time passing.
    let program = seed();
    let stream = [
        r#"{"time": "2002-01-02 10:00", "event": "Notice of Exercise", "fields": {"by": "fax", "shares": 1000}}"#,
        r#"{"time": "2002-01-02 10:01", "event": "Notice of Exercise", "fields": {"by": "fax", "shares": 99999}}"#,
        r#"{"time": "2002-01-02 10:02", "event": "Stock Split", "fields": {"ratio": 1}}"#,
        r#"{"time": "2002-01-02 10:03", "event": "Payment", "fields": {"amount": 1540.00, "method": "certified check"}}"#,
        r#"{"time": "2002-01-20 10:00", "event": "time passes"}"#,
    ]
    .join("\n");
    let mut machine = pactum::eval::Machine::new(&program);
    let mut states = pactum::report::StateCache::default();
    let mut entries = 0;
    for input in EventReader::new(&program, stream.as_bytes(), "s.jsonl", u64::MAX) {
        for entry in machine.apply(&input.unwrap()).unwrap() {
            let anew =
                serde_json::to_string(&pactum::report::entry_json(&program, &entry)).unwrap();
            let cached =
                serde_json::to_string(&states.entry_json(&program, &entry).unwrap()).unwrap();
            assert_eq!(cached, anew);
            entries += 1;
        }
    }
    // Five events and the delivery deadline that passed.
    assert!(entries >= 5, "{entries}");
}
