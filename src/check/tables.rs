//! Two-way tables (`table Make Whole(months: number, fair_value: USD per
//! share) : number`): headings and cells checked once, and calls typed.

use std::collections::HashMap;

use crate::errors::CheckError;
use crate::number::Number;
use crate::program::{Expr, ExprKind, TableDef};
use crate::syntax::ast::{self, ClauseFile, Declaration, TableDecl};
use crate::types::{Type, Unit};

use super::expr::Context;
use super::lookup::{duplicate, resolve_type};
use super::Checker;

pub fn declare_tables(checker: &mut Checker<'_>, file: &ClauseFile) -> Vec<TableDef> {
    let mut tables = Vec::new();
    let mut spans = HashMap::new();
    for declaration in &file.declarations {
        let Declaration::Table(decl) = declaration else {
            continue;
        };
        if let Some(first) = spans.get(&decl.name.text).copied() {
            let error = duplicate(checker, &decl.name, first);
            checker.report(error);
            continue;
        }
        match table(checker, decl) {
            Ok(def) => {
                spans.insert(decl.name.text.clone(), decl.name.span);
                checker
                    .table_index
                    .insert(decl.name.text.clone(), tables.len());
                tables.push(def);
            }
            Err(error) => checker.report(error),
        }
    }
    checker.tables = tables.clone();
    tables
}

fn quantity_unit(checker: &Checker<'_>, ty: &ast::TypeName) -> Result<Unit, CheckError> {
    match resolve_type(checker, ty)? {
        Type::Quantity(unit) => Ok(unit),
        _ => Err(checker.not_here(
            ty.span,
            "a table's headings and cells are quantities",
            "give the parameter a quantity type: `number`, `shares`, `USD per share`…",
        )),
    }
}

fn table(checker: &Checker<'_>, decl: &TableDecl) -> Result<TableDef, CheckError> {
    let row_unit = quantity_unit(checker, &decl.row.1)?;
    let column_unit = quantity_unit(checker, &decl.column.1)?;
    let result_unit = quantity_unit(checker, &decl.result)?;
    let columns: Vec<Number> = decl.columns.iter().map(|(n, _)| n.clone()).collect();
    if columns.len() < 2 {
        return Err(checker.not_here(
            decl.span,
            "a table needs at least two column headings to read between",
            "write the headings on a line of their own: `| 10.00 | 11.00 | 12.00`",
        ));
    }
    if !monotonic(&columns) {
        let span = decl.columns.first().map_or(decl.span, |(_, s)| *s);
        return Err(checker.not_here(
            span,
            "the column headings must rise (or fall) strictly from left to right",
            "each heading is a point to read between, so none may repeat or turn back",
        ));
    }
    let mut rows = Vec::new();
    let mut cells = Vec::new();
    for (heading, values, span) in &decl.rows {
        if values.len() != columns.len() {
            return Err(checker.not_here(
                *span,
                &format!(
                    "this row has {} values but the table has {} columns",
                    values.len(),
                    columns.len()
                ),
                "give every row one value under each column heading",
            ));
        }
        rows.push(heading.clone());
        cells.push(values.clone());
    }
    if rows.len() < 2 || !monotonic(&rows) {
        return Err(checker.not_here(
            decl.span,
            "a table needs at least two rows, whose headings rise (or fall) strictly",
            "each row heading is a point to read between, so none may repeat or turn back",
        ));
    }
    Ok(TableDef {
        name: decl.name.text.clone(),
        row_unit,
        column_unit,
        result: Type::Quantity(result_unit),
        clamped: decl.clamped,
        rows,
        columns,
        cells,
    })
}

fn monotonic(values: &[Number]) -> bool {
    let rising = values.windows(2).all(|w| matches!(w, [a, b] if a < b));
    let falling = values.windows(2).all(|w| matches!(w, [a, b] if a > b));
    rising || falling
}

impl Checker<'_> {
    /// `TABLE(ROW, COLUMN)`, if `function` names a table.
    pub fn table_call(
        &self,
        function: &ast::Name,
        arguments: &[ast::Expr],
        span: crate::source::Span,
        cx: &Context,
    ) -> Option<Result<Expr, CheckError>> {
        let id = self.table_index.get(&function.text).copied()?;
        let table = self.tables.get(id)?;
        let [row, column] = arguments else {
            return Some(Err(CheckError::Arguments {
                function: function.text.clone(),
                expected: "two values: the row's and the column's",
                src: self.src(),
                span: span.into(),
            }));
        };
        let lowered = self
            .expect_type(row, Type::Quantity(table.row_unit), cx)
            .and_then(|row| {
                let column = self.expect_type(column, Type::Quantity(table.column_unit), cx)?;
                Ok((row, column))
            });
        Some(lowered.map(|(row, column)| Expr {
            kind: ExprKind::Table(id, Box::new(row), Box::new(column)),
            ty: table.result,
            span,
        }))
    }
}
