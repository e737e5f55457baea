//! Non-fatal problems: a file skipped or decoded with a fallback encoding, an
//! ambiguous alias resolved by context. The library returns them; the CLI
//! prints them and counts them in the end-of-run summary.

use std::fmt;

/// How serious a diagnostic is. Neither level stops the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Worth knowing; nothing was lost.
    Note,
    /// Something was skipped or guessed; the user should look.
    Warning,
}

/// `n` with the noun that fits it: "1 mention", "2 mentions" (for messages
/// and the summary alike).
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One non-fatal problem, tied to the file it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    /// The file, as shown to the user.
    pub path: String,
    /// The 1-based line of the file it is about, when it is about one.
    pub line: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Warning,
            path: path.into(),
            line: None,
            message: message.into(),
        }
    }

    pub fn note(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Note,
            path: path.into(),
            line: None,
            message: message.into(),
        }
    }

    /// The same, about line `line` of its file.
    pub fn at_line(self, line: usize) -> Self {
        Diagnostic {
            line: Some(line),
            ..self
        }
    }
}

impl Level {
    /// The word shown before the message and in `diagnostics.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Note => "note",
            Level::Warning => "warning",
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = self.level.as_str();
        match self.line {
            Some(line) => write!(f, "{level}: {}:{line}: {}", self.path, self.message),
            None => write!(f, "{level}: {}: {}", self.path, self.message),
        }
    }
}
