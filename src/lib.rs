//! Quire: a static site generator for Markdown and Tera templates, compatible with Zola's
//! content format. The library holds the whole pipeline; the `quire` binary is a thin CLI.
//!
//! Data flows one way: [`config`] → [`content`] (load, parse, link) → [`markdown`] →
//! `render` (Tera) → [`output`] (streamed to a staging folder swapped in atomically),
//! driven by [`site`].

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub(crate) mod alternates;
pub(crate) mod assets;
pub mod cache;
pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod front_value;
pub mod markdown;
pub(crate) mod names;
pub mod output;
pub(crate) mod paginate;
pub mod progress;
pub(crate) mod render;
pub(crate) mod sass;
pub mod scaffold;
pub mod schema;
pub(crate) mod search;
pub mod serve;
pub mod site;
pub(crate) mod sitemap;
