//! What each fuzz target checks, for any input: no panic, and the decoder's promise. The
//! libFuzzer binaries (`fuzz_targets/`) call these; the smoke test below runs each on the seeds
//! and a few thousand variants of them on stable, inside `cargo xtask test`.

use base64::Engine;
use wham_api::routes;
use wham_api::sse::SseParser;

/// Every target by name, for the smoke test and `cargo xtask fuzz`.
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("sse", sse),
    ("stream_item", stream_item),
    ("models", models),
    ("diff", diff),
    ("timestamp", timestamp),
    ("routes", routes),
    ("markdown", markdown),
    ("links", links),
    ("git_apply", git_apply),
];

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// SSE framing: the events do not depend on how the bytes are chunked, and a small limit only
/// drops events (with an error), never panics.
pub fn sse(data: &[u8]) {
    let Some((&split_seed, bytes)) = data.split_first() else { return };
    let whole = SseParser::new().push(bytes);
    let mut chunked_parser = SseParser::new();
    let mut chunked = Vec::new();
    let step = usize::from(split_seed % 7) + 1;
    for chunk in bytes.chunks(step) {
        chunked.extend(chunked_parser.push(chunk));
    }
    assert_eq!(whole, chunked, "chunking changed the events");
    let mut small = SseParser::with_limit(usize::from(split_seed) + 1);
    for event in small.push(bytes) {
        assert!(event.data.len() <= usize::from(split_seed) + 1);
    }
}

/// Turn-stream items in all three forms.
pub fn stream_item(data: &[u8]) {
    if let Ok(item) = wham_api::sse::StreamItem::parse(&text(data)) {
        let _ = item.kind();
        let _ = serde_json::to_string(&item);
    }
}

/// The models of every endpoint: any JSON decodes or fails cleanly, and what decodes encodes.
pub fn models(data: &[u8]) {
    use wham_api::models::*;
    fn check<T: serde::de::DeserializeOwned + serde::Serialize>(data: &[u8]) {
        if let Ok(value) = serde_json::from_slice::<T>(data) {
            let encoded = serde_json::to_vec(&value).expect("a decoded model encodes");
            let _ = serde_json::from_slice::<T>(&encoded);
        }
    }
    check::<TaskBundle>(data);
    check::<TaskListResponse>(data);
    check::<TurnMappingResponse>(data);
    check::<Turn>(data);
    check::<TurnLogs>(data);
    check::<EnvironmentList>(data);
    check::<EnvironmentDetail>(data);
    check::<UserSettings>(data);
    check::<AccountsCheck>(data);
    check::<ServerStatus>(data);
    let _ = wham_api::ApiErrorBody::parse(&text(data));
    // The decodes that read past a turn's history: they scan the text first (`json_skip`).
    let text = text(data);
    let _ = decode_without_logs::<TurnResponse>(&text);
    let _ = decode_without_history::<TaskBundle>(&text);
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
        let scanned = wham_api::json_skip::null_values_named(&text, &["logs", "thread_events"]);
        assert!(serde_json::from_str::<serde_json::Value>(&scanned).is_ok(), "a JSON text stays JSON: {value}");
    }
}

/// Unified diffs: counts agree with the rows, line numbers never wrap.
pub fn diff(data: &[u8]) {
    use wham_api::diff::{DiffRow, LineKind};
    let Some(files) = wham_api::diff::parse(&text(data)) else { return };
    for file in files {
        let added = file.rows.iter().filter(|row| matches!(row, DiffRow::Line { kind: LineKind::Added, .. })).count();
        let removed =
            file.rows.iter().filter(|row| matches!(row, DiffRow::Line { kind: LineKind::Removed, .. })).count();
        assert_eq!((file.added, file.removed), (added, removed));
    }
}

/// Timestamps: unknown, or a time a browser `Date` and a Rust `Duration` accept.
pub fn timestamp(data: &[u8]) {
    if let Ok(timestamp) = serde_json::from_slice::<wham_api::tolerant::Timestamp>(data) {
        if let Some(seconds) = timestamp.as_seconds() {
            assert!(seconds.is_finite() && (0.0..=wham_api::tolerant::LATEST_SECONDS).contains(&seconds));
            let _ = std::time::Duration::from_secs_f64(seconds);
        }
    }
}

/// Route matching: a path the table accepts has no segment another server could read as a
/// different path; a path built from the table with plain values is found again.
pub fn routes(data: &[u8]) {
    let input = text(data);
    let (method, path) = input.split_once(' ').unwrap_or(("GET", input.as_str()));
    if let Some(route) = routes::find(method, path) {
        assert_eq!(route.method.as_str(), method);
        for segment in path.split('/').skip(1) {
            let decoded = String::from_utf8_lossy(&percent_decode(segment)).into_owned();
            assert!(!decoded.is_empty() && decoded != "." && decoded != ".." && !decoded.contains(['/', '\\']));
        }
    }
    let index = data.first().map(|byte| usize::from(*byte) % routes::ALL.len()).unwrap_or(0);
    let route = routes::ALL[index].1;
    let value = input.get(1..).unwrap_or("");
    let names: Vec<&str> = route.template.split('{').skip(1).filter_map(|part| part.split('}').next()).collect();
    let params: Vec<(&str, &str)> = names.iter().map(|name| (*name, value)).collect();
    let built = route.path(&params);
    // Values that decode to a slash, a backslash or a control character are refused on purpose.
    let plain = !value.is_empty()
        && value != "."
        && value != ".."
        && !value.chars().any(|character| character == '/' || character == '\\' || character.is_control());
    if plain || names.is_empty() {
        let found = routes::find(route.method.as_str(), &built)
            .unwrap_or_else(|| panic!("a path built from the table is found: {built:?}"));
        assert_eq!(found.method, route.method);
    }
}

fn percent_decode(segment: &str) -> Vec<u8> {
    percent_encoding::percent_decode_str(segment).collect()
}

/// Markdown and citations: the HTML holds only allowed elements, attributes and URL schemes.
pub fn markdown(data: &[u8]) {
    let input = text(data);
    let html = wham_model::markdown::render(&input);
    if let Err(problem) = wham_model::markdown::check_output(&html) {
        panic!("unsafe markdown output ({problem}) for {input:?}: {html}");
    }
    let linked = wham_model::citations::link_inline(&input);
    let html = wham_model::markdown::render(&linked);
    if let Err(problem) = wham_model::markdown::check_output(&html) {
        panic!("unsafe citation output ({problem}) for {input:?}: {html}");
    }
    let environment: wham_api::models::Environment = serde_json::from_str(
        r#"{"id":"env","repos":["github-1"],"repo_map":{"github-1":{"id":"1","repository_full_name":"acme/app","default_branch":"main"}}}"#,
    )
    .expect("the fixture environment");
    for piece in wham_model::citations::split_inline(&input) {
        if let Err(wham_model::citations::Inline::File { path, lines }) = piece {
            // The page's preview link gives back exactly the cited path and lines.
            let fragment = wham_model::citations::file_fragment(&path, lines);
            if !path.is_empty() {
                assert_eq!(wham_model::citations::parse_file_fragment(&fragment), Some((path.clone(), lines)));
            }
            // Every file citation's GitHub link stays in the repository, at its ref, without
            // dot segments.
            if let Some(href) = wham_model::citations::github_blob_url(Some(&environment), Some("main"), &path, lines) {
                assert!(href.starts_with("https://github.com/acme/app/blob/main/"), "{href}");
                assert!(!href.split(['/', '#']).any(|segment| segment == ".." || segment == "."), "{href}");
            }
        }
    }
}

/// The URL policy: what it accepts is canonical and stays where it should.
pub fn links(data: &[u8]) {
    use wham_api::links::*;
    let input = text(data);
    if let Some(url) = pull_request_url(&input) {
        assert!(url.starts_with("https://github.com/"));
        assert_eq!(pull_request_url(&url).as_deref(), Some(url.as_str()), "canonical");
    }
    let mut parts = input.splitn(3, '\n');
    let (repo, git_ref, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if let Some(url) = github_blob_url(repo, git_ref, path, 1, 2) {
        let (owner, name) = repository(repo).expect("a linked repository is valid");
        assert!(url.starts_with(&format!("https://github.com/{owner}/{name}/blob/")));
        assert!(!url.split(['/', '#']).any(|segment| segment == ".." || segment == "."), "{url}");
        assert!(!url.contains(['\\', ' ', '"', '<', '>']), "{url}");
    }
    let _ = is_safe_link(&input);
}

/// Copy git apply: one terminator, at the end; no carriage return; decodes to the diff.
pub fn git_apply(data: &[u8]) {
    let diff = text(data);
    let command = wham_api::git_apply::command(&diff);
    assert!(!command.contains('\r'));
    let lines: Vec<&str> = command.lines().collect();
    let terminator = wham_api::git_apply::TERMINATOR;
    assert_eq!(lines.iter().filter(|line| **line == terminator).count(), 1);
    assert_eq!(lines.last(), Some(&terminator));
    let encoded: String = lines[1..lines.len() - 1].concat();
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded).expect("base64");
    let expected = if diff.is_empty() || diff.ends_with('\n') { diff.clone() } else { format!("{diff}\n") };
    assert_eq!(decoded, expected.as_bytes());
}

#[cfg(test)]
mod smoke {
    //! A bounded run of every target: the seeds, then variants made from them with a fixed
    //! pseudo-random sequence (so a failure repeats). Real fuzzing is `cargo xtask fuzz`.
    use super::TARGETS;
    use std::path::PathBuf;

    const VARIANTS_PER_TARGET: usize = 3_000;
    const TOKENS: &[&[u8]] = &[
        b"\n",
        b"\r",
        b"\r\n",
        b"data: ",
        b"id: ",
        b"..",
        b"%2e",
        b"/",
        b"\"",
        b"{",
        b"}",
        b"[",
        b"]",
        b"(",
        b")",
        b"`",
        b"\xe2\x80\xae",
        b"\xc3\xa9",
        b"\xff",
        b"@@ -1 +1 @@\n",
        b"18446744073709551615",
        b"NaN",
        b"1e13",
        b"javascript:",
        b"<script>",
        b"\xe3\x80\x90F:",
        b"\xe2\x80\xa0L1-L2\xe3\x80\x91",
        b"EOF",
        b"WHAM_PATCH_END",
    ];

    fn seeds(target: &str) -> Vec<Vec<u8>> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds").join(target);
        let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(&dir)
            .map(|entries| entries.filter_map(|entry| std::fs::read(entry.ok()?.path()).ok()).collect())
            .unwrap_or_default();
        seeds.sort();
        seeds.push(Vec::new());
        seeds
    }

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, bound: usize) -> usize {
            (self.next() % bound.max(1) as u64) as usize
        }
    }

    fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
        let mut bytes = input.to_vec();
        for _ in 0..=rng.below(4) {
            let at = rng.below(bytes.len() + 1);
            match rng.below(4) {
                0 => bytes.splice(at..at, TOKENS[rng.below(TOKENS.len())].iter().copied()).for_each(drop),
                1 if !bytes.is_empty() => {
                    let last = bytes.len() - 1;
                    bytes[at.min(last)] = rng.next() as u8;
                }
                2 => bytes.truncate(at),
                _ => bytes.insert(at, rng.next() as u8),
            }
        }
        bytes
    }

    #[test]
    fn every_target_survives_its_seeds_and_their_variants() {
        for (name, check) in TARGETS {
            let seeds = seeds(name);
            for seed in &seeds {
                check(seed);
            }
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ name.len() as u64);
            for _ in 0..VARIANTS_PER_TARGET {
                let seed = &seeds[rng.below(seeds.len())];
                check(&mutate(&mut rng, seed));
            }
        }
    }
}
