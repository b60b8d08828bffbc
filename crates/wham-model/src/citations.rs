//! Citations in agent output: structured `repo_file_citation` / `terminal_chunk_citation` parts
//! and the inline forms in message text (`【F:path†L1-L3】` for a file, `【chunk†L1-L3】` for
//! terminal output), turned into the same links.

use wham_api::models::{Environment, PartialRepoSnapshot};

/// A line range, 1-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lines {
    pub start: usize,
    pub end: usize,
}

impl Lines {
    pub fn new(start: Option<i64>, end: Option<i64>) -> Lines {
        let start = start.unwrap_or(1).max(1) as usize;
        let end = (end.unwrap_or(start as i64).max(start as i64)) as usize;
        Lines { start, end }
    }

    pub fn label(&self) -> String {
        if self.start == self.end {
            format!("L{}", self.start)
        } else {
            format!("L{}-L{}", self.start, self.end)
        }
    }
}

/// An inline citation found in text.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    File { path: String, lines: Lines },
    Terminal { chunk: String, lines: Lines },
}

/// Reads `L1-L3`, `L7`, `L1-3` (and tolerates spaces).
fn parse_lines(text: &str) -> Option<Lines> {
    let text = text.trim();
    let (start, end) = match text.split_once('-') {
        Some((start, end)) => (start, end),
        None => (text, text),
    };
    let number = |part: &str| part.trim().trim_start_matches(['L', 'l']).parse::<i64>().ok();
    Some(Lines::new(Some(number(start)?), Some(number(end)?)))
}

fn parse_inline(inner: &str) -> Option<Inline> {
    let (target, range) = inner.split_once('†')?;
    let lines = parse_lines(range)?;
    match target.strip_prefix("F:") {
        Some(path) => Some(Inline::File { path: path.trim().to_string(), lines }),
        None => Some(Inline::Terminal { chunk: target.trim().to_string(), lines }),
    }
}

/// Splits text into plain pieces and inline citations, in order (adjacent plain text is one
/// piece).
pub fn split_inline(text: &str) -> Vec<Result<String, Inline>> {
    let mut pieces: Vec<Result<String, Inline>> = Vec::new();
    let push_text = |pieces: &mut Vec<Result<String, Inline>>, text: &str| match pieces.last_mut() {
        Some(Ok(last)) => last.push_str(text),
        _ => pieces.push(Ok(text.to_string())),
    };
    let mut rest = text;
    while let Some(open) = rest.find('【') {
        let after_open = &rest[open + '【'.len_utf8()..];
        let Some(close) = after_open.find('】') else {
            break;
        };
        match parse_inline(&after_open[..close]) {
            Some(citation) => {
                if open > 0 {
                    pieces.push(Ok(rest[..open].to_string()));
                }
                pieces.push(Err(citation));
            }
            None => pieces.push(Ok(rest[..open + '【'.len_utf8() + close + '】'.len_utf8()].to_string())),
        }
        rest = &after_open[close + '】'.len_utf8()..];
    }
    if !rest.is_empty() {
        push_text(&mut pieces, rest);
    }
    pieces
}

/// Escapes text so markdown reads it as plain text (in a link label or on its own): every ASCII
/// punctuation character gets a backslash, which CommonMark allows before any of them.
fn escape_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        if character.is_control() {
            out.push(' ');
            continue;
        }
        if character.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(character);
    }
    out
}

/// The GitHub blob URL of a file at the turn's commit (or branch) and line range.
pub fn github_blob_url(
    environment: Option<&Environment>,
    git_ref: Option<&str>,
    path: &str,
    lines: Lines,
) -> Option<String> {
    let repo = environment?.primary_repository()?;
    let full_name = repo.full_name()?;
    let git_ref = git_ref.filter(|git_ref| !git_ref.is_empty()).or(repo.default_branch.as_deref()).unwrap_or("HEAD");
    // The URL policy checks the name, ref and path (no `..`, every segment encoded).
    wham_api::links::github_blob_url(full_name, git_ref, path, lines.start, lines.end)
}

/// The fragment that opens the logs panel at a range (handled by the page, not the browser).
pub fn log_fragment(lines: Lines) -> String {
    format!("#log-{}-{}", lines.start, lines.end)
}

/// Reads a fragment made by [`log_fragment`].
pub fn parse_log_fragment(href: &str) -> Option<Lines> {
    let rest = href.rsplit('#').next()?.strip_prefix("log-")?;
    let (start, end) = rest.split_once('-')?;
    Some(Lines::new(start.parse().ok(), end.parse().ok()))
}

/// The fragment that opens the in-app preview of a cited file (handled by the page, not the
/// browser): `#file-3-5-src%2Fa.rs`, the path percent-encoded whole so no character of it can
/// end the link or reach the URL as anything but data.
pub fn file_fragment(path: &str, lines: Lines) -> String {
    format!("#file-{}-{}-{}", lines.start, lines.end, wham_api::routes::encode_component(path))
}

/// Reads a fragment made by [`file_fragment`].
pub fn parse_file_fragment(href: &str) -> Option<(String, Lines)> {
    let rest = href.rsplit_once('#')?.1.strip_prefix("file-")?;
    let mut parts = rest.splitn(3, '-');
    let start = parts.next()?.parse().ok()?;
    let end = parts.next()?.parse().ok()?;
    let path = percent_encoding::percent_decode_str(parts.next()?).decode_utf8().ok()?.into_owned();
    (!path.is_empty()).then(|| (path, Lines::new(Some(start), Some(end))))
}

/// Replaces inline citations in markdown with links the page follows itself: a file to its
/// preview (which also offers it on GitHub), terminal output to the logs at those lines.
pub fn link_inline(text: &str) -> String {
    split_inline(text)
        .into_iter()
        .map(|piece| match piece {
            Ok(plain) => plain,
            Err(Inline::File { path, lines }) => {
                let label = escape_label(&format!("{path}:{}", lines.label()));
                format!("[{label}]({})", file_fragment(&path, lines))
            }
            Err(Inline::Terminal { lines, .. }) => {
                format!("[terminal {}]({})", lines.label(), log_fragment(lines))
            }
        })
        .collect()
}

/// The lines of `path` in `range` that a snapshot holds, or why it has none.
pub fn snapshot_lines(
    snapshots: &[&PartialRepoSnapshot],
    path: &str,
    range: Lines,
) -> Result<Vec<(usize, String)>, String> {
    let mut reason = None;
    for snapshot in snapshots {
        for file in snapshot.files.iter().filter(|file| file.path == path) {
            if let Some(contents) = &file.contents {
                let lines: Vec<(usize, String)> = contents
                    .lines()
                    .enumerate()
                    .map(|(index, line)| (index + 1, line.to_string()))
                    .filter(|(number, _)| *number >= range.start && *number <= range.end)
                    .collect();
                if !lines.is_empty() {
                    return Ok(lines);
                }
            }
            for chunk in &file.line_range_contents {
                let first = chunk.line_range_start.unwrap_or(1).max(1) as usize;
                let lines: Vec<(usize, String)> = chunk
                    .content
                    .iter()
                    .enumerate()
                    .map(|(index, line)| (first + index, line.clone()))
                    .filter(|(number, _)| *number >= range.start && *number <= range.end)
                    .collect();
                if !lines.is_empty() {
                    return Ok(lines);
                }
            }
            if let Some(missing) = &file.missing_reason {
                reason = Some(missing.replace('_', " "));
            }
        }
    }
    Err(reason.unwrap_or_else(|| "no preview: the agent's snapshot does not include these lines".into()))
}
