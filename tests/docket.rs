//! `pactum docket`: the seed's deadlines as a table, as CSV, and as an
//! iCalendar file that an independent parser (the `ical` crate) reads back
//! with the right dates and zone.

use std::process::{Command, Output};

use crate::support::root;

const SEED: &str = "examples/focus-warrant-2001/warrant.pactum";
const EXERCISE: &str = "examples/focus-warrant-2001/scenarios/01-full-exercise.scenario";

fn docket(format: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["docket", SEED, EXERCISE, "--format", format])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn the_ics_has_the_tender_deadline_and_the_expiry_in_new_york_time() {
    let output = docket("ics");
    assert_eq!(output.status.code(), Some(0));
    let reader = ical::IcalParser::new(std::io::BufReader::new(output.stdout.as_slice()));
    let calendars: Vec<_> = reader.collect::<Result<_, _>>().unwrap();
    assert_eq!(calendars.len(), 1);
    let events = &calendars[0].events;
    let property = |event: &ical::parser::ical::component::IcalEvent, name: &str| {
        event
            .properties
            .iter()
            .find(|p| p.name == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let tender = events
        .iter()
        .find(|e| {
            property(e, "SUMMARY")
                .value
                .unwrap()
                .contains("exercise 1 tender")
        })
        .expect("the tender deadline");
    // Notice faxed Monday 2002-06-03; five NYSE business days: 4, 5, 6, 7, 10 June.
    let start = property(tender, "DTSTART");
    assert_eq!(start.value.as_deref(), Some("20020610"));
    let params = start.params.unwrap_or_default();
    assert!(params
        .iter()
        .any(|(k, v)| k == "VALUE" && v == &["DATE".to_string()]));
    assert_eq!(property(tender, "DTEND").value.as_deref(), Some("20020611"));
    // The clause's own words travel with the date.
    let description = property(tender, "DESCRIPTION").value.unwrap();
    assert!(
        description.contains("within five (5) business days"),
        "{description}"
    );
    let expiry = events
        .iter()
        .find(|e| {
            property(e, "SUMMARY")
                .value
                .unwrap()
                .contains("Expiration Date")
        })
        .expect("the expiry");
    let start = property(expiry, "DTSTART");
    assert_eq!(start.value.as_deref(), Some("20041227T170000"));
    let params = start.params.unwrap_or_default();
    assert!(
        params
            .iter()
            .any(|(k, v)| k == "TZID" && v == &["America/New_York".to_string()]),
        "{params:?}"
    );
    // The same bytes on every run: no clock or random identifiers.
    assert_eq!(docket("ics").stdout, output.stdout);
}

#[test]
fn csv_and_text_list_the_same_dates() {
    let csv_output = docket("csv");
    assert_eq!(csv_output.status.code(), Some(0));
    let mut reader = csv::Reader::from_reader(csv_output.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][0], "2002-06-10");
    assert_eq!(&rows[0][3], "§2(a)");
    assert_eq!(&rows[2][1], "17:00:00");
    let text = String::from_utf8(docket("text").stdout).unwrap();
    assert!(text.contains("2002-06-10 (end of day)"), "{text}");
    assert!(text.trim_end().ends_with("3 dates"), "{text}");
}
