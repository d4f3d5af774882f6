//! Rendering diagnostics to text, the same way for the terminal and for
//! snapshot tests: colour is a parameter, the width is fixed, and nothing
//! depends on the machine's locale or terminal size. The renderer is shown an
//! [`excerpt::Excerpt`] of the source, never the whole of it, so that no
//! input can make it panic.

mod excerpt;

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, Severity, SourceCode,
    SourceSpan,
};

use excerpt::Excerpt;

/// Wide enough that long source lines are not wrapped in snapshots.
const WIDTH: usize = 100;

pub fn render_diagnostic(diagnostic: &dyn Diagnostic, colour: bool) -> String {
    let theme = if colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(WIDTH)
        .with_links(false);
    let shown = Shown::new(diagnostic);
    let mut out = String::new();
    if handler.render_report(&mut out, &shown).is_err() {
        out = format!("error: {diagnostic}\n");
    }
    out
}

/// A diagnostic as the renderer sees it: the same wording, with its source
/// replaced by an excerpt and its labels moved into the excerpt.
struct Shown<'a> {
    inner: &'a dyn Diagnostic,
    excerpt: Option<(Excerpt, Vec<LabeledSpan>)>,
}

impl<'a> Shown<'a> {
    fn new(inner: &'a dyn Diagnostic) -> Shown<'a> {
        let excerpt = match (inner.source_code(), inner.labels()) {
            (Some(source), Some(labels)) => {
                let labels: Vec<LabeledSpan> = labels.collect();
                whole_text(source).map(|(name, text)| Excerpt::new(name, &text, &labels))
            }
            _ => None,
        };
        Shown { inner, excerpt }
    }
}

/// All of a source's text and its name, read through miette's interface.
fn whole_text(source: &dyn SourceCode) -> Option<(Option<String>, String)> {
    let everything = source
        .read_span(&SourceSpan::from((0, 0)), usize::MAX, usize::MAX)
        .ok()?;
    let text = String::from_utf8_lossy(everything.data()).into_owned();
    Some((everything.name().map(str::to_string), text))
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.inner, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.inner, f)
    }
}

impl std::error::Error for Shown<'_> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.source()
    }
}

impl Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.code()
    }

    fn severity(&self) -> Option<Severity> {
        self.inner.severity()
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.help()
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.url()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        match &self.excerpt {
            Some((excerpt, _)) => Some(excerpt),
            None => self.inner.source_code(),
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        match &self.excerpt {
            Some((_, labels)) => Some(Box::new(labels.iter().cloned())),
            None => self.inner.labels(),
        }
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        self.inner.related()
    }

    fn diagnostic_source(&self) -> Option<&dyn Diagnostic> {
        self.inner.diagnostic_source()
    }
}
