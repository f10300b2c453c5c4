//! The rendered Markdown of the pages that lists and feeds show whole. Zola gives every
//! entry of `section.pages`, `paginator.pages`, `term.pages` and a feed's `pages` its
//! `content` and `toc`; Quire keeps those bodies only when a template of such a list names
//! them, and hands them to the renders of lists on their thread, so the views that borrow
//! the model need no new argument.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use crate::content::PageId;
use crate::markdown::Rendered;

/// Pages' rendered Markdown, by page.
pub(crate) type Bodies = HashMap<PageId, Arc<Rendered>>;

thread_local! {
    /// The bodies the lists rendered on this thread may show.
    static SHOWN: RefCell<Option<Arc<Bodies>>> = const { RefCell::new(None) };
}

/// Runs `render` with `bodies` shown to the page lists it serializes. Renders nest.
pub(crate) fn while_shown<T>(bodies: &Arc<Bodies>, render: impl FnOnce() -> T) -> T {
    let outer = SHOWN.replace(Some(Arc::clone(bodies)));
    let value = render();
    SHOWN.set(outer);
    value
}

/// The body of page `id`, when the render on this thread was given it.
pub(crate) fn shown(id: PageId) -> Option<Arc<Rendered>> {
    SHOWN.with_borrow(|bodies| bodies.as_ref()?.get(&id).cloned())
}

/// True when the render on this thread was given pages' bodies.
pub(crate) fn are_shown() -> bool {
    SHOWN.with_borrow(Option::is_some)
}
