//! The "Copy git apply" text: a command a person pastes into a terminal to apply a diff.
//!
//! The diff is hostile (an agent steered by a repository can write anything into it), so it
//! never appears in the command as text: a heredoc with the diff inside ends at the first line
//! equal to its terminator, and a carriage return in a line makes a terminal see such a line
//! where the diff has none, so the rest would run as commands. Here the diff is base64 (only
//! `A-Z a-z 0-9 + / =`, in lines of 76), decoded by `base64 --decode` into `git apply`. The
//! terminator holds `_`, which base64 never writes, so no content can end the heredoc early.

use base64::Engine;

/// The heredoc terminator: not a base64 line, whatever the diff.
pub const TERMINATOR: &str = "WHAM_PATCH_END";

/// A command that applies `diff` when pasted into a POSIX shell (bash, zsh, dash).
pub fn command(diff: &str) -> String {
    let mut text = String::from("base64 --decode <<'");
    text.push_str(TERMINATOR);
    text.push_str("' | git apply --3way\n");
    let encoded = base64::engine::general_purpose::STANDARD.encode(ensure_final_newline(diff).as_bytes());
    // Lines of 76, as MIME and `base64` itself write them; the decoder ignores the newlines.
    for line in encoded.as_bytes().chunks(76) {
        // Base64 output is ASCII, so every chunk is UTF-8.
        text.push_str(std::str::from_utf8(line).unwrap_or_default());
        text.push('\n');
    }
    text.push_str(TERMINATOR);
    text.push('\n');
    text
}

/// `git apply` wants the last line of a patch ended.
fn ensure_final_newline(diff: &str) -> String {
    if diff.is_empty() || diff.ends_with('\n') {
        diff.to_string()
    } else {
        format!("{diff}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::process::{Command, Stdio};

    /// Runs the command in a real shell with `git apply` replaced by writing stdin to a file,
    /// and returns what would have been applied plus everything the shell printed.
    fn paste_into_shell(command_text: &str) -> (String, String) {
        let dir = std::env::temp_dir().join(format!(
            "wham-git-apply-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("applied.patch");
        let script = command_text.replace("| git apply --3way", &format!("> '{}'", out.display()));
        let mut child = Command::new("sh")
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sh");
        child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
        let output = child.wait_with_output().unwrap();
        let applied = std::fs::read_to_string(&out).unwrap_or_default();
        std::fs::remove_dir_all(&dir).ok();
        (applied, format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)))
    }

    #[test]
    fn no_diff_content_can_end_the_heredoc() {
        for diff in [
            "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n",
            "+line\nEOF\necho PWNED-EOF\n",
            "+ok\rEOF\recho PWNED-CR\r\n",
            "+x\nWHAM_PATCH_END\necho PWNED-TERMINATOR\n",
            "+'\n'\"$(echo PWNED-SUBST)\"`echo PWNED-TICK`\n",
            "+ünïcödé \u{202E} bidi\n",
            "no final newline",
        ] {
            let text = command(diff);
            assert!(!text.contains('\r'));
            let body: Vec<&str> = text.lines().skip(1).collect();
            assert_eq!(body.iter().filter(|line| **line == TERMINATOR).count(), 1, "one terminator: {text}");
            assert_eq!(body.last(), Some(&TERMINATOR));
            let (applied, printed) = paste_into_shell(&text);
            assert_eq!(applied, ensure_final_newline(diff), "the shell decoded exactly the diff");
            assert!(!printed.contains("PWNED"), "the diff ran as commands: {printed}");
        }
    }
}
