//! Byte offsets to editor positions and back. Editors count a position as a
//! line and a column in UTF-16 code units (the Language Server Protocol's
//! default); spans count bytes. Lines end as the grammar reads them: `\n`,
//! `\r\n` or a lone `\r`, which is also what the protocol says.

use crate::source::{line_ranges, Span};

/// A zero-based line and UTF-16 column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// Where each line of a text starts and ends.
#[derive(Debug, Clone)]
pub struct LineIndex {
    text: String,
    lines: Vec<(usize, usize)>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex {
            text: text.to_string(),
            lines: line_ranges(text),
        }
    }

    /// The position of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        // The last line that starts at or before the offset.
        let line = self
            .lines
            .partition_point(|&(start, _)| start <= offset)
            .saturating_sub(1);
        let (start, end) = self.lines.get(line).copied().unwrap_or((0, 0));
        let upto = offset.min(end).max(start);
        let column = self
            .text
            .get(start..upto)
            .map_or(0, |prefix| prefix.encode_utf16().count());
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    /// The byte offset of a position; a column past the line's end means its end.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&(start, end)) = usize::try_from(position.line)
            .ok()
            .and_then(|line| self.lines.get(line))
        else {
            return self.text.len();
        };
        let line = self.text.get(start..end).unwrap_or("");
        let mut units = 0u32;
        for (index, character) in line.char_indices() {
            if units >= position.column {
                return start + index;
            }
            units = units.saturating_add(u32::try_from(character.len_utf16()).unwrap_or(2));
        }
        end
    }

    /// The start and end positions of a span.
    pub fn range(&self, span: Span) -> (Position, Position) {
        (self.position(span.start), self.position(span.end))
    }
}
