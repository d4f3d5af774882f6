//! Every name a clause file declares and every place it is used, found by
//! walking the AST once: what go-to-definition, find-references, hover and
//! the outline read. Names are compared as written (runs of spaces folded),
//! which is how the checker resolves them.

use crate::source::Span;
use crate::syntax::ast::{
    ClauseFile, Deadline, Declaration, Deemed, Expr, ExprKind, Header, Reaction, SectionItem,
    Statement, StatementKind, Target, Trigger, TypeName, TypeNameKind,
};

/// What a declared name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Define,
    State,
    Party,
    Kind,
    Variant,
    Record,
    Event,
    Obligation,
    Reading,
    Section,
    Formula,
    Table,
    Market,
    Calendar,
}

/// Which names a use can stand for: an expression's name may be any of the
/// value-like declarations, an event trigger only an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Namespace {
    Value,
    Kind,
    Record,
    Event,
    Reading,
    Section,
    Calendar,
}

impl SymbolKind {
    pub fn namespace(self) -> Namespace {
        match self {
            SymbolKind::Define
            | SymbolKind::State
            | SymbolKind::Party
            | SymbolKind::Variant
            | SymbolKind::Obligation
            | SymbolKind::Formula
            | SymbolKind::Table
            | SymbolKind::Market => Namespace::Value,
            SymbolKind::Kind => Namespace::Kind,
            SymbolKind::Record => Namespace::Record,
            SymbolKind::Event => Namespace::Event,
            SymbolKind::Reading => Namespace::Reading,
            SymbolKind::Section => Namespace::Section,
            SymbolKind::Calendar => Namespace::Calendar,
        }
    }

    /// A word for the outline and completion lists.
    pub fn word(self) -> &'static str {
        match self {
            SymbolKind::Define => "defined term",
            SymbolKind::State => "state",
            SymbolKind::Party => "party",
            SymbolKind::Kind => "kind",
            SymbolKind::Variant => "kind value",
            SymbolKind::Record => "record",
            SymbolKind::Event => "event",
            SymbolKind::Obligation => "obligation",
            SymbolKind::Reading => "reading",
            SymbolKind::Section => "section",
            SymbolKind::Formula => "formula",
            SymbolKind::Table => "table",
            SymbolKind::Market => "market data",
            SymbolKind::Calendar => "calendar",
        }
    }
}

/// A declaration: the name, where it is written, and the whole construct.
#[derive(Debug, Clone)]
pub struct Symbol {
    pub name: String,
    pub kind: SymbolKind,
    /// The name as written at its declaration.
    pub span: Span,
    /// The declaration (for a section, the whole section; for a kind value, its kind's).
    pub extent: Span,
    /// For a kind value, its kind; for a reading, its section number.
    pub parent: Option<String>,
}

/// A use of a name.
#[derive(Debug, Clone)]
pub struct Reference {
    pub name: String,
    pub namespace: Namespace,
    pub span: Span,
}

/// The declarations and uses of one clause file.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub symbols: Vec<Symbol>,
    pub references: Vec<Reference>,
}

impl Index {
    pub fn of(file: &ClauseFile) -> Index {
        let mut index = Index::default();
        index.header(&file.header);
        for declaration in &file.declarations {
            index.declaration(declaration);
        }
        index
    }

    /// The declaration a use refers to (the first, if a name is declared twice).
    pub fn resolve(&self, name: &str, namespace: Namespace) -> Option<&Symbol> {
        let found = self
            .symbols
            .iter()
            .find(|s| s.name == name && s.kind.namespace() == namespace);
        // A record field's type may name a record rather than a kind.
        found.or_else(|| match namespace {
            Namespace::Kind => self.resolve(name, Namespace::Record),
            _ => None,
        })
    }

    /// The symbol whose name, or a use of which, lies at `offset`.
    pub fn symbol_at(&self, offset: usize) -> Option<&Symbol> {
        let within = |span: &Span| span.start <= offset && offset <= span.end;
        if let Some(symbol) = self.symbols.iter().find(|s| within(&s.span)) {
            return Some(symbol);
        }
        self.references
            .iter()
            .filter(|r| within(&r.span))
            .find_map(|r| self.resolve(&r.name, r.namespace))
    }

    /// Every use of a symbol's name in its namespace.
    pub fn uses_of<'a>(&'a self, symbol: &'a Symbol) -> impl Iterator<Item = &'a Reference> + 'a {
        let namespace = symbol.kind.namespace();
        self.references
            .iter()
            .filter(move |r| r.name == symbol.name && r.namespace == namespace)
    }

    fn declare(&mut self, name: &crate::syntax::ast::Name, kind: SymbolKind, extent: Span) {
        self.symbols.push(Symbol {
            name: name.text.clone(),
            kind,
            span: name.span,
            extent,
            parent: None,
        });
    }

    fn refer(&mut self, name: &crate::syntax::ast::Name, namespace: Namespace) {
        self.references.push(Reference {
            name: name.text.clone(),
            namespace,
            span: name.span,
        });
    }

    /// Each reading a rule cites (`per readings R2, R5`) is a reference of its own.
    fn readings<'n>(&mut self, readings: impl IntoIterator<Item = &'n crate::syntax::ast::Name>) {
        for reading in readings {
            self.refer(reading, Namespace::Reading);
        }
    }

    fn header(&mut self, header: &Header) {
        for party in &header.parties {
            self.declare(&party.name, SymbolKind::Party, party.name.span);
        }
        for choice in [&header.calendar, &header.trading].into_iter().flatten() {
            self.refer(&choice.calendar, Namespace::Calendar);
            for alternative in choice.alternatives.iter().skip(1) {
                self.refer(alternative, Namespace::Calendar);
            }
            self.readings(&choice.readings);
        }
        if let Some((_, _, readings)) = &header.term_start {
            self.readings(readings);
        }
        if let Some((_, readings)) = &header.short_months {
            self.readings(readings);
        }
    }

    fn declaration(&mut self, declaration: &Declaration) {
        match declaration {
            Declaration::Define(define) => {
                let extent = define.name.span.to(define.value.span);
                self.declare(&define.name, SymbolKind::Define, extent);
                self.expr(&define.value);
                for alternative in define.alternatives.iter().skip(1) {
                    self.expr(alternative);
                }
                self.readings(&define.reading);
            }
            Declaration::Invariant(invariant) => self.expr(&invariant.condition),
            Declaration::Formula(formula) => {
                let extent = formula.name.span.to(formula.body.span);
                self.declare(&formula.name, SymbolKind::Formula, extent);
                for (_, ty) in &formula.params {
                    self.type_name(ty);
                }
                self.expr(&formula.body);
            }
            Declaration::Table(table) => {
                self.declare(&table.name, SymbolKind::Table, table.span);
                for ty in [&table.row.1, &table.column.1, &table.result] {
                    self.type_name(ty);
                }
            }
            Declaration::State(state) => {
                let end = state.initial.as_ref().map_or(state.ty.span, |e| e.span);
                self.declare(&state.name, SymbolKind::State, state.name.span.to(end));
                self.type_name(&state.ty);
                if let Some(initial) = &state.initial {
                    self.expr(initial);
                }
            }
            Declaration::Kind(kind) => {
                let end = kind.variants.last().map_or(kind.name.span, |v| v.span);
                let extent = kind.name.span.to(end);
                self.declare(&kind.name, SymbolKind::Kind, extent);
                for variant in &kind.variants {
                    self.declare(variant, SymbolKind::Variant, extent);
                    if let Some(symbol) = self.symbols.last_mut() {
                        symbol.parent = Some(kind.name.text.clone());
                    }
                }
            }
            Declaration::Event(event) => {
                let end = event.fields.last().map_or(event.name.span, |f| f.ty.span);
                self.declare(&event.name, SymbolKind::Event, event.name.span.to(end));
                if let Some(sender) = &event.sender {
                    self.refer(sender, Namespace::Value);
                }
                for field in &event.fields {
                    self.type_name(&field.ty);
                }
            }
            Declaration::Record(record) => {
                self.declare(&record.name, SymbolKind::Record, record.span);
                for field in &record.fields {
                    self.type_name(&field.ty);
                    if let Some(initial) = &field.initial {
                        self.expr(initial);
                    }
                }
            }
            Declaration::Market(market) => {
                let extent = market.name.span.to(market.ty.span);
                self.declare(&market.name, SymbolKind::Market, extent);
                self.type_name(&market.ty);
            }
            Declaration::Calendar(calendar) => {
                let end = calendar.parts.last().map_or(calendar.name.span, |p| p.span);
                let extent = calendar.name.span.to(end);
                self.declare(&calendar.name, SymbolKind::Calendar, extent);
                for part in &calendar.parts {
                    self.refer(part, Namespace::Calendar);
                }
            }
            Declaration::Section(section) => {
                self.declare(&section.number, SymbolKind::Section, section.span);
                for item in &section.items {
                    self.section_item(item, &section.number.text);
                }
            }
        }
    }

    fn section_item(&mut self, item: &SectionItem, section: &str) {
        match item {
            SectionItem::Text(_) | SectionItem::Acknowledge(_) => {}
            SectionItem::Reading(reading) => {
                let extent = reading.id.span.to(reading.body.span);
                self.declare(&reading.id, SymbolKind::Reading, extent);
                if let Some(symbol) = self.symbols.last_mut() {
                    symbol.parent = Some(section.to_string());
                }
            }
            SectionItem::Notice(notice) => {
                for method in &notice.methods {
                    self.refer(method, Namespace::Value);
                }
                if let Deemed::After(period) = &notice.deemed {
                    self.expr(period);
                }
                self.readings(&notice.readings);
            }
            SectionItem::Reaction(reaction) => self.reaction(reaction),
        }
    }

    fn reaction(&mut self, reaction: &Reaction) {
        match &reaction.trigger {
            Trigger::Event { event, .. } => self.refer(event, Namespace::Event),
            Trigger::Change { state, .. } => self.refer(state, Namespace::Value),
            Trigger::At(time) => self.expr(time),
            Trigger::Every { period, anchor, .. } => {
                self.expr(period);
                self.expr(anchor);
            }
        }
        if let Some(instances) = &reaction.instances {
            self.refer(&instances.record, Namespace::Record);
            if let Some(guard) = &instances.guard {
                self.expr(guard);
            }
            self.readings(&instances.readings);
        }
        for statement in &reaction.body {
            self.statement(statement);
        }
    }

    fn statement(&mut self, statement: &Statement) {
        match &statement.kind {
            StatementKind::Refuse {
                condition,
                readings,
                ..
            } => {
                self.expr(condition);
                self.readings(readings);
            }
            StatementKind::Set {
                target,
                value,
                guard,
                readings,
            } => {
                if let Target::State(state) = target {
                    self.refer(state, Namespace::Value);
                }
                self.expr(value);
                if let Some(guard) = guard {
                    self.expr(guard);
                }
                self.readings(readings);
            }
            StatementKind::Let { value, .. } => self.expr(value),
            StatementKind::Must(must) => {
                self.refer(&must.party, Namespace::Value);
                let name = match &must.name {
                    Target::State(name) => name,
                    Target::Field { field, .. } => field,
                };
                if self
                    .resolve(&name.text, Namespace::Value)
                    .is_some_and(|s| s.kind == SymbolKind::Obligation)
                {
                    self.refer(name, Namespace::Value);
                } else {
                    self.declare(name, SymbolKind::Obligation, statement.span);
                }
                self.refer(&must.fulfilled_by, Namespace::Event);
                let (Deadline::WithinAfter { period, anchor }
                | Deadline::AtLeastBefore { period, anchor }) = &must.deadline;
                self.expr(period);
                self.expr(anchor);
                if let Some(guard) = &must.guard {
                    self.expr(guard);
                }
                self.readings(&must.readings);
            }
            StatementKind::Open { record, .. } => self.refer(record, Namespace::Record),
        }
    }

    fn type_name(&mut self, ty: &TypeName) {
        if let TypeNameKind::Named(name) = &ty.kind {
            self.refer(name, Namespace::Kind);
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Literal(_) | ExprKind::ThisEvent => {}
            ExprKind::Name(name) => self.refer(name, Namespace::Value),
            ExprKind::Field(inner, _)
            | ExprKind::Status(inner, _)
            | ExprKind::AtTime(inner, _, _)
            | ExprKind::IsWhole(inner)
            | ExprKind::Unary(_, inner) => self.expr(inner),
            ExprKind::Largest(_, limit, condition) => {
                self.expr(limit);
                self.expr(condition);
            }
            ExprKind::Aggregate(aggregate) => {
                self.refer(&aggregate.record, Namespace::Record);
                for part in [&aggregate.guard, &aggregate.value].into_iter().flatten() {
                    self.expr(part);
                }
            }
            ExprKind::Binary(_, left, right) => {
                self.expr(left);
                self.expr(right);
            }
            ExprKind::Call(name, arguments) => {
                self.refer(name, Namespace::Value);
                for argument in arguments {
                    self.expr(argument);
                }
            }
            ExprKind::Round {
                value,
                alternatives,
                ..
            } => {
                self.expr(value);
                if let Some(alternatives) = alternatives {
                    self.refer(&alternatives.reading, Namespace::Reading);
                }
            }
            ExprKind::If(condition, then, otherwise) => {
                self.expr(condition);
                self.expr(then);
                self.expr(otherwise);
            }
        }
    }
}
