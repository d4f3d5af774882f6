//! Types and units. A quantity's unit is a product of powers of shares and of
//! one currency, so that `USD per share × shares` is `USD` and adding shares
//! to money can be refused before anything runs.

use std::fmt;

/// A three-letter currency code such as `USD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency([u8; 3]);

/// Currencies a clause file may name; an unknown code is a diagnostic, not a
/// new currency, because a typo in a currency must not silently type-check.
const KNOWN_CURRENCIES: &[&str] = &[
    "USD", "EUR", "GBP", "CAD", "JPY", "CHF", "AUD", "HKD", "SGD", "CNY", "ILS", "INR", "SEK",
    "NOK", "DKK", "NZD", "ZAR", "BRL", "MXN", "KRW",
];

impl Currency {
    pub fn parse(code: &str) -> Option<Currency> {
        if !KNOWN_CURRENCIES.contains(&code) {
            return None;
        }
        let bytes = code.as_bytes();
        match bytes {
            [a, b, c] => Some(Currency([*a, *b, *c])),
            _ => None,
        }
    }

    pub fn known() -> &'static [&'static str] {
        KNOWN_CURRENCIES
    }

    /// Decimal places of the currency's smallest unit (ISO 4217): what an
    /// amount that someone pays settles to.
    pub fn minor_places(self) -> u32 {
        match &self.0 {
            b"JPY" | b"KRW" => 0,
            _ => 2,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c] = self.0;
        write!(f, "{}{}{}", char::from(a), char::from(b), char::from(c))
    }
}

/// Powers of shares and of money. `money == 0` means no currency is involved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Unit {
    pub shares: i8,
    pub money: i8,
    pub currency: Option<Currency>,
}

impl Unit {
    pub const NUMBER: Unit = Unit {
        shares: 0,
        money: 0,
        currency: None,
    };
    pub const SHARES: Unit = Unit {
        shares: 1,
        money: 0,
        currency: None,
    };

    pub fn money(currency: Currency) -> Unit {
        Unit {
            shares: 0,
            money: 1,
            currency: Some(currency),
        }
    }

    pub fn price(currency: Currency) -> Unit {
        Unit {
            shares: -1,
            money: 1,
            currency: Some(currency),
        }
    }

    /// `None` when the two sides carry different currencies.
    pub fn times(self, other: Unit) -> Option<Unit> {
        let currency = match (self.currency, other.currency) {
            (Some(a), Some(b)) if a != b => return None,
            (a, b) => a.or(b),
        };
        let money = self.money.checked_add(other.money)?;
        Some(Unit {
            shares: self.shares.checked_add(other.shares)?,
            money,
            currency: if money == 0 { None } else { currency },
        })
    }

    pub fn divided_by(self, other: Unit) -> Option<Unit> {
        self.times(Unit {
            shares: other.shares.checked_neg()?,
            money: other.money.checked_neg()?,
            currency: other.currency,
        })
    }

    /// Money itself, not a price: what someone pays or receives.
    pub fn is_money(self) -> bool {
        self.money == 1 && self.shares == 0 && self.currency.is_some()
    }

    /// Money and prices show two decimals at least, as amounts are written.
    pub fn min_places(self) -> u32 {
        if self.money != 0 {
            2
        } else {
            0
        }
    }
}

impl fmt::Display for Unit {
    /// `USD`, `shares`, `USD per share`, `USD^2 per share`, `number per share`:
    /// written factor by factor (every amount in a JSON report names its unit).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let factor = |f: &mut fmt::Formatter<'_>, word: &dyn fmt::Display, exponent: i8| {
            write!(f, "{word}")?;
            match exponent.unsigned_abs() {
                1 => Ok(()),
                n => write!(f, "^{n}"),
            }
        };
        let money: &dyn fmt::Display = match &self.currency {
            Some(currency) => currency,
            None => &"money",
        };
        if self.money > 0 {
            factor(f, money, self.money)?;
        }
        if self.shares > 0 {
            if self.money > 0 {
                f.write_str(" ")?;
            }
            factor(f, &"shares", self.shares)?;
        }
        if self.money <= 0 && self.shares <= 0 {
            f.write_str("number")?;
        }
        if self.money < 0 || self.shares < 0 {
            f.write_str(" per ")?;
            if self.money < 0 {
                factor(f, money, self.money)?;
            }
            if self.shares < 0 {
                if self.money < 0 {
                    f.write_str(" ")?;
                }
                factor(f, &"share", self.shares)?;
            }
        }
        Ok(())
    }
}

/// Indices into the checked program's tables.
pub type KindId = usize;
pub type ClauseId = usize;
pub type ReadingId = usize;
pub type StateId = usize;
pub type EventId = usize;
pub type ObligationId = usize;
pub type PartyId = usize;
pub type RecordId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Type {
    Quantity(Unit),
    Date,
    Instant,
    Duration,
    Flag,
    Kind(KindId),
    /// An instance of a record (an exercise, a certificate).
    Instance(usize),
}

impl Type {
    /// Words for diagnostics; kinds are named by the caller, who has the table.
    pub fn describe(self, kind_names: &[String]) -> String {
        match self {
            Type::Quantity(unit) => unit.to_string(),
            Type::Date => "date".to_string(),
            Type::Instant => "instant".to_string(),
            Type::Duration => "duration".to_string(),
            Type::Flag => "yes/no".to_string(),
            Type::Instance(_) => "an instance of a record".to_string(),
            Type::Kind(id) => kind_names
                .get(id)
                .map_or_else(|| "kind".to_string(), |name| format!("`{name}`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Currency, Unit};

    #[test]
    fn units_read_as_a_lawyer_writes_them() {
        let usd = Currency::parse("USD");
        let unit = |money: i8, shares: i8| Unit {
            money,
            shares,
            currency: usd,
        };
        let cases = [
            (unit(0, 0), "number"),
            (unit(1, 0), "USD"),
            (unit(0, 1), "shares"),
            (unit(1, -1), "USD per share"),
            (unit(-1, 1), "shares per USD"),
            (unit(2, -1), "USD^2 per share"),
            (unit(1, 2), "USD shares^2"),
            (unit(0, -1), "number per share"),
            (unit(-1, -2), "number per USD share^2"),
            (
                Unit {
                    money: 1,
                    shares: 0,
                    currency: None,
                },
                "money",
            ),
        ];
        for (unit, words) in cases {
            assert_eq!(unit.to_string(), words);
        }
    }
}
