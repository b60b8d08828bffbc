//! Building blocks that keep the models tolerant of the real service's variety.
//!
//! The service adds fields and enum values without notice and spells some values in more than one
//! way (NOTES.md). These types accept every form seen and serialize back to the form received.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// Unknown object fields, kept so a round trip loses nothing and raw views can show them.
pub type Extra = BTreeMap<String, Value>;

/// Declares a string enum whose unknown values are kept as `Unknown(String)` instead of failing.
///
/// serde's `#[serde(other)]` only keeps a unit variant and drops the text, which the app needs
/// to show the person, so this small macro is written by hand.
#[macro_export]
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this client does not know yet, kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// The wire spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Unknown(text) => text,
                }
            }

            /// Parses the wire spelling; never fails.
            pub fn parse(text: &str) -> Self {
                match text {
                    $($text => Self::$variant,)+
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // Any JSON value is accepted: a non-string is kept as its JSON text.
                let value = ::serde_json::Value::deserialize(deserializer)?;
                Ok(match value {
                    ::serde_json::Value::String(text) => Self::parse(&text),
                    other => Self::Unknown(other.to_string()),
                })
            }
        }
    };
}

/// A point in time as the service sends it: seconds since the epoch (integer or float) or an
/// RFC 3339 string (log keys). Serializes back in the form it came in.
#[derive(Debug, Clone, PartialEq)]
pub enum Timestamp {
    Seconds(f64),
    Text(String),
}

/// The latest time a timestamp may name: 9999-12-31T23:59:59Z. Beyond it (and before 1970)
/// a value is taken as unreadable, so no caller hands the browser's `Date` or Rust's `Duration`
/// a value they throw or panic on.
pub const LATEST_SECONDS: f64 = 253_402_300_799.0;

impl Timestamp {
    /// Seconds since the Unix epoch, when the value can be read as such: finite, from 1970 to
    /// the year 9999. `None` means "unknown", and the page says so.
    pub fn as_seconds(&self) -> Option<f64> {
        let seconds = match self {
            Timestamp::Seconds(seconds) => *seconds,
            Timestamp::Text(text) => parse_rfc3339_seconds(text)?,
        };
        (seconds.is_finite() && (0.0..=LATEST_SECONDS).contains(&seconds)).then_some(seconds)
    }
}

impl From<f64> for Timestamp {
    fn from(seconds: f64) -> Self {
        Timestamp::Seconds(seconds)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Timestamp::Seconds(seconds) => {
                // Keep integers integral so a round trip of `1758697000` stays `1758697000`.
                if seconds.fract() == 0.0 && seconds.abs() < 9.0e15 {
                    serializer.serialize_i64(*seconds as i64)
                } else {
                    serializer.serialize_f64(*seconds)
                }
            }
            Timestamp::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        match value {
            Value::Number(number) => Ok(Timestamp::Seconds(number.as_f64().unwrap_or(0.0))),
            // "NaN" and "inf" parse as floats: kept as text, which reads as unknown.
            Value::String(text) => match text.trim().parse::<f64>() {
                Ok(seconds) if !text.contains('-') && seconds.is_finite() => Ok(Timestamp::Seconds(seconds)),
                _ => Ok(Timestamp::Text(text)),
            },
            other => Err(serde::de::Error::custom(format!("expected a timestamp (number or string), got {other}"))),
        }
    }
}

/// Parses the RFC 3339 / ISO 8601 forms the service uses (`2025-09-24T07:04:59.648738`,
/// optionally with `Z` or an offset) into Unix seconds. A naive time is taken as UTC.
///
/// Written by hand because this crate stays dependency-light for the browser bundle and only
/// these few forms occur; anything else gives `None`.
pub fn parse_rfc3339_seconds(text: &str) -> Option<f64> {
    let text = text.trim();
    let (date, rest) = text.split_at_checked(10)?;
    let mut date_parts = date.split('-');
    let year: i64 = date_parts.next()?.parse().ok()?;
    let month: i64 = date_parts.next()?.parse().ok()?;
    let day: i64 = date_parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let rest = rest.strip_prefix(['T', 't', ' ']).unwrap_or(rest);
    let (clock, offset_seconds) = split_offset(rest)?;
    let mut clock_parts = clock.split(':');
    let hour: f64 = clock_parts.next().filter(|s| !s.is_empty()).unwrap_or("0").parse().ok()?;
    let minute: f64 = clock_parts.next().unwrap_or("0").parse().ok()?;
    let second: f64 = clock_parts.next().unwrap_or("0").parse().ok()?;
    let days = days_from_civil(year, month, day) as f64;
    Some(days * 86_400.0 + hour * 3600.0 + minute * 60.0 + second - offset_seconds)
}

fn split_offset(clock: &str) -> Option<(&str, f64)> {
    if let Some(stripped) = clock.strip_suffix(['Z', 'z']) {
        return Some((stripped, 0.0));
    }
    if let Some(position) = clock.rfind(['+', '-']) {
        let (time, offset) = clock.split_at(position);
        let sign = if offset.starts_with('-') { -1.0 } else { 1.0 };
        let mut parts = offset[1..].split(':');
        let hours: f64 = parts.next()?.parse().ok()?;
        let minutes: f64 = parts.next().unwrap_or("0").parse().ok()?;
        return Some((time, sign * (hours * 3600.0 + minutes * 60.0)));
    }
    Some((clock, 0.0))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = if year >= 0 { year } else { year - 399 } / 400;
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// A script that some captures send as one string and others as a list of lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Script {
    Text(String),
    Lines(Vec<String>),
}

impl Default for Script {
    fn default() -> Self {
        Script::Text(String::new())
    }
}

impl Script {
    /// The whole script as text, lines joined with newlines.
    pub fn text(&self) -> String {
        match self {
            Script::Text(text) => text.clone(),
            Script::Lines(lines) => lines.join("\n"),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Script::Text(text) => text.trim().is_empty(),
            Script::Lines(lines) => lines.iter().all(|line| line.trim().is_empty()),
        }
    }
}

impl fmt::Display for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

/// An error as the service sends it inside a turn: `{code, message}` or a plain string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TurnError {
    Structured {
        #[serde(default)]
        code: Option<String>,
        #[serde(default)]
        message: Option<String>,
        #[serde(flatten)]
        extra: Extra,
    },
    Text(String),
    Other(Value),
}

impl TurnError {
    /// A readable one-line description.
    pub fn message(&self) -> String {
        match self {
            TurnError::Structured { code, message, .. } => match (message, code) {
                (Some(message), _) if !message.is_empty() => message.clone(),
                (_, Some(code)) => code.clone(),
                _ => "unknown error".to_string(),
            },
            TurnError::Text(text) => text.clone(),
            TurnError::Other(value) => value.to_string(),
        }
    }
}

/// Deserializes `null` as the type's default, for lists and maps that the service sometimes
/// sends as `null` instead of leaving out (`"sibling_turn_ids": null`).
pub fn null_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Declares an enum tagged by a field (`type`, `content_type`, …) whose unknown tags, and known
/// tags whose body does not fit, are kept whole as `Unknown(Value)` instead of failing the
/// whole document. serde's internally tagged enums cannot keep unknown variants with data.
#[macro_export]
macro_rules! tagged_enum {
    ($(#[$meta:meta])* $name:ident, tag = $tag:literal { $($variant:ident($body:ty) = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name {
            $($variant($body),)+
            /// A kind this client does not know yet (or a malformed one), kept verbatim.
            Unknown(::serde_json::Value),
        }

        impl $name {
            /// The tag value on the wire.
            pub fn tag(&self) -> String {
                match self {
                    $(Self::$variant(_) => $text.to_string(),)+
                    Self::Unknown(value) => value.get($tag).and_then(|tag| tag.as_str()).unwrap_or("unknown").to_string(),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let value = match self {
                    $(Self::$variant(body) => {
                        let mut value = ::serde_json::to_value(body).map_err(::serde::ser::Error::custom)?;
                        if let ::serde_json::Value::Object(map) = &mut value {
                            map.insert($tag.to_string(), ::serde_json::Value::String($text.to_string()));
                        }
                        value
                    })+
                    Self::Unknown(value) => value.clone(),
                };
                value.serialize(serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = ::serde_json::Value::deserialize(deserializer)?;
                let tag = value.get($tag).and_then(|tag| tag.as_str()).unwrap_or("").to_string();
                Ok(match tag.as_str() {
                    $($text => {
                        let mut body = value.clone();
                        if let ::serde_json::Value::Object(map) = &mut body {
                            map.remove($tag);
                        }
                        match ::serde_json::from_value::<$body>(body) {
                            Ok(body) => Self::$variant(body),
                            Err(_) => Self::Unknown(value),
                        }
                    })+
                    _ => Self::Unknown(value),
                })
            }
        }
    };
}

/// A finite number from a number, a numeric string or a boolean; "NaN" and "inf" are absent.
fn lenient_number(value: Value) -> Option<f64> {
    match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().parse().ok(),
        Value::Bool(flag) => Some(if flag { 1.0 } else { 0.0 }),
        _ => None,
    }
    .filter(|number: &f64| number.is_finite())
}

/// A count that the service sends as an integer, a float (`42.0`) or a numeric string. Anything
/// else reads as absent rather than failing the whole document.
pub fn lenient_u64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    Ok(lenient_number(Value::deserialize(deserializer)?)
        .filter(|number| number.is_finite() && *number >= 0.0)
        .map(|number| number.round() as u64))
}

/// Like [`lenient_u64`], for signed values.
pub fn lenient_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    Ok(lenient_number(Value::deserialize(deserializer)?)
        .filter(|number| number.is_finite())
        .map(|number| number.round() as i64))
}

/// Like [`lenient_u64`], for measures that may have fractions.
pub fn lenient_f64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    Ok(lenient_number(Value::deserialize(deserializer)?))
}

/// A list that comes bare (`[…]`) or inside an object under one of `keys` (the first of them
/// present wins; other fields are skipped), or `null` for none. An item that does not decode is
/// an error naming it, not an empty list.
///
/// Written out rather than as a `#[serde(untagged)]` enum: untagged buffers the whole answer
/// and decodes it once per shape it tries, which put serde's buffering decoder in the first
/// load for the environment filter, and it hid a malformed item by falling through to the
/// next shape (an empty list).
pub fn list_bare_or_under<'de, D, T>(deserializer: D, keys: &'static [&'static str]) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct ListVisitor<T> {
        keys: &'static [&'static str],
        item: std::marker::PhantomData<T>,
    }
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for ListVisitor<T> {
        type Value = Vec<T>;
        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            write!(formatter, "a list, or an object with the list under `{}`", self.keys.join("` or `"))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut items: A) -> Result<Vec<T>, A::Error> {
            let mut list = Vec::with_capacity(items.size_hint().unwrap_or(0).min(1024));
            while let Some(item) = items.next_element()? {
                list.push(item);
            }
            Ok(list)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut fields: A) -> Result<Vec<T>, A::Error> {
            // (rank of the key in `keys`, its list): a better-ranked key replaces a worse one.
            let mut found: Option<(usize, Vec<T>)> = None;
            while let Some(key) = fields.next_key::<String>()? {
                match self.keys.iter().position(|wanted| *wanted == key) {
                    Some(rank) if found.as_ref().is_none_or(|(best, _)| rank < *best) => {
                        let list = fields.next_value::<Option<Vec<T>>>()?.unwrap_or_default();
                        found = Some((rank, list));
                    }
                    _ => {
                        fields.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
            }
            Ok(found.map(|(_, list)| list).unwrap_or_default())
        }
    }
    deserializer.deserialize_any(ListVisitor { keys, item: std::marker::PhantomData })
}

#[cfg(test)]
mod tests {
    use super::*;

    open_enum!(Colour { Red = "red", Blue = "blue" });

    #[test]
    fn open_enum_keeps_unknown_values() {
        let colours: Vec<Colour> = serde_json::from_str(r#"["red","green",3]"#).unwrap();
        assert_eq!(colours[0], Colour::Red);
        assert_eq!(colours[1], Colour::Unknown("green".into()));
        assert_eq!(colours[2], Colour::Unknown("3".into()));
        assert_eq!(serde_json::to_string(&colours[1]).unwrap(), "\"green\"");
    }

    #[test]
    fn timestamps_in_every_form() {
        let stamps: Vec<Timestamp> = serde_json::from_str(
            r#"[1758697448.62, 1758697000, "2025-09-24T07:04:59.648738", "1970-01-02T00:00:00Z"]"#,
        )
        .unwrap();
        assert_eq!(stamps[0].as_seconds(), Some(1758697448.62));
        assert_eq!(serde_json::to_string(&stamps[1]).unwrap(), "1758697000");
        let parsed = stamps[2].as_seconds().unwrap();
        assert!((parsed - 1758697499.648738).abs() < 1e-3, "{parsed}");
        assert_eq!(stamps[3].as_seconds(), Some(86400.0));
        assert_eq!(parse_rfc3339_seconds("2025-09-24T09:00:00+02:00"), Some(1758697200.0));
        assert_eq!(parse_rfc3339_seconds("garbage"), None);
        assert_eq!(parse_rfc3339_seconds("2025-13-99T00:00:00"), None);
    }

    #[test]
    fn scripts_as_string_or_lines() {
        let scripts: Vec<Script> = serde_json::from_str(r#"["a\nb", ["a", "b"]]"#).unwrap();
        assert_eq!(scripts[0].text(), scripts[1].text());
        assert_eq!(serde_json::to_value(&scripts[1]).unwrap(), serde_json::json!(["a", "b"]));
    }

    #[test]
    fn unreadable_times_are_unknown_never_infinite() {
        for text in [r#""NaN""#, r#""inf""#, r#""-inf""#, "1e13", "-5", r#""1e300""#, r#""99999-01-01T00:00:00Z""#] {
            let timestamp: Timestamp = serde_json::from_str(text).unwrap();
            assert_eq!(timestamp.as_seconds(), None, "{text}");
        }
        let fine: Timestamp = serde_json::from_str("1758697000.5").unwrap();
        assert_eq!(fine.as_seconds(), Some(1758697000.5));
        let text: Timestamp = serde_json::from_str(r#""2025-09-24T07:04:59Z""#).unwrap();
        assert!(text.as_seconds().is_some());
        #[derive(serde::Deserialize)]
        struct Measured {
            #[serde(deserialize_with = "lenient_f64")]
            value: Option<f64>,
        }
        let measured: Measured = serde_json::from_str(r#"{"value":"NaN"}"#).unwrap();
        assert_eq!(measured.value, None);
    }
}
