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
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let power = |word: &str, exponent: i8| match exponent.unsigned_abs() {
            1 => word.to_string(),
            n => format!("{word}^{n}"),
        };
        let currency = self
            .currency
            .map_or_else(|| "money".to_string(), |c| c.to_string());
        let mut top = Vec::new();
        let mut bottom = Vec::new();
        if self.money > 0 {
            top.push(power(&currency, self.money));
        } else if self.money < 0 {
            bottom.push(power(&currency, self.money));
        }
        if self.shares > 0 {
            top.push(power("shares", self.shares));
        } else if self.shares < 0 {
            bottom.push(power("share", self.shares));
        }
        match (top.is_empty(), bottom.is_empty()) {
            (true, true) => write!(f, "number"),
            (false, true) => write!(f, "{}", top.join(" ")),
            (true, false) => write!(f, "number per {}", bottom.join(" ")),
            (false, false) => write!(f, "{} per {}", top.join(" "), bottom.join(" ")),
        }
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
