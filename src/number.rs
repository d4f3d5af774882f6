//! Exact numbers for contract arithmetic.
//!
//! Money, prices and share counts must never drift. A decimal type cannot hold
//! a price of $1.54 × 2/3 after a 3-for-2 split, yet 22,500 shares at that price
//! must cost exactly $23,100.00. So every value is an exact rational, every
//! operation is checked (never a wrap or a panic), and rounding happens only
//! where a clause asks for it, with an explicit mode and precision.
//! `rust_decimal::Decimal` is used only at the edges.
//!
//! Almost every figure a contract meets fits `i128` parts, and arithmetic on
//! those is fast, so that is the usual representation. A result that does not
//! fit (fifty unrounded weighted-average adjustments in a row do that) is
//! carried as a big rational instead (`num-rational` over `num-bigint`, in
//! [`big`]), and goes back to `i128` parts as soon as it fits again. Work is
//! bounded: a numerator or denominator beyond [`MAX_BITS`] bits is
//! [`NumberError::TooLarge`], a diagnostic rather than a computation that
//! never ends.

use num_bigint::BigInt;
use num_rational::BigRational;
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::fmt;
use std::num::NonZeroI128;
use std::str::FromStr;
use std::sync::Arc;
use NumberError::{DivisionByZero, Overflow, TooLarge};

mod big;
mod written;

pub use written::Written;

/// The largest numerator or denominator, in bits (about 30,100 decimal
/// digits). No real contract comes near it: two hundred unrounded
/// weighted-average adjustments in a row give a denominator of about 3,800
/// bits. Yet the gcd that keeps a fraction reduced (num-bigint's binary gcd)
/// costs time in proportion to the square of its size, so this keeps the worst
/// single operation to about a tenth of a second (docs/performance.md).
pub const MAX_BITS: u64 = 100_000;

/// [`MAX_BITS`] in decimal digits, as diagnostics say it: ⌊100,000 × log10 2⌋.
pub const MAX_DIGITS: u64 = 30_102;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// A conversion to a fixed-size integer does not fit. Arithmetic never
    /// gives it: a result beyond `i128` moves to the big representation.
    Overflow,
    DivisionByZero,
    /// A numerator or denominator grew beyond [`MAX_BITS`].
    TooLarge,
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Overflow => "arithmetic overflow",
            DivisionByZero => "division by zero",
            TooLarge => "a number grew too large",
        })
    }
}

impl std::error::Error for NumberError {}

/// An exact rational. Canonical, so that the derived `Eq` and `Hash` are
/// value equality: `Small` whenever both parts fit `i128`, `Big` otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Number(Repr);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Repr {
    /// Invariant: `den > 0`, `gcd(|num|, den) == 1`, zero is `0/1`. The
    /// denominator is `NonZeroI128` so that the `Big` variant fits in its
    /// niche: a `Number` stays 32 bytes, as it was before big values, and
    /// copying state once per event costs what it did.
    Small { num: i128, den: NonZeroI128 },
    /// Reduced, positive denominator, and not representable as `Small`.
    /// Behind an `Arc` so that cloning a value (state is copied into every
    /// report entry) costs no allocation.
    Big(Arc<BigRational>),
}

/// Callers pass `den > 0` (checked or constant); 1 stands in for a zero that
/// cannot arrive, as there is no panicking here.
const fn small(num: i128, den: i128) -> Number {
    let den = match NonZeroI128::new(den) {
        Some(den) => den,
        None => NonZeroI128::MIN.saturating_abs(),
    };
    Number(Repr::Small { num, den })
}

fn gcd(a: u128, b: u128) -> u128 {
    // Most operands are whole numbers or amounts in cents: a denominator of
    // 1 answers at once, and magnitudes that fit 64 bits take the machine's
    // own division instead of a 128-bit one in software.
    if a == 1 || b == 1 {
        return 1;
    }
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(a), Ok(b)) => u128::from(gcd_u64(a, b)),
        _ => gcd_u128(a, b),
    }
}

fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn gcd_u128(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// `a / b`, without a software division when `b` is 1 (the common case
/// after [`gcd`]) or both fit 64 bits.
fn divide(a: u128, b: u128) -> u128 {
    if b == 1 {
        return a;
    }
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(a), Ok(b)) => u128::from(a / b),
        _ => a / b,
    }
}

/// Builds a number from a sign and magnitudes. Working in `u128` magnitudes
/// gives intermediate results one extra bit and makes `i128::MIN` harmless.
/// `Overflow` here means only "not as `i128` parts": callers go big.
fn make(negative: bool, num: u128, den: u128) -> Result<Number, NumberError> {
    if den == 0 {
        return Err(DivisionByZero);
    }
    let g = gcd(num, den);
    let (num, den) = (divide(num, g), divide(den, g));
    let den = i128::try_from(den).map_err(|_| Overflow)?;
    let num = if negative {
        0i128.checked_sub_unsigned(num)
    } else {
        0i128.checked_add_unsigned(num)
    };
    let num = num.ok_or(Overflow)?;
    Ok(small(num, den))
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

/// `int` is the whole part's decimal digits, `frac` the fraction's digit values.
fn render(negative: bool, int: &str, frac: &[u8], grouped: bool) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3 + frac.len() + 2);
    if negative {
        out.push('-');
    }
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

/// Whether rounding moves away from the floor, given the sign, how the
/// remainder compares with one half, and the floor's parity. Shared by both
/// representations, so they cannot disagree.
fn steps_up(mode: RoundingMode, negative: bool, half: Ordering, floor_is_odd: bool) -> bool {
    let tie_or = |on_tie: bool| match half {
        Ordering::Less => false,
        Ordering::Equal => on_tie,
        Ordering::Greater => true,
    };
    match mode {
        RoundingMode::Floor => false,
        RoundingMode::Ceiling => true,
        RoundingMode::Down => negative,
        RoundingMode::Up => !negative,
        RoundingMode::HalfUp => tie_or(!negative),
        RoundingMode::HalfDown => tie_or(negative),
        RoundingMode::HalfEven => tie_or(floor_is_odd),
    }
}

/// Sign and magnitudes: `u128` magnitudes give intermediates one extra bit.
type Parts = (bool, u128, u128);
type NumberResult = Result<Number, NumberError>;

/// How many places the `≈` approximation of a non-terminating value shows.
const APPROX_PLACES: u32 = 10;

/// Runs the `i128` computation; only when it does not fit, the big one.
fn small_or_big(small: Option<NumberResult>, big: impl FnOnce() -> NumberResult) -> NumberResult {
    match small {
        Some(Err(Overflow)) | None => big(),
        Some(done) => done,
    }
}

impl Number {
    pub const ZERO: Number = small(0, 1);
    pub const ONE: Number = small(1, 1);

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
        small(i128::from(i), 1)
    }

    pub fn from_ratio(num: i128, den: i128) -> Result<Number, NumberError> {
        let negative = (num < 0) != (den < 0);
        let made = make(negative, num.unsigned_abs(), den.unsigned_abs());
        small_or_big(Some(made), || {
            big::from_big(BigRational::new(BigInt::from(num), BigInt::from(den)))
        })
    }

    /// The `i128` parts, `None` for a big value.
    fn small_parts(&self) -> Option<Parts> {
        match self.0 {
            Repr::Small { num, den } => {
                Some((num < 0, num.unsigned_abs(), den.get().unsigned_abs()))
            }
            Repr::Big(_) => None,
        }
    }

    /// Knuth's addition (TAOCP 4.5.1): dividing by gcd(den, den') first keeps
    /// the intermediates as small as possible, delaying overflow.
    fn add_parts((a_neg, a_num, a_den): Parts, (c_neg, c_num, c_den): Parts) -> NumberResult {
        let g = gcd(a_den, c_den);
        let (a_den_g, c_den_g) = (divide(a_den, g), divide(c_den, g));
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
        let den = a_den_g.checked_mul(divide(c_den, g2)).ok_or(Overflow)?;
        make(negative, divide(t, g2), den)
    }

    /// `(n1 * n2) / (d1 * d2)`, cross-reducing first so that, for example,
    /// `(big/7) * (7/big)` is 1 without leaving `i128`.
    fn mul_parts((neg1, n1, d1): Parts, (neg2, n2, d2): Parts) -> NumberResult {
        let (g1, g2) = (gcd(n1, d2).max(1), gcd(n2, d1).max(1));
        let num = divide(n1, g1).checked_mul(divide(n2, g2));
        let den = divide(d1, g2).checked_mul(divide(d2, g1));
        match (num, den) {
            (Some(num), Some(den)) => make(neg1 != neg2, num, den),
            _ => Err(Overflow),
        }
    }

    pub fn checked_add(&self, o: &Number) -> Result<Number, NumberError> {
        let sum = self.small_parts().zip(o.small_parts());
        small_or_big(sum.map(|(a, c)| Number::add_parts(a, c)), || {
            big::from_big(&*self.big() + &*o.big())
        })
    }

    pub fn checked_sub(&self, o: &Number) -> Result<Number, NumberError> {
        // Flipping the sign flag, not negating, so that subtracting i128::MIN works.
        let parts = self.small_parts().zip(o.small_parts());
        let difference = parts.map(|(a, (neg, num, den))| Number::add_parts(a, (!neg, num, den)));
        small_or_big(difference, || big::from_big(&*self.big() - &*o.big()))
    }

    pub fn checked_mul(&self, o: &Number) -> Result<Number, NumberError> {
        let parts = self.small_parts().zip(o.small_parts());
        small_or_big(parts.map(|(a, c)| Number::mul_parts(a, c)), || {
            big::from_big(&*self.big() * &*o.big())
        })
    }

    pub fn checked_div(&self, o: &Number) -> Result<Number, NumberError> {
        if o.is_zero() {
            return Err(DivisionByZero);
        }
        let parts = self.small_parts().zip(o.small_parts());
        let quotient = parts.map(|(a, (neg, num, den))| Number::mul_parts(a, (neg, den, num)));
        small_or_big(quotient, || big::from_big(&*self.big() / &*o.big()))
    }

    pub fn checked_neg(&self) -> Result<Number, NumberError> {
        let negated = match self.0 {
            Repr::Small { num, den } => Some(
                num.checked_neg()
                    .map(|num| small(num, den.get()))
                    .ok_or(Overflow),
            ),
            Repr::Big(_) => None,
        };
        small_or_big(negated, || big::from_big(-&*self.big()))
    }

    /// The numerator in lowest terms, with the sign.
    pub fn numerator(&self) -> BigInt {
        match &self.0 {
            Repr::Small { num, .. } => BigInt::from(*num),
            Repr::Big(r) => r.numer().clone(),
        }
    }

    /// Whether the denominator is above `limit`, without building it.
    pub fn denominator_exceeds(&self, limit: i128) -> bool {
        match &self.0 {
            Repr::Small { den, .. } => den.get() > limit,
            Repr::Big(r) => *r.denom() > BigInt::from(limit),
        }
    }

    /// The denominator in lowest terms, always positive.
    pub fn denominator(&self) -> BigInt {
        match &self.0 {
            Repr::Small { den, .. } => BigInt::from(den.get()),
            Repr::Big(r) => r.denom().clone(),
        }
    }

    /// The value as an `i64` when it is a whole number that fits one.
    pub fn to_i64(&self) -> Option<i64> {
        match self.0 {
            Repr::Small { num, den } if den.get() == 1 => i64::try_from(num).ok(),
            _ => None,
        }
    }

    pub fn is_zero(&self) -> bool {
        // Zero is always small: canonical form.
        matches!(self.0, Repr::Small { num: 0, .. })
    }

    pub fn is_integer(&self) -> bool {
        match &self.0 {
            Repr::Small { den, .. } => den.get() == 1,
            Repr::Big(r) => r.is_integer(),
        }
    }

    pub fn is_negative(&self) -> bool {
        match &self.0 {
            Repr::Small { num, .. } => *num < 0,
            Repr::Big(r) => num_traits::Signed::is_negative(&**r),
        }
    }

    /// Some(decimal) when the value has a terminating decimal expansion that fits rust_decimal (scale ≤ 28), else None.
    pub fn to_decimal(&self) -> Option<Decimal> {
        // A big value has a part beyond i128, and rust_decimal's mantissa
        // has 96 bits: it never fits.
        let Repr::Small { num, den } = self.0 else {
            return None;
        };
        let den = den.get();
        let scale = decimal_places_of(den.unsigned_abs()).filter(|s| *s <= 28)?;
        let factor = 10i128.checked_pow(scale)? / den;
        let mantissa = num.checked_mul(factor)?;
        Decimal::try_from_i128_with_scale(mantissa, scale).ok()
    }

    /// Round to `places` decimal places with `mode`; exact (do the rounding on the rational, not on a pre-rounded Decimal).
    pub fn round(&self, places: u32, mode: RoundingMode) -> Result<Number, NumberError> {
        let rounded = match self.0 {
            Repr::Small { num, den } => Some(round_small(num, den.get(), places, mode)),
            Repr::Big(_) => None,
        };
        small_or_big(rounded, || big::round(&self.big(), places, mode))
    }

    /// Exact decimal text, or `None` when the expansion does not terminate.
    fn decimal_text(&self, min_places: u32, grouped: bool) -> Option<String> {
        if self.small_parts().is_none() {
            return big::decimal_text(&self.big(), min_places, grouped);
        }
        self.small_decimal_text(min_places, grouped)
    }

    /// Human text: exact decimal with thousands separators ("25,000", "38,500.00", "1.54", "-0.5"),
    /// padded with zeros to at least `min_places` decimals ("15.40" for min_places 2) — padding only, never rounding.
    /// A value without a terminating expansion prints as the mixed number a lawyer writes, "16,666 2/3" or
    /// "-1 2/75"; with `approximate`, followed by a marked approximation that is clearly not a rounding of the
    /// value: "1 2/75 (≈1.0266666667)". The ≈ figure is the nearest 10-place decimal, for reading only;
    /// contractual rounding happens only through [`Number::round`].
    pub fn format(&self, min_places: u32, approximate: bool) -> String {
        if let Some(text) = self.decimal_text(min_places, true) {
            return text;
        }
        let mixed = self.mixed_text();
        if !approximate {
            return mixed;
        }
        let Some((negative, num, den)) = self.small_parts() else {
            return match big::approximation(&self.big()) {
                Some(approx) => format!("{mixed} (≈{approx})"),
                None => mixed,
            };
        };
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
        let approx = render(negative, &int.to_string(), &frac, true);
        format!("{mixed} (≈{approx})")
    }

    /// "16,666 2/3", "-1 2/75", or "2/3" when there is no whole part.
    fn mixed_text(&self) -> String {
        let Some((negative, num, den)) = self.small_parts() else {
            return big::mixed_text(&self.big());
        };
        let (whole, part) = (num / den, num % den);
        let sign = if negative { "-" } else { "" };
        if whole == 0 {
            return format!("{sign}{part}/{den}");
        }
        format!(
            "{} {part}/{den}",
            render(negative, &whole.to_string(), &[], true)
        )
    }

    /// Machine text for JSON: exact decimal without separators ("38500.00" with min_places 2), or "77/75" for non-terminating.
    pub fn to_plain_string(&self, min_places: u32) -> String {
        self.decimal_text(min_places, false)
            .unwrap_or_else(|| format!("{}/{}", self.numerator(), self.denominator()))
    }
}

/// The `i128` rounding; `Err(Overflow)` sends the caller to the big one.
fn round_small(num: i128, den: i128, places: u32, mode: RoundingMode) -> NumberResult {
    if decimal_places_of(den.unsigned_abs()).is_some_and(|k| k <= places) {
        return Ok(small(num, den));
    }
    let scale = 10i128.checked_pow(places).ok_or(Overflow)?;
    // Split off the floor so that only the fraction is scaled: a large
    // integer part then cannot overflow the scaling.
    let int = num.div_euclid(den);
    let frac = make(
        false,
        num.rem_euclid(den).unsigned_abs(),
        den.unsigned_abs(),
    )?;
    let (_, f_num, f_den) = frac.small_parts().ok_or(Overflow)?;
    let (_, scaled_num, scaled_den) =
        Number::mul_parts((false, f_num, f_den), (false, scale.unsigned_abs(), 1))?
            .small_parts()
            .ok_or(Overflow)?;
    let (floor, rem) = (scaled_num / scaled_den, scaled_num % scaled_den);
    let floor_is_odd = if places == 0 {
        int % 2 != 0
    } else {
        floor % 2 != 0
    };
    // Comparing rem with den - rem avoids computing 2 * rem, which could overflow.
    let half = rem.cmp(&(scaled_den - rem));
    let step_up = rem != 0 && steps_up(mode, num < 0, half, floor_is_odd);
    let digits = floor.checked_add(u128::from(step_up)).ok_or(Overflow)?;
    let digits = make(false, digits, scale.unsigned_abs())?;
    small(int, 1).checked_add(&digits)
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
        let (Some(a), Some(b)) = (self.small_parts(), other.small_parts()) else {
            return self.big().cmp(&other.big());
        };
        let ((a_neg, an, ad), (b_neg, bn, bd)) = (a, b);
        let sign = |negative: bool, num: u128| match (negative, num) {
            (_, 0) => Ordering::Equal,
            (true, _) => Ordering::Less,
            (false, _) => Ordering::Greater,
        };
        let (sign_a, sign_b) = (sign(a_neg, an), sign(b_neg, bn));
        if sign_a != sign_b {
            return sign_a.cmp(&sign_b);
        }
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
        let digits = int_part.replace(',', "") + frac_part;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(fail("expected digits, '.' and thousands commas"));
        }
        let too_many = || fail("too many digits");
        // Bounded before any big arithmetic: ten digits need more than 33 bits.
        let places = u32::try_from(frac_part.len()).map_err(|_| too_many())?;
        let length = u64::try_from(digits.len()).unwrap_or(u64::MAX);
        if length.max(u64::from(places)) > MAX_DIGITS {
            return Err(too_many());
        }
        let value = match (digits.parse::<i128>(), 10i128.checked_pow(places)) {
            (Ok(mantissa), Some(den)) => {
                Number::from_ratio(if negative { -mantissa } else { mantissa }, den)
            }
            _ => big::parse(negative, &digits, places),
        };
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
mod tests;
