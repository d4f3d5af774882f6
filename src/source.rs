//! Source text and byte spans. Every AST node and every diagnostic points back
//! into a [`Source`] through a [`Span`]; nothing here reads files.

use std::sync::{Arc, OnceLock};

use miette::{NamedSource, SourceSpan};

/// A named piece of text: a clause file, a scenario, one line of an event stream.
#[derive(Debug, Clone)]
pub struct Source {
    name: Arc<str>,
    text: Arc<str>,
    /// Where each line starts, worked out the first time a line is asked
    /// for, so that citing lines costs a search, not a scan of the text
    /// before them (a scenario cites one per step).
    line_starts: Arc<OnceLock<Vec<usize>>>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Source {
        let name: String = name.into();
        let text: String = text.into();
        Source {
            name: Arc::from(name),
            text: Arc::from(text),
            line_starts: Arc::new(OnceLock::new()),
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
        let starts = self.line_starts.get_or_init(|| {
            line_ranges(&self.text)
                .iter()
                .map(|&(start, _)| start)
                .collect()
        });
        // The first line starts at 0, so at least one start is at or before any offset.
        starts.partition_point(|&start| start <= offset.min(self.text.len()))
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
