//! Exact numbers beyond `i128`: sixty unrounded weighted-average adjustments
//! in a row give the exact price (checked against num-rational computing the
//! contract's formula on its own), and a runaway computation stops with
//! `pactum::eval::too_large` instead of running on.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use pactum::api::{Contract, Decision};

/// Section 3(b) of the cashless warrant example without its rounding:
/// CP2 = CP1 × (A + B) / (A + C), unrounded. A, the shares outstanding before
/// each issue, is certified with it (other issues, such as option exercises,
/// count too), so denominators multiply rather than cancel: when A grew by
/// exactly C each time, CP × A would stay a whole number of cents.
const CONTRACT: &str = r#"contract "Unrounded weighted average"
  issuer Company = "Example Co."
  holder Holder  = "Example Fund LP"
  business days: nyse
  local time: America/New_York

state price       : USD per share = USD 2.50 per share
state quoted      : USD per share = USD 0 per share

event Dilutive Issuance from Company { outstanding: shares, shares: shares, price: USD per share }
event Quote from Company

section 3(b) "Subsequent Equity Sales"
  on Dilutive Issuance as d:
    refuse "only an issue below the Exercise Price adjusts it" when d.price >= price
    let consideration = d.shares * d.price
    set price = price * (d.outstanding + consideration / price) / (d.outstanding + d.shares)
  on Quote:
    set quoted = round(price, 6 places, half up)
"#;

const ROUNDS: u32 = 60;

/// Round `k`'s issue: the shares outstanding before it, the shares issued,
/// and their price in cents.
fn issue(k: u32) -> (u32, u32, u32) {
    (10_000_000 + 312_577 * k, 250_000 + 1_001 * k, 105 + k % 5)
}

fn ratio(n: u64, d: u64) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
}

/// The formula as the contract writes it, on num-rational directly.
fn expected_price() -> BigRational {
    let mut price = ratio(250, 100);
    for k in 0..ROUNDS {
        let (outstanding, shares, cents) = issue(k);
        let (a, c) = (
            ratio(u64::from(outstanding), 1),
            ratio(u64::from(shares), 1),
        );
        let b = &c * ratio(u64::from(cents), 100) / &price;
        price = &price * (&a + b) / (&a + c);
    }
    price
}

/// Rounded half up to `places` places, as digits: "1.234568".
fn rounded_text(value: &BigRational, places: u32) -> String {
    let scale = num_traits::pow(BigInt::from(10), places as usize);
    let twice: BigInt = value.numer() * &scale * 2 + value.denom();
    let digits = twice.div_floor(&(value.denom() * 2)).to_string();
    let (whole, frac) = digits.split_at(digits.len() - places as usize);
    format!("{whole}.{frac}")
}

fn scenario(quote_expect: &str) -> String {
    let mut text = String::from("scenario \"sixty issues\"\ncontract \"c.pactum\"\n");
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
    for k in 0..ROUNDS {
        let (outstanding, shares, cents) = issue(k);
        let day = start + chrono::Days::new(u64::from(k));
        text += &format!(
            "{day} 10:00  Dilutive Issuance {{ outstanding: {outstanding} shares, shares: {shares} shares, price: USD {}.{:02} per share }}\n",
            cents / 100,
            cents % 100
        );
    }
    let day = start + chrono::Days::new(u64::from(ROUNDS));
    text += &format!("{day} 10:00  Quote\n  expect quoted = USD {quote_expect} per share\n");
    text
}

#[test]
fn sixty_unrounded_weighted_average_adjustments_are_exact() {
    let want = expected_price();
    // The point of the test: the exact price is far beyond i128.
    assert!(want.denom().bits() > 1_000, "{}", want.denom().bits());
    let quote = rounded_text(&want, 6);
    let contract = Contract::from_text("c.pactum", CONTRACT).unwrap();
    let run = match contract.run_scenario("s.scenario", &scenario(&quote)) {
        Ok(run) => run,
        Err(diagnostics) => panic!(
            "{}",
            diagnostics
                .iter()
                .map(|d| format!("{:?}: {d}", d.code().map(|c| c.to_string())))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    let steps = run.steps();
    assert_eq!(steps.len(), ROUNDS as usize + 1);
    for step in &steps {
        assert!(
            matches!(step.decision, Decision::Accepted { .. }),
            "{step:?}"
        );
    }
    assert!(
        run.failed_expectations().is_empty(),
        "{:?}",
        run.failed_expectations()
    );
    // The final price, exactly: a mixed number with the ≈ figure.
    let (whole, part) = want.numer().div_rem(want.denom());
    let approx = rounded_text(&want, 10);
    let shown = format!("USD {whole} {part}/{} (≈{approx}) per share", want.denom());
    let state = run.final_state();
    assert_eq!(state[0], ("price".to_string(), shown));
    // Shown without trailing zeros: a price is padded to cents, no further.
    let quote = quote.trim_end_matches('0');
    assert_eq!(
        state[1],
        ("quoted".to_string(), format!("USD {quote} per share"))
    );
}

#[test]
fn a_runaway_computation_stops_with_too_large() {
    let contract = Contract::from_text(
        "square.pactum",
        r#"contract "Squares"
  business days: nyse
  local time: America/New_York

state x : number = 3

event Square

section 1 "Squaring"
  on Square:
    set x = x * x
"#,
    )
    .unwrap();
    // 3^(2^15) has 51,937 bits; 3^(2^16), twice that, passes the bound.
    let events: String = (1..=20)
        .map(|k| format!("2024-01-{k:02} 10:00  Square\n"))
        .collect();
    let text = format!("scenario \"squares\"\ncontract \"square.pactum\"\n{events}");
    let diagnostics = contract
        .run_scenario("squares.scenario", &text)
        .unwrap_err();
    let code = diagnostics[0].code().map(|c| c.to_string());
    assert_eq!(code.as_deref(), Some("pactum::eval::too_large"));
    let message = diagnostics[0].to_string();
    assert!(
        message.contains("the computation was stopped: a number grew beyond 30,102 digits")
            && message.contains("2024-01-16 10:00"),
        "{message}"
    );
    let help = diagnostics[0]
        .help()
        .map(|h| h.to_string())
        .unwrap_or_default();
    assert!(help.contains("round"), "{help}");
}
