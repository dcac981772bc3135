//! Writing outputs.
