//! Formulas of the contract's own: `formula Net Shares(n: shares, fmv: USD
//! per share) = …`. Each is typed once, in an order where every formula a
//! body calls is typed before it; a loop of calls is a diagnostic that names
//! it. A formula may read defined terms, state, obligations and its
//! parameters; a defined term cannot call one (it is computed first).

use std::collections::HashMap;

use crate::errors::CheckError;
use crate::program::FormulaDef;
use crate::syntax::ast::{self, ClauseFile, Declaration, FormulaDecl};

use super::expr::Context;
use super::lookup::resolve_type;
use super::Checker;

/// Makes formulas' names known before defined terms are computed, so that a
/// defined term that calls one is told it cannot, not that the name is unknown.
pub fn declare_formula_names(checker: &mut Checker<'_>, file: &ClauseFile) {
    for declaration in &file.declarations {
        if let Declaration::Formula(formula) = declaration {
            let next = checker.formula_index.len();
            checker
                .formula_index
                .entry(formula.name.text.clone())
                .or_insert(next);
        }
    }
}

/// Types every formula, callers after callees.
pub fn check_formulas(checker: &mut Checker<'_>, file: &ClauseFile) -> Vec<FormulaDef> {
    let decls: Vec<&FormulaDecl> = file
        .declarations
        .iter()
        .filter_map(|declaration| match declaration {
            Declaration::Formula(formula) => Some(formula),
            _ => None,
        })
        .collect();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (id, decl) in decls.iter().enumerate() {
        if let Some(first) = index.get(decl.name.text.as_str()).copied() {
            let first_span = decls.get(first).map(|d| d.name.span).unwrap_or_default();
            let error = super::lookup::duplicate(checker, &decl.name, first_span);
            checker.report(error);
            continue;
        }
        if checker.scope.get(&decl.name.text).is_some() {
            let error = checker.not_here(
                decl.name.span,
                &format!("`{}` is already the name of something else", decl.name.text),
                "give the formula a name of its own",
            );
            checker.report(error);
            continue;
        }
        index.insert(decl.name.text.as_str(), id);
    }
    let calls: Vec<Vec<usize>> = decls
        .iter()
        .map(|decl| {
            let mut found = Vec::new();
            called(&decl.body, &index, &mut found);
            found
        })
        .collect();
    let order = match super::graph::topological(&calls) {
        Ok(order) => order,
        Err(cycle) => {
            let names: Vec<String> = cycle
                .iter()
                .filter_map(|id| decls.get(*id).map(|d| format!("`{}`", d.name.text)))
                .collect();
            let span = cycle
                .first()
                .and_then(|id| decls.get(*id))
                .map(|d| d.name.span)
                .unwrap_or_default();
            let error = checker.not_here(
                span,
                &format!(
                    "these formulas call one another in a loop: {}",
                    names.join(" → ")
                ),
                "a formula may call others only if none of them calls it back",
            );
            checker.report(error);
            return Vec::new();
        }
    };
    checker.formula_index = index
        .iter()
        .map(|(name, id)| ((*name).to_string(), *id))
        .collect();
    checker.formulas = vec![None; decls.len()];
    for id in order {
        let Some(decl) = decls.get(id) else {
            continue;
        };
        match check_formula(checker, decl) {
            Ok(def) => {
                if let Some(slot) = checker.formulas.get_mut(id) {
                    *slot = Some(def);
                }
            }
            Err(error) => checker.report(error),
        }
    }
    checker.formulas.iter().flatten().cloned().collect()
}

fn check_formula(checker: &Checker<'_>, decl: &FormulaDecl) -> Result<FormulaDef, CheckError> {
    let mut params = Vec::new();
    for (name, ty) in &decl.params {
        if params.iter().any(|(p, _)| *p == name.text) {
            return Err(checker.not_here(
                name.span,
                &format!("the parameter `{}` is named twice", name.text),
                "give each parameter a name of its own",
            ));
        }
        params.push((name.text.clone(), resolve_type(checker, ty)?));
    }
    let cx = Context {
        locals: params.clone(),
        ..Context::default()
    };
    let body = checker.lower(&decl.body, &cx)?;
    Ok(FormulaDef {
        name: decl.name.text.clone(),
        params,
        ty: body.ty,
        body,
    })
}

/// The formulas an expression calls, by index.
fn called(expr: &ast::Expr, index: &HashMap<&str, usize>, found: &mut Vec<usize>) {
    use ast::ExprKind as K;
    match &expr.kind {
        K::Call(name, arguments) => {
            if let Some(id) = index.get(name.text.as_str()) {
                found.push(*id);
            }
            for argument in arguments {
                called(argument, index, found);
            }
        }
        K::Field(inner, _)
        | K::Status(inner, _)
        | K::IsWhole(inner)
        | K::AtTime(inner, ..)
        | K::Unary(_, inner) => called(inner, index, found),
        K::Binary(_, left, right) | K::Largest(_, left, right) => {
            called(left, index, found);
            called(right, index, found);
        }
        K::Round { value, .. } => called(value, index, found),
        K::If(a, b, c) => {
            called(a, index, found);
            called(b, index, found);
            called(c, index, found);
        }
        K::Aggregate(aggregate) => {
            for part in aggregate.guard.iter().chain(aggregate.value.iter()) {
                called(part, index, found);
            }
        }
        K::Literal(_) | K::Name(_) | K::ThisEvent => {}
    }
}
