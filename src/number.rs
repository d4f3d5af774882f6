//! Exact numbers for contract arithmetic.
//!
//! Money, prices and share counts must never drift. A decimal type cannot hold
//! a price of $1.54 × 2/3 after a 3-for-2 split, yet 22,500 shares at that price
//! must cost exactly $23,100.00. So every value is an exact rational with `i128`
//! parts, every operation is checked (overflow is an error value, never a wrap
//! or a panic), and rounding happens only where a clause asks for it, with an
//! explicit mode and precision. `rust_decimal::Decimal` is used only at the edges.

use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;
use NumberError::{DivisionByZero, Overflow};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    Overflow,
    DivisionByZero,
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Overflow => "arithmetic overflow",
            DivisionByZero => "division by zero",
        })
    }
}

impl std::error::Error for NumberError {}

/// Invariant: `den > 0`, `gcd(|num|, den) == 1`, zero is `0/1`. Because the
/// representation is canonical, the derived `Eq` and `Hash` are value equality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Number {
    num: i128,
    den: i128,
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Builds a number from a sign and magnitudes. Working in `u128` magnitudes
/// gives intermediate results one extra bit and makes `i128::MIN` harmless.
fn make(negative: bool, num: u128, den: u128) -> Result<Number, NumberError> {
    if den == 0 {
        return Err(DivisionByZero);
    }
    let g = gcd(num, den);
    let (num, den) = (num / g, den / g);
    let den = i128::try_from(den).map_err(|_| Overflow)?;
    let num = if negative {
        0i128.checked_sub_unsigned(num)
    } else {
        0i128.checked_add_unsigned(num)
    };
    let num = num.ok_or(Overflow)?;
    Ok(Number { num, den })
}

/// `Some(k)` when `den` divides `10^k` (only factors 2 and 5), with the least such `k`.
fn decimal_places_of(mut den: u128) -> Option<u32> {
    let mut places = 0;
    // Dividing out 10s before lone 2s or 5s makes the step count max(twos, fives).
    while den > 1 {
        den /= [10, 2, 5].into_iter().find(|p| den.is_multiple_of(*p))?;
        places += 1;
    }
    (den == 1).then_some(places)
}

/// The first `places` fractional digits of `r / den` (for `r < den`) and the remainder.
fn fraction_digits(mut r: u128, den: u128, places: u32) -> (Vec<u8>, u128) {
    let mut digits = Vec::new();
    for _ in 0..places {
        // 10 * r can exceed u128 when den is near i128::MAX, so r is added ten
        // times modulo den instead; acc, r < den <= 2^127 keeps each sum in range.
        let (mut digit, mut acc) = (0u8, 0u128);
        for _ in 0..10 {
            acc += r;
            if acc >= den {
                acc -= den;
                digit += 1;
            }
        }
        digits.push(digit);
        r = acc;
    }
    (digits, r)
}

fn render(negative: bool, int: u128, frac: &[u8], grouped: bool) -> String {
    let int = int.to_string();
    let mut out = String::from(if negative { "-" } else { "" });
    for (i, c) in int.chars().enumerate() {
        if grouped && i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.extend(frac.iter().map(|d| char::from(b'0' + d)));
    }
    out
}

/// Sign and magnitudes: `u128` magnitudes give intermediates one extra bit.
type Parts = (bool, u128, u128);
type NumberResult = Result<Number, NumberError>;

/// How many places the `≈` approximation of a non-terminating value shows.
const APPROX_PLACES: u32 = 10;

impl Number {
    pub const ZERO: Number = Number { num: 0, den: 1 };
    pub const ONE: Number = Number { num: 1, den: 1 };

    pub fn from_decimal(d: Decimal) -> Number {
        // rust_decimal bounds the mantissa to 96 bits and the scale to 28, so
        // 10^scale and the reduced parts always fit: the fallback is unreachable.
        10i128
            .checked_pow(d.scale())
            .ok_or(Overflow)
            .and_then(|den| Number::from_ratio(d.mantissa(), den))
            .unwrap_or(Number::ZERO)
    }

    pub fn from_integer(i: i64) -> Number {
        Number {
            num: i128::from(i),
            den: 1,
        }
    }

    pub fn from_ratio(num: i128, den: i128) -> Result<Number, NumberError> {
        let negative = (num < 0) != (den < 0);
        make(negative, num.unsigned_abs(), den.unsigned_abs())
    }

    fn parts(self) -> Parts {
        let Number { num, den } = self;
        (num < 0, num.unsigned_abs(), den.unsigned_abs())
    }

    /// Knuth's addition (TAOCP 4.5.1): dividing by gcd(den, den') first keeps
    /// the intermediates as small as possible, delaying overflow.
    fn add_parts((a_neg, a_num, a_den): Parts, (c_neg, c_num, c_den): Parts) -> NumberResult {
        let g = gcd(a_den, c_den);
        let (a_den_g, c_den_g) = (a_den / g, c_den / g);
        let x = a_num.checked_mul(c_den_g).ok_or(Overflow)?;
        let y = c_num.checked_mul(a_den_g).ok_or(Overflow)?;
        let (negative, t) = if a_neg == c_neg {
            (a_neg, x.checked_add(y).ok_or(Overflow)?)
        } else if x >= y {
            (a_neg, x - y)
        } else {
            (c_neg, y - x)
        };
        let g2 = gcd(t, g);
        let den = a_den_g.checked_mul(c_den / g2).ok_or(Overflow)?;
        make(negative, t / g2, den)
    }

    /// `(n1 * n2) / (d1 * d2)`, cross-reducing first so that, for example,
    /// `(big/7) * (7/big)` is 1 rather than an overflow.
    fn mul_parts((neg1, n1, d1): Parts, (neg2, n2, d2): Parts) -> NumberResult {
        let (g1, g2) = (gcd(n1, d2).max(1), gcd(n2, d1).max(1));
        let num = (n1 / g1).checked_mul(n2 / g2);
        let den = (d1 / g2).checked_mul(d2 / g1);
        match (num, den) {
            (Some(num), Some(den)) => make(neg1 != neg2, num, den),
            _ => Err(Overflow),
        }
    }

    pub fn checked_add(self, o: Number) -> Result<Number, NumberError> {
        Number::add_parts(self.parts(), o.parts())
    }

    pub fn checked_sub(self, o: Number) -> Result<Number, NumberError> {
        // Flipping the sign flag, not negating, so that subtracting i128::MIN works.
        let (neg, num, den) = o.parts();
        Number::add_parts(self.parts(), (!neg, num, den))
    }

    pub fn checked_mul(self, o: Number) -> Result<Number, NumberError> {
        Number::mul_parts(self.parts(), o.parts())
    }

    pub fn checked_div(self, o: Number) -> Result<Number, NumberError> {
        if o.is_zero() {
            return Err(DivisionByZero);
        }
        let (neg, num, den) = o.parts();
        Number::mul_parts(self.parts(), (neg, den, num))
    }

    pub fn checked_neg(self) -> Result<Number, NumberError> {
        let num = self.num.checked_neg().ok_or(Overflow)?;
        Ok(Number { num, den: self.den })
    }

    pub fn numerator(self) -> i128 {
        self.num
    }

    pub fn denominator(self) -> i128 {
        self.den
    }

    pub fn is_zero(self) -> bool {
        self.num == 0
    }

    pub fn is_integer(self) -> bool {
        self.den == 1
    }

    pub fn is_negative(self) -> bool {
        self.num < 0
    }

    /// Some(decimal) when the value has a terminating decimal expansion that fits rust_decimal (scale ≤ 28), else None.
    pub fn to_decimal(self) -> Option<Decimal> {
        let scale = decimal_places_of(self.den.unsigned_abs()).filter(|s| *s <= 28)?;
        let factor = 10i128.checked_pow(scale)? / self.den;
        let mantissa = self.num.checked_mul(factor)?;
        Decimal::try_from_i128_with_scale(mantissa, scale).ok()
    }

    /// Round to `places` decimal places with `mode`; exact (do the rounding on the rational, not on a pre-rounded Decimal).
    pub fn round(self, places: u32, mode: RoundingMode) -> Result<Number, NumberError> {
        if decimal_places_of(self.den.unsigned_abs()).is_some_and(|k| k <= places) {
            return Ok(self);
        }
        let scale = 10i128.checked_pow(places).ok_or(Overflow)?;
        // Split off the floor so that only the fraction is scaled: a large
        // integer part then cannot overflow the scaling.
        let int = self.num.div_euclid(self.den);
        let frac = Number::from_ratio(self.num.rem_euclid(self.den), self.den)?;
        let scaled = frac.checked_mul(Number::from_ratio(scale, 1)?)?;
        let floor = scaled.num.div_euclid(scaled.den);
        let rem = scaled.num.rem_euclid(scaled.den);
        let negative = self.is_negative();
        let floor_is_odd = (if places == 0 { int } else { floor }) % 2 != 0;
        // Comparing rem with den - rem avoids computing 2 * rem, which could overflow.
        let half = rem.cmp(&(scaled.den - rem));
        let tie_or = |on_tie: bool| match half {
            Ordering::Less => false,
            Ordering::Equal => on_tie,
            Ordering::Greater => true,
        };
        let step_up = rem != 0
            && match mode {
                RoundingMode::Floor => false,
                RoundingMode::Ceiling => true,
                RoundingMode::Down => negative,
                RoundingMode::Up => !negative,
                RoundingMode::HalfUp => tie_or(!negative),
                RoundingMode::HalfDown => tie_or(negative),
                RoundingMode::HalfEven => tie_or(floor_is_odd),
            };
        let digits = floor.checked_add(i128::from(step_up)).ok_or(Overflow)?;
        Number { num: int, den: 1 }.checked_add(Number::from_ratio(digits, scale)?)
    }

    /// Exact decimal text, or `None` when the expansion does not terminate.
    fn decimal_text(self, min_places: u32, grouped: bool) -> Option<String> {
        let (negative, num, den) = self.parts();
        let places = decimal_places_of(den)?;
        let (mut frac, _) = fraction_digits(num % den, den, places);
        let min = usize::try_from(min_places).unwrap_or(usize::MAX);
        if frac.len() < min {
            frac.resize(min, 0);
        }
        Some(render(negative, num / den, &frac, grouped))
    }

    /// Human text: exact decimal with thousands separators ("25,000", "38,500.00", "1.54", "-0.5"),
    /// padded with zeros to at least `min_places` decimals ("15.40" for min_places 2) — padding only, never rounding.
    /// A value without a terminating expansion prints as the mixed number a lawyer writes, "16,666 2/3" or
    /// "-1 2/75"; with `approximate`, followed by a marked approximation that is clearly not a rounding of the
    /// value: "1 2/75 (≈1.0266666667)". The ≈ figure is the nearest 10-place decimal, for reading only;
    /// contractual rounding happens only through [`Number::round`].
    pub fn format(self, min_places: u32, approximate: bool) -> String {
        if let Some(text) = self.decimal_text(min_places, true) {
            return text;
        }
        let mixed = self.mixed_text();
        if !approximate {
            return mixed;
        }
        let (negative, num, den) = self.parts();
        let mut int = num / den;
        let (mut frac, rem) = fraction_digits(num % den, den, APPROX_PLACES);
        // Nearest at the last shown place; an exact tie cannot occur because
        // the expansion does not terminate.
        let mut carry = rem >= den - rem;
        for d in frac.iter_mut().rev() {
            if carry {
                carry = *d == 9;
                *d = if carry { 0 } else { *d + 1 };
            }
        }
        int = int.saturating_add(u128::from(carry));
        let approx = render(negative, int, &frac, true);
        format!("{mixed} (≈{approx})")
    }

    /// "16,666 2/3", "-1 2/75", or "2/3" when there is no whole part.
    fn mixed_text(self) -> String {
        let (negative, num, den) = self.parts();
        let (whole, part) = (num / den, num % den);
        let sign = if negative { "-" } else { "" };
        if whole == 0 {
            return format!("{sign}{part}/{den}");
        }
        format!("{} {part}/{den}", render(negative, whole, &[], true))
    }

    /// Machine text for JSON: exact decimal without separators ("38500.00" with min_places 2), or "77/75" for non-terminating.
    pub fn to_plain_string(self, min_places: u32) -> String {
        self.decimal_text(min_places, false)
            .unwrap_or_else(|| format!("{}/{}", self.num, self.den))
    }
}

/// Compares `n1/d1` with `n2/d2` (all positive denominators) exactly. When the
/// cross products overflow `u128`, compare integer parts; if they tie, the
/// remainders `r1/d1` and `r2/d2` compare as the reciprocals `d2/r2` and `d1/r1`
/// do, which is a Euclid step on smaller numbers (a continued-fraction expansion).
fn cmp_magnitudes(mut n1: u128, mut d1: u128, mut n2: u128, mut d2: u128) -> Ordering {
    loop {
        if let (Some(x), Some(y)) = (n1.checked_mul(d2), n2.checked_mul(d1)) {
            return x.cmp(&y);
        }
        let (q1, r1, q2, r2) = (n1 / d1, n1 % d1, n2 / d2, n2 % d2);
        if q1 != q2 || r1 == 0 || r2 == 0 {
            return q1.cmp(&q2).then((r1 != 0).cmp(&(r2 != 0)));
        }
        (n1, d1, n2, d2) = (d2, r2, d1, r1);
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Number) -> Ordering {
        let (sign_a, sign_b) = (self.num.cmp(&0), other.num.cmp(&0));
        if sign_a != sign_b {
            return sign_a.cmp(&sign_b);
        }
        let ((_, an, ad), (_, bn, bd)) = (self.parts(), other.parts());
        match sign_a {
            Ordering::Equal => Ordering::Equal,
            Ordering::Greater => cmp_magnitudes(an, ad, bn, bd),
            Ordering::Less => cmp_magnitudes(bn, bd, an, ad),
        }
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Number) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(0, true))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseNumberError {
    message: String,
}

impl ParseNumberError {
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ParseNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseNumberError {}

impl FromStr for Number {
    type Err = ParseNumberError;

    /// Accepts `-?digits(.digits)?`, where the integer digits may be grouped in
    /// threes by commas. A misplaced comma is an error rather than ignored,
    /// because "2,5000" is more likely a typo than twenty-five thousand.
    fn from_str(s: &str) -> Result<Number, ParseNumberError> {
        let fail = |why: &str| ParseNumberError {
            message: format!("invalid number {s:?}: {why}"),
        };
        let (negative, body) = s.strip_prefix('-').map_or((false, s), |rest| (true, rest));
        let (int_part, frac_part) = body.split_once('.').map_or((body, ""), |(i, f)| (i, f));
        if int_part.is_empty() {
            return Err(fail("expected a digit first"));
        }
        if body.contains('.') && frac_part.is_empty() {
            return Err(fail("expected digits after the decimal point"));
        }
        if int_part.contains(',') {
            let mut groups = int_part.split(',');
            let first = groups.next().unwrap_or_default();
            if first.is_empty() || first.len() > 3 || first.starts_with('0') {
                return Err(fail("a comma-grouped number must start with 1 to 3 digits"));
            }
            if groups.any(|g| g.len() != 3) {
                return Err(fail("commas must separate groups of exactly three digits"));
            }
        }
        let mut mantissa: i128 = 0;
        for b in (int_part.replace(',', "") + frac_part).bytes() {
            if !b.is_ascii_digit() {
                return Err(fail("expected digits, '.' and thousands commas"));
            }
            mantissa = mantissa
                .checked_mul(10)
                .and_then(|m| m.checked_add(i128::from(b - b'0')))
                .ok_or_else(|| fail("too many digits"))?;
        }
        let signed = if negative { -mantissa } else { mantissa };
        let den = u32::try_from(frac_part.len())
            .ok()
            .and_then(|p| 10i128.checked_pow(p));
        let value = den
            .ok_or(Overflow)
            .and_then(|den| Number::from_ratio(signed, den));
        value.map_err(|_| fail("too many digits"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundingMode {
    /// Ties away from zero.
    HalfUp,
    /// Ties to the even neighbour (banker's rounding).
    HalfEven,
    /// Ties toward zero.
    HalfDown,
    /// Away from zero.
    Up,
    /// Toward zero.
    Down,
    /// Toward negative infinity.
    Floor,
    /// Toward positive infinity.
    Ceiling,
}

impl RoundingMode {
    pub const ALL: [RoundingMode; 7] = [
        RoundingMode::HalfUp,
        RoundingMode::HalfEven,
        RoundingMode::HalfDown,
        RoundingMode::Up,
        RoundingMode::Down,
        RoundingMode::Floor,
        RoundingMode::Ceiling,
    ];

    /// The words a contract uses to name the mode ("half up", single spaces).
    pub fn from_words(words: &str) -> Option<RoundingMode> {
        RoundingMode::ALL.into_iter().find(|m| m.words() == words)
    }

    pub fn words(self) -> &'static str {
        match self {
            RoundingMode::HalfUp => "half up",
            RoundingMode::HalfEven => "half even",
            RoundingMode::HalfDown => "half down",
            RoundingMode::Up => "up",
            RoundingMode::Down => "down",
            RoundingMode::Floor => "floor",
            RoundingMode::Ceiling => "ceiling",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let price = n("1.54").checked_mul(n("2"))?.checked_div(n("3"))?;
        assert_eq!(price.checked_mul(n("22500"))?, n("23100"));
        assert_eq!(price.to_decimal(), None);
        let price = n("1.54").checked_div(n("3/2"))?;
        assert_eq!(price.checked_mul(n("22500"))?.format(0, true), "23,100");
        Ok(())
    }

    #[test]
    fn arithmetic_is_exact_and_normalised() -> Result<(), NumberError> {
        let x = n("25000").checked_mul(n("1.54"))?.checked_div(n("0.77"))?;
        assert_eq!(x, n("50000"));
        assert_eq!(n("1.54").checked_div(n("1.1")), Ok(n("1.4")));
        assert_eq!(n("0.1").checked_add(n("0.2")), Ok(n("0.3")));
        assert_eq!(n("1").checked_sub(n("1.5")), Ok(n("-0.5")));
        assert_eq!((r(6, -4).numerator(), r(6, -4).denominator()), (-3, 2));
        assert_eq!((r(0, -5).numerator(), r(0, -5).denominator()), (0, 1));
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
        assert_eq!(n("1/3").round(40, HalfUp), Err(Overflow));
        assert_eq!(n("0.5").round(40, HalfUp), Ok(n("0.5")));
    }

    #[test]
    fn overflow_and_division_by_zero_are_errors() {
        let (max, min) = (r(i128::MAX, 1), r(i128::MIN, 1));
        assert_eq!(max.checked_add(Number::ONE), Err(Overflow));
        assert_eq!(min.checked_sub(Number::ONE), Err(Overflow));
        assert_eq!(Number::ZERO.checked_sub(min), Err(Overflow));
        assert_eq!(max.checked_mul(n("2")), Err(Overflow));
        assert_eq!(r(1, i128::MAX).checked_mul(n("1/3")), Err(Overflow));
        assert_eq!(min.checked_neg(), Err(Overflow));
        assert_eq!(min.checked_div(n("-1")), Err(Overflow));
        assert_eq!(Number::from_ratio(1, i128::MIN), Err(Overflow));
        assert_eq!(Number::from_ratio(1, 0), Err(DivisionByZero));
        assert_eq!(Number::ONE.checked_div(Number::ZERO), Err(DivisionByZero));
        assert_eq!(Overflow.to_string(), "arithmetic overflow");
        assert_eq!(DivisionByZero.to_string(), "division by zero");
        // Representable results survive intermediates that would not fit.
        let m = i128::MAX;
        assert_eq!(r(m, 7).checked_mul(r(7, m)), Ok(Number::ONE));
        assert_eq!(r(m, 2).checked_add(r(m, 2)), Ok(max));
        // lcm of the denominators is ~2^153, but the sum is 2^28 / (2^99 u v).
        let (u, v) = ((1 << 27) - 1, (1 << 27) + 1);
        let (a, b) = (r(1, u << 99), r(1, v << 99));
        assert_eq!(a.checked_add(b), Ok(r(1, (u * v) << 71)));
        assert_eq!(n("-1").checked_sub(max), Ok(min));
        assert_eq!(min.checked_add(max), Ok(n("-1")));
    }

    #[test]
    fn ordering_is_exact_beyond_cross_product_range() {
        let m = i128::MAX;
        let (a, b) = (r(m - 1, m), r(m - 2, m - 1));
        assert!(a.numerator().checked_mul(b.denominator()).is_none());
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
            .flat_map(|x| values.clone().map(move |y| (x, y)))
        {
            assert_eq!(x.cmp(&y), x.checked_sub(y).unwrap().numerator().cmp(&0));
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
        for s in bad
            .split('|')
            .chain(["1000000000000000000000000000000000000000"])
        {
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
}
