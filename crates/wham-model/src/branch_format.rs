//! Branch name formats (`codex/{feature}`): a preview of the name a format gives, from the
//! tokens the service allows (`/wham/settings/configs/user-preferences`), or the tokens it uses
//! that the service does not know.

use wham_api::models::{branch_format_tokens, BranchFormatToken};

/// The branch name `format` gives with each token replaced by its example, or the tokens the
/// service does not know.
pub fn preview(format: &str, known: &[BranchFormatToken]) -> Result<String, Vec<String>> {
    let unknown: Vec<String> = branch_format_tokens(format)
        .into_iter()
        .filter(|token| !known.iter().any(|known| known.value == *token))
        .map(str::to_string)
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let mut name = format.to_string();
    for token in known {
        name = name.replace(&token.value, token.example.as_deref().unwrap_or("…"));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<BranchFormatToken> {
        [("{feature}", "fix-login"), ("{date}", "2025-09-25")]
            .into_iter()
            .map(|(value, example)| BranchFormatToken {
                value: value.into(),
                example: Some(example.into()),
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn previews_a_format_and_names_unknown_tokens() {
        assert_eq!(preview("codex/{feature}", &known()).unwrap(), "codex/fix-login");
        assert_eq!(preview("{date}-{feature}", &known()).unwrap(), "2025-09-25-fix-login");
        assert_eq!(preview("plain", &known()).unwrap(), "plain");
        assert_eq!(preview("codex/{nope}/{feature}/{x", &known()), Err(vec!["{nope}".to_string()]));
        assert_eq!(branch_format_tokens("a{b}c{d}{"), vec!["{b}", "{d}"]);
    }
}
