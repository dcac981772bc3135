//! cargo-fuzz target: arbitrary bytes as an offer file, through parse → analyse → every
//! text renderer. See `fuzz/README.md`.

#![no_main]

#[path = "../pipeline.rs"]
mod pipeline;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    pipeline::run(data);
});
