//! Unit tests of exact numbers: arithmetic, rounding, formatting, parsing,
//! and the passage between the i128 and the big representation.
use super::*;
use num_bigint::BigInt;
use rust_decimal::RoundingStrategy as S;
use RoundingMode::*;

/// Parses "a/b" as a ratio, anything else with `FromStr`.
fn n(s: &str) -> Number {
    match s.split_once('/') {
        Some((p, q)) => r(p.parse().unwrap(), q.parse().unwrap()),
        None => s.parse().unwrap(),
    }
}

fn r(num: i128, den: i128) -> Number {
    Number::from_ratio(num, den).unwrap()
}

#[test]
fn split_adjusted_price_is_exact() -> Result<(), NumberError> {
    let price = n("1.54").checked_mul(&n("2"))?.checked_div(&n("3"))?;
    assert_eq!(price.checked_mul(&n("22500"))?, n("23100"));
    assert_eq!(price.to_decimal(), None);
    let price = n("1.54").checked_div(&n("3/2"))?;
    assert_eq!(price.checked_mul(&n("22500"))?.format(0, true), "23,100");
    Ok(())
}

#[test]
fn arithmetic_is_exact_and_normalised() -> Result<(), NumberError> {
    let x = n("25000")
        .checked_mul(&n("1.54"))?
        .checked_div(&n("0.77"))?;
    assert_eq!(x, n("50000"));
    assert_eq!(n("1.54").checked_div(&n("1.1")), Ok(n("1.4")));
    assert_eq!(n("0.1").checked_add(&n("0.2")), Ok(n("0.3")));
    assert_eq!(n("1").checked_sub(&n("1.5")), Ok(n("-0.5")));
    assert_eq!(
        (r(6, -4).numerator(), r(6, -4).denominator()),
        (big(-3), big(2))
    );
    assert_eq!(
        (r(0, -5).numerator(), r(0, -5).denominator()),
        (big(0), big(1))
    );
    assert!(r(4, 2).is_integer() && !n("1/2").is_integer() && n("-1/2").is_negative());
    assert!(n("0/7").is_zero() && !Number::ZERO.is_negative());
    assert_eq!(Number::from_integer(i64::MIN), r(i128::from(i64::MIN), 1));
    Ok(())
}

#[test]
fn formatting() {
    let cases = [
        ("15.40", 2, "15.40", "15.40"),
        ("15.40", 0, "15.4", "15.4"),
        ("1.545", 2, "1.545", "1.545"),
        ("38500", 2, "38,500.00", "38500.00"),
        ("25000", 0, "25,000", "25000"),
        ("-0.5", 0, "-0.5", "-0.5"),
        ("-1234567.5", 0, "-1,234,567.5", "-1234567.5"),
        ("999", 1, "999.0", "999.0"),
        ("77/75", 2, "1 2/75 (≈1.0266666667)", "77/75"),
        ("-77/75", 0, "-1 2/75 (≈-1.0266666667)", "-77/75"),
        ("1/3", 0, "1/3 (≈0.3333333333)", "1/3"),
        ("-1/3", 0, "-1/3 (≈-0.3333333333)", "-1/3"),
        ("50000/3", 0, "16,666 2/3 (≈16,666.6666666667)", "50000/3"),
    ];
    for (value, places, human, plain) in cases {
        assert_eq!(n(value).format(places, true), human);
        assert_eq!(n(value).to_plain_string(places), plain, "{value}");
    }
    let carry = "29999999999999/30000000000"; // 1000 - 1/(3 * 10^10)
    assert_eq!(
        n(carry).to_string(),
        "999 29999999999/30000000000 (≈1,000.0000000000)"
    );
    // Without the approximation, only the mixed number.
    assert_eq!(n("50000/3").format(0, false), "16,666 2/3");
    assert_eq!(n("-7/2").format(0, false), "-3.5");
    assert_eq!(n("-22/3").format(0, false), "-7 1/3");
    assert_eq!(n("1234567/1000").format(0, false), "1,234.567");
    // 2^-126 needs 126 places; expected digits computed independently (Python decimal).
    let two_pow_minus_126 = "1.1754943508222875079687365372222456778186655567720875215087517062784172594547271728515625";
    let want = format!("0.{}{}", "0".repeat(37), two_pow_minus_126.replace('.', ""));
    assert_eq!(r(1, 1 << 126).to_plain_string(0), want);
    let m = i128::MAX;
    assert_eq!(r(1, m).to_string(), format!("1/{m} (≈0.0000000000)"));
    assert_eq!(
        r(m - 1, m).to_string(),
        format!("{}/{m} (≈1.0000000000)", m - 1)
    );
    assert_eq!(
        r(m, m - 1).to_string(),
        format!("1 1/{} (≈1.0000000000)", m - 1)
    );
}

#[test]
fn rounding_matches_rust_decimal_on_terminating_inputs() {
    let strategy = |mode| match mode {
        HalfUp => S::MidpointAwayFromZero,
        HalfEven => S::MidpointNearestEven,
        HalfDown => S::MidpointTowardZero,
        Up => S::AwayFromZero,
        Down => S::ToZero,
        Floor => S::ToNegativeInfinity,
        Ceiling => S::ToPositiveInfinity,
    };
    let inputs = "2.5 -2.5 3.5 -3.5 2.45 -2.45 2.449 -2.451 0.125 -0.375 0.5 -0.05 7 0.0001";
    for s in inputs.split(' ').chain(["123456.785", "-999.995"]) {
        let d: Decimal = s.parse().unwrap();
        for (p, m) in (0..=3).flat_map(|p| RoundingMode::ALL.map(|m| (p, m))) {
            let want = Number::from_decimal(d.round_dp_with_strategy(p, strategy(m)));
            assert_eq!(n(s).round(p, m), Ok(want), "{s} {p} {m:?}");
        }
    }
}

#[test]
fn rounding_by_hand() {
    // Results in RoundingMode::ALL order: HalfUp HalfEven HalfDown Up Down Floor Ceiling.
    let cases = [
        ("2.5", 0, "3 2 2 3 2 2 3"),
        ("-2.5", 0, "-3 -2 -2 -3 -2 -3 -2"),
        ("2.45", 1, "2.5 2.4 2.4 2.5 2.4 2.4 2.5"),
        ("-7/2", 0, "-4 -4 -3 -4 -3 -4 -3"),
        ("1/3", 2, "0.33 0.33 0.33 0.34 0.33 0.33 0.34"),
        ("-1/3", 2, "-0.33 -0.33 -0.33 -0.34 -0.33 -0.34 -0.33"),
        ("2/3", 0, "1 1 1 1 0 0 1"),
        ("-2/3", 0, "-1 -1 -1 -1 0 -1 0"),
        ("1/6", 1, "0.2 0.2 0.2 0.2 0.1 0.1 0.2"),
        ("77/75", 2, "1.03 1.03 1.03 1.03 1.02 1.02 1.03"),
    ];
    for (v, p, wants) in cases {
        for (m, want) in RoundingMode::ALL.into_iter().zip(wants.split(' ')) {
            assert_eq!(n(v).round(p, m), Ok(n(want)), "{v} {m:?}");
        }
    }
    // A huge integer part must not overflow the scaling; i128::MAX = 3q + 1.
    let (m, q) = (i128::MAX, i128::MAX / 3);
    assert_eq!(r(m, 3).round(0, HalfUp), Ok(r(q, 1)));
    assert_eq!(r(m, 3).round(0, Ceiling), Ok(r(q + 1, 1)));
    // 10^40 is beyond i128: the big path rounds.
    let third_40 = format!("0.{}", "3".repeat(40));
    assert_eq!(n("1/3").round(40, HalfUp), Ok(n(&third_40)));
    assert_eq!(n("0.5").round(40, HalfUp), Ok(n("0.5")));
}

#[test]
fn results_beyond_i128_are_exact_and_division_by_zero_is_an_error() {
    let (max, min) = (r(i128::MAX, 1), r(i128::MIN, 1));
    let two_127 = || BigInt::from(1) << 127u8;
    assert_eq!(
        max.checked_add(&Number::ONE).unwrap().numerator(),
        two_127()
    );
    assert_eq!(
        min.checked_sub(&Number::ONE).unwrap().numerator(),
        -two_127() - 1
    );
    assert_eq!(
        Number::ZERO.checked_sub(&min).unwrap().numerator(),
        two_127()
    );
    assert_eq!(
        max.checked_mul(&n("2")).unwrap().numerator(),
        (two_127() - 1) * 2
    );
    let tiny = r(1, i128::MAX).checked_mul(&n("1/3")).unwrap();
    assert_eq!(tiny.denominator(), (two_127() - 1) * 3);
    assert_eq!(min.checked_neg().unwrap().numerator(), two_127());
    assert_eq!(min.checked_div(&n("-1")).unwrap().numerator(), two_127());
    let over_min = Number::from_ratio(1, i128::MIN).unwrap();
    assert_eq!(
        (over_min.numerator(), over_min.denominator()),
        (big(-1), two_127())
    );
    assert_eq!(Number::from_ratio(1, 0), Err(DivisionByZero));
    assert_eq!(Number::ONE.checked_div(&Number::ZERO), Err(DivisionByZero));
    assert_eq!(Overflow.to_string(), "arithmetic overflow");
    assert_eq!(DivisionByZero.to_string(), "division by zero");
    // Representable results survive intermediates that would not fit.
    let m = i128::MAX;
    assert_eq!(r(m, 7).checked_mul(&r(7, m)), Ok(Number::ONE));
    assert_eq!(r(m, 2).checked_add(&r(m, 2)), Ok(max.clone()));
    // lcm of the denominators is ~2^153, but the sum is 2^28 / (2^99 u v).
    let (u, v) = ((1 << 27) - 1, (1 << 27) + 1);
    let (a, b) = (r(1, u << 99), r(1, v << 99));
    assert_eq!(a.checked_add(&b), Ok(r(1, (u * v) << 71)));
    assert_eq!(n("-1").checked_sub(&max), Ok(min.clone()));
    assert_eq!(min.checked_add(&max), Ok(n("-1")));
}

fn big(i: i128) -> BigInt {
    BigInt::from(i)
}

fn hash_of(x: &Number) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    x.hash(&mut hasher);
    hasher.finish()
}

#[test]
fn the_boundary_between_small_and_big() {
    let max = r(i128::MAX, 1);
    let past = max.checked_add(&Number::ONE).unwrap();
    assert!(matches!(past.0, Repr::Big(_)) && matches!(max.0, Repr::Small { .. }));
    // The big variant sits in the denominator's niche: no larger than two i128s.
    assert_eq!(std::mem::size_of::<Number>(), 32);
    assert_eq!(
        (past.cmp(&max), max.cmp(&past)),
        (Ordering::Greater, Ordering::Less)
    );
    assert!(past.is_integer() && !past.is_negative());
    assert_eq!(
        past.to_plain_string(0),
        "170141183460469231731687303715884105728"
    );
    // Back below the boundary, the result is small again, so equal and
    // equally hashed with the same value computed without leaving i128.
    let back = past.checked_sub(&Number::ONE).unwrap();
    assert!(matches!(back.0, Repr::Small { .. }));
    assert_eq!((back.clone(), hash_of(&back)), (max.clone(), hash_of(&max)));
    // A product far beyond i128 divided back down.
    let p = r(i128::MAX, 3).checked_mul(&r(i128::MAX - 2, 7)).unwrap();
    assert!(matches!(p.0, Repr::Big(_)));
    let q = p.checked_div(&r(i128::MAX - 2, 1)).unwrap();
    assert_eq!(q, r(i128::MAX, 21));
    assert_eq!(hash_of(&q), hash_of(&r(i128::MAX, 21)));
    assert!(matches!(q.0, Repr::Small { .. }));
    // Ordering across representations and signs.
    let neg = past.checked_neg().unwrap();
    let mut all = [
        past.clone(),
        Number::ZERO,
        neg.clone(),
        max.clone(),
        r(i128::MIN, 1),
    ];
    all.sort();
    assert_eq!(all, [neg, r(i128::MIN, 1), Number::ZERO, max, past]);
    assert_eq!(
        n("1000000000000000000000000000000000000000").to_decimal(),
        None
    );
}

#[test]
fn big_values_round_and_format() {
    let ten_40 = format!("1{}", "0".repeat(40));
    // (10^40 + 1/3): whole part beyond i128, non-terminating fraction.
    let v = n(&ten_40).checked_add(&n("1/3")).unwrap();
    assert!(matches!(v.0, Repr::Big(_)));
    let grouped_40 = "10,000,000,000,000,000,000,000,000,000,000,000,000,000";
    assert_eq!(v.format(0, false), format!("{grouped_40} 1/3"));
    assert_eq!(
        v.format(0, true),
        format!("{grouped_40} 1/3 (≈{grouped_40}.3333333333)")
    );
    assert_eq!(v.to_plain_string(2), format!("3{}1/3", "0".repeat(39)));
    let neg = v.checked_neg().unwrap();
    assert_eq!(
        neg.format(0, true),
        format!("-{grouped_40} 1/3 (≈-{grouped_40}.3333333333)")
    );
    // Rounding, every mode, against the value's parts worked by hand.
    let (down, up) = (n(&ten_40), n(&format!("1{}1", "0".repeat(39))));
    let (neg_down, neg_up) = (down.checked_neg().unwrap(), up.checked_neg().unwrap());
    for (mode, positive, negative) in [
        (HalfUp, &down, &neg_down),
        (HalfEven, &down, &neg_down),
        (HalfDown, &down, &neg_down),
        (Up, &up, &neg_up),
        (Down, &down, &neg_down),
        (Floor, &down, &neg_up),
        (Ceiling, &up, &neg_down),
    ] {
        assert_eq!(v.round(0, mode).as_ref(), Ok(positive), "{mode:?}");
        assert_eq!(neg.round(0, mode).as_ref(), Ok(negative), "{mode:?}");
    }
    let cents = v.round(2, HalfEven).unwrap();
    assert_eq!(cents.format(2, false), format!("{grouped_40}.33"));
    // Ties: 10^40 + 1/2 goes to the even neighbour, 10^40 + 3/2 too.
    let half = n(&ten_40).checked_add(&n("0.5")).unwrap();
    assert_eq!(half.round(0, HalfEven), Ok(down.clone()));
    assert_eq!(half.round(0, HalfUp), Ok(up.clone()));
    assert_eq!(half.format(1, true), format!("{grouped_40}.5"));
    // A terminating expansion with a denominator beyond i128: 2^-130.
    let tiny = r(1, 1 << 126).checked_div(&n("16")).unwrap();
    assert!(matches!(tiny.0, Repr::Big(_)));
    let text = tiny.to_plain_string(0);
    // 2^-130 = 7.346839692…e-40, 130 places.
    let zeros = "0".repeat(39);
    assert!(text.starts_with(&format!("0.{zeros}734683969")), "{text}");
    assert_eq!(text.len(), 132);
    assert_eq!(tiny.round(40, Up), Ok(n(&format!("0.{zeros}8"))));
    assert_eq!(tiny.round(0, HalfUp), Ok(Number::ZERO));
    // 40-digit literals parse into the big form; a longer bound is refused.
    assert_eq!(n(&format!("-{ten_40}.5")), half.checked_neg().unwrap());
    let too_long = "9".repeat(usize::try_from(MAX_DIGITS).unwrap() + 1);
    assert!(too_long
        .parse::<Number>()
        .unwrap_err()
        .message()
        .contains("too many digits"));
}

#[test]
fn growth_past_the_bound_is_too_large() {
    assert_eq!(TooLarge.to_string(), "a number grew too large");
    // Repeated squaring doubles the bits: 2^(2^k) passes MAX_BITS at k = 17.
    let mut x = n("2");
    let mut squarings = 0;
    let stopped = loop {
        match x.checked_mul(&x) {
            Ok(next) => x = next,
            Err(e) => break e,
        }
        squarings += 1;
        assert!(squarings < 40);
    };
    assert_eq!((stopped, squarings), (TooLarge, 16));
    assert_eq!(x.numerator().bits(), (1 << 16) + 1);
    // The same bound on denominators, and on rounding to absurd places.
    let inverse = Number::ONE.checked_div(&x).unwrap();
    assert_eq!(inverse.checked_mul(&inverse), Err(TooLarge));
    assert_eq!(n("1/3").round(u32::MAX, HalfUp), Err(TooLarge));
    assert_eq!(n("1/3").round(40_000, HalfUp), Err(TooLarge));
    assert!(n("1/3").round(30_000, HalfUp).is_ok());
    // MAX_DIGITS is the most decimal digits that always fit in MAX_BITS.
    let ten_to = |k: u64| num_traits::pow(BigInt::from(10), usize::try_from(k).unwrap());
    assert!(ten_to(MAX_DIGITS).bits() <= MAX_BITS && ten_to(MAX_DIGITS + 1).bits() > MAX_BITS);
}

#[test]
fn ordering_is_exact_beyond_cross_product_range() {
    let m = i128::MAX;
    let (a, b) = (r(m - 1, m), r(m - 2, m - 1));
    assert!((m - 1).checked_mul(m - 1).is_none());
    assert_eq!(
        [a.cmp(&b), b.cmp(&a), a.cmp(&a)],
        [Ordering::Greater, Ordering::Less, Ordering::Equal]
    );
    assert!(a < Number::ONE);
    // Unreduced inputs (unreachable from Number) still tie-break on remainders.
    let big = 1u128 << 126;
    assert_eq!(
        cmp_magnitudes(2 * big, big, 2 * big + 1, big),
        Ordering::Less
    );
    assert!(a.checked_neg().unwrap() < b.checked_neg().unwrap());
    // F(k+1)/F(k) alternates around the golden ratio while converging, so
    // neighbours differ by only 1/(F(k)F(k+1)).
    let mut fib = vec![1i128, 1];
    while let Some(next) = fib[fib.len() - 1].checked_add(fib[fib.len() - 2]) {
        fib.push(next);
    }
    let ratio = |k: usize| r(fib[k + 1], fib[k]);
    let last = fib.len() - 2;
    for k in last - 6..last {
        let below = k % 2 == 0;
        assert_eq!(ratio(k) < ratio(k + 1), below, "k = {k}");
        assert!(
            k + 2 > last || (ratio(k) < ratio(k + 2)) == below,
            "k = {k}"
        );
        let neg = |k| ratio(k).checked_neg().unwrap();
        assert_eq!(neg(k) > neg(k + 1), below, "k = {k}");
    }
    // Small values: ordering agrees with the sign of the difference.
    let values = "-3 -2.5 -1/3 0 1/7 0.142857 2/3 0.67 1 5/2"
        .split(' ')
        .map(n);
    for (x, y) in values
        .clone()
        .flat_map(|x| values.clone().map(move |y| (x.clone(), y)))
    {
        assert_eq!(
            x.cmp(&y),
            x.checked_sub(&y).unwrap().numerator().cmp(&BigInt::from(0))
        );
        assert_eq!(x.partial_cmp(&y), Some(x.cmp(&y)));
    }
}

#[test]
fn parsing() {
    assert_eq!(n("25,000"), r(25000, 1));
    assert_eq!(n("25000"), r(25000, 1));
    assert_eq!(n("1,000"), r(1000, 1));
    assert_eq!(n("1,234,567.89"), r(123_456_789, 100));
    assert_eq!(n("-3.5"), r(-7, 2));
    assert_eq!(n("1.54"), r(77, 50));
    assert_eq!(n("-0"), Number::ZERO);
    let bad = "1,00|12,3456|2,5000||abc|1.|.5|1e5|-|1,000.|,100|1,,000|+5| 5|1.2.3|1.2,5|0,100";
    for s in bad.split('|').chain(["1,0000"]) {
        let err = s.parse::<Number>().unwrap_err();
        assert!(err.message().contains(&format!("{s:?}")), "{s}: {err}");
    }
}

#[test]
fn decimal_round_trip() {
    let spread = "0 1 -0.001 123.4500 38500.00 1.54 0.0000000000000000000000000001";
    let spread = spread.split(' ').chain(["-7.9228162514264337593543950335"]);
    let spread = spread
        .map(|s| s.parse().unwrap())
        .chain([Decimal::MAX, Decimal::MIN]);
    for d in spread {
        let back = Number::from_decimal(d).to_decimal().unwrap();
        assert_eq!((back, back.scale()), (d, d.normalize().scale()), "{d}");
    }
    let two_pow_minus_28 = Decimal::from_i128_with_scale(37_252_902_984_619_140_625, 28);
    assert_eq!(r(1, 1 << 28).to_decimal(), Some(two_pow_minus_28));
    assert_eq!(n("1/3").to_decimal(), None);
    assert_eq!(r(1, 1 << 100).to_decimal(), None);
    assert_eq!(r(i128::MAX, 1).to_decimal(), None);
}

#[test]
fn rounding_mode_words() {
    for mode in RoundingMode::ALL {
        assert_eq!(RoundingMode::from_words(mode.words()), Some(mode));
    }
    assert_eq!(RoundingMode::from_words("half even"), Some(HalfEven));
    assert_eq!(RoundingMode::from_words("ceiling"), Some(Ceiling));
    assert_eq!(RoundingMode::from_words("half  up"), None);
    assert_eq!(RoundingMode::from_words("Half Up"), None);
}

#[test]
fn numbers_written_straight_into_the_output_read_as_their_text() {
    let mut cases = vec![
        n("0"),
        n("25000"),
        n("-0.5"),
        n("1234567.891"),
        n("1/3"),
        n("-50001/3"),
        n("77/75"),
        r(1, 1 << 100),
        r(-7, 1 << 126),
        r(i128::MAX, 5_i128.pow(50)),
        r(i128::MIN + 1, 1),
    ];
    // A big value, past i128.
    cases.push(r(i128::MAX, 1).checked_mul(&r(i128::MAX, 3)).unwrap());
    for number in &cases {
        for places in [0, 2, 5] {
            for approximate in [false, true] {
                assert_eq!(
                    number.formatted(places, approximate).to_string(),
                    number.format(places, approximate),
                    "{number:?} at {places}"
                );
            }
            assert_eq!(
                number.plain(places).to_string(),
                number.to_plain_string(places),
                "{number:?} at {places}"
            );
        }
    }
    assert_eq!(
        n("1234567.5").formatted(2, true).to_string(),
        "1,234,567.50"
    );
    assert_eq!(n("-1234567.5").plain(0).to_string(), "-1234567.5");
    // By hand: 1/2^20 = 5^20 / 10^20, and 5^20 = 95,367,431,640,625.
    assert_eq!(
        r(1, 1 << 20).formatted(0, false).to_string(),
        "0.00000095367431640625"
    );
    assert_eq!(r(-3, 8).plain(5).to_string(), "-0.37500");
    assert_eq!(r(-3, 8).formatted(0, true).to_string(), "-0.375");
}

/// The shortcuts in `gcd` and `divide` (a 1, magnitudes within 64 bits)
/// give what the plain 128-bit Euclid and division give, on values at and
/// around the boundaries where they switch.
#[test]
fn gcd_and_divide_shortcuts_agree_with_plain_128_bit_arithmetic() {
    let samples: Vec<u128> = [
        0u128,
        1,
        2,
        6,
        50,
        100,
        1_000_000_007,
        u128::from(u32::MAX),
        u128::from(u64::MAX) - 1,
        u128::from(u64::MAX),
        u128::from(u64::MAX) + 1,
        u128::from(u64::MAX) * 6,
        u128::MAX / 3,
        u128::MAX,
    ]
    .to_vec();
    for &a in &samples {
        for &b in &samples {
            assert_eq!(gcd(a, b), gcd_u128(a, b), "gcd({a}, {b})");
            if b != 0 {
                assert_eq!(divide(a, b), a / b, "{a} / {b}");
            }
        }
    }
}
