//! Where a diagnostic comes from: a file of the site, or something Quire made itself.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::path::{Path, PathBuf};

/// What a diagnostic points at (and what made an output file): a file or folder of the site
/// as the author names it, or one of the things that have no file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A file or folder, relative to where Quire was run (`content/5xx/500.md`).
    File(PathBuf),
    /// One of the templates Quire ships (`atom.xml`), used where the site has none.
    BuiltinTemplate(Box<str>),
    /// The full-text search index, made from the built pages.
    SearchIndex,
    /// `sitemap.xml` (and its parts), made from every page's URL.
    Sitemap,
}

impl Origin {
    /// The file, when the origin is one.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Origin::File(path) => Some(path),
            Origin::BuiltinTemplate(_) | Origin::SearchIndex | Origin::Sitemap => None,
        }
    }

    /// The origin as a path, to sort by: the pseudo-paths the others are shown as.
    fn sort_key(&self) -> Cow<'_, Path> {
        match self {
            Origin::File(path) => Cow::Borrowed(path),
            other => Cow::Owned(PathBuf::from(other.to_string())),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::BuiltinTemplate(name) => write!(f, "(built-in template {name})"),
            Origin::SearchIndex => f.write_str("(search index)"),
            // Named as the file it is, as the author knows it.
            Origin::Sitemap => f.write_str("sitemap.xml"),
        }
    }
}

/// Origins sort as their paths do, the others among them by how they are shown, so that
/// diagnostics come file by file.
impl Ord for Origin {
    fn cmp(&self, other: &Origin) -> Ordering {
        let rank = |origin: &Origin| match origin {
            Origin::File(_) => 0,
            Origin::BuiltinTemplate(_) => 1,
            Origin::SearchIndex => 2,
            Origin::Sitemap => 3,
        };
        self.sort_key()
            .cmp(&other.sort_key())
            .then_with(|| rank(self).cmp(&rank(other)))
    }
}

impl PartialOrd for Origin {
    fn partial_cmp(&self, other: &Origin) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl From<PathBuf> for Origin {
    fn from(path: PathBuf) -> Origin {
        Origin::File(path)
    }
}

impl From<&PathBuf> for Origin {
    fn from(path: &PathBuf) -> Origin {
        Origin::File(path.clone())
    }
}

impl From<&Path> for Origin {
    fn from(path: &Path) -> Origin {
        Origin::File(path.to_path_buf())
    }
}

impl From<&str> for Origin {
    fn from(path: &str) -> Origin {
        Origin::File(PathBuf::from(path))
    }
}

impl From<&Origin> for Origin {
    fn from(origin: &Origin) -> Origin {
        origin.clone()
    }
}

/// A file origin equals its path, so tests can compare with `Path::new(...)`.
impl PartialEq<Path> for Origin {
    fn eq(&self, path: &Path) -> bool {
        self.file() == Some(path)
    }
}

impl PartialEq<&Path> for Origin {
    fn eq(&self, path: &&Path) -> bool {
        self.file() == Some(*path)
    }
}

impl PartialEq<PathBuf> for Origin {
    fn eq(&self, path: &PathBuf) -> bool {
        self.file() == Some(path.as_path())
    }
}
