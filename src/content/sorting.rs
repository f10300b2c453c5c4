//! How lists of pages are ordered, as Zola orders them: one comparison per `sort_by` value,
//! ties broken by permalink, used by sections, taxonomies and feeds alike.

use std::cmp::Ordering;

use lexical_sort::natural_lexical_cmp;

use super::front_matter::SortBy;
use super::model::{Page, PageId};

/// Orders a section's pages by `sort_by`. Pages that lack what the order needs (a date, a
/// weight, a title) cannot be placed: they are taken out and returned, as Zola leaves them
/// out of the section's list. `SortBy::None` keeps file order.
pub(crate) fn sort_pages(
    indices: &mut Vec<PageId>,
    sort_by: SortBy,
    pages: &[Page],
) -> Vec<PageId> {
    if sort_by == SortBy::None {
        indices.sort_by(|&a, &b| pages[a].doc.relative_path.cmp(&pages[b].doc.relative_path));
        return Vec::new();
    }
    let (mut sortable, unsortable): (Vec<PageId>, Vec<PageId>) = indices
        .iter()
        .partition(|&&i| has_sort_key(&pages[i], sort_by));
    sortable.sort_by(|&a, &b| {
        compare(&pages[a], &pages[b], sort_by)
            .then_with(|| pages[a].permalink.cmp(&pages[b].permalink))
    });
    *indices = sortable;
    unsortable
}

/// Newest first, undated pages last; ties by permalink. The order of term pages and feeds.
pub(crate) fn newest_first(indices: &mut [PageId], pages: &[Page]) {
    indices.sort_by(|&a, &b| {
        let date = |i: PageId| pages[i].doc.meta.date.map(|d| d.to_moment());
        match (date(a), date(b)) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then_with(|| pages[a].permalink.cmp(&pages[b].permalink))
    });
}

fn has_sort_key(page: &Page, sort_by: SortBy) -> bool {
    let meta = &page.doc.meta;
    match sort_by {
        SortBy::Date => meta.date.is_some(),
        SortBy::UpdateDate => meta.date.is_some() || meta.updated.is_some(),
        SortBy::Weight => meta.weight.is_some(),
        SortBy::Title | SortBy::TitleBytes => meta.title.is_some(),
        SortBy::Slug | SortBy::Permalink | SortBy::None => true,
    }
}

/// `a` against `b` in the order `sort_by` gives, both having its key.
fn compare(a: &Page, b: &Page, sort_by: SortBy) -> Ordering {
    let (x, y) = (&a.doc.meta, &b.doc.meta);
    let title = |page: &'_ Page| {
        page.doc
            .meta
            .title
            .as_deref()
            .unwrap_or_default()
            .to_string()
    };
    match sort_by {
        SortBy::Date => y
            .date
            .map(|d| d.to_moment())
            .cmp(&x.date.map(|d| d.to_moment())),
        SortBy::UpdateDate => {
            let latest = |m: &super::front_matter::PageFrontMatter| {
                [m.date, m.updated]
                    .into_iter()
                    .flatten()
                    .map(|d| d.to_moment())
                    .max()
            };
            latest(y).cmp(&latest(x))
        }
        SortBy::Weight => x.weight.cmp(&y.weight),
        SortBy::Title => natural_lexical_cmp(&title(a), &title(b)),
        SortBy::TitleBytes => title(a).as_bytes().cmp(title(b).as_bytes()),
        SortBy::Slug => natural_lexical_cmp(&a.slug, &b.slug),
        SortBy::Permalink => a.permalink.cmp(&b.permalink),
        SortBy::None => Ordering::Equal,
    }
}
