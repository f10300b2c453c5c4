//! The executor: renders a plan into a sink. This is the only loop that renders, used by
//! `build`, `serve` and `check` alike. Pages come first (keeping the bodies the feeds and
//! lists show whole), then every other output in parallel, then the search index from what
//! was written or from the kept bodies.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Output, Plan, Site};
use crate::content::PageId;
use crate::error::{Diagnostic, Diagnostics, collect};
use crate::output::{HtmlPass, HtmlPasses, Minify, OutputFile, RootRelative, Sink};
use crate::render::PageFields;
use crate::render::bodies::{self, Bodies};
use crate::render::reads::{Reads, recording};
use crate::render::views::feed_shows_summary;
use crate::search::Sources;

/// What each output read (pages and sections) when it was last rendered, and the bodies of
/// the pages the feeds and lists show whole, so an update renders again only the pages it
/// changed.
#[derive(Debug, Default, Clone)]
pub(crate) struct ReadLog {
    by_output: HashMap<Output, Reads>,
    bodies: Arc<Bodies>,
}

impl ReadLog {
    /// The outputs that were shown one of `fields` of page `index`.
    pub(crate) fn readers_of_page(
        &self,
        index: PageId,
        fields: PageFields,
    ) -> impl Iterator<Item = &Output> {
        self.by_output
            .iter()
            .filter(move |(_, reads)| {
                reads
                    .pages
                    .get(&index)
                    .is_some_and(|f| f.intersects(fields))
            })
            .map(|(output, _)| output)
    }

    /// What `output` read, if it was recorded.
    pub(crate) fn of(&self, output: &Output) -> Option<&Reads> {
        self.by_output.get(output)
    }

    /// Takes the newer record of each output in `newer`, and its bodies.
    pub(crate) fn update(&mut self, newer: ReadLog) {
        self.by_output.extend(newer.by_output);
        self.bodies = newer.bodies;
    }
}

/// What rendering one output left.
struct Done {
    output: Output,
    problems: Diagnostics,
    reads: Option<Reads>,
    /// A page's body, when a feed or list of the plan shows it whole.
    body: Option<(PageId, Arc<crate::markdown::Rendered>)>,
}

/// Renders every output of `plan` into `sink`, reporting problems in `diagnostics`; returns
/// what each output read and the bodies shown whole when `record` (empty otherwise). When
/// recording, the bodies of the last record are used for the pages the plan does not render.
pub(super) fn execute(
    site: &Site,
    plan: &Plan,
    sink: &dyn Sink,
    record: bool,
    diagnostics: &mut Diagnostics,
) -> ReadLog {
    let mut passes: Vec<Box<dyn HtmlPass>> = Vec::new();
    if site.config.minify_html {
        passes.push(Box::new(Minify::new()));
    }
    if site.config.root_relative_urls {
        passes.push(Box::new(RootRelative::new(&site.config.base_url)));
    }
    let with_passes;
    let sink: &dyn Sink = if passes.is_empty() {
        sink
    } else {
        with_passes = HtmlPasses::new(sink, passes);
        &with_passes
    };
    let pages: Vec<PageId> = plan
        .outputs()
        .filter_map(|output| match output {
            Output::Page(index) => Some(*index),
            _ => None,
        })
        .collect();
    let shown_whole = pages_shown_whole(site, plan);
    site.report("Rendering pages", pages.len());
    let mut log = ReadLog::default();
    let mut bodies: Bodies = match (record, &site.reads) {
        (true, Some(last)) => (*last.bodies).clone(),
        _ => HashMap::new(),
    };
    for page in &pages {
        bodies.remove(page);
    }
    let rendered: Vec<Done> = pages
        .into_par_iter()
        .map(|index| {
            let keep_body = shown_whole.contains(&index);
            let (page, reads) = run(record, || site.render_page(index, keep_body));
            let mut done = finish(Output::Page(index), page.file.map(|f| vec![f]), reads, sink);
            done.body = page.body.map(|html| (index, html));
            if let Some(progress) = &site.progress {
                progress.step();
            }
            done
        })
        .collect();
    for done in rendered {
        keep(done, &mut log, &mut bodies, diagnostics);
    }
    let missing: Vec<PageId> = shown_whole
        .iter()
        .copied()
        .filter(|i| !bodies.contains_key(i))
        .collect();
    bodies.extend(
        missing
            .into_par_iter()
            .filter_map(|i| site.page_body(i).ok().map(|body| (i, Arc::new(body))))
            .collect::<Vec<_>>(),
    );
    site.report("Rendering lists and feeds", 0);
    let others: Vec<&Output> = plan
        .outputs()
        .filter(|output| !matches!(output, Output::Page(_) | Output::SearchIndex))
        .collect();
    let bodies = Arc::new(bodies);
    let rendered: Vec<Done> = others
        .into_par_iter()
        .map(|output| {
            let (files, reads) = run(record, || {
                bodies::while_shown(&bodies, || site.render_output(output, &bodies))
            });
            finish(output.clone(), files, reads, sink)
        })
        .collect();
    for done in rendered {
        diagnostics.extend(done.problems);
        if let Some(reads) = done.reads {
            log.by_output.insert(done.output, reads);
        }
    }
    for image in site.processed_images.make_new() {
        match image {
            Ok(file) => diagnostics.extend(sink.put(file).err()),
            Err(problem) => diagnostics.push(problem),
        }
    }
    if plan.contains(&Output::SearchIndex) {
        site.report("Indexing for search", 0);
        let body = |page: PageId| match bodies.get(&page) {
            Some(rendered) => Some(rendered.html.clone()),
            None => site.page_body(page).ok().map(|rendered| rendered.html),
        };
        let sources = Sources {
            written: &|path| sink.read(path),
            body: &body,
        };
        let index = crate::search::index(&sources, &site.library, &site.config);
        for file in collect(index, diagnostics).into_iter().flatten() {
            diagnostics.extend(sink.put(file).err());
        }
    }
    if record {
        log.bodies = bodies;
    }
    log
}

/// Runs one render, recording what it read when `record`.
fn run<T>(record: bool, render: impl FnOnce() -> T) -> (T, Option<Reads>) {
    if record {
        let (value, reads) = recording(render);
        (value, Some(reads))
    } else {
        (render(), None)
    }
}

/// Puts an output's files in `sink` as soon as they are made, so no build holds the site.
fn finish(
    output: Output,
    files: Result<Vec<OutputFile>, Diagnostic>,
    reads: Option<Reads>,
    sink: &dyn Sink,
) -> Done {
    let mut problems = Diagnostics::default();
    match files {
        Ok(files) => problems.extend(files.into_iter().filter_map(|f| sink.put(f).err())),
        Err(problem) => problems.push(problem),
    }
    Done {
        output,
        problems,
        reads,
        body: None,
    }
}

/// Takes what one page left: its problems, its body for the feeds and lists, its reads.
fn keep(done: Done, log: &mut ReadLog, bodies: &mut Bodies, diagnostics: &mut Diagnostics) {
    diagnostics.extend(done.problems);
    bodies.extend(done.body);
    if let Some(reads) = done.reads {
        log.by_output.insert(done.output, reads);
    }
}

/// The pages whose whole content a feed of `plan` shows, and every page when a list of the
/// plan (a section's, a term's, a template's `get_section`) names its pages' `content` or
/// `toc`, or when the plan's search index is made from the pages' bodies.
fn pages_shown_whole(site: &Site, plan: &Plan) -> HashSet<PageId> {
    let indexes_bodies = plan.contains(&Output::SearchIndex)
        && site.config.search.index_format.reads_bodies()
        && site.config.search.include_content;
    let shows_bodies = indexes_bodies
        || plan.outputs().any(|output| {
            !matches!(output, Output::Page(_) | Output::Feed { .. })
                && output
                    .template(site)
                    .is_some_and(|template| site.renderer.lists_show_bodies(&template))
        });
    if shows_bodies {
        return (0..site.library.pages.len()).map(PageId::new).collect();
    }
    plan.outputs()
        .filter_map(|output| match output {
            Output::Feed { filename, of } => Some(site.feed_request(*filename, *of)),
            _ => None,
        })
        .flat_map(|request| request.pages.iter().copied())
        .filter(|&i| !feed_shows_summary(&site.library.pages[i], &site.config))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::content::Entry;
    use crate::error::Diagnostics;
    use crate::output::Content;
    use crate::site::{BuildOptions, SiteUpdate, build_in_memory};

    #[test]
    fn an_update_uses_the_kept_bodies_of_the_pages_it_does_not_render() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "config.toml",
            "base_url = \"https://example.com\"\ngenerate_feeds = true\n",
        );
        write("content/a.md", "+++\ndate = 2026-01-02\n+++\nAlpha.\n");
        write("content/b.md", "+++\ndate = 2026-01-01\n+++\nBeta.\n");
        write("templates/page.html", "{{ page.content | safe }}");
        write("templates/index.html", "home");
        let mut diagnostics = Diagnostics::default();
        let (mut site, _) =
            build_in_memory(&BuildOptions::new(dir.path()), &mut diagnostics).unwrap();
        let Some(Entry::Page(b)) = site.library.get("b.md") else {
            panic!("b.md is a page")
        };
        let log = site.reads.as_mut().unwrap();
        assert!(log.bodies[&b].html.contains("Beta."));
        let mut kept = (*log.bodies[&b]).clone();
        kept.html = "<p>Kept.</p>".into();
        Arc::make_mut(&mut log.bodies).insert(b, Arc::new(kept));
        let edited = "+++\ndate = 2026-01-02\n+++\nAlpha edited.\n".to_string();
        let SiteUpdate::Applied(site, files) = site.update_page("a.md", edited, &mut diagnostics)
        else {
            panic!("a body edit is applied in place")
        };
        let feed = files.iter().find(|f| f.path == "atom.xml").unwrap();
        let Content::Bytes(bytes) = &feed.content else {
            panic!("rendered")
        };
        let feed = String::from_utf8_lossy(bytes);
        assert!(
            feed.contains("Alpha edited.") && feed.contains("Kept."),
            "{feed}"
        );
        let kept = &site.reads.as_ref().unwrap().bodies;
        assert!(kept[&b].html.contains("Kept.") && kept.len() == 2);
    }
}
