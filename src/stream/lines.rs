//! The lines of a stream, read one at a time, so that memory follows the
//! longest line rather than the length of the stream. A line ends as in
//! every other input: `\n`, `\r\n` or a lone `\r`.

use std::io::BufRead;

use crate::errors::InputError;

pub struct Lines<R> {
    reader: R,
    name: String,
    /// The longest line allowed, in bytes.
    limit: u64,
    /// The line just read, and the one before it (kept for the context a
    /// diagnostic shows).
    current: String,
    previous: String,
    /// 1-based number of `current`; 0 before the first line.
    number: usize,
    /// The last line ended with `\r`: a `\n` that follows belongs to it.
    after_return: bool,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R, name: String, limit: u64) -> Lines<R> {
        Lines {
            reader,
            name,
            limit,
            current: String::new(),
            previous: String::new(),
            number: 0,
            after_return: false,
            done: false,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn current(&self) -> &str {
        &self.current
    }

    pub fn previous(&self) -> &str {
        &self.previous
    }

    pub fn number(&self) -> usize {
        self.number
    }

    /// Reads the next line into `current`; `false` at the end of the stream.
    pub fn advance(&mut self) -> Result<bool, InputError> {
        if self.done {
            return Ok(false);
        }
        std::mem::swap(&mut self.previous, &mut self.current);
        // The buffer of the line before last is reused for this one.
        let mut bytes = std::mem::take(&mut self.current).into_bytes();
        bytes.clear();
        if self.after_return {
            self.after_return = false;
            let available = self
                .reader
                .fill_buf()
                .map_err(|e| unreadable(&self.name, &e))?;
            if available.first() == Some(&b'\n') {
                self.reader.consume(1);
            }
        }
        loop {
            let available = self
                .reader
                .fill_buf()
                .map_err(|e| unreadable(&self.name, &e))?;
            if available.is_empty() {
                self.done = true;
                if bytes.is_empty() {
                    // Nothing after the last line break: no line (a blank
                    // one would be skipped anyway).
                    return Ok(false);
                }
                break;
            }
            let end = available.iter().position(|&b| b == b'\n' || b == b'\r');
            let taken = end.unwrap_or(available.len());
            bytes.extend_from_slice(available.get(..taken).unwrap_or_default());
            let ended = end.map(|at| available.get(at) == Some(&b'\r'));
            match ended {
                Some(by_return) => {
                    self.reader.consume(taken + 1);
                    self.after_return = by_return;
                }
                None => self.reader.consume(taken),
            }
            if bytes.len() as u64 > self.limit {
                return Err(InputError::LineTooLarge {
                    path: self.name.clone(),
                    line: self.number + 1,
                    limit: self.limit / (1024 * 1024),
                });
            }
            if ended.is_some() {
                break;
            }
        }
        self.number += 1;
        let not_text = || InputError::NotText {
            path: format!("{} line {}", self.name, self.number),
        };
        if bytes.contains(&0) {
            return Err(not_text());
        }
        let mut text = String::from_utf8(bytes).map_err(|_| not_text())?;
        // Some editors start UTF-8 files with a byte-order mark; it is not text.
        if self.number == 1 && text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        self.current = text;
        Ok(true)
    }
}

fn unreadable(name: &str, error: &std::io::Error) -> InputError {
    InputError::Unreadable {
        path: name.to_string(),
        reason: error.to_string(),
    }
}
