//! Cuts text into lines of chunks for the formatter. A chunk is a run of
//! text with no blank in it outside quotes, kept byte for byte: strings and
//! `"""…"""` text blocks (which may span lines) are parts of chunks, so the
//! formatter can only ever change the blanks between chunks. A `--` comment
//! runs to the end of its line and is kept as written, less trailing blanks.

use std::collections::BTreeSet;

/// A run of text the formatter never changes, and where it started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub start: usize,
    pub text: String,
}

/// One line (a `"""` text block inside it may hold line breaks).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    pub chunks: Vec<Chunk>,
    pub comment: Option<String>,
    /// Characters of indentation before the line's first chunk or comment, as written.
    pub indent: usize,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.chunks.is_empty() && self.comment.is_none()
    }
}

/// The lines of `text`. A chunk also ends at each offset in `breaks` (the two
/// ends of an operator or of an aligned separator), so `a+b` is three chunks.
pub fn lines(text: &str, breaks: &BTreeSet<usize>) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut line = Line::default();
    let mut chunk: Option<Chunk> = None;
    let mut offset = 0;
    let mut line_start = 0;
    while let Some(rest) = text.get(offset..).filter(|rest| !rest.is_empty()) {
        if breaks.contains(&offset) {
            line.chunks.extend(chunk.take());
        }
        let Some(next) = rest.chars().next() else {
            break;
        };
        match next {
            '\n' | '\r' => {
                line.chunks.extend(chunk.take());
                lines.push(std::mem::take(&mut line));
                offset += if rest.starts_with("\r\n") { 2 } else { 1 };
                line_start = offset;
            }
            ' ' | '\t' => {
                line.chunks.extend(chunk.take());
                if offset == line_start + line.indent && line.chunks.is_empty() {
                    line.indent += 1;
                }
                offset += 1;
            }
            '"' => {
                let length = quoted_length(rest);
                extend(&mut chunk, offset, rest.get(..length).unwrap_or(rest));
                offset += length;
            }
            '-' if rest.starts_with("--") && starts_comment(chunk.as_ref()) => {
                line.chunks.extend(chunk.take());
                let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
                let comment = rest.get(..end).unwrap_or(rest);
                line.comment = Some(comment.trim_end().to_string());
                offset += end;
            }
            other => {
                extend(
                    &mut chunk,
                    offset,
                    rest.get(..other.len_utf8()).unwrap_or(""),
                );
                offset += other.len_utf8();
            }
        }
    }
    line.chunks.extend(chunk.take());
    lines.push(line);
    lines
}

fn extend(chunk: &mut Option<Chunk>, offset: usize, text: &str) {
    match chunk {
        Some(chunk) => chunk.text.push_str(text),
        None => {
            *chunk = Some(Chunk {
                start: offset,
                text: text.to_string(),
            })
        }
    }
}

/// `--` starts a comment unless it is inside a word such as a calendar name
/// (`us--banks`), which the grammar reads as one token.
fn starts_comment(chunk: Option<&Chunk>) -> bool {
    chunk
        .and_then(|chunk| chunk.text.chars().last())
        .is_none_or(|last| !last.is_alphanumeric())
}

/// The length of the string or text block `rest` starts with, quotes
/// included (to the end of the line or text if it is not closed).
fn quoted_length(rest: &str) -> usize {
    if let Some(body) = rest.strip_prefix("\"\"\"") {
        return body.find("\"\"\"").map_or(rest.len(), |end| end + 6);
    }
    let mut escaped = false;
    for (index, character) in rest.char_indices().skip(1) {
        match character {
            '\n' | '\r' => return index,
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return index + 1,
            _ => escaped = false,
        }
    }
    rest.len()
}

/// Every comment of `text`, in order, as the formatter keeps it.
pub fn comments(text: &str) -> Vec<String> {
    lines(text, &BTreeSet::new())
        .into_iter()
        .filter_map(|line| line.comment)
        .collect()
}
