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

#[test]
fn a_past_moment_a_little_ahead_of_the_browsers_clock_is_just_now() {
    use wham_model::time_text::{relative, relative_past};
    let now = 1_700_000_000.0;
    // The server's clock 90 s ahead: its "now" is not "in 1 minute".
    assert_eq!(relative(now + 90.0, now), "in 1 minute");
    assert_eq!(relative_past(now + 90.0, now), "just now");
    assert_eq!(relative_past(now - 3.0 * 3600.0, now), "3 hours ago");
    // A day ahead is no skew: the time is shown as it is.
    assert_eq!(relative_past(now + 86_400.0, now), "in 1 day");
    assert_eq!(relative_past(f64::NAN, now), "unknown");
}

#[test]
fn an_exact_time_is_the_wall_clock_in_a_fixed_width_24_hour_form() {
    use wham_model::time_text::{exact_text, WallClock};
    let time = |year, month, day, hour, minute, second| WallClock { year, month, day, hour, minute, second };
    assert_eq!(exact_text(time(2026, 11, 18, 10, 50, 10)), "2026-11-18 10:50:10");
    // Zero-padded everywhere, so times line up and sort as text; afternoon is not "PM".
    assert_eq!(exact_text(time(1970, 1, 1, 0, 0, 0)), "1970-01-01 00:00:00");
    assert_eq!(exact_text(time(2099, 12, 31, 23, 59, 59)), "2099-12-31 23:59:59");
    assert_eq!(exact_text(time(999, 3, 4, 5, 6, 7)), "0999-03-04 05:06:07");
}
