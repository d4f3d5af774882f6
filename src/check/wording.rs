//! Reading a contract's own words: numbers written in words and figures
//! ("five (5) business days"), amounts ("$1.54"), and blanks left in the
//! text ("dated as of , 2001"). Works on the raw text of a `text` block as it
//! sits in the clause file, so every offset found here is an offset into
//! that file once the block's start is added; lines wrap inside a phrase, so
//! any run of whitespace separates words.

use crate::number::Number;
use crate::syntax::ast::DayKind;

/// A byte range into the scanned text.
pub type Range = (usize, usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Hyphen,
    Figure,
    /// `(25,000)`: a figure in brackets, as contracts repeat words.
    BracketFigure,
    /// `$1.54`.
    Dollars,
    Other,
}

#[derive(Debug, Clone)]
struct Token<'a> {
    kind: Kind,
    start: usize,
    end: usize,
    text: &'a str,
    value: Option<Number>,
}

/// A figure at the start of `text`: digits, commas grouping thousands, a
/// decimal part. A trailing comma or full stop is punctuation, not part of it.
fn figure_len(text: &str) -> Option<(usize, Number)> {
    let mut len = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ',' || *c == '.'))
        .map_or(text.len(), |(i, _)| i);
    while len > 0 && matches!(text.as_bytes().get(len - 1), Some(b',' | b'.')) {
        len -= 1;
    }
    let body = text.get(..len)?;
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    body.parse::<Number>().ok().map(|value| (len, value))
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        let rest = text.get(start..).unwrap_or("");
        let (kind, len, value) = if c.is_whitespace() {
            chars.next();
            continue;
        } else if c.is_ascii_alphabetic() {
            let len = rest
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            (Kind::Word, len, None)
        } else if c == '-' {
            (Kind::Hyphen, 1, None)
        } else if let Some((len, value)) = figure_len(rest) {
            (Kind::Figure, len, Some(value))
        } else if let Some((len, value)) = bracketed_figure(rest) {
            (Kind::BracketFigure, len, Some(value))
        } else if let Some((len, value)) = rest.strip_prefix('$').and_then(figure_len) {
            (Kind::Dollars, len + 1, Some(value))
        } else {
            (Kind::Other, c.len_utf8(), None)
        };
        let end = start + len;
        out.push(Token {
            kind,
            start,
            end,
            text: text.get(start..end).unwrap_or(""),
            value,
        });
        while chars.peek().is_some_and(|&(i, _)| i < end) {
            chars.next();
        }
    }
    out
}

/// `(25,000)` at the start of `text`.
fn bracketed_figure(text: &str) -> Option<(usize, Number)> {
    let inner = text.strip_prefix('(')?;
    let (len, value) = figure_len(inner)?;
    inner
        .get(len..)?
        .starts_with(')')
        .then_some((len + 2, value))
}

/// The value of one number word, and whether it multiplies what came before.
fn word_value(word: &str) -> Option<(u64, bool)> {
    const SMALL: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &[
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let word = word.to_ascii_lowercase();
    if let Some(n) = SMALL.iter().position(|w| *w == word) {
        return u64::try_from(n).ok().map(|n| (n, false));
    }
    if let Some(n) = TENS.iter().position(|w| *w == word) {
        return u64::try_from(n).ok().map(|n| ((n + 2) * 10, false));
    }
    match word.as_str() {
        "hundred" => Some((100, true)),
        "thousand" => Some((1_000, true)),
        "million" => Some((1_000_000, true)),
        "billion" => Some((1_000_000_000, true)),
        _ => None,
    }
}

/// Adds up number words as English reads them: "twenty-five thousand" is
/// (20 + 5) × 1,000; "one hundred and five" is 1 × 100 + 5.
fn words_total(words: &[&str]) -> Option<u64> {
    let (mut total, mut current) = (0u64, 0u64);
    for word in words {
        let (value, scale) = word_value(word)?;
        if !scale {
            current = current.checked_add(value)?;
        } else if value == 100 {
            current = current.max(1).checked_mul(100)?;
        } else {
            total = total.checked_add(current.max(1).checked_mul(value)?)?;
            current = 0;
        }
    }
    total.checked_add(current)
}

/// A number as the text gives it: in words, in figures, or both.
#[derive(Debug, Clone)]
pub struct Count {
    pub words: Option<(Range, Number)>,
    pub figures: Option<(Range, Number)>,
    /// The index of the token after the phrase, where its measure's words
    /// ("business days", "shares") would start.
    next: usize,
}

impl Count {
    pub fn span(&self) -> Range {
        let first = self.words.as_ref().or(self.figures.as_ref());
        let last = self.figures.as_ref().or(self.words.as_ref());
        match (first, last) {
            (Some(((start, _), _)), Some(((_, end), _))) => (*start, *end),
            _ => (0, 0),
        }
    }
}

fn is_number_word(token: &Token<'_>) -> bool {
    token.kind == Kind::Word && word_value(token.text).is_some()
}

/// Number words from token `i`: hyphens join words ("twenty-five"), and
/// "and" may follow a hundred or a thousand ("one hundred and five").
fn word_run(toks: &[Token<'_>], i: usize) -> Option<(Range, Number, usize)> {
    let first = toks.get(i).filter(|t| is_number_word(t))?;
    let mut words = vec![first.text];
    let mut end = first.end;
    let mut j = i + 1;
    loop {
        let joined = match toks.get(j) {
            Some(t) if t.kind == Kind::Hyphen => 1,
            Some(t) if t.text.eq_ignore_ascii_case("and") => {
                let after_scale = words
                    .last()
                    .and_then(|w| word_value(w))
                    .is_some_and(|(_, scale)| scale);
                if !after_scale {
                    break;
                }
                1
            }
            _ => 0,
        };
        match toks.get(j + joined) {
            Some(next) if is_number_word(next) => {
                words.push(next.text);
                end = next.end;
                j += joined + 1;
            }
            _ => break,
        }
    }
    let total = i64::try_from(words_total(&words)?).ok()?;
    Some(((first.start, end), Number::from_integer(total), j))
}

/// Every number the text gives in words, in figures, or both.
pub fn counts(text: &str) -> Vec<Count> {
    let toks = tokens(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let words = word_run(&toks, i);
        let at = words.as_ref().map_or(i, |(_, _, next)| *next);
        let figures = toks
            .get(at)
            .filter(|t| matches!(t.kind, Kind::Figure | Kind::BracketFigure))
            .and_then(|t| t.value.clone().map(|value| ((t.start, t.end), value)));
        let next = at + usize::from(figures.is_some());
        if words.is_none() && figures.is_none() {
            i += 1;
            continue;
        }
        out.push(Count {
            words: words.map(|(range, value, _)| (range, value)),
            figures,
            next,
        });
        i = next.max(i + 1);
    }
    out
}

/// What a figure in the text counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Dollars,
    Shares,
    /// Days, or months; `None` for "days" that do not say which.
    Days(Option<DayKind>),
}

/// A figure with its measure: "$1.54", "five (5) business days",
/// "one thousand (1,000) Warrant Shares".
#[derive(Debug, Clone)]
pub struct Mention {
    pub measure: Measure,
    pub value: Number,
    pub range: Range,
}

/// The measure named by the words after a count, and where they end.
fn measure_after(toks: &[Token<'_>], i: usize) -> Option<(Measure, Number, usize)> {
    let word = |k: usize| {
        toks.get(k)
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.text.to_ascii_lowercase())
    };
    let first = word(i)?;
    let (kind, at) = match first.as_str() {
        "business" => (Some(DayKind::Business), i + 1),
        "calendar" => (Some(DayKind::Calendar), i + 1),
        "warrant" => (None, i + 1),
        _ => (None, i),
    };
    let unit = word(at)?;
    let end = toks.get(at).map_or(0, |t| t.end);
    let one = Number::from_integer(1);
    let measure = match unit.as_str() {
        "share" | "shares" if first != "business" && first != "calendar" => Measure::Shares,
        "day" | "days" if first != "warrant" => Measure::Days(kind),
        "month" | "months" if at == i => Measure::Days(Some(DayKind::Month)),
        "year" | "years" if at == i => {
            return Some((
                Measure::Days(Some(DayKind::Month)),
                Number::from_integer(12),
                end,
            ))
        }
        _ => return None,
    };
    Some((measure, one, end))
}

/// Every amount of money, shares, days or months the text states.
pub fn mentions(text: &str) -> Vec<Mention> {
    let toks = tokens(text);
    let mut out: Vec<Mention> = toks
        .iter()
        .filter(|t| t.kind == Kind::Dollars)
        .filter_map(|t| {
            t.value.clone().map(|value| Mention {
                measure: Measure::Dollars,
                value,
                range: (t.start, t.end),
            })
        })
        .collect();
    // Only numbers given in figures: words alone ("the first anniversary",
    // "three months") are phrased too many ways to compare without noise.
    for count in counts(text) {
        let Some((_, value)) = &count.figures else {
            continue;
        };
        let Some((measure, scale, end)) = measure_after(&toks, count.next) else {
            continue;
        };
        let Ok(value) = value.checked_mul(&scale) else {
            continue;
        };
        out.push(Mention {
            measure,
            value,
            range: (count.span().0, end),
        });
    }
    out.sort_by_key(|m| m.range.0);
    out
}

/// Every percentage the text gives in figures: "4.99%", "10 percent",
/// "10 per cent".
pub fn percents(text: &str) -> Vec<(Range, Number)> {
    let toks = tokens(text);
    let mut out = Vec::new();
    for (i, token) in toks.iter().enumerate() {
        let (Kind::Figure, Some(value)) = (token.kind, token.value.clone()) else {
            continue;
        };
        let next = toks.get(i + 1);
        let word = |k: usize, w: &str| toks.get(k).is_some_and(|t| t.text.eq_ignore_ascii_case(w));
        let end = match next {
            Some(sign) if sign.text == "%" && sign.start == token.end => Some(sign.end),
            Some(percent) if word(i + 1, "percent") => Some(percent.end),
            Some(_) if word(i + 1, "per") && word(i + 2, "cent") => toks.get(i + 2).map(|t| t.end),
            _ => None,
        };
        if let Some(end) = end {
            out.push(((token.start, end), value));
        }
    }
    out
}

/// Every blank left in the text, with what kind of blank it is.
pub fn blanks(text: &str) -> Vec<(Range, &'static str)> {
    use crate::errors::blank;
    let mut out = Vec::new();
    // "dated as of , 2001": a date whose day and month were never typed in.
    let toks = tokens(text);
    for (i, token) in toks.iter().enumerate() {
        if token.text != "," {
            continue;
        }
        let before = |k: usize| i.checked_sub(k).and_then(|j| toks.get(j));
        let is = |t: Option<&Token<'_>>, w: &str| t.is_some_and(|t| t.text.eq_ignore_ascii_case(w));
        let gap = before(1).is_some_and(|t| t.end < token.start);
        let as_of = is(before(2), "as") && is(before(1), "of");
        if gap && (as_of || is(before(1), "dated")) {
            let from = before(1).map_or(token.start, |t| t.end);
            out.push(((from, token.end), blank::DATE));
        }
    }
    // Lines of underscores, one blank per run.
    let mut run: Option<usize> = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c == '_', run) {
            (true, None) => run = Some(i),
            (false, Some(start)) => {
                if i - start >= 3 {
                    out.push(((start, i), blank::UNDERSCORES));
                }
                run = None;
            }
            _ => {}
        }
    }
    // Brackets holding nothing, a bullet, or a note to the drafter.
    for (start, _) in text.match_indices('[') {
        let rest = text.get(start + 1..).unwrap_or("");
        let Some(close) = rest.find([']', '[', '\n']) else {
            continue;
        };
        if !rest.get(close..).is_some_and(|r| r.starts_with(']')) {
            continue;
        }
        let inner = rest.get(..close).unwrap_or("").trim();
        let what = if inner.is_empty() {
            blank::EMPTY_BRACKETS
        } else if inner
            .chars()
            .all(|c| matches!(c, '●' | '•' | '*' | '…') || c.is_whitespace())
        {
            blank::BULLET
        } else if inner
            .get(..6)
            .is_some_and(|w| w.eq_ignore_ascii_case("insert"))
        {
            blank::INSERT
        } else {
            continue;
        };
        // `$[ ]`: the dollar sign belongs to the blank.
        let from = if text.get(..start).is_some_and(|b| b.ends_with('$')) {
            start - 1
        } else {
            start
        };
        out.push(((from, start + close + 2), what));
    }
    out.sort_by_key(|(range, _)| range.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(i: i64) -> Number {
        Number::from_integer(i)
    }

    fn pairs(text: &str) -> Vec<(Option<Number>, Option<Number>)> {
        counts(text)
            .into_iter()
            .map(|c| (c.words.map(|w| w.1), c.figures.map(|f| f.1)))
            .collect()
    }

    #[test]
    fn words_are_read_as_english_numbers() {
        assert_eq!(
            pairs("TWENTY-FIVE THOUSAND (25,500) shares"),
            vec![(Some(n(25_000)), Some(n(25_500)))]
        );
        assert_eq!(
            pairs("five (6) business days"),
            vec![(Some(n(5)), Some(n(6)))]
        );
        assert_eq!(
            pairs("one thousand (1,000)"),
            vec![(Some(n(1_000)), Some(n(1_000)))]
        );
        assert_eq!(
            pairs("one hundred and five (105)"),
            vec![(Some(n(105)), Some(n(105)))]
        );
        assert_eq!(
            pairs("two million five hundred thousand"),
            vec![(Some(n(2_500_000)), None)]
        );
        assert_eq!(
            pairs("Twenty\n    five (25)"),
            vec![(Some(n(25)), Some(n(25)))]
        );
        // "and" joins only after a hundred or a thousand.
        assert_eq!(
            pairs("five and six"),
            vec![(Some(n(5)), None), (Some(n(6)), None)]
        );
        assert!(pairs("Section 2(a) and (i)")
            .iter()
            .all(|(w, _)| w.is_none()));
    }

    #[test]
    fn amounts_carry_their_measure() {
        let found = mentions("pay $1.54 per share within ten (10) business days for 1,000 Warrant Shares, thirty (30) days, two (2) years, $0.01, until three months after.");
        let got: Vec<(Measure, Number)> =
            found.iter().map(|m| (m.measure, m.value.clone())).collect();
        assert_eq!(
            got,
            vec![
                (Measure::Dollars, "1.54".parse().unwrap()),
                (Measure::Days(Some(DayKind::Business)), n(10)),
                (Measure::Shares, n(1_000)),
                (Measure::Days(None), n(30)),
                (Measure::Days(Some(DayKind::Month)), n(24)),
                (Measure::Dollars, "0.01".parse().unwrap()),
            ]
        );
    }

    #[test]
    fn percentages_in_figures_are_found() {
        let found: Vec<Number> = percents(
            "4.99% of the shares, a 10 percent dividend, 5 per cent, 7 % apart, ten percent",
        )
        .into_iter()
        .map(|(_, value)| value)
        .collect();
        assert_eq!(found, vec!["4.99".parse().unwrap(), n(10), n(5)]);
    }

    #[test]
    fn blanks_are_found_and_prose_is_not() {
        let text = "dated as of , 2001; [●] and $[ ] and [ insert name ] and ____ but not [Name of Holder], as of June 1, 2001 or __";
        let found: Vec<&str> = blanks(text)
            .into_iter()
            .map(|((s, e), _)| text.get(s..e).unwrap())
            .collect();
        assert_eq!(found, vec![" ,", "[●]", "$[ ]", "[ insert name ]", "____"]);
    }
}
