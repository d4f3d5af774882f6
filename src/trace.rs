//! What a computation relied on, for reports: the roundings it made and
//! whether it used the contract's calendar or its `short months` rule. The
//! checker (for defined terms) and the evaluator both fill one in.

use crate::number::{Number, RoundingMode};
use crate::source::Span;
use crate::types::Unit;

/// What evaluating an expression relied on, for the report: every rounding
/// (even one that changed nothing, since the clause asked for it), and
/// whether the contract's calendar or its `short months` rule was used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    pub roundings: Vec<Rounded>,
    /// Each call of a formula of the contract's own, innermost first.
    pub formulas: Vec<FormulaUse>,
    pub counted_business_days: bool,
    /// Whether it counted trading days (the header's `trading days:` calendar).
    pub counted_trading_days: bool,
    pub used_short_months: bool,
}

/// One call of a `formula`, or one reading of a `table`: which, with what,
/// and what it gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormulaUse {
    pub formula: Computation,
    pub arguments: Vec<crate::value::Value>,
    pub result: crate::value::Value,
}

/// What was computed: a formula or a table, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Computation {
    Formula(usize),
    Table(usize),
}

/// One `round(…)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rounded {
    pub span: Span,
    pub before: Number,
    pub after: Number,
    pub unit: Unit,
    pub places: u32,
    pub mode: RoundingMode,
    /// The reading that chose the mode among alternatives, if one did.
    pub reading: Option<usize>,
}
