//! Opaque cursors for keyset pagination over tasks ordered newest first.
//!
//! A cursor names the last row of the previous page (its `updated_at` and id), not an offset,
//! so tasks created or updated between two page loads cause neither gaps nor repeats among the
//! rows that did not move.

use crate::error::AppError;

/// Rows per page when the client gives no `limit`, and the most it may ask for.
pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;

/// The position after which the next page starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    pub updated_at: f64,
    pub id: String,
}

/// Encodes a position as `+RID:<hex>` like the service's tokens.
pub fn encode(position: &Position) -> String {
    let raw = format!("{:016x}|{}", position.updated_at.to_bits(), position.id);
    let hex: String = raw.bytes().map(|byte| format!("{byte:02x}")).collect();
    format!("+RID:{hex}")
}

pub fn decode(cursor: &str) -> Result<Position, AppError> {
    let invalid = || AppError::invalid("cursor", "cursor is not one this server issued");
    let hex = cursor.strip_prefix("+RID:").ok_or_else(invalid)?;
    // Pairs of bytes, not of characters: a multi-byte character is junk, never a slice panic.
    let digits = hex.as_bytes();
    if digits.len() % 2 != 0 {
        return Err(invalid());
    }
    let bytes: Option<Vec<u8>> =
        digits.chunks_exact(2).map(|pair| Some((hex_digit(pair[0])? << 4) | hex_digit(pair[1])?)).collect();
    let raw = String::from_utf8(bytes.ok_or_else(invalid)?).map_err(|_| invalid())?;
    let (bits, id) = raw.split_once('|').ok_or_else(invalid)?;
    let bits = u64::from_str_radix(bits, 16).map_err(|_| invalid())?;
    Ok(Position { updated_at: f64::from_bits(bits), id: id.to_string() })
}

fn hex_digit(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|digit| digit as u8)
}

/// Reads `limit`: absent gives the default, 0 or junk is an error, too large is capped.
pub fn limit(raw: Option<&str>) -> Result<usize, AppError> {
    match raw {
        None | Some("") => Ok(DEFAULT_LIMIT),
        Some(text) => match text.parse::<usize>() {
            Ok(0) | Err(_) => Err(AppError::invalid(
                "limit",
                format!("limit must be a whole number from 1 to {MAX_LIMIT}, got {text:?}"),
            )),
            Ok(value) => Ok(value.min(MAX_LIMIT)),
        },
    }
}

/// Sort key: newest first, ties broken by id so the order is total.
pub fn is_after(position: &Position, updated_at: f64, id: &str) -> bool {
    updated_at < position.updated_at || (updated_at == position.updated_at && id < position.id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trip_and_rejects_junk() {
        let position = Position { updated_at: 1795000000.25, id: "task_e_1".into() };
        assert_eq!(decode(&encode(&position)).unwrap(), position);
        assert!(decode("garbage").is_err());
        assert!(decode("+RID:zz").is_err());
        // Multi-byte characters where hex digits belong: an error, not a panic.
        assert!(decode("+RIDa\u{e9}0").is_err());
        assert!(decode("+RID:a\u{e9}0").is_err());
        assert!(decode("+RID:\u{e9}").is_err());
        assert!(decode("+RID:+1").is_err());
        assert_eq!(limit(None).unwrap(), DEFAULT_LIMIT);
        assert_eq!(limit(Some("500")).unwrap(), MAX_LIMIT);
        assert!(limit(Some("0")).is_err());
        assert!(limit(Some("ten")).is_err());
    }
}
