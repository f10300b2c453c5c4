//! Integration tests: one binary with modules, so it links once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod build;
mod cache;
mod check;
mod cli;
mod errors;
mod features;
mod properties;
mod reference;
mod reliability;
mod safety;
mod serve;
mod shortcodes;
mod support;
