//! Clause-file declarations beyond the basics, one `parse_<rule>` each:
//! tables read by interpolation, formulas of the contract's own, and records
//! (the things a contract keeps several of).

use pest::iterators::Pair;

use crate::errors::SyntaxError;
use crate::number::Number;
use crate::source::Source;
use crate::source::Span;

use super::ast::*;
use super::expr::parse_expr;
use super::parts::{blank_expr, blank_name, parse_type};
use super::{literal, name_of, span_of, Rule};

pub fn parse_table(source: &Source, pair: Pair<'_, Rule>) -> Result<TableDecl, SyntaxError> {
    let span = span_of(&pair);
    let blank_type = TypeName {
        kind: TypeNameKind::Number,
        span,
    };
    let mut table = TableDecl {
        name: blank_name(span),
        row: (blank_name(span), blank_type.clone()),
        column: (blank_name(span), blank_type.clone()),
        result: blank_type,
        clamped: false,
        columns: Vec::new(),
        rows: Vec::new(),
        span,
    };
    let mut params = 0;
    let number = |part: &Pair<'_, Rule>| -> Result<(Number, Span), SyntaxError> {
        let text = part.as_str();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let value: Number =
            digits
                .replace(',', "")
                .parse()
                .map_err(|_| SyntaxError::NumberTooLarge {
                    text: text.to_string(),
                    src: source.named(),
                    span: span_of(part).into(),
                })?;
        let value = if negative {
            value.checked_neg().unwrap_or(value)
        } else {
            value
        };
        Ok((value, span_of(part)))
    };
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::name => table.name = name_of(&part),
            Rule::table_param => {
                let mut inner = part.into_inner();
                if let (Some(name), Some(ty)) = (inner.next(), inner.next()) {
                    let param = (name_of(&name), parse_type(ty));
                    if params == 0 {
                        table.row = param;
                    } else {
                        table.column = param;
                    }
                    params += 1;
                }
            }
            Rule::type_name => table.result = parse_type(part),
            Rule::table_clamp => table.clamped = true,
            Rule::table_header => {
                for cell in part.into_inner() {
                    table.columns.push(number(&cell)?);
                }
            }
            Rule::table_row => {
                let row_span = span_of(&part);
                let mut cells = part.into_inner();
                let Some(heading) = cells.next() else {
                    continue;
                };
                let heading = number(&heading)?.0;
                let mut values = Vec::new();
                for cell in cells {
                    values.push(number(&cell)?.0);
                }
                table.rows.push((heading, values, row_span));
            }
            _ => {}
        }
    }
    Ok(table)
}

pub fn parse_formula(source: &Source, pair: Pair<'_, Rule>) -> Result<FormulaDecl, SyntaxError> {
    let span = span_of(&pair);
    let mut formula = FormulaDecl {
        name: blank_name(span),
        params: Vec::new(),
        body: blank_expr(span),
    };
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::name => formula.name = name_of(&part),
            Rule::formula_param => {
                let mut inner = part.into_inner();
                if let (Some(name), Some(ty)) = (inner.next(), inner.next()) {
                    formula.params.push((name_of(&name), parse_type(ty)));
                }
            }
            Rule::expr => formula.body = parse_expr(source, part)?,
            _ => {}
        }
    }
    Ok(formula)
}

/// `record exercise { shares: shares, status: exercise status = awaiting tender }`
pub fn parse_record(source: &Source, pair: Pair<'_, Rule>) -> Result<RecordDecl, SyntaxError> {
    let span = span_of(&pair);
    let mut record = RecordDecl {
        name: blank_name(span),
        fields: Vec::new(),
        starting: 0,
        span,
    };
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::name => record.name = name_of(&part),
            Rule::record_fields => {
                for field in part.into_inner() {
                    record.fields.push(parse_record_field(source, field)?);
                }
            }
            Rule::record_start => {
                if let Some(count) = part.into_inner().next() {
                    record.starting = literal::integer_u32(source, &count)?;
                }
            }
            _ => {}
        }
    }
    Ok(record)
}

fn parse_record_field(source: &Source, pair: Pair<'_, Rule>) -> Result<RecordField, SyntaxError> {
    let span = span_of(&pair);
    let mut field = RecordField {
        name: blank_name(span),
        ty: TypeName {
            kind: TypeNameKind::Number,
            span,
        },
        initial: None,
    };
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::ident => field.name = name_of(&part),
            Rule::type_name => field.ty = parse_type(part),
            Rule::expr => field.initial = Some(parse_expr(source, part)?),
            _ => {}
        }
    }
    Ok(field)
}
