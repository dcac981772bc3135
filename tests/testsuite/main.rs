//! offerbrief's integration tests, in one binary (every extra test binary links typst
//! again): a module per capability, each opening with what it protects, and `support`
//! for the helpers they share.

mod alternatives;
mod bad_input;
mod bidi;
mod build;
mod call_sheet;
mod cases;
mod check;
mod cli;
mod emails;
mod faults;
mod hostile;
mod house;
mod legible;
mod limits;
mod lint;
mod pdf;
mod policyengine;
mod properties;
mod situations;
mod support;
mod templates;
mod terminal;
mod time;
mod watch;
mod writers;
