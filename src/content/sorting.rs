//! How lists of pages are ordered: one sort per `sort_by` value, with one tie-break (the
//! content path), used by sections, taxonomies and feeds alike.

use std::cmp::Ordering;

use super::front_matter::SortBy;
use super::library::Page;

/// Orders a section's pages: by date (newest first), weight (lightest first), title, or
/// file order; pages without the key go last, ties keep file order.
pub fn sort_pages(indices: &mut [usize], sort_by: SortBy, pages: &[Page]) {
    let file_order = |i: &usize| pages[*i].doc.relative_path.as_str();
    match sort_by {
        SortBy::None => indices.sort_by(|a, b| file_order(a).cmp(file_order(b))),
        SortBy::Date => newest_first(indices, pages),
        SortBy::Weight => indices.sort_by(|a, b| {
            let weight = |i: &usize| pages[*i].doc.meta.weight;
            (weight(a).is_none(), weight(a), file_order(a)).cmp(&(
                weight(b).is_none(),
                weight(b),
                file_order(b),
            ))
        }),
        SortBy::Title => indices.sort_by_cached_key(|i| {
            let title = pages[*i].doc.meta.title.as_deref().unwrap_or_default();
            (title.to_lowercase(), file_order(i).to_string())
        }),
    }
}

/// Newest first; undated pages last; ties by content path.
pub fn newest_first(indices: &mut [usize], pages: &[Page]) {
    indices.sort_by(|&a, &b| {
        let date = |i: usize| pages[i].doc.meta.date.map(|d| d.to_moment());
        match (date(a), date(b)) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then_with(|| pages[a].doc.relative_path.cmp(&pages[b].doc.relative_path))
    });
}
