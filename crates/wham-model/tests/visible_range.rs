//! The rows a virtual list renders.

#[test]
fn visible_range_math() {
    use wham_model::visible_range::{visible_range, OVERSCAN};
    assert_eq!(visible_range(0.0, 600.0, 30.0, 10_000, OVERSCAN), (0, 29));
    assert_eq!(visible_range(150_000.0, 600.0, 30.0, 10_000, OVERSCAN), (4992, 5029));
    // Scrolled past the end (the list shrank): the last rows.
    let (first, end) = visible_range(1e9, 600.0, 30.0, 100, OVERSCAN);
    assert_eq!(end, 100);
    assert!(first < 100 - 20, "a screenful of rows is shown: {first}..{end}");
    assert_eq!(visible_range(0.0, 600.0, 30.0, 3, OVERSCAN), (0, 3));
    assert_eq!(visible_range(0.0, 600.0, 30.0, 0, OVERSCAN), (0, 0));
}

#[test]
fn without_overscan_only_the_rows_in_view() {
    use wham_model::visible_range::visible_range;
    // 600 px of 30 px rows: 20 in view, and one more for a row cut at the bottom.
    assert_eq!(visible_range(0.0, 600.0, 30.0, 10_000, 0), (0, 21));
    assert_eq!(visible_range(150_000.0, 600.0, 30.0, 10_000, 0), (5000, 5021));
    assert_eq!(visible_range(0.0, 600.0, 30.0, 3, 0), (0, 3));
}
