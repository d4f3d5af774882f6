//! `cargo bench --bench scaling`: how checking grows with the size of its
//! input, each against a yardstick measured in the same run. Clause files of
//! about 1 and 4 MB against a plain pest JSON grammar on JSON documents of
//! the same sizes; scenarios of 4,000 and 16,000 lines (linear means a ratio
//! near 4); business-day shifts of 5 and of 5,000 days. Every figure is the
//! median of five runs; docs/performance.md records them.

// A benchmark with fixed inputs: a failure is a bug to see at once.
#![allow(clippy::expect_used, clippy::indexing_slicing)]

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use pest::Parser as _;

use pactum::calendar::Calendar;
use pactum::check::{check_contract, check_scenario};
use pactum::source::Source;
use pactum::syntax::{parse_clause_file, parse_scenario};

const SEED: &str = include_str!("../examples/focus-warrant-2001/warrant.pactum");

/// The JSON grammar of the pest book: the yardstick a pest grammar can be
/// held to.
#[derive(pest_derive::Parser)]
#[grammar_inline = r#"
WHITESPACE = _{ " " | "\t" | "\r" | "\n" }
json = _{ SOI ~ value ~ EOI }
object = { "{" ~ "}" | "{" ~ pair ~ ("," ~ pair)* ~ "}" }
pair = { string ~ ":" ~ value }
array = { "[" ~ "]" | "[" ~ value ~ ("," ~ value)* ~ "]" }
value = _{ object | array | string | number | boolean | null }
boolean = { "true" | "false" }
null = { "null" }
string = ${ "\"" ~ inner ~ "\"" }
inner = @{ char* }
char = {
    !("\"" | "\\") ~ ANY
    | "\\" ~ ("\"" | "\\" | "/" | "b" | "f" | "n" | "r" | "t")
    | "\\" ~ ("u" ~ ASCII_HEX_DIGIT{4})
}
number = @{ "-"? ~ ("0" | ASCII_NONZERO_DIGIT ~ ASCII_DIGIT*) ~ ("." ~ ASCII_DIGIT*)? }
"#]
struct JsonParser;

/// The median of five runs of `work`.
fn median(mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[2]
}

/// `a / b` to two decimals, in integers.
fn ratio(a: Duration, b: Duration) -> String {
    let hundredths = a.as_nanos() * 100 / b.as_nanos().max(1);
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// Words of consonants only, so that no generated name is a keyword.
fn word(mut i: usize) -> String {
    const LETTERS: &[u8] = b"bcdfghjklmnpqrstvwxz";
    let mut out = Vec::new();
    i += 1;
    while i > 0 {
        i -= 1;
        out.push(LETTERS[i % LETTERS.len()]);
        i /= LETTERS.len();
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}

/// A clause file of at least `bytes`: a defined term, a state, an event and
/// a section with quoted text and a rule, over and over under new names.
fn clause_file(bytes: usize) -> String {
    let mut out = String::from(
        "contract \"Generated\"\n  issuer Company = \"C Inc.\"\n  holder Holder = \"H LLC\"\n  \
         dated 2001-12-27\n  business days: nyse\n  local time: America/New_York\n\n",
    );
    let mut i = 0;
    while out.len() < bytes {
        let w = word(i);
        let _ = write!(
            out,
            "define Level {w} = USD {}.25 per share\nstate balance {w} : shares = 0 shares\n\
             event Notice {w} from Holder {{ shares: shares }}\nsection {} \"Heading {w}\"\n  \
             text \"\"\"The Holder may give notice of the number of shares it elects to buy at \
             any time\n    before the Expiration Date, and the Company shall record the shares so \
             elected.\"\"\"\n  on Notice {w} as n:\n    refuse \"fewer than one thousand shares\" \
             when n.shares < 1,000 shares\n    set balance {w} = balance {w} + n.shares\n\n",
            i % 1000,
            i + 1
        );
        i += 1;
    }
    out
}

/// A JSON document of at least `bytes`, of objects like the declarations above.
fn json_document(bytes: usize) -> String {
    let mut out = String::from("[");
    let mut i = 0;
    while out.len() < bytes {
        let w = word(i);
        let _ = writeln!(
            out,
            "{}{{\"define\": \"Level {w}\", \"amount\": {}.25, \"unit\": \"USD per share\", \
             \"section\": {}, \"text\": \"The Holder may give notice of the number of shares it \
             elects to buy at any time before the Expiration Date.\", \"minimum\": 1000, \
             \"whole\": true}}",
            if i == 0 { "" } else { "," },
            i % 1000,
            i + 1
        );
        i += 1;
    }
    out.push(']');
    out
}

fn clause_files_against_pest_json() {
    println!("clause files: `pactum check`'s parse and check against pest's JSON grammar");
    let mut previous = None;
    for megabytes in [1, 4] {
        let text = clause_file(megabytes << 20);
        let json = json_document(text.len());
        let source = Source::new("generated.pactum", text.as_str());
        let checked = median(|| {
            let file = parse_clause_file(&source).expect("parses");
            check_contract(&source, &file).expect("checks");
        });
        let parsed_only = median(|| {
            parse_clause_file(&source).expect("parses");
        });
        let parsed = median(|| {
            pest::set_error_detail(false);
            let pairs = JsonParser::parse(Rule::json, &json).expect("JSON parses");
            assert!(pairs.flatten().count() > 0);
        });
        let per_mb = |time: Duration| time.as_micros() * (1 << 20) / text.len() as u128;
        println!(
            "  {megabytes} MB ({} bytes): check {} µs ({} µs/MB), of which parsing to the AST {} µs; \
             pest JSON {} µs ({} µs/MB)",
            text.len(),
            checked.as_micros(),
            per_mb(checked),
            parsed_only.as_micros(),
            parsed.as_micros(),
            per_mb(parsed),
        );
        println!(
            "  check takes {}× the JSON parse; parsing alone {}×",
            ratio(checked, parsed),
            ratio(parsed_only, parsed)
        );
        if let Some(smaller) = previous {
            println!(
                "  4 MB / 1 MB check time: {} (linear: 4)",
                ratio(checked, smaller)
            );
        }
        previous = Some(checked);
    }
}

fn scenarios_scale_linearly() {
    println!("scenarios: parse and check against the seed warrant");
    let seed = Source::new("warrant.pactum", SEED);
    let program =
        check_contract(&seed, &parse_clause_file(&seed).expect("parses")).expect("checks");
    let mut previous = None;
    for lines in [4_000, 16_000] {
        let mut text = String::from(
            "scenario \"many lines\"\ncontract \"warrant.pactum\"\n\n2002-01-02 10:00  Notice of \
             Exercise { by: fax, shares: 1,000 shares }\n",
        );
        for _ in 0..lines / 2 {
            text.push_str("  expect remaining = 24,000 shares\n");
        }
        for minute in 0..lines / 2 {
            let _ = writeln!(
                text,
                "2002-01-03 {:02}:{:02}  Stock Split {{ ratio: 1 }}",
                8 + minute / 60 % 12,
                minute % 60
            );
        }
        let source = Source::new("many.scenario", text.as_str());
        let checked = median(|| {
            let file = parse_scenario(&source).expect("parses");
            check_scenario(&program, &source, &file).expect("checks");
        });
        println!(
            "  {lines} lines: {} µs ({} ns/line)",
            checked.as_micros(),
            checked.as_nanos() / lines as u128
        );
        if let Some(smaller) = previous {
            println!(
                "  16,000 / 4,000 lines: {} (linear: 4)",
                ratio(checked, smaller)
            );
        }
        previous = Some(checked);
    }
}

fn long_shifts_cost_no_more_than_short_ones() {
    println!("business-day shifts on nyse, 20,000 from different days");
    let start = chrono::NaiveDate::from_ymd_opt(2001, 1, 1).expect("date");
    let days: Vec<chrono::NaiveDate> = (0..20_000u64)
        .map(|i| start + chrono::Days::new(i % 3000))
        .collect();
    let mut times = Vec::new();
    for n in [5, 50, 5_000] {
        let time = median(|| {
            for day in &days {
                Calendar::Nyse.add_business_days(*day, n).expect("in range");
            }
        });
        println!(
            "  {n:>5} business days: {} ns per shift",
            time.as_nanos() / days.len() as u128
        );
        times.push(time);
    }
    println!(
        "  5,000-day shift / 5-day shift: {}",
        ratio(times[2], times[0])
    );
}

fn main() {
    clause_files_against_pest_json();
    scenarios_scale_linearly();
    long_shifts_cost_no_more_than_short_ones();
}
