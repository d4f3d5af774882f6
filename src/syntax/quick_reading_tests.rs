//! The quick first reading (entry rules `*_quickly`, see the grammar) must
//! accept exactly the texts the full reading accepts and build the same
//! pairs: its guards only skip alternatives the next character rules out.
//! Checked on every example and fixture, and on many broken copies of them
//! (a range cut out, a token put in), where the two readings must also
//! refuse alike.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::{parse_with_detail, prepare, quick_entry, Rule};
use crate::source::Source;
use pest::iterators::Pairs;
use proptest::prelude::*;

/// Every pair of a reading, in order: its rule and span.
type Tokens = Vec<(Rule, usize, usize)>;

fn tokens(pairs: Pairs<'_, Rule>) -> Tokens {
    pairs
        .flatten()
        .map(|pair| (pair.as_rule(), pair.as_span().start(), pair.as_span().end()))
        .collect()
}

/// What each reading makes of `text`: `None` when it is refused, the pairs
/// (the quick reading's own wrapper left out) when it is read.
fn both_readings(entry: Rule, text: &str) -> (Option<Tokens>, Option<Tokens>) {
    let source = Source::new("reading.txt", text);
    let prepared = prepare(&source, entry).text;
    let full = parse_with_detail(entry, &prepared, false).ok().map(tokens);
    let quick = parse_with_detail(quick_entry(entry), &prepared, false)
        .ok()
        .map(|pairs| {
            let mut all = tokens(pairs);
            // The wrapper `*_quickly` pair comes first; it holds the rest.
            all.remove(0);
            all
        });
    (full, quick)
}

/// The texts the test starts from: every clause file and scenario of the
/// examples and of the test fixtures.
fn samples() -> Vec<(Rule, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    let mut folders = vec![root.join("examples"), root.join("tests/fixtures")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let rule = match path.extension().and_then(|e| e.to_str()) {
                Some("pactum") => Rule::clause_file,
                Some("scenario") => Rule::scenario_file,
                _ if path.is_dir() => {
                    folders.push(path);
                    continue;
                }
                _ => continue,
            };
            found.push((rule, std::fs::read_to_string(&path).unwrap()));
        }
    }
    found.sort_by(|a, b| a.1.cmp(&b.1));
    assert!(found.len() > 100, "the examples and fixtures are found");
    found
}

#[test]
fn the_quick_and_full_readings_agree_on_every_example_and_fixture() {
    for (entry, text) in samples() {
        let (full, quick) = both_readings(entry, &text);
        assert_eq!(full, quick, "the readings differ on:\n{text}");
    }
}

#[test]
fn the_quick_and_full_readings_agree_on_expressions() {
    for text in [
        "1",
        "1,000 shares",
        "USD 1.54 per share",
        "2024-01-02 10:00",
        "a",
        "a b c",
        "a(1, 2)",
        "a (1)",
        "a -- note\n (1)",
        "-x",
        "not x",
        "x.y.z",
        "x is open",
        "d at 17:00 America/New_York",
        "a + b * c - d / e",
        "a <= b and c != d or e > 1",
        "a = b",
        "(a)",
        "if a then 1 else 2",
        "3:2",
        "5%",
        "5 business days",
        "yes",
        "a ×2",
        "a @",
        "1 +",
        "event.time",
        "count(x as y)",
    ] {
        let (full, quick) = both_readings(Rule::value_input, text);
        assert_eq!(full, quick, "the readings differ on {text:?}");
    }
}

/// Tokens put into a text at random: characters every guard looks at, and
/// words that start the alternatives it skips.
const INSERTS: &[&str] = &[
    "(",
    ")",
    "1",
    "9,9",
    ".",
    " is ",
    " at ",
    "at 10:00",
    "=",
    "<",
    "!=",
    "+",
    "-",
    "*",
    "×",
    "/",
    " or ",
    " and ",
    "USD ",
    "%",
    ":",
    "\n",
    " ",
    "--",
    "\"",
    "event",
    "not ",
    "yes",
    "2024-01-02",
    " 5 days",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_quick_and_full_readings_agree_on_broken_copies(
        which in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        cut in 0usize..40,
        insert in prop::sample::select(INSERTS),
    ) {
        let samples = samples();
        let (entry, text) = &samples[which.index(samples.len())];
        let start = at.index(text.len().max(1));
        let end = (start + cut).min(text.len());
        // Cut and insert on character boundaries only.
        prop_assume!(text.is_char_boundary(start) && text.is_char_boundary(end));
        let broken = format!("{}{insert}{}", &text[..start], &text[end..]);
        let (full, quick) = both_readings(*entry, &broken);
        prop_assert_eq!(full, quick, "the readings differ on:\n{}", broken);
    }
}
