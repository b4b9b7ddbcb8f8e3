//! Fatal errors: problems that stop a command before it can say anything
//! useful about individual files (no site folder, output folder refused, disk
//! full). Everything about one content file is a [`crate::diagnostic::Diagnostic`]
//! instead, so a build can report all of them at once.

use std::path::PathBuf;

/// A problem that ends the command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no site found at `{}`: it has no rapport.toml", path.display())]
    NoSite { path: PathBuf },

    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("refusing to use `{}` as the output folder: {reason}", path.display())]
    UnsafeOutput { path: PathBuf, reason: String },

    #[error("`{}` already exists; {hint}", path.display())]
    AlreadyExists { path: PathBuf, hint: String },

    /// The preview server could not start or keep running.
    #[error("{0}")]
    Serve(String),

    /// The build found errors; they were reported as diagnostics.
    #[error("the build failed with {count} error(s)")]
    BuildFailed { count: usize },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn read(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Read {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Write {
            path: path.into(),
            source,
        }
    }
}
