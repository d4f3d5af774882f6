//! Grammar-aware: a small structured list of events written as a valid
//! scenario against the Focus warrant, so mutation reaches the evaluator
//! rather than stopping at the parser.
#![no_main]

use std::fmt::Write;
use std::sync::OnceLock;

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use pactum::check::{check_contract, check_scenario};
use pactum::program::Program;
use pactum::render::render_diagnostic;
use pactum::source::Source;
use pactum::syntax::{parse_clause_file, parse_scenario};

const WARRANT: &str = include_str!("../../examples/focus-warrant-2001/warrant.pactum");

fn program() -> Option<&'static Program> {
    static PROGRAM: OnceLock<Option<Program>> = OnceLock::new();
    PROGRAM
        .get_or_init(|| {
            let source = Source::new("warrant.pactum", WARRANT);
            let file = parse_clause_file(&source).ok()?;
            check_contract(&source, &file).ok()
        })
        .as_ref()
}

#[derive(Debug, Arbitrary)]
enum Method {
    Cash,
    CertifiedCheck,
    OfficialBankCheck,
    WireTransfer,
    OtherPayment,
}

impl Method {
    fn text(&self) -> &'static str {
        match self {
            Method::Cash => "cash",
            Method::CertifiedCheck => "certified check",
            Method::OfficialBankCheck => "official bank check",
            Method::WireTransfer => "wire transfer",
            Method::OtherPayment => "other payment",
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Event {
    Notice { by_fax: bool, shares: u32 },
    Payment { cents: u64, method: Method },
    Split { new: u8, old: u8 },
    Tendered,
    Delivered,
    TimePasses,
}

#[derive(Debug, Arbitrary)]
struct Step {
    /// Minutes after the previous event (events never go back in time).
    gap_minutes: u16,
    event: Event,
}

/// Writes a whole number with thousands separators, as the scenarios do.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn scenario(steps: &[Step]) -> String {
    let mut text = String::from("scenario \"fuzz\"\ncontract \"../warrant.pactum\"\n\n");
    // 2002-03-01 00:00, in minutes since the scenario's start.
    let start = chrono::NaiveDate::from_ymd_opt(2002, 3, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
    let Some(mut at) = start else {
        return text;
    };
    for step in steps.iter().take(32) {
        at += chrono::Duration::minutes(i64::from(step.gap_minutes) * 7);
        let when = at.format("%Y-%m-%d %H:%M");
        let _ = match &step.event {
            Event::Notice { by_fax, shares } => writeln!(
                text,
                "{when}  Notice of Exercise {{ by: {}, shares: {} shares }}",
                if *by_fax { "fax" } else { "delivery" },
                grouped(u64::from(*shares % 60_000)),
            ),
            Event::Payment { cents, method } => {
                let cents = cents % 10_000_000_000;
                writeln!(
                    text,
                    "{when}  Payment {{ amount: USD {}.{:02}, method: {} }}",
                    grouped(cents / 100),
                    cents % 100,
                    method.text(),
                )
            }
            Event::Split { new, old } => writeln!(
                text,
                "{when}  Stock Split {{ ratio: {}:{} }}",
                u16::from(*new % 20) + 1,
                u16::from(*old % 20) + 1,
            ),
            Event::Tendered => writeln!(
                text,
                "{when}  Certificate Tendered {{ certificate: Warrant Certificate 1 }}"
            ),
            Event::Delivered => writeln!(text, "{when}  Certificates Delivered"),
            Event::TimePasses => writeln!(text, "{when}  time passes"),
        };
    }
    text
}

fuzz_target!(|steps: Vec<Step>| {
    let Some(program) = program() else {
        return;
    };
    let text = scenario(&steps);
    let source = Source::new("fuzz.scenario", &text);
    let file = match parse_scenario(&source) {
        Ok(file) => file,
        Err(e) => {
            let _ = render_diagnostic(&e, false);
            return;
        }
    };
    match check_scenario(program, &source, &file) {
        Ok(plan) => {
            if let Err(e) = pactum::testing::run_plan(program, &plan) {
                let _ = render_diagnostic(&e, false);
            }
        }
        Err(errors) => {
            for e in &errors {
                let _ = render_diagnostic(e, false);
            }
        }
    }
});
