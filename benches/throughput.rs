//! `cargo bench`: how long checking and running take, on the seed contract
//! and on a stream of a million events, and `pactum run`'s work on a JSON
//! Lines stream against a yardstick measured in the same run (serde_json
//! reading the same lines), and runs of 50 to 200 unrounded weighted-average
//! adjustments whose exact prices grow far beyond `i128`. Prints one line per
//! measurement and the ratios; docs/performance.md records the figures.

// A benchmark with fixed inputs: a failure is a bug to see at once.
#![allow(clippy::expect_used, clippy::indexing_slicing)]

use std::time::{Duration, Instant};

use pactum::check::check_contract;
use pactum::eval::Machine;
use pactum::program::EventInput;
use pactum::report::{render_entry, render_summary, summary_json};
use pactum::source::Source;
use pactum::syntax::parse_clause_file;

const SEED: &str = include_str!("../examples/focus-warrant-2001/warrant.pactum");

/// A contract whose every event is accepted, so each runs all its rules.
const LEDGER: &str = r#"
contract "Benchmark ledger"
  holder Holder = "H"
  business days: nyse
  local time: America/New_York
state remaining : shares = 1,000,000,000 shares
state price     : USD per share = USD 1.54 per share
state due       : USD = USD 0
event Exercise from Holder { shares: shares }
event Split { ratio: number }
section 1 "Exercise"
  on Exercise as e:
    refuse "too many" when e.shares > remaining
    refuse "too few" when e.shares < 1 shares
    set remaining = remaining - e.shares
    set due = due + round(e.shares * price, 2 places, half even)
section 2 "Split"
  on Split as s:
    set price = price / s.ratio
  on change of price from old to new:
    set remaining = remaining * old / new
"#;

const PROMISES: &str = r#"
contract "Benchmark promises"
  issuer Company = "C"
  business days: nyse
  local time: America/New_York
event Promise
event Deliver
section 1 "Promises"
  on Promise as p:
    Company must "deliver" as delivery by Deliver within 20 business days after p.date
"#;

fn timed<T>(label: &str, count: usize, unit: &str, work: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = work();
    let elapsed = start.elapsed();
    let per = elapsed.as_nanos() / count.max(1) as u128;
    println!(
        "{label:<44} {:>10.1} ms  {per:>8} ns/{unit}",
        elapsed.as_secs_f64() * 1000.0
    );
    result
}

/// Runs every part, or only those whose names contain an argument given
/// after `--` (`cargo bench --bench throughput -- stream`), so that one part
/// can be timed or profiled alone.
fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .collect();
    let parts: [(&str, fn()); 5] = [
        ("seed-check", seed_check),
        ("ledger", ledger_and_promises),
        ("stream", stream_against_yardstick),
        ("adjustments", weighted_average_adjustments),
        ("count", count_once),
    ];
    for (name, part) in parts {
        // `count` is for callgrind only (docs/performance.md): not run by default.
        let default = wanted.is_empty() && name != "count";
        if default || wanted.iter().any(|w| name.contains(w.as_str())) {
            part();
        }
    }
}

/// Parsing and checking the seed warrant, a hundred times.
fn seed_check() {
    let seed = Source::new("warrant.pactum", SEED);
    timed(
        "parse + check the seed warrant (x100)",
        100,
        "check",
        || {
            for _ in 0..100 {
                let file = parse_clause_file(&seed).expect("seed parses");
                check_contract(&seed, &file).expect("seed checks");
            }
        },
    );
}

/// A million ledger events, their text report, a hundred thousand
/// obligations with deadlines, and reading JSON Lines of one event type.
fn ledger_and_promises() {
    let ledger = Source::new("ledger.pactum", LEDGER);
    let program =
        check_contract(&ledger, &parse_clause_file(&ledger).expect("parses")).expect("checks");
    let exercise = program.event_index["Exercise"];
    let split = program.event_index["Split"];
    let start = chrono::DateTime::parse_from_rfc3339("2002-01-01T10:00:00-05:00")
        .expect("time")
        .to_utc();
    let zone = pactum::syntax::ast::ZoneSpec::Named(program.zone);
    let count = 1_000_000;
    let events: Vec<EventInput> = (0..count)
        .map(|i| {
            let time = pactum::value::Moment {
                utc: start + chrono::Duration::seconds(i as i64),
                zone,
            };
            if i % 1000 == 999 {
                let ratio = pactum::number::Number::from_integer(1);
                EventInput {
                    time,
                    event: Some(split),
                    fields: vec![pactum::value::Value::Quantity(
                        ratio,
                        pactum::types::Unit::NUMBER,
                    )],
                    line: i + 1,
                }
            } else {
                let shares = pactum::number::Number::from_integer(1 + (i as i64 % 7));
                EventInput {
                    time,
                    event: Some(exercise),
                    fields: vec![pactum::value::Value::Quantity(
                        shares,
                        pactum::types::Unit::SHARES,
                    )],
                    line: i + 1,
                }
            }
        })
        .collect();

    let entries = timed("apply 1,000,000 events", count, "event", || {
        let mut machine = Machine::new(&program);
        let mut kept = Vec::new();
        for (index, input) in events.iter().enumerate() {
            let produced = machine.apply(input).expect("no fault");
            if index < 100_000 {
                kept.extend(produced);
            }
        }
        kept
    });

    timed(
        "render 100,000 report entries as text",
        entries.len(),
        "entry",
        || {
            entries
                .iter()
                .map(|entry| render_entry(&program, entry).len())
                .sum::<usize>()
        },
    );

    // Every event creates an obligation, open for a month and then breached:
    // deadline checks must not grow with the number outstanding.
    let promises = Source::new("promises.pactum", PROMISES);
    let promised =
        check_contract(&promises, &parse_clause_file(&promises).expect("parses")).expect("checks");
    let promise = promised.event_index["Promise"];
    let count = 100_000;
    let inputs: Vec<EventInput> = (0..count)
        .map(|i| EventInput {
            time: pactum::value::Moment {
                utc: start + chrono::Duration::minutes(i as i64),
                zone,
            },
            event: Some(promise),
            fields: Vec::new(),
            line: i + 1,
        })
        .collect();
    timed(
        "apply 100,000 events, each creating an obligation",
        count,
        "event",
        || {
            let mut machine = Machine::new(&promised);
            for input in &inputs {
                machine.apply(input).expect("no fault");
            }
        },
    );

    let mut stream = String::new();
    for i in 0..100_000 {
        // In time order, as a stream must be.
        stream.push_str(&format!(
            "{{\"time\": \"{}\", \"event\": \"Exercise\", \"fields\": {{\"shares\": {}}}}}\n",
            (start + chrono::Duration::seconds(i)).format("%Y-%m-%dT%H:%M:%SZ"),
            1 + i % 7
        ));
    }
    let source = Source::new("events.jsonl", stream);
    timed("read 100,000 JSON Lines events", 100_000, "line", || {
        pactum::stream::parse_event_stream(&program, &source)
            .expect("stream reads")
            .len()
    });
}

/// The seed warrant's events as a producer might write them: notices of
/// exercise (accepted until the shares run out, then refused), payments,
/// splits, a few tenders and `time passes` lines, with times written both
/// ways. One record in a hundred takes the full reader (an instance name).
fn seed_stream(count: usize) -> String {
    let start = chrono::DateTime::parse_from_rfc3339("2002-01-02T10:00:00-05:00")
        .expect("time")
        .to_utc();
    let zone: chrono_tz::Tz = chrono_tz::America::New_York;
    let mut stream = String::with_capacity(count * 120);
    for i in 0..count {
        let at = start + chrono::Duration::seconds(10 * i as i64);
        let time = if i % 2 == 0 {
            at.with_timezone(&zone)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        } else {
            at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
        };
        let line = match i % 10 {
            0..=3 => format!(
                r#"{{"time": "{time}", "event": "Notice of Exercise", "fields": {{"by": "{}", "shares": 1000}}}}"#,
                if i % 3 == 0 { "fax" } else { "delivery" }
            ),
            4..=6 => format!(
                r#"{{"time": "{time}", "event": "Payment", "fields": {{"amount": 1540.00, "method": "certified check"}}}}"#
            ),
            7 if i % 100 == 7 => format!(
                r#"{{"time": "{time}", "event": "Certificate Tendered", "fields": {{"certificate": "Warrant Certificate 1"}}}}"#
            ),
            7 | 8 => {
                format!(r#"{{"time": "{time}", "event": "Stock Split", "fields": {{"ratio": 1}}}}"#)
            }
            _ => format!(r#"{{"time": "{time}", "event": "time passes"}}"#),
        };
        stream.push_str(&line);
        stream.push('\n');
    }
    stream
}

/// How the work on the seed's stream is written out, as `pactum run` does it.
#[derive(Clone, Copy, PartialEq)]
enum Written {
    /// Read and applied; nothing written.
    Nothing,
    Text,
    Json,
    /// `--summary`: refusals, breaches and broken invariants only, as text.
    Summary,
}

/// Reads, applies and writes the stream as `pactum run` does (src/cli/run.rs:
/// read a line, apply it, write its entries straight into the buffered
/// output), to a sink; returns the time it took.
fn run_stream(program: &pactum::program::Program, stream: &str, written: Written) -> Duration {
    use std::io::Write;
    let start = Instant::now();
    let mut out = std::io::BufWriter::new(std::io::sink());
    let reader =
        pactum::stream::EventReader::new(program, stream.as_bytes(), "bench.jsonl", u64::MAX);
    let mut machine = Machine::new(program);
    let mut first = true;
    let mut states = pactum::report::StateCache::default();
    let mut entries = 0;
    for input in reader {
        let input = input.expect("the stream reads");
        for entry in machine.apply(&input).expect("no fault") {
            entries += 1;
            match written {
                Written::Nothing => {}
                Written::Text => out
                    .write_all(render_entry(program, &entry).as_bytes())
                    .expect("sink"),
                Written::Summary if pactum::report::is_exception(&entry) => out
                    .write_all(render_entry(program, &entry).as_bytes())
                    .expect("sink"),
                Written::Summary => {}
                Written::Json => {
                    out.write_all(if first { b"" } else { b"," }).expect("sink");
                    first = false;
                    let json = states.entry_json(program, &entry).expect("JSON");
                    pactum::report::write_json(&mut out, &json).expect("sink");
                }
            }
        }
    }
    let summary = machine.summary();
    match written {
        Written::Nothing => {}
        Written::Json => {
            pactum::report::write_json(&mut out, &summary_json(program, &summary)).expect("sink")
        }
        Written::Text | Written::Summary => {
            write!(out, "{}", render_summary(program, &summary)).expect("sink");
        }
    }
    out.flush().expect("sink");
    assert!(entries >= stream.lines().count());
    start.elapsed()
}

/// Rounds of the stream measurements, interleaved, so that a burst of other
/// work on the machine falls on every measurement alike; each ratio is the
/// median over the rounds of the ratio within one round.
const ROUNDS: usize = 5;

/// `pactum run` of the seed on a JSON Lines stream, to a sink, read and
/// applied only, with the text report, the JSON report and `--summary`; and
/// the yardstick: serde_json reading the same lines into `Value`s.
fn stream_against_yardstick() {
    let seed = Source::new("warrant.pactum", SEED);
    let program =
        check_contract(&seed, &parse_clause_file(&seed).expect("parses")).expect("checks");
    let count = 100_000;
    let stream = seed_stream(count);
    // To count instructions with callgrind on the binary itself (see
    // docs/performance.md), the stream can be written out first.
    if let Some(path) = std::env::var_os("PACTUM_BENCH_STREAM") {
        std::fs::write(&path, &stream).expect("the stream file can be written");
    }
    let yardstick = || {
        let start = Instant::now();
        assert_eq!(serde_read(&stream), count);
        start.elapsed()
    };
    let read_only = || {
        let start = Instant::now();
        let mut reader =
            pactum::stream::EventReader::new(&program, stream.as_bytes(), "bench.jsonl", u64::MAX);
        assert!(reader.by_ref().all(|r| r.is_ok()));
        assert_eq!(reader.fast_records(), count - count / 100);
        start.elapsed()
    };
    let labels = [
        "serde_json: 100,000 lines into Values",
        "read 100,000 seed records (no apply)",
        "read and apply 100,000 seed records",
        "run the seed, text report",
        "run the seed, JSON report",
        "run the seed, --summary",
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); labels.len()];
    for _ in 0..ROUNDS {
        let round = [
            yardstick(),
            read_only(),
            run_stream(&program, &stream, Written::Nothing),
            run_stream(&program, &stream, Written::Text),
            run_stream(&program, &stream, Written::Json),
            run_stream(&program, &stream, Written::Summary),
        ];
        for (kept, time) in times.iter_mut().zip(round) {
            kept.push(time);
        }
    }
    println!("{ROUNDS} rounds of {count} lines each; medians:");
    for (label, kept) in labels.iter().zip(&times) {
        let middle = median(kept.clone());
        println!(
            "{label:<44} {:>10.1} ms  {:>8} ns/line",
            middle.as_secs_f64() * 1000.0,
            middle.as_nanos() / count as u128
        );
    }
    timed(
        "read 100,000 seed records, full reader only",
        count,
        "line",
        || {
            let reader = pactum::stream::EventReader::new(
                &program,
                stream.as_bytes(),
                "bench.jsonl",
                u64::MAX,
            )
            .without_fast_path();
            assert_eq!(reader.filter(Result::is_ok).count(), count);
        },
    );
    // Ratios in hundredths, in integers: times are never floats here.
    let yardsticks = times.first().cloned().unwrap_or_default();
    let shown = |hundredths: u128| format!("{}.{:02}x", hundredths / 100, hundredths % 100);
    println!("ratios to the serde_json read of the same lines (median of the rounds' ratios, and their range):");
    for (label, kept) in labels.iter().zip(&times).skip(1) {
        let mut ratios: Vec<u128> = kept
            .iter()
            .zip(&yardsticks)
            .map(|(spent, base)| spent.as_nanos() * 100 / base.as_nanos().max(1))
            .collect();
        ratios.sort_unstable();
        println!(
            "  {label:<42} {}  ({} to {})",
            shown(ratios[ratios.len() / 2]),
            shown(ratios[0]),
            shown(ratios[ratios.len() - 1])
        );
    }
}

/// The yardstick: serde_json reading each line into a `Value`.
#[inline(never)]
fn serde_read(stream: &str) -> usize {
    stream
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("JSON"))
        .filter(|value| value.is_object())
        .count()
}

/// Each piece of work once, on 20,000 lines, in functions of their own, so
/// that `valgrind --tool=callgrind` counts the instructions of each (their
/// inclusive counts in `callgrind_annotate --inclusive=yes`): unlike times,
/// the counts do not depend on what else the machine is doing.
fn count_once() {
    let seed = Source::new("warrant.pactum", SEED);
    let program =
        check_contract(&seed, &parse_clause_file(&seed).expect("parses")).expect("checks");
    let stream = seed_stream(20_000);
    assert_eq!(serde_read(&stream), 20_000);
    count_read_and_apply(&program, &stream);
    count_text(&program, &stream);
    count_json(&program, &stream);
    count_summary(&program, &stream);
}

#[inline(never)]
fn count_read_and_apply(program: &pactum::program::Program, stream: &str) {
    run_stream(program, stream, Written::Nothing);
}

#[inline(never)]
fn count_text(program: &pactum::program::Program, stream: &str) {
    run_stream(program, stream, Written::Text);
}

#[inline(never)]
fn count_json(program: &pactum::program::Program, stream: &str) {
    run_stream(program, stream, Written::Json);
}

#[inline(never)]
fn count_summary(program: &pactum::program::Program, stream: &str) {
    run_stream(program, stream, Written::Summary);
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

/// Section 3(b) of the cashless warrant example: CP2 = CP1 × (A + B) /
/// (A + C), with A certified on each issue (so denominators multiply);
/// `ROUND(` becomes a plain parenthesis, or the example's rounding.
const ADJUSTMENTS: &str = r#"
contract "Benchmark weighted average"
  issuer Company = "C"
  business days: nyse
  local time: America/New_York
state price : USD per share = USD 2.50 per share
event Dilutive Issuance from Company { outstanding: shares, shares: shares, price: USD per share }
section 3 "Subsequent Equity Sales"
  on Dilutive Issuance as d:
    set price = ROUND(price * (d.outstanding + d.shares * d.price / price) / (d.outstanding + d.shares))
"#;

/// Runs of 50, 100 and 200 weighted-average adjustments in a row, the price
/// kept exact, and (the ordinary case) rounded to 3 places each time: how the
/// cost of an adjustment grows with the size of the fraction it produces.
fn weighted_average_adjustments() {
    for rounds in [50usize, 100, 200] {
        adjustments(rounds, false);
    }
    adjustments(200, true);
}

fn adjustments(rounds: usize, rounded: bool) {
    use pactum::number::Number;
    use pactum::types::Unit;
    use pactum::value::{Moment, Value};
    let text = if rounded {
        ADJUSTMENTS
            .replace("ROUND(", "round(")
            .replace("d.shares))\n", "d.shares), 3 places, half up)\n")
    } else {
        ADJUSTMENTS.replace("ROUND(", "(")
    };
    let source = Source::new("adjust.pactum", text);
    let program =
        check_contract(&source, &parse_clause_file(&source).expect("parses")).expect("checks");
    let issue = program.event_index["Dilutive Issuance"];
    let start = chrono::DateTime::parse_from_rfc3339("2024-01-02T10:00:00-05:00")
        .expect("time")
        .to_utc();
    let zone = pactum::syntax::ast::ZoneSpec::Named(program.zone);
    let price_unit = match &program.state[0].initial {
        Value::Quantity(_, unit) => *unit,
        _ => Unit::NUMBER,
    };
    {
        let inputs: Vec<EventInput> = (0..rounds)
            .map(|k| {
                let k = k as i64;
                EventInput {
                    time: Moment {
                        utc: start + chrono::Duration::days(k),
                        zone,
                    },
                    event: Some(issue),
                    fields: vec![
                        Value::Quantity(
                            Number::from_integer(10_000_000 + 312_577 * k),
                            Unit::SHARES,
                        ),
                        Value::Quantity(Number::from_integer(250_000 + 1_001 * k), Unit::SHARES),
                        Value::Quantity(
                            Number::from_ratio(i128::from(105 + k % 5), 100).expect("cents"),
                            price_unit,
                        ),
                    ],
                    line: k as usize + 1,
                }
            })
            .collect();
        let repeats = 20;
        let how = if rounded { "rounded" } else { "unrounded" };
        let label = format!("{rounds} {how} adjustments in a row (x{repeats})");
        let last = timed(&label, rounds * repeats, "adjustment", || {
            let mut last = None;
            for _ in 0..repeats {
                let mut machine = Machine::new(&program);
                for input in &inputs {
                    machine.apply(input).expect("no fault");
                }
                last = Some(machine.summary());
            }
            last.expect("ran")
        });
        if let Some(Value::Quantity(price, _)) = last.state.first() {
            println!(
                "  the exact price after {rounds}: a denominator of {} digits",
                price.denominator().to_string().len()
            );
        }
    }
}
