//! `json_skip::null_values_named` against serde: for any JSON, reading the text it returns is
//! reading the original with the named values set to `null`; for any text, it never panics.

use proptest::prelude::*;
use serde_json::Value;
use wham_api::json_skip::null_values_named;

/// JSON values with member names that often are the ones skipped, strings with quotes,
/// backslashes, brackets and non-ASCII text in them, nested a few deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        // Eighths: numbers that print and read back exactly.
        (-8000_i32..8000).prop_map(|eighths| Value::from(f64::from(eighths) / 8.0)),
        "[a-z\"\\\\{}\\[\\]:, é☃]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec(
                (prop_oneof![Just("logs".to_string()), Just("events".to_string()), "[a-z\"]{0,6}"], inner),
                0..6
            )
            .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// What the scan should give: every member named `logs` or `events` whose value is an object
/// or an array set to `null`, the outermost ones (what is inside them is gone with them).
fn nulled(value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(nulled).collect()),
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(name, value)| {
                    let skipped = (name == "logs" || name == "events") && (value.is_array() || value.is_object());
                    (name.clone(), if skipped { Value::Null } else { nulled(value) })
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn reading_the_scanned_text_is_reading_the_original_with_the_named_values_null(value in json_value(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&value).unwrap() } else { value.to_string() };
        let scanned = null_values_named(&text, &["logs", "events"]);
        let read: Value = serde_json::from_str(&scanned).unwrap();
        prop_assert_eq!(read, nulled(&value));
    }

    #[test]
    fn any_text_is_scanned_without_a_panic(text in "[\"\\\\{}\\[\\]:, lgos\\n]{0,64}") {
        let scanned = null_values_named(&text, &["logs"]);
        // A text serde reads stays one it reads.
        if serde_json::from_str::<Value>(&text).is_ok() {
            prop_assert!(serde_json::from_str::<Value>(&scanned).is_ok(), "{} → {}", text, scanned);
        }
    }
}
