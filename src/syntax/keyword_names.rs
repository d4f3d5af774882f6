//! Declared names that contain keyword words: `define Exercise Price at expiry
//! = …`, `state Notice to Holder Date : date`.
//!
//! The grammar's `name` rule stops at a keyword, which is what lets `and`,
//! `when`, `per`… end a name. A declaration whose name runs up to a fixed
//! delimiter (`=`, `:`, `(`, `{`) needs no keyword to end it, so its name may
//! contain keyword words. This pass finds those declarations before pest
//! runs, and in a copy of the text replaces the spaces inside every
//! occurrence of such a name with [`MARK`], a byte the `name` rule accepts
//! between words (`marked_name`). The copy has the same length, so every span
//! pest gives is a span of the original text; diagnostics show the original,
//! and [`super::name_of`] puts the spaces back. Comments, strings and text
//! blocks are never touched.
//!
//! Where a name occurs, the longest declared name wins. Where the words
//! before its first keyword are a declared name too and the words would
//! also parse one by one (`A and B` when `A`, `B` and `A and B` are
//! states), the text is refused as ambiguous ([`refuse_ambiguous`]).
//! Names are looked up by their first word, so a file declaring many costs
//! one lookup per word.

use std::collections::{HashMap, HashSet};

use pest::iterators::Pair;

use crate::errors::SyntaxError;
use crate::source::{Source, Span};

use super::prescan::skip_comment_or_text;
use super::Rule;

/// Stands for a space inside a marked name (ASCII unit separator): one
/// byte, like the space, and never valid anywhere else in the grammar.
pub const MARK: char = '\u{1F}';
const MARK_BYTE: u8 = 0x1F;

/// The grammar's `keyword` words.
const KEYWORDS: &[&str] = &[
    "and", "or", "not", "as", "when", "if", "then", "else", "must", "within", "after", "before",
    "at", "by", "from", "to", "is", "per", "yes", "no", "round", "event", "define", "state",
    "kind", "section", "reading", "set", "let", "refuse", "expect", "either",
];

/// The text pest reads, and where names were marked in it.
#[derive(Debug, Clone)]
pub struct Marked {
    pub text: String,
    /// The occurrences that are declarations (never ambiguous).
    pub declarations: Vec<Span>,
    /// The occurrences whose words before the first keyword are a name the
    /// file declares (`A` of `A and B`): only those can read another way
    /// that means something, so only those are tried for ambiguity.
    pub prefix_declared: Vec<Span>,
}

/// Which file a text is: the declarations each can make differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    ClauseFile,
    Scenario,
    /// A lone value or time (JSON Lines): nothing is declared.
    Fragment,
}

/// Marks the names `text` declares with keyword words in them, and the
/// `known` names (a scenario's clause file declares them).
pub fn mark(text: &str, kind: Kind, known: &[String]) -> Marked {
    if kind == Kind::Fragment {
        return Marked {
            text: text.to_string(),
            declarations: Vec::new(),
            prefix_declared: Vec::new(),
        };
    }
    let code = code_mask(text);
    let declared = match kind {
        Kind::ClauseFile => clause_declarations(text, &code),
        Kind::Scenario => scenario_declarations(text, &code),
        Kind::Fragment => Vec::new(),
    };
    let mut names: Vec<Vec<&str>> = declared.iter().map(|(words, _)| words.clone()).collect();
    names.extend(known.iter().filter_map(|name| keyword_name(name)));
    // Longest first, so that `Price at expiry date` wins over `Price at expiry`.
    names.sort_by(|a, b| b.len().cmp(&a.len()).then(b.cmp(a)));
    names.dedup();
    if names.is_empty() {
        return Marked {
            text: text.to_string(),
            declarations: Vec::new(),
            prefix_declared: Vec::new(),
        };
    }
    // By first word, so that each word of the text costs one lookup however
    // many names a (possibly hostile) file declares.
    let mut by_first: HashMap<&str, Vec<&[&str]>> = HashMap::new();
    for name in &names {
        if let Some(first) = name.first() {
            by_first.entry(first).or_default().push(name);
        }
    }
    let mut bytes = text.as_bytes().to_vec();
    let mut prefix_declared = Vec::new();
    let every_name: HashSet<String> = match kind {
        Kind::ClauseFile => all_declared_names(text, &code).into_iter().collect(),
        _ => HashSet::new(),
    };
    let mut offset = 0;
    while offset < bytes.len() {
        let starts_word = code.get(offset).copied().unwrap_or(false)
            && bytes
                .get(offset)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
            && !offset
                .checked_sub(1)
                .and_then(|before| bytes.get(before))
                .is_some_and(|b| is_name_byte(*b) || *b == b'.' || *b == MARK_BYTE);
        let word_end = offset
            + bytes
                .get(offset..)
                .unwrap_or(&[])
                .iter()
                .take_while(|b| is_name_byte(**b))
                .count();
        let first_word = text.get(offset..word_end).unwrap_or("");
        let found = starts_word
            .then(|| {
                by_first
                    .get(first_word)?
                    .iter()
                    .find_map(|name| match_at(text, &code, offset, name).map(|end| (end, *name)))
            })
            .flatten();
        match found {
            Some((end, name)) => {
                let prefix: Vec<&str> = name
                    .iter()
                    .take_while(|w| !KEYWORDS.contains(w))
                    .copied()
                    .collect();
                if !prefix.is_empty() && every_name.contains(&prefix.join(" ")) {
                    prefix_declared.push(Span::new(offset, end));
                }
                for byte in bytes.iter_mut().take(end).skip(offset) {
                    if *byte == b' ' {
                        *byte = MARK_BYTE;
                    }
                }
                offset = end;
            }
            None => offset += 1,
        }
    }
    // Only ASCII spaces were replaced by an ASCII byte, so the text is still UTF-8.
    let text = String::from_utf8(bytes).unwrap_or_else(|_| text.to_string());
    Marked {
        text,
        declarations: declared.into_iter().map(|(_, span)| span).collect(),
        prefix_declared,
    }
}

/// The names a clause file declares with keyword words in them, as
/// written with single spaces: a scenario of it may use them too.
pub fn declared_in_clause_file(text: &str) -> Vec<String> {
    let code = code_mask(text);
    clause_declarations(text, &code)
        .into_iter()
        .map(|(words, _)| words.join(" "))
        .collect()
}

/// The first U+001F the author wrote in code (outside comments, strings and
/// text blocks), which the grammar would otherwise take inside a name.
pub fn stray_mark(text: &str) -> Option<usize> {
    if !text.contains(MARK) {
        return None;
    }
    let code = code_mask(text);
    text.bytes()
        .enumerate()
        .find(|(offset, byte)| *byte == MARK_BYTE && code.get(*offset).copied().unwrap_or(true))
        .map(|(offset, _)| offset)
}

/// The text with one occurrence's spaces put back.
pub fn unmarked(text: &str, span: Span) -> String {
    let mut out = String::with_capacity(text.len());
    for (offset, character) in text.char_indices() {
        if character == MARK && offset >= span.start && offset < span.end {
            out.push(' ');
        } else {
            out.push(character);
        }
    }
    out
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'\''
}

/// Per byte, whether it is code: outside comments, strings and text blocks.
fn code_mask(text: &str) -> Vec<bool> {
    let bytes = text.as_bytes();
    let mut code = vec![true; bytes.len()];
    let mut offset = 0;
    while offset < bytes.len() {
        match skip_comment_or_text(bytes, offset) {
            Some(end) => {
                for flag in code.iter_mut().take(end).skip(offset) {
                    *flag = false;
                }
                offset = end.max(offset + 1);
            }
            None => offset += 1,
        }
    }
    code
}

/// Where `name` occurs at `offset` (words separated by runs of spaces, all
/// of it code, ending at a word boundary): the end of the occurrence.
fn match_at(text: &str, code: &[bool], offset: usize, name: &[&str]) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = offset;
    for (index, word) in name.iter().enumerate() {
        if index > 0 {
            let spaces = bytes.get(at..)?.iter().take_while(|b| **b == b' ').count();
            if spaces == 0 {
                return None;
            }
            at += spaces;
        }
        if !text.get(at..)?.starts_with(word) {
            return None;
        }
        at += word.len();
    }
    let bounded = !bytes.get(at).is_some_and(|b| is_name_byte(*b));
    let all_code = code.get(offset..at).is_some_and(|c| c.iter().all(|c| *c));
    (bounded && all_code).then_some(at)
}

/// Each line's code, after its indentation: (offset of the first code byte, the line's code).
fn code_lines<'t>(text: &'t str, code: &[bool]) -> Vec<(usize, &'t str)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let first = start + indent;
        // A line that starts inside a text block or string is not a declaration.
        if code.get(first).copied().unwrap_or(false) {
            let end = (first..start + line.len())
                .find(|at| !code.get(*at).copied().unwrap_or(false))
                .unwrap_or(start + line.len());
            if let Some(rest) = text.get(first..end) {
                lines.push((first, rest.trim_end()));
            }
        }
        start += line.len();
    }
    lines
}

/// The words of a name written as `candidate`, if it is one with at least
/// two words and at least one keyword among them.
fn keyword_name(candidate: &str) -> Option<Vec<&str>> {
    let words: Vec<&str> = candidate.split(' ').filter(|w| !w.is_empty()).collect();
    let first_ok = words
        .first()
        .and_then(|w| w.bytes().next())
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
    let all_ok = words
        .iter()
        .all(|w| !w.is_empty() && w.bytes().all(is_name_byte));
    let keyword = words.iter().any(|w| KEYWORDS.contains(w));
    (words.len() >= 2 && first_ok && all_ok && keyword).then_some(words)
}

/// `define NAME =`, `state NAME :`, `formula NAME (`, `table NAME (`,
/// `market data NAME :`, `record NAME {`, `event NAME [from …] [as notice] [{…}]`.
fn clause_declarations<'t>(text: &'t str, code: &[bool]) -> Vec<(Vec<&'t str>, Span)> {
    let mut found = Vec::new();
    for (offset, line) in code_lines(text, code) {
        let Some((keyword, rest)) = line.split_once(' ') else {
            continue;
        };
        let (rest, delimiters): (&str, &[char]) = match keyword {
            "define" => (rest, &['=']),
            "state" | "market" => (rest, &[':']),
            "formula" | "table" => (rest, &['(']),
            "record" => (rest, &['{']),
            "event" => (rest, &['{']),
            _ => continue,
        };
        let rest_start = offset + keyword.len() + 1;
        let (rest, rest_start) = if keyword == "market" {
            let trimmed = rest.trim_start();
            match trimmed.strip_prefix("data ") {
                Some(after) => (after, rest_start + (rest.len() - after.len())),
                None => continue,
            }
        } else {
            (rest, rest_start)
        };
        let end = match rest.find(delimiters) {
            Some(end) => end,
            None if keyword == "event" => rest.len(),
            None => continue,
        };
        let candidate = rest.get(..end).unwrap_or("");
        let mut candidate = candidate.trim_end();
        if keyword == "event" {
            // `from PARTY` and `as notice` end an event's name.
            candidate = candidate
                .trim_end()
                .strip_suffix("as notice")
                .map_or(candidate, str::trim_end);
            if let Some(at) = find_word(candidate, "from") {
                candidate = candidate.get(..at).unwrap_or("").trim_end();
            }
        }
        let lead = candidate.len() - candidate.trim_start().len();
        if let Some(words) = keyword_name(candidate.trim_start()) {
            let start = rest_start + lead;
            found.push((words, Span::new(start, start + candidate.len() - lead)));
        }
    }
    found
}

/// Every name a clause file declares at the start of a line (defined
/// terms, state, formulas, tables, market data, records, events, kinds and
/// their values, parties), single-spaced.
fn all_declared_names(text: &str, code: &[bool]) -> Vec<String> {
    let mut names = Vec::new();
    for (_, line) in code_lines(text, code) {
        let Some((keyword, rest)) = line.split_once(' ') else {
            continue;
        };
        let rest = match keyword {
            "market" => rest.trim_start().strip_prefix("data ").unwrap_or(""),
            "define" | "state" | "formula" | "table" | "record" | "event" | "kind" | "issuer"
            | "holder" | "party" => rest,
            _ => continue,
        };
        let end = rest.find(['=', ':', '(', '{']).unwrap_or(rest.len());
        let mut name = rest.get(..end).unwrap_or("");
        if keyword == "event" {
            name = name.trim_end().strip_suffix("as notice").unwrap_or(name);
            if let Some(at) = find_word(name, "from") {
                name = name.get(..at).unwrap_or("");
            }
        }
        names.push(name.split_whitespace().collect::<Vec<_>>().join(" "));
        if keyword == "kind" {
            let values = rest.get(end + 1..).unwrap_or("");
            names.extend(
                values
                    .split('|')
                    .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" ")),
            );
        }
    }
    names
}

/// Where `word` stands as a whole word in `text`.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text
        .get(from..)
        .and_then(|rest| rest.find(word))
        .map(|at| at + from)
    {
        let before = at
            .checked_sub(1)
            .and_then(|b| text.as_bytes().get(b))
            .is_some_and(|b| *b != b' ');
        let after = text
            .as_bytes()
            .get(at + word.len())
            .is_some_and(|b| *b != b' ');
        if !before && !after {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// In a scenario, names end at fixed places too: an event line's name at
/// `{` or the end of the line, a price line's at `=`, `prices NAME from "…"`
/// at `from`. Those names may contain keyword words.
fn scenario_declarations<'t>(text: &'t str, code: &[bool]) -> Vec<(Vec<&'t str>, Span)> {
    let mut found = Vec::new();
    for (offset, line) in code_lines(text, code) {
        let (rest, start) = if let Some(rest) = line.strip_prefix("prices ") {
            let Some(at) = find_word(rest, "from") else {
                continue;
            };
            (rest.get(..at).unwrap_or(""), offset + "prices ".len())
        } else if line.len() >= 10
            && line.bytes().take(4).all(|b| b.is_ascii_digit())
            && line.as_bytes().get(4) == Some(&b'-')
        {
            let after_date = line.get(10..).unwrap_or("");
            let skipped = skip_time_and_zone(after_date);
            let rest = after_date.get(skipped..).unwrap_or("");
            let end = rest.find(['{', '=']).unwrap_or(rest.len());
            (rest.get(..end).unwrap_or(""), offset + 10 + skipped)
        } else {
            continue;
        };
        let lead = rest.len() - rest.trim_start().len();
        let candidate = rest.trim();
        if let Some(words) = keyword_name(candidate) {
            let from = start + lead;
            found.push((words, Span::new(from, from + candidate.len())));
        }
    }
    found
}

/// The length of ` 10:00 [PM] [America/New_York | UTC | -05:00]` at the start of `rest`.
fn skip_time_and_zone(rest: &str) -> usize {
    let mut tokens = rest.split(' ').peekable();
    let mut length = 0;
    let take = |token: &str, length: &mut usize| *length += token.len() + 1;
    // The blank before the first token.
    if let Some(&"") = tokens.peek() {
        tokens.next();
        length += 1;
    }
    let Some(&time) = tokens.peek() else {
        return 0;
    };
    if !time.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return length;
    }
    take(time, &mut length);
    tokens.next();
    while let Some(&token) = tokens.peek() {
        let meridiem = matches!(
            token,
            "AM" | "PM" | "am" | "pm" | "A.M." | "P.M." | "a.m." | "p.m."
        );
        let zone = token == "UTC"
            || (token.contains('/')
                && token.bytes().next().is_some_and(|b| b.is_ascii_uppercase()))
            || (token.starts_with(['+', '-']) && token.contains(':'));
        if token.is_empty() || meridiem || zone {
            take(token, &mut length);
            tokens.next();
        } else {
            break;
        }
    }
    length.min(rest.len())
}

/// Refuses a use of a declared name with keyword words whose words before
/// the first keyword are a declared name too, where the statement or
/// declaration holding it (`refuse "no" when A and B`) would also parse
/// with its words read one by one: the file would not say which it means.
pub(super) fn refuse_ambiguous(
    source: &Source,
    prepared: &Marked,
    top: &Pair<'_, Rule>,
) -> Result<(), SyntaxError> {
    // Each check parses one statement or declaration again; past this many a
    // (hostile) file gets no more checks, so that parsing stays linear.
    const MAX_CHECKS: usize = 256;
    let declarations: HashSet<usize> = prepared.declarations.iter().map(|s| s.start).collect();
    let candidates = prepared
        .prefix_declared
        .iter()
        .filter(|occurrence| !declarations.contains(&occurrence.start))
        .take(MAX_CHECKS);
    for occurrence in candidates {
        let (rule, unit) = unit_containing(top, *occurrence);
        let Some(segment) = prepared.text.get(unit.start..unit.end) else {
            continue;
        };
        let inside = Span::new(occurrence.start - unit.start, occurrence.end - unit.start);
        let words = unmarked(segment, inside);
        let reads = super::parse_with_detail(rule, &words, false)
            .ok()
            .and_then(|mut pairs| pairs.next())
            .is_some_and(|pair| pair.as_span().end() == words.len());
        if reads {
            return Err(SyntaxError::AmbiguousName {
                name: source.slice(*occurrence).to_string(),
                src: source.named(),
                span: (*occurrence).into(),
            });
        }
    }
    Ok(())
}

/// The innermost statement, trigger, declaration or scenario line holding
/// `span`, with its rule; the whole file if none does.
fn unit_containing(pair: &Pair<'_, Rule>, span: Span) -> (Rule, Span) {
    let mut unit = (
        pair.as_rule(),
        Span::new(pair.as_span().start(), pair.as_span().end()),
    );
    let mut current = pair.clone();
    loop {
        let holder = current.clone().into_inner().find(|child| {
            child.as_span().start() <= span.start && span.end <= child.as_span().end()
        });
        let Some(child) = holder else {
            return unit;
        };
        if is_unit(child.as_rule()) {
            unit = (
                child.as_rule(),
                Span::new(child.as_span().start(), child.as_span().end()),
            );
        }
        current = child;
    }
}

fn is_unit(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::refuse_stmt
            | Rule::set_stmt
            | Rule::let_stmt
            | Rule::open_stmt
            | Rule::must_stmt
            | Rule::at_trigger
            | Rule::every_trigger
            | Rule::event_trigger
            | Rule::change_trigger
            | Rule::for_instances
            | Rule::notice_rule
            | Rule::define
            | Rule::state_decl
            | Rule::invariant_decl
            | Rule::formula_decl
            | Rule::table_decl
            | Rule::record_decl
            | Rule::market_decl
            | Rule::event_decl
            | Rule::kind_decl
            | Rule::party_decl
            | Rule::calendar_def
            | Rule::event_line
            | Rule::price_line
            | Rule::price_file
            | Rule::expectation
    )
}
