//! The link step: parsed documents become pages and sections with their URLs, each page
//! under the section that lists it, sorted, with its bundle's files, and the taxonomies.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::folders::enclosing_folder;
use super::{Library, LoadOptions, is_bundle_index, parent_dir};
use crate::config::Config;
use crate::content::document::Document;
use crate::content::front_matter::{PageFrontMatter, SectionFrontMatter, SortBy};
use crate::content::languages::split_language;
use crate::content::model::{Asset, Entry, Page, PageId, Section, SectionId};
use crate::content::paths::{folder_segments, normalize_path, slugify_path, split_date_prefix};
use crate::content::sorting;
use crate::content::taxonomies;
use crate::content::walk::SourceFile;
use crate::error::{Diagnostic, Diagnostics};
use crate::front_value::Date;
use crate::markdown::{Outline, Rendered};

/// Links parsed documents into a library.
pub(super) struct Linker<'a> {
    config: &'a Config,
    options: LoadOptions,
}

impl<'a> Linker<'a> {
    pub(super) fn new(config: &'a Config, options: LoadOptions) -> Self {
        Linker { config, options }
    }

    pub(super) fn link(
        &self,
        page_docs: Vec<Document<PageFrontMatter>>,
        section_docs: Vec<Document<SectionFrontMatter>>,
        assets: &[&SourceFile],
        shown_dir: &Path,
        diagnostics: &mut Diagnostics,
    ) -> Library {
        let draft_dirs: BTreeSet<String> = section_docs
            .iter()
            .filter(|doc| doc.meta.draft && !self.options.drafts)
            .map(|doc| parent_dir(&doc.relative_path).to_string())
            .collect();
        let hidden =
            |dir: &str| draft_dirs.contains("") || enclosing_folder(dir, &draft_dirs).is_some();
        let section_docs = self.with_languages(section_docs, diagnostics);
        let page_docs = self.with_languages(page_docs, diagnostics);
        let mut sections = self.sections(section_docs, shown_dir, &hidden, diagnostics);
        let section_by_dir = sections_by_dir(&sections);
        let bundle_dirs: BTreeSet<String> = page_docs
            .iter()
            .filter(|(named, _)| is_bundle_index(&named.canonical) && named.canonical.contains('/'))
            .map(|(named, _)| parent_dir(&named.canonical).to_string())
            .collect();
        let mut pages = Vec::new();
        for (named, doc) in page_docs {
            if doc.meta.draft && !self.options.drafts || hidden(parent_dir(&doc.relative_path)) {
                continue;
            }
            if let Some(page) = self.page(doc, named, &section_by_dir, &bundle_dirs, diagnostics) {
                pages.push(page);
            }
        }
        let default_language = &self.config.default_language;
        let mut assets = attach_assets(assets, &mut pages, &bundle_dirs, &hidden, default_language);
        // A section's files are its own in every language, and, as in Zola, copied beside
        // each translation of the section too (`/fr/blog/cover.jpg`).
        let mut translated = Vec::new();
        for asset in assets.iter().filter(|asset| asset.section_dir.is_some()) {
            let dir = asset.section_dir.as_deref().unwrap_or_default();
            let name = asset.output.rsplit('/').next().unwrap_or_default();
            for section in sections.iter_mut().filter(|s| s.dir == dir) {
                section.assets.push(name.to_string());
                if section.lang != self.config.default_language {
                    translated.push(Asset {
                        source: asset.source.clone(),
                        output: format!("{}{name}", section.path.trim_start_matches('/')),
                        section_dir: None,
                    });
                }
            }
        }
        assets.extend(translated);
        let listed = self.listed_pages(&pages);
        link_children(&mut sections, &pages, &listed);
        for section in &mut sections {
            let sort_by = section.doc.meta.sort_by;
            let unsortable = sorting::sort_pages(&mut section.pages, sort_by, &pages);
            diagnostics.extend(
                unsortable
                    .iter()
                    .map(|&i| unsortable_page(&pages[i], section)),
            );
            // As in Zola: `lower` is the page before in the section's order, `higher` the
            // one after; a section in file order gives neither.
            if sort_by != SortBy::None && !section.doc.meta.transparent {
                for pair in section.pages.windows(2) {
                    pages[pair[1]].lower = Some(pair[0]);
                    pages[pair[0]].higher = Some(pair[1]);
                }
            }
        }
        link_translations(&mut pages, &mut sections, self.config);
        check_taxonomies(self.config, &pages, diagnostics);
        let taxonomies = taxonomies::collect(self.config, &pages, &listed, diagnostics);
        let mut by_path = HashMap::new();
        for (i, page) in pages.iter().enumerate() {
            by_path.insert(page.doc.relative_path.clone(), Entry::Page(PageId::new(i)));
        }
        for (i, section) in sections.iter().enumerate() {
            let id = SectionId::new(i);
            by_path.insert(section.doc.relative_path.clone(), Entry::Section(id));
        }
        Library {
            pages,
            sections,
            assets,
            taxonomies,
            by_path,
            ..Library::default()
        }
    }

    /// The pages that appear in lists: all of them, or without future-dated ones when the
    /// settings say so.
    fn listed_pages(&self, pages: &[Page]) -> Vec<PageId> {
        let now = chrono::Utc::now().fixed_offset();
        (0..pages.len())
            .map(PageId::new)
            .filter(|&i| {
                pages[i].doc.meta.renders()
                    && (self.config.future_pages_in_lists
                        || pages[i].doc.meta.date.is_none_or(|d| d.to_moment() <= now))
            })
            .collect()
    }

    /// Each document with its language and its path without it; a file named for a language
    /// the site does not have is an error, and left out.
    fn with_languages<T>(
        &self,
        docs: Vec<Document<T>>,
        diagnostics: &mut Diagnostics,
    ) -> Vec<(Named, Document<T>)> {
        docs.into_iter()
            .filter_map(|doc| match split_language(&doc.relative_path, self.config) {
                Ok((lang, canonical)) => Some((Named { lang, canonical }, doc)),
                Err(code) => {
                    diagnostics.push(
                        Diagnostic::error(
                            &doc.file,
                            format!("the file's name ends in `.{code}`, which is not a language of the site"),
                        )
                        .with_hint(format!(
                            "declare [languages.{code}] in config.toml, or rename the file without `.{code}` (a site with [languages] reads a dot in a name as a language)"
                        )),
                    );
                    None
                }
            })
            .collect()
    }

    fn sections(
        &self,
        docs: Vec<(Named, Document<SectionFrontMatter>)>,
        shown_dir: &Path,
        hidden: &dyn Fn(&str) -> bool,
        diagnostics: &mut Diagnostics,
    ) -> Vec<Section> {
        let mut sections: Vec<Section> = Vec::new();
        let mut homes = BTreeSet::new();
        for (named, doc) in docs {
            let dir = parent_dir(&doc.relative_path).to_string();
            if hidden(&dir) {
                continue;
            }
            if dir.is_empty() {
                homes.insert(named.lang.clone());
            }
            let prefix = self.config.language_prefix(&named.lang);
            let path = if dir.is_empty() {
                format!("{prefix}/")
            } else {
                format!("{prefix}/{}/", folder_segments(&dir).join("/"))
            };
            if let Err(problem) = check_aliases(&doc.meta.aliases, &doc.file, &doc.source) {
                diagnostics.push(problem);
                continue;
            }
            sections.push(Section {
                permalink: self.config.permalink(&path),
                path,
                dir,
                doc,
                parent: None,
                pages: Vec::new(),
                subsections: Vec::new(),
                rendered: Rendered::default(),
                assets: Vec::new(),
                lang: named.lang,
                translations: Vec::new(),
            });
        }
        // Each language has a home, an empty one when its `_index.md` is missing.
        for lang in self.config.all_languages() {
            if homes.contains(lang) {
                continue;
            }
            let name = match lang == self.config.default_language {
                true => "_index.md".to_string(),
                false => format!("_index.{lang}.md"),
            };
            let path = format!("{}/", self.config.language_prefix(lang));
            sections.push(Section {
                doc: Document {
                    file: shown_dir.join(&name),
                    relative_path: name,
                    meta: SectionFrontMatter::default(),
                    source: String::new(),
                    body_offset: 0,
                    word_count: 0,
                },
                dir: String::new(),
                permalink: self.config.permalink(&path),
                path,
                parent: None,
                pages: Vec::new(),
                subsections: Vec::new(),
                rendered: Rendered::default(),
                assets: Vec::new(),
                lang: lang.to_string(),
                translations: Vec::new(),
            });
        }
        sections
    }

    fn page(
        &self,
        mut doc: Document<PageFrontMatter>,
        named: Named,
        section_by_dir: &SectionsByDir,
        bundle_dirs: &BTreeSet<String>,
        diagnostics: &mut Diagnostics,
    ) -> Option<Page> {
        let file_dir = parent_dir(&named.canonical);
        let is_bundle = bundle_dirs.contains(file_dir) && is_bundle_index(&named.canonical);
        // A bundle's folder names the page; the folder above it holds it.
        let (holder_dir, default_slug) = if is_bundle {
            let name = file_dir.rsplit('/').next().unwrap_or(file_dir);
            (parent_dir(file_dir), name)
        } else {
            let name = named.canonical.rsplit('/').next().unwrap_or_default();
            (file_dir, name.trim_end_matches(".md"))
        };
        // As in Zola, `2016-10-08_a-post.md` is the page `a-post`, dated 2016-10-08 unless
        // its front matter gives a date.
        // `[slugify] paths_keep_dates` keeps the date in the slug.
        let slugs = self.config.slugify;
        let default_slug = match split_date_prefix(default_slug) {
            Some((date, rest)) => {
                if doc.meta.date.is_none() {
                    doc.meta.date = Date::parse(date).ok();
                }
                if slugs.paths_keep_dates {
                    default_slug
                } else {
                    rest
                }
            }
            None => default_slug,
        };
        let default_slug = default_slug.to_string();
        let written = doc.meta.slug.as_deref().unwrap_or(&default_slug);
        let slug = slugify_path(written, slugs.paths);
        let prefix = self.config.language_prefix(&named.lang);
        let path = match &doc.meta.path {
            Some(raw) => match normalize_path(raw) {
                // As in Zola, a `path` is the whole path, in any language.
                Ok(path) => path,
                Err(why) => {
                    diagnostics.push(invalid_path(&doc.file, &doc.source, "path", &why));
                    return None;
                }
            },
            None => {
                let mut parts = folder_segments(holder_dir);
                parts.push(slug.clone());
                format!("{prefix}/{}/", parts.join("/"))
            }
        };
        if slug.is_empty() && doc.meta.path.is_none() {
            diagnostics.push(
                Diagnostic::error(&doc.file, "the page's slug is empty").with_hint(
                    "give the file a name with letters or digits, or set `slug` or `path`",
                ),
            );
            return None;
        }
        if let Err(problem) = check_aliases(&doc.meta.aliases, &doc.file, &doc.source) {
            diagnostics.push(problem);
            return None;
        }
        let parent = nearest_section(holder_dir, &named.lang, section_by_dir);
        Some(Page {
            permalink: self.config.permalink(&path),
            slug,
            path,
            parent,
            assets: Vec::new(),
            lower: None,
            higher: None,
            outline: Outline::default(),
            lang: named.lang,
            translations: Vec::new(),
            doc,
        })
    }
}

/// The error for a bad `key` (`path`, `aliases`) in the front matter of `file`, whose text is
/// `source`, at the key's line.
fn invalid_path(file: &Path, source: &str, key: &str, why: &str) -> Diagnostic {
    Diagnostic::error(file, format!("invalid `{key}`: {why}"))
        .at_opt(crate::front_value::line_of_key(source, key))
        .with_hint("use a plain site path such as /old-name/ made of letters, digits, - and /")
}

/// The error for the first alias in the front matter of `file` (whose text is `source`) that
/// is not a plain site path.
fn check_aliases(aliases: &[String], file: &Path, source: &str) -> Result<(), Diagnostic> {
    for alias in aliases {
        normalize_path(alias).map_err(|why| {
            invalid_path(file, source, "aliases", &format!("alias `{alias}`: {why}"))
        })?;
    }
    Ok(())
}

/// A content file's language and its path without it (`blog/a.md` for `blog/a.fr.md`).
pub(super) struct Named {
    lang: String,
    canonical: String,
}

/// Each section by its folder under `content/` and its language.
type SectionsByDir = HashMap<(String, String), SectionId>;

fn sections_by_dir(sections: &[Section]) -> SectionsByDir {
    sections
        .iter()
        .enumerate()
        .map(|(i, s)| ((s.dir.clone(), s.lang.clone()), SectionId::new(i)))
        .collect()
}

/// The section in `lang` of `dir` or of the nearest folder above it that has one (at least
/// the language's home).
fn nearest_section(dir: &str, lang: &str, section_by_dir: &SectionsByDir) -> SectionId {
    let mut dir = dir;
    loop {
        if let Some(&id) = section_by_dir.get(&(dir.to_string(), lang.to_string())) {
            return id;
        }
        if dir.is_empty() {
            return SectionId::new(0);
        }
        dir = parent_dir(dir);
    }
}

/// Gives each page and section the list of its translations: the entries whose files differ
/// only by the language in their names, the default language first. Only a multilingual
/// site has them, as in Zola.
fn link_translations(pages: &mut [Page], sections: &mut [Section], config: &Config) {
    if !config.is_multilingual() {
        return;
    }
    let rank = |lang: &str| config.all_languages().position(|l| l == lang);
    let mut groups: HashMap<String, Vec<(Option<usize>, Entry)>> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        let canonical = split_language(&page.doc.relative_path, config)
            .map_or_else(|_| page.doc.relative_path.clone(), |(_, c)| c);
        groups
            .entry(canonical)
            .or_default()
            .push((rank(&page.lang), Entry::Page(PageId::new(i))));
    }
    for (i, section) in sections.iter().enumerate() {
        groups
            .entry(format!("{}/_index.md", section.dir))
            .or_default()
            .push((rank(&section.lang), Entry::Section(SectionId::new(i))));
    }
    for mut group in groups.into_values() {
        group.sort();
        let entries: Vec<Entry> = group.into_iter().map(|(_, entry)| entry).collect();
        for &entry in &entries {
            match entry {
                Entry::Page(i) => pages[i].translations = entries.clone(),
                Entry::Section(i) => sections[i].translations = entries.clone(),
            }
        }
    }
}

/// Gives bundles their files and maps every other asset to its place in the output.
fn attach_assets(
    files: &[&SourceFile],
    pages: &mut [Page],
    bundle_dirs: &BTreeSet<String>,
    hidden: &dyn Fn(&str) -> bool,
    default_language: &str,
) -> Vec<Asset> {
    // As in Zola, a bundle's files belong to its page in every language (`index.md`,
    // `index.fr.md`), and are copied beside each.
    let mut pages_by_bundle: HashMap<String, Vec<PageId>> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        let name = page
            .doc
            .relative_path
            .rsplit('/')
            .next()
            .unwrap_or_default();
        let translated = page.lang != default_language && name == format!("index.{}.md", page.lang);
        if name == "index.md" || translated {
            let dir = parent_dir(&page.doc.relative_path).to_string();
            pages_by_bundle.entry(dir).or_default().push(PageId::new(i));
        }
    }
    let mut assets = Vec::new();
    for file in files {
        let dir = parent_dir(&file.relative);
        if hidden(dir) {
            continue;
        }
        let Some(bundle) = enclosing_folder(dir, bundle_dirs) else {
            let name = file.relative.rsplit('/').next().unwrap_or_default();
            let mut parts = folder_segments(dir);
            parts.push(name.to_string());
            assets.push(Asset {
                source: file.absolute.clone(),
                output: parts.join("/"),
                section_dir: Some(dir.to_string()),
            });
            continue;
        };
        // No page: the bundle's page is a draft.
        let owners = pages_by_bundle
            .get(bundle.as_str())
            .map_or(&[][..], Vec::as_slice);
        let inner = &file.relative[bundle.len() + 1..];
        for &page in owners {
            pages[page].assets.push(inner.to_string());
            assets.push(Asset {
                source: file.absolute.clone(),
                output: format!("{}{inner}", pages[page].path.trim_start_matches('/')),
                section_dir: None,
            });
        }
    }
    assets
}

/// Fills each section's (listed) pages and subsections (by weight), and each section's parent.
fn link_children(sections: &mut [Section], pages: &[Page], listed: &[PageId]) {
    let section_by_dir = sections_by_dir(sections);
    for i in (0..sections.len()).map(SectionId::new) {
        if sections[i].dir.is_empty() {
            continue;
        }
        let lang = sections[i].lang.clone();
        let parent = nearest_section(parent_dir(&sections[i].dir), &lang, &section_by_dir);
        sections[i].parent = Some(parent);
        sections[parent].subsections.push(i);
    }
    // As in Zola, subsections go by `weight`, lightest first (no weight weighs 0).
    let weights: Vec<i64> = sections
        .iter()
        .map(|s| s.doc.meta.weight.unwrap_or(0))
        .collect();
    for section in sections.iter_mut() {
        section.subsections.sort_by_key(|&s| weights[s.index()]);
    }
    // A transparent section's pages are listed by its parent too, and on up.
    for &i in listed {
        let mut section = Some(pages[i].parent);
        while let Some(current) = section {
            sections[current].pages.push(i);
            section = sections[current]
                .doc
                .meta
                .transparent
                .then_some(sections[current].parent)
                .flatten();
        }
    }
}

/// The warning for a page its section cannot order (`sort_by = "date"` and no date).
fn unsortable_page(page: &Page, section: &Section) -> Diagnostic {
    let key = match section.doc.meta.sort_by {
        SortBy::Date => "date",
        SortBy::UpdateDate => "date or updated",
        SortBy::Weight => "weight",
        _ => "title",
    };
    Diagnostic::warning(
        &page.doc.file,
        format!("the page has no `{key}`, which its section sorts by: it is left out of the section's list"),
    )
    .with_hint(format!(
        "give it a `{key}`, or change `sort_by` in {}",
        section.doc.file.display()
    ))
}

/// Every taxonomy a page uses must be declared in `config.toml` for the page's language.
fn check_taxonomies(config: &Config, pages: &[Page], diagnostics: &mut Diagnostics) {
    for page in pages {
        let declared = config.taxonomies_of(&page.lang);
        for name in page.doc.meta.taxonomies.keys() {
            if declared.iter().any(|t| &t.name == name) {
                continue;
            }
            let (message, hint) = if page.lang == config.default_language {
                (
                    format!("taxonomy `{name}` is not declared in config.toml"),
                    format!(
                        "add `taxonomies = [{{ name = \"{name}\" }}]` to config.toml, or remove it here"
                    ),
                )
            } else {
                let lang = &page.lang;
                (
                    format!("taxonomy `{name}` is not declared for the language `{lang}`"),
                    format!(
                        "add `taxonomies = [{{ name = \"{name}\" }}]` under [languages.{lang}] in config.toml, or remove it here"
                    ),
                )
            };
            diagnostics.push(
                Diagnostic::error(&page.doc.file, message)
                    .at_opt(crate::front_value::line_of_key(&page.doc.source, name))
                    .with_hint(hint),
            );
        }
    }
}
