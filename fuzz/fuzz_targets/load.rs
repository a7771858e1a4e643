//! Any bytes given to the loader end in a workspace or a positioned error, never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = csp_studio::io::load_str(text, Path::new("fuzz.ron"));
    }
});
