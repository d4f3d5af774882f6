//! A cheap pass over the text before pest sees it, so that hostile input is
//! refused before any stage recurses into it or spends time on it.
//!
//! pest's generated parser, our AST builder, the checker, the evaluator and
//! the renderers all recurse once per level of an expression, and pest keeps
//! every token of an expression in memory. A limit checked on the finished
//! tree comes too late: the recursion that builds the tree has already run
//! out of stack. So this pass counts, token by token, what makes those stages
//! recurse (parentheses, `if`, prefix `-` and `not`) and what makes them work
//! (operators, long names), and refuses the text at the first token past a
//! limit.
//!
//! The pass does not parse. It finds where an expression ends from tokens
//! that can never be inside one (a keyword such as `when` or `define`, a
//! quoted text, a `,`, `{` or `}` outside parentheses) and otherwise assumes
//! the expression goes on. So it may count a little more nesting than the
//! tree has, never less: it errs towards refusing, at limits far beyond any
//! real contract.

use crate::errors::SyntaxError;
use crate::source::{Source, Span};

/// Parentheses nested deeper than this are refused.
pub const MAX_NESTING: usize = 64;
/// Parentheses, `if`s and prefix operators inside one another, together.
pub const MAX_DEPTH: usize = 200;
/// Operators (including `if`) in one expression.
pub const MAX_OPERATORS: usize = 1_000;
/// Characters in one name (all its words and the spaces between them).
pub const MAX_NAME: usize = 256;

/// Keywords that cannot be inside an expression: each ends the one before it.
const ENDS_EXPRESSION: &[&[u8]] = &[
    b"as", b"when", b"must", b"within", b"after", b"before", b"at", b"by", b"from", b"to",
    b"define", b"state", b"kind", b"section", b"reading", b"set", b"let", b"refuse", b"expect",
];

/// The rest of the grammar's keywords: they end a name but not an expression.
const OTHER_KEYWORDS: &[&[u8]] = &[
    b"and", b"or", b"not", b"if", b"then", b"else", b"is", b"per", b"yes", b"no", b"round",
    b"event", b"either",
];

/// Refuses the text if it goes past one of the limits above. `text` is the
/// source as pest reads it: a declared name with keyword words in it is
/// marked there (`keyword_names`), and counts as one name, not as keywords.
pub fn check(source: &Source, text: &str) -> Result<(), SyntaxError> {
    let mut scan = Scan::default();
    scan.run(text.as_bytes())
        .map_err(|refusal| refusal.into_error(source))
}

/// How many parentheses are open at the end of `text`, counting outside
/// comments and quoted text as the grammar reads them.
pub fn open_parentheses(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut offset = 0;
    while let Some(&byte) = bytes.get(offset) {
        if let Some(end) = skip_comment_or_text(bytes, offset) {
            offset = end;
            continue;
        }
        match byte {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        offset += 1;
    }
    depth
}

enum Refusal {
    Parentheses(usize),
    Deep(Span),
    Large(Span),
    LongName(Span),
}

impl Refusal {
    fn into_error(self, source: &Source) -> SyntaxError {
        let src = source.named();
        match self {
            Refusal::Parentheses(offset) => SyntaxError::TooDeep {
                limit: MAX_NESTING,
                src,
                span: Span::new(offset, offset + 1).into(),
            },
            Refusal::Deep(span) => SyntaxError::TooDeep {
                limit: MAX_DEPTH,
                src,
                span: span.into(),
            },
            Refusal::Large(span) => SyntaxError::TooLarge {
                limit: MAX_OPERATORS,
                src,
                span: span.into(),
            },
            Refusal::LongName(span) => SyntaxError::LongName {
                limit: MAX_NAME,
                src,
                span: span.into(),
            },
        }
    }
}

#[derive(Default)]
struct Scan {
    /// Nesting added by `if`s and prefix operators at each open parenthesis
    /// level; the first entry is outside all parentheses.
    frames: Vec<usize>,
    /// Open parentheses plus everything in `frames`.
    depth: usize,
    /// Operators in the current expression.
    operators: usize,
    /// Whether the last token ends an operand, which makes a `-` binary.
    after_operand: bool,
    /// Where the name being read started, if the last token was a word of one.
    name_start: Option<usize>,
}

impl Scan {
    fn run(&mut self, bytes: &[u8]) -> Result<(), Refusal> {
        self.frames.push(0);
        let mut offset = 0;
        while let Some(&byte) = bytes.get(offset) {
            if let Some(end) = skip_comment_or_text(bytes, offset) {
                // Quoted text is never inside an expression.
                if bytes.get(offset) == Some(&b'"') {
                    self.end_expression();
                }
                self.name_start = None;
                offset = end;
                continue;
            }
            let start = offset;
            if byte == b' ' || byte == b'\t' {
                offset += 1;
            } else if byte == b'\n' || byte == b'\r' {
                self.name_start = None;
                offset += 1;
            } else if byte.is_ascii_digit() {
                offset = number_end(bytes, offset);
                let name_number = offset - start == digits(bytes, start)
                    && !matches!(bytes.get(offset), Some(b',' | b'.' | b':' | b'%'));
                if name_number && self.name_start.is_some() {
                    self.name_word(start, offset)?;
                } else {
                    self.name_start = None;
                }
                self.after_operand = true;
            } else if byte.is_ascii_alphabetic() || byte == b'_' {
                offset = word_end(bytes, offset);
                let word = bytes.get(start..offset).unwrap_or(b"");
                // `x at 17:00` is a moment inside an expression, not its end:
                // an `if` around it must still count as nested.
                let at_time = word == b"at" && time_follows(bytes, offset);
                if at_time {
                    self.name_start = None;
                } else {
                    self.word(word, start, offset)?;
                }
            } else {
                offset = self.symbol(bytes, offset)?;
                self.name_start = None;
            }
        }
        Ok(())
    }

    fn word(&mut self, word: &[u8], start: usize, end: usize) -> Result<(), Refusal> {
        let span = Span::new(start, end);
        if ENDS_EXPRESSION.contains(&word) {
            self.name_start = None;
            self.end_expression();
            return Ok(());
        }
        if OTHER_KEYWORDS.contains(&word) {
            self.name_start = None;
            self.after_operand = false;
            match word {
                b"if" | b"not" => {
                    self.operator(span)?;
                    self.nest(span)?;
                }
                b"and" | b"or" => self.operator(span)?,
                b"then" | b"else" | b"is" => {}
                _ => self.after_operand = true,
            }
            return Ok(());
        }
        self.after_operand = true;
        self.name_word(start, end)
    }

    /// A word of a name; refuses the name once it is too long.
    fn name_word(&mut self, start: usize, end: usize) -> Result<(), Refusal> {
        let name_start = *self.name_start.get_or_insert(start);
        if end - name_start > MAX_NAME {
            return Err(Refusal::LongName(Span::new(name_start, end)));
        }
        Ok(())
    }

    /// One symbol; returns the offset after it.
    fn symbol(&mut self, bytes: &[u8], offset: usize) -> Result<usize, Refusal> {
        let byte = bytes.get(offset).copied().unwrap_or(b' ');
        let pair = bytes.get(offset..offset + 2);
        let mut end = offset + 1;
        let span = |end: usize| Span::new(offset, end);
        match byte {
            b'(' => {
                self.frames.push(0);
                self.depth += 1;
                if self.frames.len() - 1 > MAX_NESTING {
                    return Err(Refusal::Parentheses(offset));
                }
                if self.depth > MAX_DEPTH {
                    return Err(Refusal::Deep(span(end)));
                }
                self.after_operand = false;
            }
            b')' => {
                if self.frames.len() > 1 {
                    let nested = self.frames.pop().unwrap_or(0);
                    self.depth = self.depth.saturating_sub(1 + nested);
                }
                self.after_operand = true;
            }
            b',' | b'{' | b'}' => {
                // Outside parentheses these end the expression (a field
                // value, a deadline); inside them only a `,` ends something:
                // a call's argument.
                if self.frames.len() == 1 {
                    self.end_expression();
                } else if byte == b',' {
                    self.reset_frame();
                }
                self.after_operand = false;
            }
            b'-' if !self.after_operand => {
                self.operator(span(end))?;
                self.nest(span(end))?;
            }
            b'<' | b'>' | b'!' if pair.is_some_and(|p| p.ends_with(b"=")) => {
                end += 1;
                self.operator(span(end))?;
                self.after_operand = false;
            }
            b'+' | b'-' | b'*' | b'/' | b'=' | b'<' | b'>' => {
                self.operator(span(end))?;
                self.after_operand = false;
            }
            // `×`, two bytes in UTF-8.
            0xC3 if pair == Some(&[0xC3, 0x97]) => {
                end += 1;
                self.operator(span(end))?;
                self.after_operand = false;
            }
            b'%' => self.after_operand = true,
            _ => self.after_operand = false,
        }
        Ok(end)
    }

    fn operator(&mut self, span: Span) -> Result<(), Refusal> {
        self.operators += 1;
        if self.operators > MAX_OPERATORS {
            return Err(Refusal::Large(span));
        }
        Ok(())
    }

    /// An `if` or a prefix operator: one level deeper until the expression ends.
    fn nest(&mut self, span: Span) -> Result<(), Refusal> {
        if let Some(frame) = self.frames.last_mut() {
            *frame += 1;
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Refusal::Deep(span));
        }
        self.after_operand = false;
        Ok(())
    }

    fn reset_frame(&mut self) {
        if let Some(frame) = self.frames.last_mut() {
            self.depth = self.depth.saturating_sub(*frame);
            *frame = 0;
        }
    }

    /// Inside parentheses a keyword cannot end the expression (pest fails
    /// there), so nothing is forgotten; outside them a new one starts.
    fn end_expression(&mut self) {
        if self.frames.len() == 1 {
            self.reset_frame();
            self.operators = 0;
        }
        self.after_operand = false;
    }
}

/// The end of a comment or a quoted text starting at `offset`, if one does.
pub(super) fn skip_comment_or_text(bytes: &[u8], offset: usize) -> Option<usize> {
    let rest = bytes.get(offset..)?;
    if rest.starts_with(b"--") {
        let length = rest
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .unwrap_or(rest.len());
        Some(offset + length)
    } else if rest.starts_with(b"\"\"\"") {
        let body = rest.get(3..).unwrap_or(b"");
        let length = body
            .windows(3)
            .position(|w| w == b"\"\"\"")
            .map_or(rest.len(), |end| end + 6);
        Some(offset + length)
    } else if rest.first() == Some(&b'"') {
        let mut end = offset + 1;
        while let Some(&next) = bytes.get(end) {
            end += match next {
                b'\\' => 2,
                b'"' => return Some(end + 1),
                b'\n' | b'\r' => return Some(end),
                _ => 1,
            };
        }
        Some(end.min(bytes.len()))
    } else {
        None
    }
}

/// Whether a time of day (a digit, after spaces) comes next.
fn time_follows(bytes: &[u8], offset: usize) -> bool {
    bytes
        .get(offset..)
        .unwrap_or(b"")
        .iter()
        .find(|&&b| b != b' ' && b != b'\t')
        .is_some_and(u8::is_ascii_digit)
}

fn digits(bytes: &[u8], offset: usize) -> usize {
    bytes
        .get(offset..)
        .unwrap_or(b"")
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count()
}

/// The end of a number, date, time of day (with its UTC offset) or ratio:
/// one operand, so that `2002-06-03` and `10:00 -05:00` are not operators.
fn number_end(bytes: &[u8], offset: usize) -> usize {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut end = offset + digits(bytes, offset);
    let date = end - offset == 4
        && at(end) == b'-'
        && digits(bytes, end + 1) == 2
        && at(end + 3) == b'-'
        && digits(bytes, end + 4) == 2;
    if date {
        return end + 6;
    }
    let mut time = false;
    loop {
        match at(end) {
            b',' if digits(bytes, end + 1) == 3 => end += 4,
            b'.' if at(end + 1).is_ascii_digit() => end += 1 + digits(bytes, end + 1),
            b':' if at(end + 1).is_ascii_digit() => {
                time = true;
                end += 1 + digits(bytes, end + 1);
            }
            _ => break,
        }
    }
    if time {
        let mut after = end;
        while matches!(at(after), b' ' | b'\t') {
            after += 1;
        }
        let offset_sign = matches!(at(after), b'+' | b'-');
        if offset_sign && digits(bytes, after + 1) == 2 && at(after + 3) == b':' {
            return after + 4 + digits(bytes, after + 4);
        }
    }
    end
}

/// The end of a word; a zone such as `America/New_York` is one word.
fn word_end(bytes: &[u8], offset: usize) -> usize {
    // U+001F joins the words of a marked name (`keyword_names`) into one.
    let name_char = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'\'' || b == 0x1F;
    let mut end = offset;
    while bytes.get(end).is_some_and(|&b| name_char(b)) {
        end += 1;
    }
    let zone = bytes.get(offset).is_some_and(u8::is_ascii_uppercase);
    while zone
        && bytes.get(end) == Some(&b'/')
        && bytes.get(end + 1).is_some_and(u8::is_ascii_alphabetic)
    {
        end += 1;
        while bytes.get(end).is_some_and(|&b| name_char(b) || b == b'-') {
            end += 1;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str) -> Option<String> {
        check(&Source::new("t", text), text)
            .err()
            .map(|e| miette::Diagnostic::code(&e).map_or(String::new(), |c| c.to_string()))
    }

    #[test]
    fn real_expressions_pass() {
        let ok = [
            "define X = if a then 1 else if b then 2 else 3\ndefine Y = -(-1) + not yes",
            "2002-06-03 10:00 -05:00 Notice { shares: -1,000 shares, by: fax }\nexpect x = 2002-06-03",
            "local time: America/New_York\nbusiness days: us-banks",
        ];
        for text in ok {
            assert_eq!(refusal(text), None, "{text}");
        }
    }

    #[test]
    fn sequential_expressions_do_not_add_up() {
        let many = "define X = if a then - 1 else not 2 + 3\n".repeat(2_000);
        assert_eq!(refusal(&many), None);
        let events = "2002-06-03 10:00 -05:00 Tick\n".repeat(5_000);
        assert_eq!(refusal(&events), None);
        // A time at the very end of the text (a JSON Lines `time`).
        assert_eq!(refusal("2002-06-03 10:00"), None);
        let args = format!("define X = f({})", "if a then 1 else 2, ".repeat(500));
        assert_eq!(refusal(&args), None);
    }

    #[test]
    fn nesting_operators_and_names_are_bounded() {
        let deep = |n| format!("define X = {}1", "if a then 1 else ".repeat(n));
        assert_eq!(refusal(&deep(200)), None);
        assert_eq!(
            refusal(&deep(201)).as_deref(),
            Some("pactum::syntax::too_deep")
        );
        let mixed = format!("expect {}1", "- (not not not ".repeat(41));
        assert_eq!(refusal(&mixed).as_deref(), Some("pactum::syntax::too_deep"));
        let chain = format!("define X = 1{}", " + 1".repeat(1_001));
        assert_eq!(
            refusal(&chain).as_deref(),
            Some("pactum::syntax::too_large")
        );
        let name = format!("define {} = 1", "word ".repeat(60));
        assert_eq!(refusal(&name).as_deref(), Some("pactum::syntax::long_name"));
        let numbered = format!("define {} = 1", "a 1 ".repeat(70));
        assert_eq!(
            refusal(&numbered).as_deref(),
            Some("pactum::syntax::long_name")
        );
    }

    #[test]
    fn parentheses_are_counted_outside_comments_and_text() {
        assert_eq!(open_parentheses("f(a, \"(\" -- (\n (b"), 2);
    }
}
