//! The rows a virtual list renders.

#[test]
fn visible_range_math() {
    use wham_model::visible_range::visible_range;
    assert_eq!(visible_range(0.0, 600.0, 30.0, 10_000), (0, 29));
    assert_eq!(visible_range(150_000.0, 600.0, 30.0, 10_000), (4992, 5029));
    // Scrolled past the end (the list shrank): the last rows.
    let (first, end) = visible_range(1e9, 600.0, 30.0, 100);
    assert_eq!(end, 100);
    assert!(first < 100 - 20, "a screenful of rows is shown: {first}..{end}");
    assert_eq!(visible_range(0.0, 600.0, 30.0, 3), (0, 3));
    assert_eq!(visible_range(0.0, 600.0, 30.0, 0), (0, 0));
}
