//! Characters a person cannot see but that change what code means ("Trojan Source"): bidi
//! controls that reorder what is displayed, zero-width characters, and control characters
//! such as a carriage return, which a terminal and many viewers hide. Where a person reviews
//! code (diff lines, paths), these are shown as visible marks.

/// A piece of text: shown as it is, or an invisible character made visible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Plain(&'a str),
    /// The character, its visible mark (`␍`, `⟨U+202E⟩`) and its name for a tooltip.
    Invisible {
        character: char,
        mark: String,
        name: &'static str,
    },
}

/// The name of a character that must be made visible, or `None` for an ordinary one.
pub fn invisible_name(character: char) -> Option<&'static str> {
    Some(match character {
        '\t' => return None,
        '\r' => "CARRIAGE RETURN",
        '\u{0}'..='\u{1f}' | '\u{7f}' => "CONTROL CHARACTER",
        '\u{80}'..='\u{9f}' => "C1 CONTROL CHARACTER",
        '\u{ad}' => "SOFT HYPHEN",
        '\u{61c}' => "ARABIC LETTER MARK",
        '\u{180e}' => "MONGOLIAN VOWEL SEPARATOR",
        '\u{200b}' => "ZERO WIDTH SPACE",
        '\u{200c}' => "ZERO WIDTH NON-JOINER",
        '\u{200d}' => "ZERO WIDTH JOINER",
        '\u{200e}' => "LEFT-TO-RIGHT MARK",
        '\u{200f}' => "RIGHT-TO-LEFT MARK",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{202a}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202b}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202c}' => "POP DIRECTIONAL FORMATTING",
        '\u{202d}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202e}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2061}'..='\u{2064}' => "INVISIBLE OPERATOR",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{feff}' => "ZERO WIDTH NO-BREAK SPACE",
        _ => return None,
    })
}

/// Whether the text holds any character [`reveal`] would mark.
pub fn has_invisible(text: &str) -> bool {
    text.chars().any(|character| invisible_name(character).is_some())
}

/// Splits text into plain runs and marked invisible characters.
pub fn reveal(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut plain_start = 0;
    for (index, character) in text.char_indices() {
        if let Some(name) = invisible_name(character) {
            if plain_start < index {
                pieces.push(Piece::Plain(&text[plain_start..index]));
            }
            let mark = if character == '\r' { "␍".to_string() } else { format!("⟨U+{:04X}⟩", character as u32) };
            pieces.push(Piece::Invisible { character, mark, name });
            plain_start = index + character.len_utf8();
        }
    }
    if plain_start < text.len() {
        pieces.push(Piece::Plain(&text[plain_start..]));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_what_hides_and_keeps_the_rest() {
        let text = "if (admin\u{202E} \u{2066}// check\u{2069}) {\r";
        let pieces = reveal(text);
        let shown: String = pieces
            .iter()
            .map(|piece| match piece {
                Piece::Plain(text) => text.to_string(),
                Piece::Invisible { mark, .. } => mark.clone(),
            })
            .collect();
        assert_eq!(shown, "if (admin⟨U+202E⟩ ⟨U+2066⟩// check⟨U+2069⟩) {␍");
        assert!(has_invisible(text));
        assert!(!has_invisible("plain\ttext, ünïcödé, 日本語"));
        assert_eq!(reveal("plain"), vec![Piece::Plain("plain")]);
        assert_eq!(reveal(""), vec![]);
    }
}
