//! Lays lines of chunks out in the canonical form: two spaces of indentation
//! per level of nesting (continuation lines one level deeper than the line
//! they continue), one space between chunks, aligned columns in runs of
//! similar lines, trailing comments two spaces after the code (aligned in a
//! run), at most one blank line in a row and exactly one final newline.

use std::collections::HashMap;

use crate::syntax::outline::{Group, Mark, Outline};

use super::lex::Line;

const INDENT: usize = 2;

/// Blanks between a trailing comment and the code before it.
const COMMENT_GAP: usize = 2;

/// Where a line stands in the outline: how deep it is, and the run it may align with.
#[derive(Debug, Clone, Copy)]
struct Place<'o> {
    indent: usize,
    /// The declaration or item this line starts, if it starts one.
    mark: Option<&'o Mark>,
}

pub fn layout(lines: &[Line], outline: &Outline) -> String {
    let places = places(lines, outline);
    let mut bodies: Vec<String> = lines.iter().map(plain_body).collect();
    for run in runs(lines, &places) {
        align(lines, &places, run, &mut bodies);
    }
    let mut out = String::new();
    let mut blank_pending = false;
    for ((line, place), body) in lines.iter().zip(&places).zip(&bodies) {
        if line.is_blank() {
            blank_pending = !out.is_empty();
            continue;
        }
        if blank_pending {
            out.push('\n');
            blank_pending = false;
        }
        out.push_str(&" ".repeat(place.indent));
        out.push_str(body);
        out.push('\n');
    }
    out
}

/// Each line's indentation: a line that starts a declaration, item or
/// statement takes its depth; any other code line continues the innermost one
/// around it (a closing `}` lines up with its opening line); a comment line
/// takes the indentation of the code after it.
fn places<'o>(lines: &[Line], outline: &'o Outline) -> Vec<Place<'o>> {
    // Marks nest as the grammar's rules do: sorted by start (outer first), a
    // stack of those open at a line is all that is needed to place it.
    let mut marks: Vec<&Mark> = outline.marks.iter().collect();
    marks.sort_by_key(|mark| {
        (
            mark.span.start,
            std::cmp::Reverse(mark.span.end),
            mark.depth,
        )
    });
    let mut open: Vec<(usize, &Mark)> = Vec::new();
    let mut pending = marks.iter().copied().enumerate().peekable();
    // Continuation lines keep their indentation relative to the shallowest
    // continuation of the same declaration, which goes one level in.
    let mut continuations: Vec<(usize, usize, usize)> = Vec::new();
    let mut shallowest: HashMap<usize, usize> = HashMap::new();
    let mut places = Vec::with_capacity(lines.len());
    for (index, line) in lines.iter().enumerate() {
        let Some(first) = line.chunks.first() else {
            places.push(Place {
                indent: 0,
                mark: None,
            });
            continue;
        };
        let at = first.start;
        while let Some((number, mark)) = pending.next_if(|(_, mark)| mark.span.start <= at) {
            while open
                .last()
                .is_some_and(|(_, top)| top.span.end <= mark.span.start)
            {
                open.pop();
            }
            open.push((number, mark));
        }
        while open.last().is_some_and(|(_, top)| top.span.end <= at) {
            open.pop();
        }
        let starting = open
            .iter()
            .rev()
            .take_while(|(_, mark)| mark.span.start == at)
            .map(|&(_, mark)| mark)
            .max_by_key(|mark| mark.depth);
        if let Some(mark) = starting {
            places.push(Place {
                indent: mark.depth * INDENT,
                mark: Some(mark),
            });
            continue;
        }
        let Some(&(owner, mark)) = open.last() else {
            places.push(Place {
                indent: 0,
                mark: None,
            });
            continue;
        };
        let closing = first.text.starts_with('}');
        if !closing {
            continuations.push((index, owner, line.indent));
            let least = shallowest.entry(owner).or_insert(line.indent);
            *least = (*least).min(line.indent);
        }
        places.push(Place {
            indent: if closing {
                mark.depth * INDENT
            } else {
                (mark.depth + 1) * INDENT
            },
            mark: None,
        });
    }
    for (index, owner, indent) in continuations {
        let least = shallowest.get(&owner).copied().unwrap_or(indent);
        if let Some(place) = places.get_mut(index) {
            place.indent += indent - least.min(indent);
        }
    }
    let mut next_indent = 0;
    for (line, place) in lines.iter().zip(places.iter_mut()).rev() {
        if line.chunks.is_empty() {
            place.indent = if line.comment.is_some() {
                next_indent
            } else {
                0
            };
        } else {
            next_indent = place.indent;
        }
    }
    places
}

/// A line's text with no alignment: chunks one space apart, then its comment.
fn plain_body(line: &Line) -> String {
    let code = line
        .chunks
        .iter()
        .map(|chunk| chunk.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    match (&line.comment, code.is_empty()) {
        (None, _) => code,
        (Some(comment), true) => comment.clone(),
        (Some(comment), false) => format!("{code}{}{comment}", " ".repeat(COMMENT_GAP)),
    }
}

/// The group and depth a line aligns in, if it starts a member of a group
/// whose columns all begin chunks of the line.
fn alignable(line: &Line, place: &Place<'_>) -> Option<(Group, usize)> {
    let mark = place.mark?;
    let group = mark.group?;
    let all_found = mark
        .columns
        .iter()
        .all(|column| line.chunks.iter().any(|chunk| chunk.start == column.at));
    (all_found && !mark.columns.is_empty()).then_some((group, mark.depth))
}

/// Maximal runs of consecutive lines that align together.
fn runs(lines: &[Line], places: &[Place<'_>]) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut current = None;
    for (index, (line, place)) in lines.iter().zip(places).enumerate() {
        let key = alignable(line, place);
        if key != current {
            if current.is_some() {
                runs.push(start..index);
            }
            start = index;
            current = key;
        }
    }
    if current.is_some() {
        runs.push(start..lines.len());
    }
    runs
}

/// A line's code cut at its mark's columns, each part's chunks one space apart.
fn segments(line: &Line, mark: &Mark) -> Vec<String> {
    let mut segments = vec![Vec::new(); mark.columns.len() + 1];
    for chunk in &line.chunks {
        let index = mark
            .columns
            .iter()
            .filter(|column| column.at <= chunk.start)
            .count();
        if let Some(segment) = segments.get_mut(index) {
            segment.push(chunk.text.as_str());
        }
    }
    while segments.last().is_some_and(Vec::is_empty) && segments.len() > 1 {
        segments.pop();
    }
    segments.iter().map(|segment| segment.join(" ")).collect()
}

fn width(text: &str) -> usize {
    text.chars().count()
}

/// Blanks after an aligned column: a scenario's time stands two spaces clear of its event.
fn gap(group: Group) -> usize {
    match group {
        Group::Event | Group::Price => 2,
        _ => 1,
    }
}

fn align(lines: &[Line], places: &[Place<'_>], run: std::ops::Range<usize>, bodies: &mut [String]) {
    let mut cut: Vec<(usize, Vec<String>, Group)> = Vec::new();
    for index in run {
        let (Some(line), Some(place)) = (lines.get(index), places.get(index)) else {
            continue;
        };
        if let Some(mark) = place.mark {
            if let Some(group) = mark.group {
                cut.push((index, segments(line, mark), group));
            }
        }
    }
    let columns = cut.iter().map(|(_, s, _)| s.len()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|column| {
            cut.iter()
                .filter(|(_, segments, _)| segments.len() > column + 1)
                .filter_map(|(_, segments, _)| segments.get(column).map(|s| width(s)))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut codes = Vec::new();
    for (index, segments, group) in &cut {
        let mut code = String::new();
        for (column, segment) in segments.iter().enumerate() {
            code.push_str(segment);
            if column + 1 < segments.len() {
                let target = widths.get(column).copied().unwrap_or(0);
                code.push_str(&" ".repeat(target - width(segment).min(target) + gap(*group)));
            }
        }
        codes.push((*index, code));
    }
    let commented = |index: &usize| lines.get(*index).is_some_and(|l| l.comment.is_some());
    let comment_column = codes
        .iter()
        .filter(|(index, _)| commented(index))
        .map(|(_, code)| width(code))
        .max()
        .unwrap_or(0)
        + COMMENT_GAP;
    for (index, code) in codes {
        let comment = lines.get(index).and_then(|line| line.comment.as_ref());
        let body = match comment {
            Some(comment) => {
                let padding = comment_column - width(&code).min(comment_column);
                format!("{code}{}{comment}", " ".repeat(padding))
            }
            None => code,
        };
        if let Some(slot) = bodies.get_mut(index) {
            *slot = body;
        }
    }
}
