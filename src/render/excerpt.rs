//! What the renderer is shown of a diagnostic's source: not the whole text,
//! but an excerpt made for it, for three reasons.
//!
//! - miette pads with `format!` widths, which panic past 65,535, so a label
//!   far along a very long line crashed the renderer. Long lines are cut to
//!   a window around each label, with `…` where text was left out.
//! - miette counts a column in bytes; a lawyer counts characters. The
//!   excerpt reports columns in characters of the original line.
//! - miette's line numbers and its drawing disagree about a lone `\r`.
//!   Pactum counts a lone `\r` as a line break everywhere (as the grammar
//!   does), so the excerpt ends every line with `\n`.
//!
//! Lines far from every label are left empty in the excerpt (they are never
//! drawn, only counted), so its size follows the labels, not the file.

use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::source::line_ranges;

/// Lines up to this many characters are shown whole.
const LONG_LINE: usize = 400;
/// Characters kept on each side of a label on a long line.
const MARGIN: usize = 40;
/// Characters of a label kept on a long line; the rest of it is left out.
const LONGEST_LABEL: usize = 120;
const ELLIPSIS: &str = "…";

/// One kept stretch of an original line.
struct Piece {
    /// Byte range in the original text.
    start: usize,
    end: usize,
    /// Where it starts in the excerpt.
    at: usize,
    /// Characters of the original line before it.
    column: usize,
}

pub struct Excerpt {
    name: Option<String>,
    text: String,
    pieces: Vec<Piece>,
}

impl Excerpt {
    /// The excerpt of `original` for `labels`, and the labels moved into it.
    pub fn new(
        name: Option<String>,
        original: &str,
        labels: &[LabeledSpan],
    ) -> (Excerpt, Vec<LabeledSpan>) {
        let lines = line_ranges(original);
        // Lines holding a label, and one line of context either side (miette
        // shows one).
        let mut wanted = vec![false; lines.len()];
        for label in labels {
            let (first, last) = (
                line_index(&lines, label.offset()),
                line_index(&lines, label.offset() + label.len()),
            );
            for index in first.saturating_sub(1)..=last + 1 {
                if let Some(flag) = wanted.get_mut(index) {
                    *flag = true;
                }
            }
        }
        let mut excerpt = Excerpt {
            name,
            text: String::new(),
            pieces: Vec::new(),
        };
        let last_wanted = wanted.iter().rposition(|&w| w).unwrap_or(0);
        for (index, &(start, end)) in lines.iter().enumerate().take(last_wanted + 1) {
            if wanted.get(index).copied().unwrap_or(false) {
                let line = original.get(start..end).unwrap_or("");
                excerpt.push_line(start, line, labels);
            }
            // The last line has no break after it.
            if index + 1 < lines.len() {
                excerpt.text.push('\n');
            }
        }
        let moved = labels
            .iter()
            .map(|label| {
                let start = excerpt.moved(label.offset());
                let end = excerpt.moved(label.offset() + label.len()).max(start);
                let text = label.label().map(str::to_string);
                if label.primary() {
                    LabeledSpan::new_primary_with_span(text, (start, end - start))
                } else {
                    LabeledSpan::new_with_span(text, (start, end - start))
                }
            })
            .collect();
        (excerpt, moved)
    }

    /// Adds one line (without its break), cut around the labels on it if it is long.
    fn push_line(&mut self, start: usize, line: &str, labels: &[LabeledSpan]) {
        let end = start + line.len();
        if line.chars().count() <= LONG_LINE {
            self.piece(start, line, 0, false);
            return;
        }
        // Character windows around each label that touches this line.
        let mut windows: Vec<(usize, usize)> = labels
            .iter()
            .filter(|l| l.offset() <= end && l.offset() + l.len() >= start)
            .map(|l| {
                let from = char_index(line, l.offset().saturating_sub(start));
                let to = char_index(line, (l.offset() + l.len()).saturating_sub(start));
                let to = to.min(from + LONGEST_LABEL);
                // Near the start of the line, show the line from its start.
                let from = if from <= 2 * MARGIN { 0 } else { from - MARGIN };
                (from, to + MARGIN)
            })
            .collect();
        if windows.is_empty() {
            windows.push((0, 2 * MARGIN));
        }
        windows.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (from, to) in windows {
            match merged.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        let total = line.chars().count();
        let mut shown_to = 0;
        for (from, to) in merged {
            let to = to.min(total);
            let (a, b) = (byte_index(line, from), byte_index(line, to));
            self.piece(
                start + a,
                line.get(a..b).unwrap_or(""),
                from,
                from > shown_to,
            );
            shown_to = to;
        }
        if shown_to < total {
            self.text.push_str(ELLIPSIS);
        }
    }

    fn piece(&mut self, start: usize, text: &str, column: usize, gap_before: bool) {
        if gap_before {
            self.text.push_str(ELLIPSIS);
        }
        self.pieces.push(Piece {
            start,
            end: start + text.len(),
            at: self.text.len(),
            column,
        });
        self.text.push_str(text);
    }

    /// Where an original offset is in the excerpt (the nearest kept point).
    fn moved(&self, offset: usize) -> usize {
        let index = self.pieces.partition_point(|p| p.start <= offset);
        match index.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(piece) => piece.at + offset.min(piece.end) - piece.start,
            None => 0,
        }
    }

    /// The column, in characters of the original line, of an excerpt offset.
    fn column(&self, at: usize) -> usize {
        let index = self.pieces.partition_point(|p| p.at <= at);
        match index.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(piece) => {
                let within = at.saturating_sub(piece.at).min(piece.end - piece.start);
                let text = self.text.get(piece.at..piece.at + within).unwrap_or("");
                piece.column + text.chars().count()
            }
            None => 0,
        }
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        let column = if context_lines_before == 0 {
            self.column(span.offset())
        } else {
            0
        };
        let contents = MietteSpanContents::new(
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        );
        Ok(Box::new(match &self.name {
            Some(name) => MietteSpanContents::new_named(
                name.clone(),
                contents.data(),
                *contents.span(),
                contents.line(),
                column,
                contents.line_count(),
            ),
            None => contents,
        }))
    }
}

/// Which line (index into `lines`) holds a byte offset.
fn line_index(lines: &[(usize, usize)], offset: usize) -> usize {
    lines
        .partition_point(|&(start, _)| start <= offset)
        .saturating_sub(1)
}

/// The character index of a byte offset in `line`.
fn char_index(line: &str, byte: usize) -> usize {
    line.char_indices().take_while(|&(i, _)| i < byte).count()
}

/// The byte offset of a character index in `line`.
fn byte_index(line: &str, chars: usize) -> usize {
    line.char_indices()
        .nth(chars)
        .map_or(line.len(), |(i, _)| i)
}
