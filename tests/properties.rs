//! Property tests (proptest): reports do not depend on the host's zone or
//! locale; and the same events written as a scenario and as a
//! JSON Lines stream give the same report, whatever form the stream's times
//! and numbers take. The stream's fast path and the scenario grammar are two
//! independent readers of one event, so any disagreement shows here.

use pactum::eval::Machine;
use pactum::program::Program;
use pactum::report::{render_entry, render_summary};
use pactum::source::Source;
use pactum::stream::parse_event_stream;
use proptest::prelude::*;

use crate::support::{check_text, plan_text, read, root};

/// One event of the seed warrant, in a form both writers can spell.
#[derive(Debug, Clone)]
enum Event {
    Notice { by: &'static str, shares: u32 },
    Payment { cents: u64, method: &'static str },
    Split { ratio_tenths: u32 },
    Delivered,
}

/// How the stream writes an event's time: local, UTC with `Z`, or an offset.
#[derive(Debug, Clone, Copy)]
enum TimeForm {
    Local,
    Utc,
    Offset,
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        (
            prop::sample::select(vec!["fax", "delivery", "mail", "telex"]),
            0u32..27_000
        )
            .prop_map(|(by, shares)| Event::Notice { by, shares }),
        (
            0u64..4_000_000,
            prop::sample::select(vec!["cash", "certified check", "wire transfer"])
        )
            .prop_map(|(cents, method)| Event::Payment { cents, method }),
        (5u32..40).prop_map(|ratio_tenths| Event::Split { ratio_tenths }),
        Just(Event::Delivered),
    ]
}

/// `1,234` as the scenario grammar writes a whole number.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn money(cents: u64) -> String {
    format!("{}.{:02}", grouped(cents / 100), cents % 100)
}

fn ratio(tenths: u32) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

fn scenario_line(event: &Event) -> String {
    match event {
        Event::Notice { by, shares } => format!(
            "Notice of Exercise {{ by: {by}, shares: {} shares }}",
            grouped(u64::from(*shares))
        ),
        Event::Payment { cents, method } => format!(
            "Payment {{ amount: USD {}, method: {method} }}",
            money(*cents)
        ),
        Event::Split { ratio_tenths } => {
            format!("Stock Split {{ ratio: {} }}", ratio(*ratio_tenths))
        }
        Event::Delivered => "Certificates Delivered".to_string(),
    }
}

fn json_fields(event: &Event) -> (&'static str, String) {
    match event {
        Event::Notice { by, shares } => (
            "Notice of Exercise",
            format!(r#"{{"by": "{by}", "shares": {shares}}}"#),
        ),
        Event::Payment { cents, method } => (
            "Payment",
            format!(
                r#"{{"amount": {}.{:02}, "method": "{method}"}}"#,
                cents / 100,
                cents % 100
            ),
        ),
        Event::Split { ratio_tenths } => (
            "Stock Split",
            format!(r#"{{"ratio": {}}}"#, ratio(*ratio_tenths)),
        ),
        Event::Delivered => ("Certificates Delivered", "{}".to_string()),
    }
}

/// The seed's zone is New York: 10:00 there is 15:00 UTC in winter and
/// 14:00 UTC in summer. Each event's time is written in one of three forms,
/// the same form in both files (reports show a time as it was given), and
/// each file spells it its own way: (scenario, stream).
fn times(date: chrono::NaiveDate, form: TimeForm) -> (String, String) {
    use chrono::TimeZone;
    let local = date.and_hms_opt(10, 0, 0).unwrap_or_default();
    let zoned = chrono_tz::America::New_York
        .from_local_datetime(&local)
        .single()
        .unwrap_or_else(|| panic!("10:00 is never ambiguous in New York"));
    let utc = zoned.with_timezone(&chrono::Utc);
    match form {
        TimeForm::Local => (format!("{date} 10:00"), format!("{date} 10:00")),
        TimeForm::Utc => (
            utc.format("%Y-%m-%d %H:%M UTC").to_string(),
            utc.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        ),
        TimeForm::Offset => (
            zoned.format("%Y-%m-%d %H:%M %:z").to_string(),
            zoned.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        ),
    }
}

fn report(program: &Program, inputs: &[pactum::program::EventInput]) -> String {
    let mut machine = Machine::new(program);
    let mut out = String::new();
    for input in inputs {
        match machine.apply(input) {
            Ok(entries) => {
                for entry in &entries {
                    out.push_str(&render_entry(program, entry));
                }
            }
            Err(error) => {
                out.push_str(&format!("STOPPED: {error}\n"));
                return out;
            }
        }
    }
    out.push_str(&render_summary(program, &machine.summary()));
    out
}

fn seed() -> Program {
    let path = root().join("examples/focus-warrant-2001/warrant.pactum");
    check_text("warrant.pactum", &read(&path)).unwrap_or_else(|e| panic!("{e}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_scenario_and_its_json_lines_give_the_same_report(
        events in prop::collection::vec((event(), 1u32..40, prop::sample::select(vec![TimeForm::Local, TimeForm::Utc, TimeForm::Offset])), 1..12)
    ) {
        let program = seed();
        let mut date = chrono::NaiveDate::from_ymd_opt(2002, 1, 2).unwrap_or_default();
        let mut scenario = String::from("scenario \"generated\"\ncontract \"warrant.pactum\"\n\n");
        let mut stream = String::new();
        for (event, gap, form) in &events {
            date += chrono::Duration::days(i64::from(*gap));
            let (scenario_time, stream_time) = times(date, *form);
            scenario.push_str(&format!("{scenario_time}  {}\n", scenario_line(event)));
            let (name, fields) = json_fields(event);
            stream.push_str(&format!(
                "{{\"time\": \"{stream_time}\", \"event\": \"{name}\", \"fields\": {fields}}}\n"
            ));
        }
        let plan = plan_text(&program, "generated.scenario", &scenario)
            .unwrap_or_else(|e| panic!("{e}\n{scenario}"));
        // Both readers number events by their line; the scenario's first
        // event is on line 4, the stream's on line 1.
        let from_scenario: Vec<_> = plan
            .steps
            .into_iter()
            .map(|step| pactum::program::EventInput { line: step.input.line - 3, ..step.input })
            .collect();
        let source = Source::new("generated.jsonl", &stream);
        let from_stream = parse_event_stream(&program, &source)
            .unwrap_or_else(|e| panic!("{e:?}\n{stream}"));
        prop_assert_eq!(
            report(&program, &from_scenario),
            report(&program, &from_stream),
            "scenario:\n{}\nstream:\n{}", scenario, stream
        );
    }
}

/// `pactum run` of a scenario through the binary, with the host's zone and
/// locale set as given: standard output and error together.
fn run_binary(scenario: &std::path::Path, tz: &str, locale: &str) -> Vec<u8> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_pactum"))
        .arg("run")
        .arg(root().join("examples/focus-warrant-2001/warrant.pactum"))
        .arg(scenario)
        .env("TZ", tz)
        .env("LC_ALL", locale)
        .env("LANG", locale)
        .env("LC_TIME", locale)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    [output.stdout, output.stderr].concat()
}

proptest! {
    // Each case runs the binary twice; 16 cases keep the suite lean.
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Reports are the same whatever the host's zone and locale: a random
    /// sequence of events, run under a random `TZ` (odd offsets, the date
    /// line, POSIX rules, a zone that does not exist) and locale, gives the
    /// report it gives under UTC and the C locale.
    #[test]
    fn reports_do_not_depend_on_the_hosts_zone_or_locale(
        events in prop::collection::vec((event(), 1u32..40), 1..8),
        tz in prop::sample::select(vec![
            "Asia/Kathmandu", "Pacific/Chatham", "Pacific/Kiritimati", "Etc/GMT+12",
            "America/St_Johns", "Australia/Lord_Howe", "EST5EDT", "Nowhere/Invented", "",
        ]),
        locale in prop::sample::select(vec![
            "de_DE.UTF-8", "ar_EG.UTF-8", "hi_IN.UTF-8", "fr_CH.UTF-8", "ja_JP.UTF-8", "tr_TR.UTF-8",
        ]),
    ) {
        let mut date = chrono::NaiveDate::from_ymd_opt(2002, 1, 2).unwrap_or_default();
        let mut scenario = String::from("scenario \"generated\"\ncontract \"warrant.pactum\"\n\n");
        for (event, gap) in &events {
            date += chrono::Duration::days(i64::from(*gap));
            scenario.push_str(&format!("{date} 10:00  {}\n", scenario_line(event)));
        }
        static CASES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let case = CASES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir()
            .join(format!("pactum-host-{}-{case}.scenario", std::process::id()));
        std::fs::write(&path, &scenario).unwrap();
        let reference = run_binary(&path, "UTC", "C");
        let hosted = run_binary(&path, tz, locale);
        std::fs::remove_file(&path).unwrap();
        // A whole report, not two equal error messages.
        prop_assert!(String::from_utf8_lossy(&reference).contains("\nend: "), "{}", String::from_utf8_lossy(&reference));
        prop_assert_eq!(
            String::from_utf8_lossy(&reference),
            String::from_utf8_lossy(&hosted),
            "TZ={} LC_ALL={}\n{}", tz, locale, scenario
        );
    }
}
