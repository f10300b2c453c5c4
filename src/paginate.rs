//! Pagination: a list of pages cut into pagers of `per_page`, the first at the list's own
//! path and the others at `<path><paginate_path>/<n>/`.

/// One pager of a paginated list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager<'a> {
    /// 1-based.
    pub index: usize,
    /// The site path this pager is written at.
    pub path: String,
    /// The library indices of the pages on this pager.
    pub pages: &'a [usize],
}

/// Cuts `pages` into pagers; an empty list still gets one (empty) pager.
pub fn paginate<'a>(
    base_path: &str,
    paginate_path: &str,
    pages: &'a [usize],
    per_page: usize,
) -> Vec<Pager<'a>> {
    let per_page = per_page.max(1);
    let count = pages.len().div_ceil(per_page).max(1);
    (1..=count)
        .map(|index| Pager {
            index,
            path: pager_path(base_path, paginate_path, index),
            pages: &pages
                [((index - 1) * per_page).min(pages.len())..(index * per_page).min(pages.len())],
        })
        .collect()
}

/// The site path of pager `index`: the base path for the first, `<base><paginate_path>/<n>/`
/// for the others.
pub fn pager_path(base_path: &str, paginate_path: &str, index: usize) -> String {
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
        let pages: Vec<usize> = (0..total).collect();
        paginate("/blog/", "page", &pages, per_page)
            .into_iter()
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
