//! The big representation of [`Number`]: `num-rational`'s `BigRational`,
//! used only for values whose parts do not fit `i128`. Every result passes
//! through [`from_big`], which enforces the size bound and gives back the
//! `i128` form whenever the value fits it, so the representation stays
//! canonical.

use std::borrow::Cow;
use std::sync::Arc;

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

use super::{
    render, small, steps_up, Number, NumberError, NumberResult, Repr, RoundingMode, APPROX_PLACES,
    MAX_BITS,
};

impl Number {
    /// The value as a big rational: borrowed when it is one, built when small.
    pub(super) fn big(&self) -> Cow<'_, BigRational> {
        match &self.0 {
            Repr::Small { num, den } => Cow::Owned(BigRational::new_raw(
                BigInt::from(*num),
                BigInt::from(den.get()),
            )),
            Repr::Big(r) => Cow::Borrowed(&**r),
        }
    }
}

/// The canonical number for a reduced big rational: `TooLarge` beyond the
/// bound, the `i128` form when both parts fit.
pub(super) fn from_big(r: BigRational) -> NumberResult {
    if r.numer().bits() > MAX_BITS || r.denom().bits() > MAX_BITS {
        return Err(NumberError::TooLarge);
    }
    match (r.numer().to_i128(), r.denom().to_i128()) {
        (Some(num), Some(den)) => Ok(small(num, den)),
        _ => Ok(Number(Repr::Big(Arc::new(r)))),
    }
}

/// Whether `places` decimal places are within the bound: `10^places` has
/// more than `3.32 × places` bits.
fn places_fit(places: u32) -> bool {
    u64::from(places).saturating_mul(3) <= MAX_BITS
}

fn ten_to(places: u32) -> BigInt {
    num_traits::pow(
        BigInt::from(10u8),
        usize::try_from(places).unwrap_or(usize::MAX),
    )
}

/// The same rounding as the `i128` path, on big integers: scale, split into
/// floor and remainder, and let [`steps_up`] decide.
pub(super) fn round(value: &BigRational, places: u32, mode: RoundingMode) -> NumberResult {
    if decimal_places(value.denom()).is_some_and(|k| k <= places) {
        return from_big(value.clone());
    }
    if !places_fit(places) {
        return Err(NumberError::TooLarge);
    }
    let scale = ten_to(places);
    let (floor, rem) = (value.numer() * &scale).div_mod_floor(value.denom());
    let half = (&rem << 1u8).cmp(value.denom());
    let step_up = !rem.is_zero() && steps_up(mode, value.is_negative(), half, floor.is_odd());
    let digits = if step_up { floor + 1u8 } else { floor };
    from_big(BigRational::new(digits, scale))
}

/// `Some(k)` when `den` divides `10^k`, with the least such `k`.
fn decimal_places(den: &BigInt) -> Option<u32> {
    let twos = den.trailing_zeros().unwrap_or(0);
    let mut rest = den.magnitude() >> twos;
    // Fives in chunks of 5^27 (the largest power in a u64) first: one big
    // division instead of 27.
    const FIVE_27: u64 = 7_450_580_596_923_828_125;
    let mut fives = 0u64;
    for (divisor, count) in [(FIVE_27, 27), (5, 1)] {
        loop {
            let (q, r) = rest.div_rem(&num_bigint::BigUint::from(divisor));
            if !r.is_zero() {
                break;
            }
            rest = q;
            fives += count;
        }
    }
    (rest == num_bigint::BigUint::from(1u8))
        .then(|| u32::try_from(twos.max(fives)).ok())
        .flatten()
}

/// Exact decimal text, or `None` when the expansion does not terminate.
pub(super) fn decimal_text(value: &BigRational, min_places: u32, grouped: bool) -> Option<String> {
    let places = decimal_places(value.denom())?;
    let scaled =
        (value.numer().magnitude() * ten_to(places).magnitude()) / value.denom().magnitude();
    let digits = scaled.to_string();
    let places = usize::try_from(places).ok()?;
    // Leading zeros so that there is a whole part to split off: 0.00…1.
    let digits = format!(
        "{}{digits}",
        "0".repeat((places + 1).saturating_sub(digits.len()))
    );
    let (int, frac) = digits.split_at(digits.len() - places);
    let mut frac: Vec<u8> = frac.bytes().map(|b| b - b'0').collect();
    let min = usize::try_from(min_places).unwrap_or(usize::MAX);
    if frac.len() < min {
        frac.resize(min, 0);
    }
    Some(render(value.is_negative(), int, &frac, grouped))
}

/// The nearest 10-place decimal, with thousands separators, for the `≈`
/// figure; `None` only if rounding would itself pass the bound.
pub(super) fn approximation(value: &BigRational) -> Option<String> {
    let rounded = round(&value.abs(), APPROX_PLACES, RoundingMode::HalfUp).ok()?;
    let text = rounded.decimal_text(APPROX_PLACES, true)?;
    Some(if value.is_negative() {
        format!("-{text}")
    } else {
        text
    })
}

/// "16,666 2/3", "-1 2/75", or "2/3" when there is no whole part.
pub(super) fn mixed_text(value: &BigRational) -> String {
    let (whole, part) = value.numer().magnitude().div_rem(value.denom().magnitude());
    let den = value.denom();
    let negative = value.is_negative();
    if whole.is_zero() {
        let sign = if negative { "-" } else { "" };
        return format!("{sign}{part}/{den}");
    }
    format!(
        "{} {part}/{den}",
        render(negative, &whole.to_string(), &[], true)
    )
}

/// A decimal too long for `i128`: `digits` (all ASCII digits, already
/// bounded by the caller) with the last `places` of them after the point.
pub(super) fn parse(negative: bool, digits: &str, places: u32) -> NumberResult {
    let sign = if negative { Sign::Minus } else { Sign::Plus };
    let magnitude = BigInt::parse_bytes(digits.as_bytes(), 10).ok_or(NumberError::TooLarge)?;
    let mantissa = if magnitude.is_zero() {
        magnitude
    } else {
        BigInt::from_biguint(sign, magnitude.into_parts().1)
    };
    from_big(BigRational::new(mantissa, ten_to(places)))
}
