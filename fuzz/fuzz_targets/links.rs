#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wham_fuzz::links(data));
