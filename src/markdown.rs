//! Markdown for untrusted agent output: pulldown-cmark with raw HTML turned into text and
//! links limited to `http`, `https` and `mailto`. The result is safe for `inner_html` because
//! every piece of input text passes through pulldown-cmark's escaping.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

/// Whether a link or image target may be followed: the one URL policy, in `wham_api::links`.
pub use wham_api::links::is_safe_link as is_safe_url;

/// Renders markdown to HTML that cannot run script.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        // Raw HTML is shown as the text it is.
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let dest_url = if is_safe_url(&dest_url) { dest_url } else { CowStr::Borrowed("#unsafe-link-removed") };
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        // Images would fetch from anywhere the agent chose: show their alt text as a link instead.
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let dest_url = if is_safe_url(&dest_url) { dest_url } else { CowStr::Borrowed("#unsafe-link-removed") };
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        Event::End(pulldown_cmark::TagEnd::Image) => Event::End(pulldown_cmark::TagEnd::Link),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}
