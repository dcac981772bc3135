//! The offer file.
