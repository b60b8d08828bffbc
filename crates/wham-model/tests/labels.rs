//! Words for the stream state and for times.

#[test]
fn live_labels_say_what_is_true() {
    use wham_model::live::reconnect_label;
    use wham_model::time_text::elapsed;
    assert_eq!(reconnect_label(2_400.0), "Reconnecting in 3 s");
    assert_eq!(reconnect_label(-0.4), "Reconnecting…");
    assert_eq!(reconnect_label(f64::NAN), "Reconnecting…");
    assert_eq!(elapsed(65), "1:05");
    assert_eq!(elapsed(3_723), "1:02:03");
    // A seeded task "running" for six days is not 9532 minutes.
    assert_eq!(elapsed(6 * 86_400 + 4 * 3600 + 59), "6 d 4 h");
    assert_eq!(wham_model::time_text::relative(f64::NAN, 1_700_000_000.0), "unknown");
    assert_eq!(wham_model::time_text::relative(1e13, 1_700_000_000.0), "unknown");
}
