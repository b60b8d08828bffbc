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

/// The modules fetched right after the first load, without waiting for a page to open: the
/// parts of the list page the task rows do not need (`split_<name>_part` or `_parts`) and
/// every shared chunk they import, directly or through another chunk. Read from the loader
/// module that `wasm_split_cli_support` writes (`wham-split-<hash>.js`), whose
/// `makeLoad(…, [deps])` calls name each module's imports. Names are without their hash:
/// `split_list_parts`, `chunk_11`.
pub fn right_after_start(loader: &str) -> std::collections::BTreeSet<String> {
    use std::collections::{BTreeMap, BTreeSet};
    // Each module's name (`__chunk_11`, `__wasm_split_load_list_parts`) and its imports.
    let mut imports: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for block in loader.split("const __").skip(1) {
        let Some((name, rest)) = block.split_once(" = ") else { continue };
        let name = format!("__{}", name.trim());
        if !rest.contains("makeLoad(") {
            continue;
        }
        let list = rest.rsplit_once(", [").map(|(_, list)| list).unwrap_or("");
        let list = list.split(']').next().unwrap_or("");
        let deps = list.split(',').map(str::trim).filter(|dep| !dep.is_empty()).map(str::to_string).collect();
        imports.insert(name, deps);
    }
    let mut wanted: Vec<String> = imports
        .keys()
        .filter(|name| name.starts_with("__wasm_split_load_") && (name.ends_with("_part") || name.ends_with("_parts")))
        .cloned()
        .collect();
    let mut seen = BTreeSet::new();
    while let Some(name) = wanted.pop() {
        if seen.insert(name.clone()) {
            wanted.extend(imports.get(&name).into_iter().flatten().cloned());
        }
    }
    seen.into_iter()
        .map(|name| match name.strip_prefix("__wasm_split_load_") {
            Some(part) => format!("split_{part}"),
            None => name.trim_start_matches("__").to_string(),
        })
        .collect()
}

/// `name` without its `-<hash>.ext`.
fn stem_of(name: &str) -> &str {
    name.rsplit_once('-').map(|(stem, _)| stem).unwrap_or(name)
}

/// The sizes as a table for the log: the first load, what comes right after it (`right_after`,
/// from [`right_after_start`]), and the route chunks, summed apart.
pub fn report(sizes: &Sizes, right_after: &std::collections::BTreeSet<String>) -> String {
    let mut lines = vec![format!("{:<40} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli")];
    let mut first = (0, 0, 0);
    let mut after = (0, 0, 0);
    let mut later = (0, 0, 0);
    let mut chunks = 0;
    for (name, raw, gzip, brotli) in sizes {
        let total = if right_after.contains(stem_of(name)) {
            &mut after
        } else if loaded_later(name) {
            &mut later
        } else {
            &mut first
        };
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
        lines.push(format!("({chunks} shared chunks, loaded with the pages and parts that need them)"));
    }
    lines.push(format!("{:<40} {:>10} {:>10} {:>10}", "first load", first.0, first.1, first.2));
    lines.push(format!(
        "{:<40} {:>10} {:>10} {:>10}",
        "right after it (parts, their chunks)", after.0, after.1, after.2
    ));
    lines.push(format!("{:<40} {:>10} {:>10} {:>10}", "loaded when pages open", later.0, later.1, later.2));
    lines.join("\n")
}

/// [`report`] for a built `dist/`, reading the split build's loader module for what comes right
/// after start (as written, in `target/split/`: the one in `dist/` is minified).
pub fn report_dist(dist: &Path, sizes: &Sizes) -> String {
    let split = dist.parent().map(|root| root.join("target/split")).unwrap_or_default();
    let loader = std::fs::read_dir(split)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name().and_then(|name| name.to_str()).is_some_and(|name| name.starts_with("wham-split-"))
        })
        .and_then(|path| std::fs::read_to_string(path).ok())
        .unwrap_or_default();
    report(sizes, &right_after_start(&loader))
}

#[cfg(test)]
mod tests {
    #[test]
    fn route_chunks_are_not_in_the_first_load() {
        let sizes = vec![
            ("index.html".to_string(), 10, 5, 4),
            ("wham-web-0123456789abcdef_bg.wasm".to_string(), 100, 50, 40),
            ("split_task_page-0123456789abcdef.wasm".to_string(), 70, 30, 20),
            ("split_quick_start_part-0123456789abcdef.wasm".to_string(), 9, 6, 5),
            ("chunk_3-0123456789abcdef.wasm".to_string(), 7, 3, 2),
            ("chunk_4-0123456789abcdef.wasm".to_string(), 2, 1, 1),
        ];
        let right_after = ["split_quick_start_part", "chunk_4"].map(str::to_string).into_iter().collect();
        let report = super::report(&sizes, &right_after);
        assert!(
            report.contains("first load                                      110         55         44"),
            "{report}"
        );
        assert!(
            report.contains("right after it (parts, their chunks)             11          7          6"),
            "{report}"
        );
        assert!(
            report.contains("loaded when pages open                           77         33         22"),
            "{report}"
        );
        assert!(report.contains("(2 shared chunks"), "{report}");
    }

    #[test]
    fn parts_bring_the_chunks_they_import_and_theirs() {
        let loader = r#"
const __chunk_1 = makeLoad(() => {
    const src = fetch(new URL("./chunk_1-0a.wasm", import.meta.url));
}
, []);
const __chunk_2 = makeLoad(() => {
    const src = fetch(new URL("./chunk_2-0a.wasm", import.meta.url));
}
, [__chunk_1]);
const __chunk_3 = makeLoad(() => {
}
, []);
export const __wasm_split_load_list_parts = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_list_parts-0a.wasm", import.meta.url));
}
, [__chunk_2]));
export const __wasm_split_load_task_page = wrapAsyncCb(makeLoad(() => {
}
, [__chunk_3]));
"#;
        let found: Vec<String> = super::right_after_start(loader).into_iter().collect();
        assert_eq!(found, ["chunk_1", "chunk_2", "split_list_parts"]);
    }
}
