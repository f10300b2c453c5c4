//! Cache-busting: every static and generated asset gets a content hash, and stylesheets and
//! scripts a minified copy whose file name carries it (`style.3f2a9c1e.css`) for long caching;
//! or, for a Zola site, Zola's `?h=` query with the start of the file's SHA-256.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::error::Diagnostic;
use crate::output::{Content, OutputFile};

/// Extensions that get a hashed copy.
const HASHED_COPY_EXTENSIONS: [&str; 3] = ["css", "js", "mjs"];

/// The hashes of the site's assets and the names of their hashed copies.
#[derive(Debug, Clone, Default)]
pub(crate) struct AssetHashes {
    /// Output path → 8 hex digits of its content hash.
    hashes: BTreeMap<String, String>,
    /// Output path → the hashed copy's output path.
    copies: BTreeMap<String, String>,
    /// False in `quire serve`: assets keep their names, so an edited file is all that changes.
    busting: bool,
    /// Zola's cache-busting, for sites without `hashed_assets`: output path → the asset's
    /// bytes and, once asked for, the 20 hex digits of their SHA-256 (`None`: unreadable).
    queries: BTreeMap<String, (Content, OnceLock<Option<String>>)>,
}

impl AssetHashes {
    /// Hashes `assets` and returns the hashed copies to write beside them.
    pub(crate) fn compute(
        assets: &[OutputFile],
    ) -> Result<(AssetHashes, Vec<OutputFile>), Diagnostic> {
        let mut hashes = AssetHashes {
            busting: true,
            ..AssetHashes::default()
        };
        let mut copies = Vec::new();
        for asset in assets {
            let bytes = match &asset.content {
                Content::Bytes(bytes) => bytes.clone(),
                Content::Copy(source) => {
                    std::fs::read(source).map_err(|e| Diagnostic::io(&asset.origin, "read", &e))?
                }
            };
            let bytes = minified(&asset.path, bytes);
            let hash = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes))[..8].to_string();
            if let Some(hashed_path) = hashed_name(&asset.path, &hash) {
                hashes
                    .copies
                    .insert(asset.path.clone(), hashed_path.clone());
                copies.push(OutputFile {
                    path: hashed_path,
                    content: Content::Bytes(bytes),
                    origin: asset.origin.clone(),
                });
            }
            hashes.hashes.insert(asset.path.clone(), hash);
        }
        Ok((hashes, copies))
    }

    /// Knows the assets without hashing them: `busted` gives their plain names and there are
    /// no hashed copies. For `quire serve`, where a stylesheet edit should change only the
    /// stylesheet.
    pub(crate) fn without_busting(assets: &[OutputFile]) -> AssetHashes {
        AssetHashes {
            hashes: assets
                .iter()
                .map(|asset| (asset.path.clone(), String::new()))
                .collect(),
            copies: BTreeMap::new(),
            busting: false,
            queries: BTreeMap::new(),
        }
    }

    /// Zola's cache-busting: `get_url(..., cachebust=true)` adds `?h=` and the first 20 hex
    /// digits of the asset's SHA-256, computed when first asked for.
    pub(crate) fn zola(assets: &[OutputFile]) -> AssetHashes {
        AssetHashes {
            queries: assets
                .iter()
                .map(|asset| {
                    let bytes = (asset.content.clone(), OnceLock::new());
                    (asset.path.clone(), bytes)
                })
                .collect(),
            ..AssetHashes::without_busting(assets)
        }
    }

    /// True when cache-busting is Zola's `?h=` query (see [`AssetHashes::zola`]).
    pub(crate) fn zola_style(&self) -> bool {
        !self.queries.is_empty()
    }

    /// The `?h=` value of an asset (an output path) for Zola's cache-busting.
    pub(crate) fn query_hash(&self, path: &str) -> Option<String> {
        let (content, hash) = self.queries.get(path.trim_start_matches('/'))?;
        hash.get_or_init(|| {
            Some(match content {
                Content::Bytes(bytes) => zola_query(bytes),
                Content::Copy(source) => zola_query(&std::fs::read(source).ok()?),
            })
        })
        .clone()
    }

    /// True when `path` (an output path) has a hashed copy.
    pub(crate) fn has_copy(&self, path: &str) -> bool {
        self.copies.contains_key(path)
    }

    /// The cache-busting URL path of an asset: its hashed copy, or `path?h=hash` for assets
    /// without one; `None` for paths that are not assets of the site.
    pub(crate) fn busted(&self, path: &str) -> Option<String> {
        let path = path.trim_start_matches('/');
        if !self.busting {
            return self.hashes.contains_key(path).then(|| path.to_string());
        }
        if let Some(copy) = self.copies.get(path) {
            return Some(copy.clone());
        }
        self.hashes.get(path).map(|hash| format!("{path}?h={hash}"))
    }

    /// The output paths of every hashed copy, with a leading `/`, for cache rules.
    pub(crate) fn hashed_copies(&self) -> Vec<String> {
        self.copies.values().map(|p| format!("/{p}")).collect()
    }
}

/// Zola's `?h=` value for a file's bytes: the first 20 hex digits of their SHA-256.
pub(crate) fn zola_query(bytes: &[u8]) -> String {
    let hex: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    hex[..20].to_string()
}

/// CSS and JavaScript with comments and needless white space removed; other files, and files
/// the minifier cannot read, as they are.
fn minified(path: &str, bytes: Vec<u8>) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return bytes;
    };
    let result = match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css") => minifier::css::minify(text).map(|m| m.to_string()),
        Some("js" | "mjs") => minifier::js::minify(text).map(|m| m.to_string()),
        _ => return bytes,
    };
    match result {
        Ok(small) => small.trim().as_bytes().to_vec(),
        Err(_) => bytes,
    }
}

/// `css/site.css` → `css/site.<hash>.css`, for the extensions that get hashed copies.
fn hashed_name(path: &str, hash: &str) -> Option<String> {
    let (stem, extension) = path.rsplit_once('.')?;
    if stem.ends_with('/') || stem.is_empty() || !HASHED_COPY_EXTENSIONS.contains(&extension) {
        return None;
    }
    Some(format!("{stem}.{hash}.{extension}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stylesheets_get_hashed_copies_and_images_a_query() {
        let assets = [
            OutputFile::text("css/site.css", "body{}".into(), "static/css/site.css"),
            OutputFile::text("logo.svg", "<svg/>".into(), "static/logo.svg"),
        ];
        let (hashes, copies) = AssetHashes::compute(&assets).unwrap();
        assert_eq!(copies.len(), 1);
        let copy = hashes.busted("/css/site.css").unwrap();
        assert_eq!(copy, copies[0].path);
        assert!(
            copy.starts_with("css/site.")
                && copy.ends_with(".css")
                && copy.len() == "css/site..css".len() + 8
        );
        assert!(
            hashes
                .busted("logo.svg")
                .unwrap()
                .starts_with("logo.svg?h=")
        );
        assert_eq!(hashes.busted("missing.css"), None);
        assert_eq!(hashes.hashed_copies(), [format!("/{copy}")]);
    }

    #[test]
    fn hashed_copies_are_minified() {
        let css = "/* comment */\nbody {\n  margin: 0;\n}\n";
        let (_, copies) =
            AssetHashes::compute(&[OutputFile::text("a.css", css.into(), "a")]).unwrap();
        assert_eq!(
            copies[0].content,
            Content::Bytes(b"body{margin:0;}".to_vec())
        );
        let js = "// note\nvar answer = 1 + 2;\n";
        let (_, copies) =
            AssetHashes::compute(&[OutputFile::text("a.js", js.into(), "a")]).unwrap();
        assert_eq!(
            copies[0].content,
            Content::Bytes(b"var answer=1+2;".to_vec())
        );
    }

    #[test]
    fn the_hash_changes_with_the_content() {
        let hash_of = |text: &str| {
            let (hashes, _) =
                AssetHashes::compute(&[OutputFile::text("a.css", text.into(), "a")]).unwrap();
            hashes.busted("a.css").unwrap()
        };
        assert_eq!(hash_of("a"), hash_of("a"));
        assert_ne!(hash_of("a"), hash_of("b"));
    }
}
