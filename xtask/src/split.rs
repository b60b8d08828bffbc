//! The release app split by route. Trunk builds `dist/` whole (index.html, styles, the loader);
//! this then builds the wasm again with the `split` feature, cuts it at the split points
//! `src/pages/lazy.rs` marks (`wasm_split_cli_support`, the tool behind Leptos's own
//! `cargo leptos --split`), runs wasm-bindgen and wasm-opt on the main module, and puts the
//! result in place of Trunk's wasm and JS under the same names. The chunks and the module that
//! loads them get hashed names too, so the server can cache every built file for good.
//!
//! Trunk cannot do this itself: the split must come between cargo and wasm-bindgen, where Trunk
//! has no hook.

use crate::{repo_root, run, Step};
use std::path::{Path, PathBuf};

/// The flags `index.html` gives Trunk's wasm-opt (the features rustc enables by default).
const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// `cargo xtask build`: the release app in `dist/`, as it is deployed: built by Trunk, split by
/// route, precompressed.
pub fn build_release() -> Result<(), String> {
    crate::tools::ensure_build_tools()?;
    run(Step::new("release build of the app", "trunk").args(["build", "--release", "--offline"]))?;
    let dist = repo_root().join("dist");
    let chunks = split_dist(&dist)?;
    println!("split into the main module and {} chunks", chunks.len());
    let sizes = crate::compress::compress_dist(&dist)?;
    println!("{}", crate::compress::report_dist(&dist, &sizes));
    Ok(())
}

/// Replaces the wasm and JS in a Trunk-built `dist/` with the split build. Returns the chunk
/// files written.
pub fn split_dist(dist: &Path) -> Result<Vec<PathBuf>, String> {
    let (stem, hash) = trunk_names(dist)?;
    run(Step::new("release build of the app, split by route", "cargo").args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "--bin",
        "wham-web",
        "--features",
        "split",
    ]))?;
    let input = repo_root().join("target/wasm32-unknown-unknown/release/wham-web.wasm");
    let input_wasm = std::fs::read(&input).map_err(|error| format!("cannot read {}: {error}", input.display()))?;
    let work = repo_root().join("target/split");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|error| error.to_string())?;

    // 1. Cut the module: the main module (still to go through wasm-bindgen), a chunk per split
    //    point (and shared chunks), and the JS module that loads them.
    let main_wasm = work.join("main.wasm");
    let link_name = format!("./wham-split-{hash}.js");
    let main_module = format!("./{stem}.js");
    let mut options = wasm_split_cli_support::Options::new(&input_wasm);
    options.output_dir = &work;
    options.main_out_path = &main_wasm;
    options.link_name = &link_name;
    options.main_module = &main_module;
    let split = wasm_split_cli_support::transform(options).map_err(|error| format!("splitting the wasm: {error:#}"))?;

    // 2. The main module through wasm-bindgen (the JS glue imports the loader module by the
    //    name the main module asks for) and wasm-opt, as Trunk would have.
    let bindgen = work.join("bindgen");
    run(Step::new("wasm-bindgen (split main module)", "wasm-bindgen")
        // The chunks import the main module's function table and memory by their linker names.
        .args(["--target", "web", "--no-typescript", "--keep-lld-exports", "--out-name", &stem, "--out-dir"])
        .arg(&bindgen)
        .arg(&main_wasm))?;
    let main_bg = bindgen.join(format!("{stem}_bg.wasm"));
    let glue = bindgen.join(format!("{stem}.js"));
    drop_unused_classes(&main_bg, &glue)?;
    run(Step::new("wasm-opt -Oz (split main module)", "wasm-opt")
        .arg("-Oz")
        .args(WASM_OPT_FEATURES.iter().copied())
        .arg(&main_bg)
        .arg("-o")
        .arg(&main_bg))?;

    // 3. Into dist/: the glue (minified) and main module under Trunk's names, each chunk
    //    renamed with the build's hash (and the loader told so, then minified).
    minify_js(&glue, &dist.join(format!("{stem}.js")))?;
    copy(&main_bg, &dist.join(format!("{stem}_bg.wasm")))?;
    let link_file = work.join(link_name.trim_start_matches("./"));
    let mut loader =
        std::fs::read_to_string(&link_file).map_err(|error| format!("cannot read {}: {error}", link_file.display()))?;
    let mut written = Vec::new();
    for chunk in &split.split_modules {
        let name = chunk.file_stem().and_then(|name| name.to_str()).ok_or("a chunk without a name")?;
        let hashed = format!("{name}-{hash}.wasm");
        loader = loader.replace(&format!("\"./{name}.wasm\""), &format!("\"./{hashed}\""));
        let target = dist.join(&hashed);
        run(Step::new(&format!("wasm-opt -Oz ({name})"), "wasm-opt")
            .arg("-Oz")
            .args(WASM_OPT_FEATURES.iter().copied())
            .arg(chunk)
            .arg("-o")
            .arg(&target))?;
        written.push(target);
    }
    let loader = fetch_at_low_priority(&loader, split.split_modules.len())?;
    std::fs::write(&link_file, loader).map_err(|error| error.to_string())?;
    minify_js(&link_file, &dist.join(link_name.trim_start_matches("./")))?;

    // 4. Trunk's integrity hashes were of its own files; these replace them. The page asks for
    //    the chunk loader itself, beside the glue that imports it.
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|error| error.to_string())?;
    let html = preload_chunk_loader(&strip_integrity(&html), link_name.trim_start_matches('.'))?;
    let html = write_page_code(&html, &page_code(&split.prefetch_map, &hash))?;
    std::fs::write(&index, html).map_err(|error| error.to_string())?;
    Ok(written)
}

/// The main module and its glue without the classes the app never uses (see
/// `unused_exports.rs`), before wasm-opt drops their code.
fn drop_unused_classes(wasm_path: &Path, glue_path: &Path) -> Result<(), String> {
    use crate::unused_exports::{drop_classes, drop_exports, UNUSED_CLASSES};
    let wasm = std::fs::read(wasm_path).map_err(|error| format!("cannot read {}: {error}", wasm_path.display()))?;
    let glue =
        std::fs::read_to_string(glue_path).map_err(|error| format!("cannot read {}: {error}", glue_path.display()))?;
    let (wasm, dropped) = drop_exports(&wasm, UNUSED_CLASSES)?;
    let glue = drop_classes(&glue, UNUSED_CLASSES)?;
    std::fs::write(wasm_path, wasm).map_err(|error| error.to_string())?;
    std::fs::write(glue_path, glue).map_err(|error| error.to_string())?;
    println!("dropped {dropped} exports of {} unused classes", UNUSED_CLASSES.len());
    Ok(())
}

/// How the loader wasm-split writes (0.2) asks for a module: `fetch(new URL("./x.wasm",
/// import.meta.url))`, one for each of the `modules`.
const LOADER_FETCH_END: &str = ", import.meta.url));";

/// The loader's requests for code at low priority: most are made ahead of need (the list's
/// prompt box and header tools after the first rows, every page's code in the background), and
/// a page's own request for its answers must not wait behind them for one of the browser's six
/// connections to the server (an API request made while the pages' code came took up to 160 ms
/// instead of 10; the bench's "update rows", which fell on that moment, 598 ms, then 65 ms with
/// this). A page opened by the person asks for its code when nothing else is waiting, so low
/// priority costs it nothing. An error when the loader no longer asks for each module as
/// expected (a build that silently lost this would only show in the bench).
fn fetch_at_low_priority(loader: &str, modules: usize) -> Result<String, String> {
    let found = loader.matches(LOADER_FETCH_END).count();
    if found != modules {
        return Err(format!(
            "the chunk loader asks for {found} modules the expected way, not {modules}: has wasm-split's loader changed?"
        ));
    }
    Ok(loader.replace(LOADER_FETCH_END, ", import.meta.url), { priority: \"low\" });"))
}

/// Each split module's files as the site serves them (`/chunk_9-<hash>.wasm`), the module's own
/// last, as JSON: `{"task_page": ["/chunk_9-ab.wasm", …, "/split_task_page-ab.wasm"]}`.
/// wasm-split's `prefetch_map` names them by file stem, before the build's hash is added.
fn page_code(prefetch_map: &std::collections::HashMap<String, Vec<String>>, hash: &str) -> String {
    let by_module: std::collections::BTreeMap<&str, Vec<String>> = prefetch_map
        .iter()
        .map(|(module, stems)| (module.as_str(), stems.iter().map(|stem| format!("/{stem}-{hash}.wasm")).collect()))
        .collect();
    serde_json::to_string(&by_module).expect("a map of strings is JSON")
}

/// The empty JSON block `index.html` keeps for the lazily loaded pages' code (`id="page-code"`),
/// filled with `json`: the page's early script preloads a page's code from it when the page is
/// opened by its address. An error when the block is missing (index.html changed without this).
fn write_page_code(html: &str, json: &str) -> Result<String, String> {
    const EMPTY_BLOCK_END: &str = ">{}</script>";
    let at = html
        .find(EMPTY_BLOCK_END)
        .filter(|at| html[..*at].rfind("<script").is_some_and(|tag| html[tag..*at].contains("page-code")));
    let Some(at) = at else {
        return Err("index.html has no empty `page-code` JSON block for the pages' code".into());
    };
    // `</` cannot occur in the JSON's file names, so the block cannot end early.
    Ok(format!("{}>{json}</script>{}", &html[..at], &html[at + EMPTY_BLOCK_END.len()..]))
}

/// A `modulepreload` for the chunk loader (`path`, from the site's root), which the glue
/// imports: without it the browser finds the loader only once the glue has arrived and been
/// parsed, a round trip later, and the app cannot start before both are in (20 runs of the
/// start probe alternating with the build before: first rows in the page 210 → 177 ms).
/// Trunk preloads the glue and the wasm; this adds the one module it does not know of.
fn preload_chunk_loader(html: &str, path: &str) -> Result<String, String> {
    let head_end = html.find("</head>").ok_or("index.html has no </head> to add the chunk loader's preload to")?;
    let preload = format!("<link rel=modulepreload crossorigin href={path}>");
    Ok(format!("{}{preload}{}", &html[..head_end], &html[head_end..]))
}

/// `wham-web-<hash>` and `<hash>` from the JS glue Trunk wrote.
fn trunk_names(dist: &Path) -> Result<(String, String), String> {
    let entries = std::fs::read_dir(dist).map_err(|error| format!("cannot read {}: {error}", dist.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".js").filter(|stem| stem.starts_with("wham-web-")) {
            let hash = stem.trim_start_matches("wham-web-").to_string();
            return Ok((stem.to_string(), hash));
        }
    }
    Err(format!("no wham-web-<hash>.js in {}: run trunk build first", dist.display()))
}

/// wasm-bindgen's glue and the chunk loader are written for people to read: terser (from npm,
/// beside wasm-opt) compresses and mangles them as ES modules, a third less to download.
fn minify_js(from: &Path, to: &Path) -> Result<(), String> {
    let name = from.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    run(Step::new(&format!("terser ({name})"), "terser")
        .arg(from)
        .args(["--module", "--compress", "--mangle", "-o"])
        .arg(to))
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|error| format!("cannot copy {} to {}: {error}", from.display(), to.display()))
}

/// Removes every `integrity` attribute, quoted (`integrity="…"`) or, as Trunk's minified
/// index.html writes it, bare (`integrity=sha384-…`, up to the next space or `>`).
fn strip_integrity(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(" integrity=") {
        out.push_str(&rest[..start]);
        let value = &rest[start + " integrity=".len()..];
        rest = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let inside = &value[1..];
                inside.find(quote).map(|end| &inside[end + 1..]).unwrap_or("")
            }
            _ => value.find([' ', '>']).map(|end| &value[end..]).unwrap_or(""),
        };
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_loader_asks_for_each_module_at_low_priority() {
        let loader = concat!(
            "const src = fetch(new URL(\"./chunk_1-ab.wasm\", import.meta.url));\n",
            "const src = fetch(new URL(\"./split_task_page-ab.wasm\", import.meta.url));\n",
        );
        let rewritten = super::fetch_at_low_priority(loader, 2).unwrap();
        assert_eq!(rewritten.matches("import.meta.url), { priority: \"low\" });").count(), 2);
        assert!(super::fetch_at_low_priority(loader, 3).is_err(), "a module the loader asks for otherwise");
    }

    #[test]
    fn the_page_preloads_the_chunk_loader_in_its_head() {
        let html = "<html><head><link crossorigin href=/wham-web-ab.js rel=modulepreload></head><body></body>";
        assert_eq!(
            super::preload_chunk_loader(html, "/wham-split-ab.js").unwrap(),
            "<html><head><link crossorigin href=/wham-web-ab.js rel=modulepreload>\
             <link rel=modulepreload crossorigin href=/wham-split-ab.js></head><body></body>"
        );
        assert!(super::preload_chunk_loader("<p>no head</p>", "/wham-split-ab.js").is_err());
    }

    #[test]
    fn the_pages_code_is_written_into_its_json_block_with_the_builds_hash() {
        let map = std::collections::HashMap::from([(
            "task_page".to_string(),
            vec!["chunk_9".to_string(), "split_task_page".to_string()],
        )]);
        let json = super::page_code(&map, "ab");
        assert_eq!(json, r#"{"task_page":["/chunk_9-ab.wasm","/split_task_page-ab.wasm"]}"#);
        let html = "<head><script id=page-code type=application/json>{}</script><script>x({})</script></head>";
        assert_eq!(
            super::write_page_code(html, &json).unwrap(),
            format!("<head><script id=page-code type=application/json>{json}</script><script>x({{}})</script></head>")
        );
        assert!(super::write_page_code("<head><script>x({})</script></head>", &json).is_err(), "no page-code block");
    }

    #[test]
    fn strips_bare_integrity_attributes_of_minified_html() {
        let html = "<link href=/m.css integrity=sha384-Xp/2+a rel=stylesheet><link href=/a.js integrity=sha384-J0>";
        assert_eq!(super::strip_integrity(html), "<link href=/m.css rel=stylesheet><link href=/a.js>");
    }

    #[test]
    fn strips_integrity_attributes_only() {
        let html = r#"<link rel="modulepreload" href="/a.js" crossorigin="anonymous" integrity="sha384-abc"><p>x</p>"#;
        assert_eq!(
            super::strip_integrity(html),
            r#"<link rel="modulepreload" href="/a.js" crossorigin="anonymous"><p>x</p>"#
        );
    }
}
