//! Integration tests: one binary with modules, so it links once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod build;
mod check;
mod cli;
mod errors;
mod features;
mod reference;
mod serve;
mod support;
