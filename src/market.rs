//! Market data.
