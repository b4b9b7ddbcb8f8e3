#![allow(unreachable_pub)] // an integration-test crate has no public API
#![allow(clippy::print_stderr)] // tests say loudly when they skip
//! Integration tests: build real fixture sites in temporary folders and
//! assert on the output, the diagnostics and the exit status.

mod bad_input;
mod browser;
mod build;
mod cards;
mod cli;
mod docs;
mod guidelines;
mod html_valid;
mod images;
mod incremental;
mod links;
mod output;
mod report;
mod serve;
mod social;
mod support;
