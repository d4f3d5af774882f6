//! What an editor shows over a name: a defined term's value and unit, a
//! state's type and starting value, an event's fields, a reading's words, a
//! section's text. Values come from the checked program, worded as reports
//! word them; while the file does not check, the declaration as written.

use std::fmt::Write;

use crate::program::Program;
use crate::report::display_value;
use crate::scope::Binding;

use super::{Analysis, Symbol, SymbolKind};

pub(super) fn hover(analysis: &Analysis, offset: usize) -> Option<(crate::source::Span, String)> {
    let index = &analysis.index;
    let at = index
        .symbols
        .iter()
        .map(|s| s.span)
        .chain(index.references.iter().map(|r| r.span))
        .find(|span| span.start <= offset && offset <= span.end)?;
    let symbol = index.symbol_at(offset)?;
    let checked = analysis.program().and_then(|p| describe(p, symbol));
    let text = checked.unwrap_or_else(|| as_written(analysis, symbol));
    Some((at, text))
}

/// The declaration as written, in a code block: enough to read while the
/// file has errors.
fn as_written(analysis: &Analysis, symbol: &Symbol) -> String {
    let written: Vec<&str> = analysis
        .source
        .slice(symbol.extent)
        .lines()
        .take(12)
        .collect();
    format!(
        "*{}*\n\n```pactum\n{}\n```",
        symbol.kind.word(),
        written.join("\n")
    )
}

fn describe(program: &Program, symbol: &Symbol) -> Option<String> {
    let name = symbol.name.as_str();
    let kinds = program.kind_names();
    let mut out = String::new();
    match symbol.kind {
        SymbolKind::Define => {
            let Some(Binding::Define(value, ty)) = program.scope.get(name) else {
                return None;
            };
            let shown = match value {
                crate::value::Value::Quantity(amount, _)
                    if program.percent_terms.contains(name) =>
                {
                    crate::value::display_percent(&amount)
                }
                _ => display_value(program, &value),
            };
            let _ = write!(
                out,
                "**{name}** = `{shown}`\n\n*defined term* · {}",
                ty.describe(&kinds)
            );
        }
        SymbolKind::State => {
            let state = program.state.iter().find(|s| s.name == name)?;
            let _ = write!(
                out,
                "**{name}** : {}\n\n*state* · starts at `{}`",
                state.ty.describe(&kinds),
                display_value(program, &state.initial)
            );
        }
        SymbolKind::Party => {
            let party = program.parties.iter().find(|p| p.name == name)?;
            let _ = write!(
                out,
                "**{name}**: {}\n\n*party* · {}",
                party.legal_name,
                format!("{:?}", party.role).to_lowercase()
            );
        }
        SymbolKind::Kind => {
            let kind = program.kinds.iter().find(|k| k.name == name)?;
            let _ = write!(out, "**{name}** = {}\n\n*kind*", kind.variants.join(" | "));
        }
        SymbolKind::Variant => {
            let kind = symbol.parent.as_deref().unwrap_or("");
            let _ = write!(out, "**{name}**\n\n*a value of kind* `{kind}`");
        }
        SymbolKind::Event => {
            let event = program.events.iter().find(|e| e.name == name)?;
            let _ = write!(out, "**{name}**");
            if let Some(sender) = event.sender.and_then(|id| program.parties.get(id)) {
                let _ = write!(out, " from {}", sender.name);
            }
            let _ = write!(
                out,
                "\n\n*{}*",
                if event.is_notice { "notice" } else { "event" }
            );
            for field in &event.fields {
                let _ = write!(out, "\n- `{}`: {}", field.name, field.ty.describe(&kinds));
            }
        }
        SymbolKind::Obligation => {
            let obligation = program.obligations.iter().find(|o| o.name == name)?;
            let party = program
                .parties
                .get(obligation.party)
                .map_or("", |p| p.name.as_str());
            let event = program
                .events
                .get(obligation.fulfilled_by)
                .map_or("", |e| e.name.as_str());
            let _ = write!(
                out,
                "**{name}**: {party} must {}\n\n*obligation* · performed by `{event}` · {}",
                obligation.duty,
                program.clause_label(obligation.clause)
            );
        }
        SymbolKind::Reading => {
            let reading = program.readings.iter().find(|r| r.id == name)?;
            let _ = write!(
                out,
                "**reading {name}** \u{201c}{}\u{201d}\n\n{}\n\n*in* {}",
                reading.title,
                reading.body,
                program.clause_label(reading.clause)
            );
        }
        SymbolKind::Section => {
            let clause = program.clauses.iter().find(|c| c.number == name)?;
            let _ = write!(out, "**§{} {}**", clause.number, clause.heading);
            if let Some(text) = &clause.text {
                let _ = write!(out, "\n\n> {}", text.replace('\n', "\n> "));
            }
        }
        SymbolKind::Record
        | SymbolKind::Formula
        | SymbolKind::Table
        | SymbolKind::Market
        | SymbolKind::Calendar => return None,
    }
    Some(out)
}
