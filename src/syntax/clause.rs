//! Clause files: one `parse_<rule>` function per grammar rule.

use pest::iterators::Pair;

use crate::errors::SyntaxError;
use crate::source::{Source, Span};

use super::ast::*;
use super::declarations::{parse_formula, parse_record, parse_table};
use super::expr::parse_expr;
use super::parts::{blank_expr, blank_name, either_reading, parse_per_reading, parse_type};
use super::{literal, name_of, parse_rule, span_of, Rule};

/// Parses a whole clause file.
pub fn parse_clause_file(source: &Source) -> Result<ClauseFile, SyntaxError> {
    let prepared = super::prepare(source, Rule::clause_file);
    let file = parse_rule(source, &prepared, Rule::clause_file)?;
    let mut header = None;
    let mut declarations = Vec::new();
    for pair in file.into_inner() {
        match pair.as_rule() {
            Rule::header => header = Some(parse_header(source, pair)?),
            Rule::define => declarations.push(Declaration::Define(parse_define(source, pair)?)),
            Rule::table_decl => declarations.push(Declaration::Table(parse_table(source, pair)?)),
            Rule::invariant_decl => {
                declarations.push(Declaration::Invariant(parse_invariant(source, pair)?))
            }
            Rule::formula_decl => {
                declarations.push(Declaration::Formula(parse_formula(source, pair)?))
            }
            Rule::state_decl => declarations.push(Declaration::State(parse_state(source, pair)?)),
            Rule::kind_decl => declarations.push(Declaration::Kind(parse_kind(pair))),
            Rule::event_decl => declarations.push(Declaration::Event(parse_event(pair))),
            Rule::market_decl => {
                let span = span_of(&pair);
                let mut name = blank_name(span);
                let mut ty = None;
                for part in pair.into_inner() {
                    match part.as_rule() {
                        Rule::name => name = name_of(&part),
                        Rule::type_name => ty = Some(parse_type(part)),
                        _ => {}
                    }
                }
                let ty = ty.unwrap_or(TypeName {
                    kind: TypeNameKind::Number,
                    span,
                });
                declarations.push(Declaration::Market(MarketDecl { name, ty }));
            }
            Rule::record_decl => {
                declarations.push(Declaration::Record(parse_record(source, pair)?))
            }
            Rule::calendar_def => {
                declarations.push(Declaration::Calendar(parse_calendar_def(source, pair)?))
            }
            Rule::section => declarations.push(Declaration::Section(parse_section(source, pair)?)),
            _ => {}
        }
    }
    let header = header.ok_or_else(|| SyntaxError::Unexpected {
        expected: "`contract \"Title\"`".to_string(),
        found: "nothing".to_string(),
        help: "see docs/language.md for the shape of each declaration".to_string(),
        src: source.named(),
        span: Span::default().into(),
    })?;
    Ok(ClauseFile {
        header,
        declarations,
    })
}

fn parse_header(source: &Source, pair: Pair<'_, Rule>) -> Result<Header, SyntaxError> {
    let span = span_of(&pair);
    let mut header = Header {
        title: Text {
            value: String::new(),
            span,
        },
        parties: Vec::new(),
        dated: None,
        term_start: None,
        governing_law: None,
        calendar: None,
        trading: None,
        local_time: None,
        short_months: None,
        span,
    };
    for item in pair.into_inner() {
        match item.as_rule() {
            Rule::string => header.title = literal::text(&item),
            Rule::party_decl => header.parties.push(parse_party(source, item)?),
            Rule::dated => {
                if let Some(date) = item.into_inner().next() {
                    header.dated = Some((literal::date(source, &date)?, span_of(&date)));
                }
            }
            Rule::term_start => {
                let mut parts = item.into_inner();
                if let Some(date) = parts.next() {
                    let readings = parts.next().map(parse_per_reading).unwrap_or_default();
                    header.term_start =
                        Some((literal::date(source, &date)?, span_of(&date), readings));
                }
            }
            Rule::governing_law => {
                header.governing_law = item.into_inner().next().map(|s| literal::text(&s))
            }
            Rule::calendar_choice => header.calendar = parse_calendar_choice(source, item)?,
            Rule::trading_choice => header.trading = parse_calendar_choice(source, item)?,
            Rule::short_months => {
                let mut parts = item.into_inner();
                let rule = match parts.next().map(|p| p.as_str()) {
                    Some("next day") => MonthEnd::NextDay,
                    _ => MonthEnd::EndOfMonth,
                };
                let readings = parts.next().map(parse_per_reading).unwrap_or_default();
                header.short_months = Some((rule, readings));
            }
            Rule::local_time => {
                if let Some(zone) = item.into_inner().next() {
                    header.local_time = Some((literal::zone(source, &zone)?, span_of(&zone)));
                }
            }
            _ => {}
        }
    }
    Ok(header)
}

fn parse_party(source: &Source, pair: Pair<'_, Rule>) -> Result<PartyDecl, SyntaxError> {
    let span = span_of(&pair);
    let mut role = PartyRole::Party;
    let mut name = Name {
        text: String::new(),
        span,
    };
    let mut legal_name = Text {
        value: String::new(),
        span,
    };
    let mut place = None;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::party_role => {
                role = match part.as_str() {
                    "issuer" => PartyRole::Issuer,
                    "holder" => PartyRole::Holder,
                    _ => PartyRole::Party,
                }
            }
            Rule::name => name = name_of(&part),
            Rule::string => legal_name = literal::text(&part),
            Rule::party_place => {
                if let Some(zone) = part.into_inner().next() {
                    place = Some(literal::zone(source, &zone)?);
                }
            }
            _ => {}
        }
    }
    Ok(PartyDecl {
        role,
        name,
        legal_name,
        place,
    })
}

/// `business days: nyse per reading R1`, or with the reading's
/// alternatives, `business days: either nyse | us-banks per reading R1`.
fn parse_calendar_choice(
    source: &Source,
    pair: Pair<'_, Rule>,
) -> Result<Option<CalendarChoice>, SyntaxError> {
    let mut names = Vec::new();
    let mut readings = Vec::new();
    let mut either = false;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::calendar_either => {
                either = true;
                for inner in part.into_inner() {
                    match inner.as_rule() {
                        Rule::calendar_name => names.push(name_of(&inner)),
                        Rule::per_reading => readings = vec![either_reading(source, inner)?],
                        _ => {}
                    }
                }
            }
            Rule::calendar_name => names.push(name_of(&part)),
            Rule::per_reading => readings = parse_per_reading(part),
            _ => {}
        }
    }
    let Some(calendar) = names.first().cloned() else {
        return Ok(None);
    };
    Ok(Some(CalendarChoice {
        calendar,
        readings,
        alternatives: if either { names } else { Vec::new() },
    }))
}

fn parse_define(source: &Source, pair: Pair<'_, Rule>) -> Result<Define, SyntaxError> {
    let span = span_of(&pair);
    let mut name = None;
    let mut value = None;
    let mut alternatives = Vec::new();
    let mut reading = None;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::name => name = Some(name_of(&part)),
            Rule::expr => value = Some(parse_expr(source, part)?),
            Rule::expr_either => {
                for inner in part.into_inner() {
                    match inner.as_rule() {
                        Rule::expr => alternatives.push(parse_expr(source, inner)?),
                        Rule::per_reading => reading = Some(either_reading(source, inner)?),
                        _ => {}
                    }
                }
                value = alternatives.first().cloned();
            }
            _ => {}
        }
    }
    Ok(Define {
        name: name.unwrap_or_else(|| blank_name(span)),
        value: value.unwrap_or_else(|| blank_expr(span)),
        alternatives,
        reading,
    })
}

fn parse_invariant(source: &Source, pair: Pair<'_, Rule>) -> Result<InvariantDecl, SyntaxError> {
    let span = span_of(&pair);
    let mut words = Text {
        value: String::new(),
        span,
    };
    let mut condition = None;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::string => words = literal::text(&part),
            Rule::expr => condition = Some(parse_expr(source, part)?),
            _ => {}
        }
    }
    Ok(InvariantDecl {
        words,
        condition: condition.unwrap_or_else(|| blank_expr(span)),
        span,
    })
}

fn parse_state(source: &Source, pair: Pair<'_, Rule>) -> Result<StateDecl, SyntaxError> {
    let span = span_of(&pair);
    let mut name = None;
    let mut ty = None;
    let mut initial = None;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::name => name = Some(name_of(&part)),
            Rule::type_name => ty = Some(parse_type(part)),
            Rule::expr => initial = Some(parse_expr(source, part)?),
            _ => {}
        }
    }
    Ok(StateDecl {
        name: name.unwrap_or_else(|| blank_name(span)),
        ty: ty.unwrap_or(TypeName {
            kind: TypeNameKind::Number,
            span,
        }),
        initial,
    })
}

fn parse_kind(pair: Pair<'_, Rule>) -> KindDecl {
    let span = span_of(&pair);
    let mut names = pair
        .into_inner()
        .filter(|part| part.as_rule() == Rule::name)
        .map(|part| name_of(&part));
    let name = names.next().unwrap_or_else(|| blank_name(span));
    KindDecl {
        name,
        variants: names.collect(),
    }
}

fn parse_event(pair: Pair<'_, Rule>) -> EventDecl {
    let span = span_of(&pair);
    let mut event = EventDecl {
        name: blank_name(span),
        sender: None,
        recipient: None,
        is_notice: false,
        fields: Vec::new(),
    };
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::name => event.name = name_of(&part),
            Rule::event_sender => event.sender = part.into_inner().next().map(|n| name_of(&n)),
            Rule::event_recipient => {
                event.recipient = part.into_inner().next().map(|n| name_of(&n))
            }
            Rule::notice_marker => event.is_notice = true,
            Rule::field_decls => {
                for field in part.into_inner() {
                    let field_span = span_of(&field);
                    let mut inner = field.into_inner();
                    let name = inner.next().map(|n| name_of(&n));
                    let ty = inner.next().map(parse_type);
                    if let (Some(name), Some(ty)) = (name, ty) {
                        event.fields.push(FieldDecl { name, ty });
                    } else {
                        event.fields.push(FieldDecl {
                            name: blank_name(field_span),
                            ty: TypeName {
                                kind: TypeNameKind::Number,
                                span: field_span,
                            },
                        });
                    }
                }
            }
            _ => {}
        }
    }
    event
}

fn parse_calendar_def(source: &Source, pair: Pair<'_, Rule>) -> Result<CalendarDef, SyntaxError> {
    let span = span_of(&pair);
    let mut names = Vec::new();
    let mut closures = Vec::new();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::calendar_name => names.push(name_of(&part)),
            Rule::extra_closures => {
                for day in part.into_inner() {
                    let mut inner = day.into_inner();
                    if let (Some(date), Some(label)) = (inner.next(), inner.next()) {
                        closures.push((literal::date(source, &date)?, literal::text(&label)));
                    }
                }
            }
            _ => {}
        }
    }
    let mut names = names.into_iter();
    Ok(CalendarDef {
        name: names.next().unwrap_or_else(|| blank_name(span)),
        parts: names.collect(),
        closures,
    })
}

fn parse_section(source: &Source, pair: Pair<'_, Rule>) -> Result<Section, SyntaxError> {
    let span = span_of(&pair);
    let mut section = Section {
        number: blank_name(span),
        heading: Text {
            value: String::new(),
            span,
        },
        items: Vec::new(),
        span,
    };
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::section_number => section.number = name_of(&part),
            Rule::string => section.heading = literal::text(&part),
            Rule::text_block => {
                if let Some(body) = part.into_inner().next() {
                    section.items.push(SectionItem::Text(literal::text(&body)));
                }
            }
            Rule::reading => section
                .items
                .push(SectionItem::Reading(parse_reading(part))),
            Rule::acknowledgement => section
                .items
                .push(SectionItem::Acknowledge(parse_acknowledgement(part))),
            Rule::notice_rule => section
                .items
                .push(SectionItem::Notice(parse_notice_rule(source, part)?)),
            Rule::reaction => section
                .items
                .push(SectionItem::Reaction(Box::new(parse_reaction(
                    source, part,
                )?))),
            _ => {}
        }
    }
    Ok(section)
}

fn parse_acknowledgement(pair: Pair<'_, Rule>) -> Acknowledgement {
    let span = span_of(&pair);
    let mut code = blank_name(span);
    let mut reason = Text {
        value: String::new(),
        span,
    };
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::diagnostic_code => code = name_of(&part),
            Rule::string | Rule::long_string => reason = literal::text(&part),
            _ => {}
        }
    }
    Acknowledgement { code, reason, span }
}

fn parse_reading(pair: Pair<'_, Rule>) -> Reading {
    let span = span_of(&pair);
    let mut parts = pair
        .into_inner()
        .filter(|part| part.as_rule() != Rule::kw_reading);
    let id = parts
        .next()
        .map(|id| name_of(&id))
        .unwrap_or_else(|| blank_name(span));
    let title = parts.next().map(|t| literal::text(&t)).unwrap_or(Text {
        value: String::new(),
        span,
    });
    let body = parts.next().map(|t| literal::text(&t)).unwrap_or(Text {
        value: String::new(),
        span,
    });
    Reading { id, title, body }
}

fn parse_notice_rule(source: &Source, pair: Pair<'_, Rule>) -> Result<NoticeRule, SyntaxError> {
    let span = span_of(&pair);
    let mut methods = Vec::new();
    let mut deemed = Deemed::WhenSent;
    let mut cutoff = None;
    let mut readings = Vec::new();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::name => methods.push(name_of(&part)),
            Rule::deemed_when => {
                if let Some(inner) = part.into_inner().next() {
                    if inner.as_rule() == Rule::sent_after {
                        if let Some(period) = inner.into_inner().next() {
                            deemed = Deemed::After(parse_expr(source, period)?);
                        }
                    }
                }
            }
            Rule::cutoff => cutoff = Some(parse_cutoff(source, part)?),
            Rule::per_reading => readings = parse_per_reading(part),
            _ => {}
        }
    }
    Ok(NoticeRule {
        methods,
        deemed,
        cutoff,
        readings,
        span,
    })
}

fn parse_cutoff(source: &Source, pair: Pair<'_, Rule>) -> Result<Cutoff, SyntaxError> {
    let mut cutoff = Cutoff {
        after: None,
        recipient: false,
        closed_day: false,
    };
    for test in pair.into_inner() {
        if test.as_rule() == Rule::sent_on_closed_day {
            cutoff.closed_day = true;
            continue;
        }
        let mut time = None;
        let mut zone = None;
        for part in test.into_inner() {
            match part.as_rule() {
                Rule::time_of_day => time = Some(literal::time(source, &part)?),
                Rule::zone => zone = Some(literal::zone(source, &part)?),
                Rule::recipient_time => cutoff.recipient = true,
                _ => {}
            }
        }
        cutoff.after = time.map(|t| (t, zone));
    }
    Ok(cutoff)
}

/// `, for each exercise as x when x.status = awaiting tender`
fn parse_for_instances(source: &Source, pair: Pair<'_, Rule>) -> Result<ForInstances, SyntaxError> {
    let span = span_of(&pair);
    let mut quantifier = Quantifier::Each;
    let mut names = Vec::new();
    let mut guard = None;
    let mut readings = Vec::new();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::per_reading => readings = parse_per_reading(part),
            Rule::quantifier => {
                quantifier = match part.as_str() {
                    "the first" => Quantifier::First,
                    "the last" => Quantifier::Last,
                    _ => Quantifier::Each,
                }
            }
            Rule::name | Rule::name_word => names.push(name_of(&part)),
            Rule::guard => {
                if let Some(condition) = part.into_inner().next() {
                    guard = Some(parse_expr(source, condition)?);
                }
            }
            _ => {}
        }
    }
    let mut names = names.into_iter();
    Ok(ForInstances {
        quantifier,
        record: names.next().unwrap_or_else(|| blank_name(span)),
        binder: names.next().unwrap_or_else(|| blank_name(span)),
        guard,
        readings,
    })
}

fn parse_instance_field(pair: Pair<'_, Rule>) -> Target {
    let span = span_of(&pair);
    let mut parts = pair.into_inner().map(|p| name_of(&p));
    let binder = parts.next().unwrap_or_else(|| blank_name(span));
    let field = parts.next().unwrap_or_else(|| blank_name(span));
    Target::Field { binder, field }
}

fn parse_reaction(source: &Source, pair: Pair<'_, Rule>) -> Result<Reaction, SyntaxError> {
    let span = span_of(&pair);
    let mut trigger = None;
    let mut instances = None;
    let mut body = Vec::new();
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::event_trigger => {
                let mut inner = part.into_inner();
                let event = inner
                    .next()
                    .map(|n| name_of(&n))
                    .unwrap_or_else(|| blank_name(span));
                let binder = inner.next().map(|n| name_of(&n));
                trigger = Some(Trigger::Event { event, binder });
            }
            Rule::change_trigger => {
                let mut inner = part.into_inner().map(|n| name_of(&n));
                let mut next = || inner.next().unwrap_or_else(|| blank_name(span));
                let (state, old, new) = (next(), next(), next());
                trigger = Some(Trigger::Change { state, old, new });
            }
            Rule::for_instances => instances = Some(parse_for_instances(source, part)?),
            Rule::at_trigger => {
                let expr = part.into_inner().next();
                trigger = Some(Trigger::At(match expr {
                    Some(expr) => parse_expr(source, expr)?,
                    None => blank_expr(span),
                }));
            }
            Rule::every_trigger => {
                let mut exprs = Vec::new();
                let mut times = None;
                for inner in part.into_inner() {
                    match inner.as_rule() {
                        Rule::expr => exprs.push(parse_expr(source, inner)?),
                        Rule::repeat_count => {
                            if let Some(count) = inner.into_inner().next() {
                                times = Some(literal::integer_u32(source, &count)?);
                            }
                        }
                        _ => {}
                    }
                }
                let mut exprs = exprs.into_iter();
                trigger = Some(Trigger::Every {
                    period: exprs.next().unwrap_or_else(|| blank_expr(span)),
                    anchor: exprs.next().unwrap_or_else(|| blank_expr(span)),
                    times,
                });
            }
            _ => body.push(parse_statement(source, part)?),
        }
    }
    Ok(Reaction {
        trigger: trigger.unwrap_or(Trigger::Event {
            event: blank_name(span),
            binder: None,
        }),
        instances,
        body,
        span,
    })
}

fn parse_statement(source: &Source, pair: Pair<'_, Rule>) -> Result<Statement, SyntaxError> {
    let span = span_of(&pair);
    let kind_of_statement = pair.as_rule();
    let mut names = Vec::new();
    let mut texts = Vec::new();
    let mut exprs = Vec::new();
    let mut guard = None;
    let mut readings = Vec::new();
    let mut deadline = None;
    let mut roll = None;
    let mut field_target = None;
    for part in pair.into_inner() {
        match part.as_rule() {
            Rule::name | Rule::name_word => names.push(name_of(&part)),
            Rule::instance_field => field_target = Some(parse_instance_field(part)),
            Rule::string => texts.push(literal::text(&part)),
            Rule::expr => exprs.push(parse_expr(source, part)?),
            Rule::guard => {
                if let Some(condition) = part.into_inner().next() {
                    guard = Some(parse_expr(source, condition)?);
                }
            }
            Rule::per_reading => readings = parse_per_reading(part),
            Rule::deadline => deadline = Some(parse_deadline(source, part, span)?),
            Rule::roll => {
                roll = part
                    .into_inner()
                    .next()
                    .map(|rule| parse_roll(rule.as_str()))
            }
            _ => {}
        }
    }
    let mut names = names.into_iter();
    let mut next_name = || names.next().unwrap_or_else(|| blank_name(span));
    let mut exprs = exprs.into_iter();
    let mut next_expr = || exprs.next().unwrap_or_else(|| blank_expr(span));
    let mut texts = texts.into_iter();
    let mut next_text = || {
        texts.next().unwrap_or(Text {
            value: String::new(),
            span,
        })
    };
    let kind = match kind_of_statement {
        Rule::refuse_stmt => StatementKind::Refuse {
            reason: next_text(),
            condition: next_expr(),
            readings,
        },
        Rule::set_stmt => StatementKind::Set {
            target: field_target.unwrap_or_else(|| Target::State(next_name())),
            value: next_expr(),
            guard,
            readings,
        },
        Rule::let_stmt => StatementKind::Let {
            binder: next_name(),
            value: next_expr(),
            readings,
        },
        Rule::open_stmt => StatementKind::Open {
            record: next_name(),
            binder: next_name(),
        },
        _ => StatementKind::Must(Box::new(MustStmt {
            party: next_name(),
            duty: next_text(),
            name: field_target.unwrap_or_else(|| Target::State(next_name())),
            fulfilled_by: next_name(),
            deadline: deadline.unwrap_or_else(|| Deadline::WithinAfter {
                period: blank_expr(span),
                anchor: blank_expr(span),
            }),
            roll,
            guard,
            readings,
        })),
    };
    Ok(Statement { kind, span })
}

fn parse_roll(words: &str) -> RollChoice {
    match words {
        "following" => RollChoice::Roll(crate::calendar::Roll::Following),
        "preceding" => RollChoice::Roll(crate::calendar::Roll::Preceding),
        "modified following" => RollChoice::Roll(crate::calendar::Roll::ModifiedFollowing),
        _ => RollChoice::None,
    }
}

fn parse_deadline(
    source: &Source,
    pair: Pair<'_, Rule>,
    span: Span,
) -> Result<Deadline, SyntaxError> {
    let Some(inner) = pair.into_inner().next() else {
        return Ok(Deadline::WithinAfter {
            period: blank_expr(span),
            anchor: blank_expr(span),
        });
    };
    let within = inner.as_rule() == Rule::within_after;
    let mut exprs = Vec::new();
    for part in inner.into_inner() {
        exprs.push(parse_expr(source, part)?);
    }
    let mut exprs = exprs.into_iter();
    let period = exprs.next().unwrap_or_else(|| blank_expr(span));
    let anchor = exprs.next().unwrap_or_else(|| blank_expr(span));
    Ok(if within {
        Deadline::WithinAfter { period, anchor }
    } else {
        Deadline::AtLeastBefore { period, anchor }
    })
}
