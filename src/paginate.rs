//! Pagination: a list of pages cut into pagers of `per_page`, the first at the list's own
//! path and the others at `<path><paginate_path>/<n>/`.

use crate::content::PageId;

/// One pager of a paginated list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pager<'a> {
    /// 1-based.
    pub(crate) index: usize,
    /// The site path this pager is written at.
    pub(crate) path: String,
    /// The pages on this pager.
    pub(crate) pages: &'a [PageId],
}

/// A list of pages shown over pagers of `per_page`: a section's or a term's. Sections and
/// terms are paginated by this one routine.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Listing<'a> {
    /// The site path of the list (its first pager).
    pub(crate) base_path: &'a str,
    /// The folder of the other pagers (`page` gives `/blog/page/2/`).
    pub(crate) paginate_path: &'a str,
    pub(crate) per_page: usize,
    /// The pages, in the list's order.
    pub(crate) pages: &'a [PageId],
}

impl<'a> Listing<'a> {
    /// How many pagers the list has; an empty list still has one (empty) pager.
    pub(crate) fn pager_count(&self) -> usize {
        self.pages.len().div_ceil(self.per_page.max(1)).max(1)
    }

    /// Pager `index` (1-based) of the list.
    pub(crate) fn pager(&self, index: usize) -> Pager<'a> {
        let per_page = self.per_page.max(1);
        let len = self.pages.len();
        Pager {
            index,
            path: pager_path(self.base_path, self.paginate_path, index),
            pages: &self.pages[((index - 1) * per_page).min(len)..(index * per_page).min(len)],
        }
    }
}

/// The site path of pager `index`: the base path for the first, `<base><paginate_path>/<n>/`
/// for the others.
pub(crate) fn pager_path(base_path: &str, paginate_path: &str, index: usize) -> String {
    if index == 1 {
        base_path.to_string()
    } else {
        format!("{base_path}{}/{index}/", paginate_path.trim_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(total: usize, per_page: usize) -> Vec<(usize, String, usize)> {
        let pages: Vec<PageId> = (0..total).map(PageId::new).collect();
        let listing = Listing {
            base_path: "/blog/",
            paginate_path: "page",
            per_page,
            pages: &pages,
        };
        (1..=listing.pager_count())
            .map(|index| listing.pager(index))
            .map(|p| (p.index, p.path, p.pages.len()))
            .collect()
    }

    #[test]
    fn one_page_makes_one_pager() {
        assert_eq!(shape(1, 10), [(1, "/blog/".to_string(), 1)]);
    }

    #[test]
    fn exactly_n_pages_make_one_full_pager() {
        assert_eq!(shape(10, 10), [(1, "/blog/".to_string(), 10)]);
    }

    #[test]
    fn n_plus_one_pages_make_a_second_pager_of_one() {
        assert_eq!(
            shape(11, 10),
            [
                (1, "/blog/".to_string(), 10),
                (2, "/blog/page/2/".to_string(), 1)
            ]
        );
    }

    #[test]
    fn no_pages_still_make_an_empty_first_pager() {
        assert_eq!(shape(0, 10), [(1, "/blog/".to_string(), 0)]);
    }
}
