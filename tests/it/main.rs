//! Integration tests: one binary with modules, so it links once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod build;
mod cache;
mod check;
mod cli;
mod errors;
mod extras;
mod features;
mod functions;
mod fuzz;
mod interrupt;
mod languages;
mod markdown_options;
mod output_folders;
mod outputs;
mod properties;
mod reference;
mod reliability;
mod safety;
mod scale;
mod search_formats;
mod serve;
mod serve_watch;
mod shortcodes;
mod support;
mod template_recursion;
mod themes;
mod zola_api;
mod zola_content;
