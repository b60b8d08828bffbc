//! Markdown for untrusted agent output: pulldown-cmark with raw HTML turned into text, links
//! limited by the one URL policy (`wham_api::links::is_safe_link`), images shown as links (an
//! image would fetch from wherever the agent chose), and nothing from the text in an attribute
//! but a checked `href` or `title`: a fenced block's language would become a class name, a table
//! alignment a `style` attribute, so both are dropped. The result is safe for `inner_html`: every
//! piece of input text passes through pulldown-cmark's escaping.

use pulldown_cmark::{html, Alignment, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

/// Whether a link or image target may be followed: the one URL policy, in `wham_api::links`.
pub use wham_api::links::is_safe_link as is_safe_url;

/// Where an unsafe link points instead.
const REMOVED: &str = "#unsafe-link-removed";

/// Renders markdown to HTML that cannot run script or restyle the page.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        // Raw HTML is shown as the text it is.
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let dest_url = if is_safe_url(&dest_url) { dest_url } else { CowStr::Borrowed(REMOVED) };
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let dest_url = if is_safe_url(&dest_url) { dest_url } else { CowStr::Borrowed(REMOVED) };
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        // `class="language-…"` would carry the agent's text into a class name.
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(CowStr::Borrowed(""))))
        }
        // `style="text-align: …"` would need inline styles, which the page's policy refuses.
        Event::Start(Tag::Table(alignments)) => Event::Start(Tag::Table(vec![Alignment::None; alignments.len()])),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// The elements [`render`] may produce, and the attributes each may carry. Used by the tests
/// and the fuzz target to check the output of any input.
pub const ALLOWED: &[(&str, &[&str])] = &[
    ("a", &["href", "title"]),
    ("blockquote", &[]),
    ("br", &[]),
    ("code", &[]),
    ("del", &[]),
    ("em", &[]),
    ("h1", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("hr", &[]),
    ("input", &["type", "disabled", "checked"]),
    ("li", &[]),
    ("ol", &["start"]),
    ("p", &[]),
    ("pre", &[]),
    ("strong", &[]),
    ("table", &[]),
    ("tbody", &[]),
    ("td", &[]),
    ("th", &[]),
    ("thead", &[]),
    ("tr", &[]),
    ("ul", &[]),
];

/// Checks rendered HTML: only [`ALLOWED`] elements and attributes, every `href` allowed by the
/// URL policy, `input` only as a disabled checkbox. `Err` names the first problem.
///
/// A small scanner, not a full HTML parser: it reads exactly the well-formed output
/// pulldown-cmark writes (escaped text, double-quoted attributes), and anything else in a tag
/// position is itself a failure.
pub fn check_output(html: &str) -> Result<(), String> {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let close = after.find('>').ok_or_else(|| format!("unclosed tag in {after:?}"))?;
        let tag = &after[..close];
        rest = &after[close + 1..];
        let tag = tag.strip_suffix('/').unwrap_or(tag);
        if let Some(name) = tag.strip_prefix('/') {
            if !ALLOWED.iter().any(|(allowed, _)| *allowed == name) {
                return Err(format!("closing tag </{name}> not allowed"));
            }
            continue;
        }
        let (name, mut attributes) = tag.split_once(' ').unwrap_or((tag, ""));
        let Some((_, allowed_attributes)) = ALLOWED.iter().find(|(allowed, _)| *allowed == name) else {
            return Err(format!("element <{name}> not allowed"));
        };
        while !attributes.trim().is_empty() {
            attributes = attributes.trim_start();
            let (attribute, after_name) =
                attributes.split_once('=').ok_or_else(|| format!("bare attribute in <{tag}>"))?;
            let value_and_rest =
                after_name.strip_prefix('"').ok_or_else(|| format!("unquoted attribute value in <{tag}>"))?;
            let end = value_and_rest.find('"').ok_or_else(|| format!("unterminated attribute in <{tag}>"))?;
            let value = &value_and_rest[..end];
            attributes = &value_and_rest[end + 1..];
            if !allowed_attributes.contains(&attribute) {
                return Err(format!("attribute {attribute} not allowed on <{name}>"));
            }
            if attribute == "href" && !is_safe_url(&unescape(value)) {
                return Err(format!("href {value:?} not allowed"));
            }
            if name == "input" && attribute == "type" && value != "checkbox" {
                return Err(format!("input type {value:?} not allowed"));
            }
        }
        if name == "input" && !tag.contains("disabled=\"\"") {
            return Err("an input that is not disabled".into());
        }
    }
    Ok(())
}

/// Undoes the escaping pulldown-cmark applies in attributes, so the URL policy sees what a
/// browser would.
fn unescape(value: &str) -> String {
    value.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_markdown_renders_inert() {
        for input in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "[x](java\tscript:alert(1))",
            "![x](javascript:alert(1))",
            "[x](//evil.example)",
            "```x dialog-backdrop\ncode\n```",
            "| a | b |\n|:--|--:|\n| 1 | 2 |",
            "- [x] done\n- [ ] todo",
            "<a href=\"javascript:x\">y</a>",
            "[x](\"onmouseover=alert(1))",
            "[x](<javascript:alert(1)>)",
            "[x]: javascript:alert(1)\n\n[x]",
        ] {
            let html = render(input);
            check_output(&html).unwrap_or_else(|problem| panic!("{input:?} → {html}: {problem}"));
            assert!(!html.contains("<script") && !html.contains("<img"), "{html}");
        }
        assert!(render("```x dialog-backdrop\ncode\n```").contains("<pre><code>code"));
    }

    #[test]
    fn the_checker_catches_what_it_should() {
        assert!(check_output("<p>ok <a href=\"https://x\">y</a></p>").is_ok());
        assert!(check_output("<img src=\"x\">").is_err());
        assert!(check_output("<p class=\"x\">").is_err());
        assert!(check_output("<a href=\"javascript:x\">").is_err());
        assert!(check_output("<th style=\"text-align: left\">").is_err());
        assert!(check_output("<input type=\"text\" disabled=\"\"/>").is_err());
    }
}
