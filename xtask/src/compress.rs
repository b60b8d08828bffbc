//! Precompresses the built app: `dist/*.{wasm,js,css,html}` gain `.br` and `.gz` siblings, which
//! `wham-server --static` sends to a browser that accepts them (tower-http's `ServeDir`
//! chooses by `Accept-Encoding`). Compressed once at build time at the highest levels, not per
//! request. Uses the `brotli` and `flate2` crates.

use std::io::Write;
use std::path::Path;

/// What compression gave, per file: (name, raw, gzip, brotli) in bytes.
pub type Sizes = Vec<(String, u64, u64, u64)>;

pub fn compress_dist(dist: &Path) -> Result<Sizes, String> {
    let mut sizes = Vec::new();
    let entries = std::fs::read_dir(dist).map_err(|error| format!("cannot read {}: {error}", dist.display()))?;
    let mut paths: Vec<_> = entries.flatten().map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        let wanted = path
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| matches!(extension, "wasm" | "js" | "css" | "html"));
        if !wanted {
            continue;
        }
        let raw = std::fs::read(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let gzip = gzip(&raw)?;
        let brotli = brotli(&raw)?;
        let sibling = |suffix: &str| {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            std::path::PathBuf::from(name)
        };
        std::fs::write(sibling(".gz"), &gzip).map_err(|error| error.to_string())?;
        std::fs::write(sibling(".br"), &brotli).map_err(|error| error.to_string())?;
        let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        sizes.push((name, raw.len() as u64, gzip.len() as u64, brotli.len() as u64));
    }
    Ok(sizes)
}

fn gzip(raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(raw).map_err(|error| error.to_string())?;
    encoder.finish().map_err(|error| error.to_string())
}

fn brotli(raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut std::io::Cursor::new(raw), &mut out, &params).map_err(|error| error.to_string())?;
    Ok(out)
}

/// Whether a built file is fetched only when a page opens: the route chunks
/// (`split_<page>-<hash>.wasm`) and the chunks they share (`chunk_<n>-<hash>.wasm`).
pub fn loaded_later(name: &str) -> bool {
    name.ends_with(".wasm") && (name.starts_with("split_") || name.starts_with("chunk_"))
}

/// The sizes as a table for the log: the route chunks summed apart from the first load.
pub fn report(sizes: &Sizes) -> String {
    let mut lines = vec![format!("{:<40} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli")];
    let mut first = (0, 0, 0);
    let mut later = (0, 0, 0);
    let mut chunks = 0;
    for (name, raw, gzip, brotli) in sizes {
        let total = if loaded_later(name) { &mut later } else { &mut first };
        total.0 += raw;
        total.1 += gzip;
        total.2 += brotli;
        // The many small shared chunks are counted, not listed.
        if name.starts_with("chunk_") {
            chunks += 1;
        } else {
            lines.push(format!("{name:<40} {raw:>10} {gzip:>10} {brotli:>10}"));
        }
    }
    if chunks > 0 {
        lines.push(format!("({chunks} shared chunks, loaded with the pages that need them)"));
    }
    lines.push(format!("{:<40} {:>10} {:>10} {:>10}", "first load", first.0, first.1, first.2));
    lines.push(format!("{:<40} {:>10} {:>10} {:>10}", "loaded when pages open", later.0, later.1, later.2));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn route_chunks_are_not_in_the_first_load() {
        let sizes = vec![
            ("index.html".to_string(), 10, 5, 4),
            ("wham-web-0123456789abcdef_bg.wasm".to_string(), 100, 50, 40),
            ("split_task_page-0123456789abcdef.wasm".to_string(), 70, 30, 20),
            ("chunk_3-0123456789abcdef.wasm".to_string(), 7, 3, 2),
        ];
        let report = super::report(&sizes);
        assert!(
            report.contains("first load                                      110         55         44"),
            "{report}"
        );
        assert!(
            report.contains("loaded when pages open                           77         33         22"),
            "{report}"
        );
        assert!(report.contains("(1 shared chunks"), "{report}");
    }
}
