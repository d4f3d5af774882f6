//! Source text and byte spans. Every AST node and every diagnostic points back
//! into a [`Source`] through a [`Span`]; nothing here reads files.

use std::sync::Arc;

use miette::{NamedSource, SourceSpan};

/// A named piece of text: a clause file, a scenario, one line of an event stream.
#[derive(Debug, Clone)]
pub struct Source {
    name: Arc<str>,
    text: Arc<str>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Source {
        let name: String = name.into();
        let text: String = text.into();
        Source {
            name: Arc::from(name),
            text: Arc::from(text),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The form miette wants for `#[source_code]`.
    pub fn named(&self) -> NamedSource<Arc<str>> {
        NamedSource::new(&*self.name, Arc::clone(&self.text))
    }

    /// 1-based line number of a byte offset, for reports that cite a line.
    /// A line ends with `\n`, `\r\n` or a lone `\r`, as the grammar reads it.
    pub fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        let before = self.text.as_bytes().get(..end).unwrap_or(b"");
        let lone_returns = before
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == b'\r' && self.text.as_bytes().get(i + 1) != Some(&b'\n'))
            .count();
        before.iter().filter(|&&b| b == b'\n').count() + lone_returns + 1
    }

    /// The text a span covers (empty if the span does not fit).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

/// The byte range of each line of `text`, without its line break. A line
/// ends with `\n`, `\r\n` or a lone `\r`, as the grammar reads it.
pub fn line_ranges(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    while let Some(&byte) = bytes.get(offset) {
        if byte == b'\n' || byte == b'\r' {
            lines.push((start, offset));
            offset += if byte == b'\r' && bytes.get(offset + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            start = offset;
        } else {
            offset += 1;
        }
    }
    lines.push((start, bytes.len()));
    lines
}

/// A half-open byte range into a [`Source`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

impl From<Span> for SourceSpan {
    fn from(span: Span) -> SourceSpan {
        SourceSpan::new(span.start.into(), span.end.saturating_sub(span.start))
    }
}
