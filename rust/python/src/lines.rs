//! Line feeds found for `nudge score`'s planning (`nudge.readers.plan`): a JSON Lines
//! file is cut into parts at every `part_rows`-th line feed.  Searched with the `memchr`
//! crate's vectorised search and the GIL released, so that planning a large file (a
//! pass over all its bytes) runs beside the start's other work (the Scorer's loading and
//! the imports of the engine's modules) instead of taking turns with it.
use pyo3::prelude::*;

/// How many line feeds `data[at..]` holds, up to `need`, and the offset just after the
/// `need`-th of them (`None` when there are fewer).  `at` past the end finds none.
///
/// `need` 0 finds nothing and ends nowhere: `(0, None)`.
#[pyfunction]
pub fn line_feeds(py: Python<'_>, data: &[u8], at: usize, need: usize) -> (usize, Option<usize>) {
    py.allow_threads(|| find_line_feeds(data, at, need))
}

fn find_line_feeds(data: &[u8], at: usize, need: usize) -> (usize, Option<usize>) {
    if need == 0 {
        return (0, None);
    }
    let rest = data.get(at..).unwrap_or_default();
    let mut seen = 0;
    for found in memchr::memchr_iter(b'\n', rest) {
        seen += 1;
        if seen == need {
            return (seen, Some(at + found + 1));
        }
    }
    (seen, None)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(line_feeds, m)?)
}

#[cfg(test)]
mod tests {
    use super::find_line_feeds;
    use proptest::prelude::*;

    #[test]
    fn finds_the_needed_line_feed() {
        assert_eq!(find_line_feeds(b"a\nbb\nccc\nd\n", 0, 3), (3, Some(9)));
        assert_eq!(find_line_feeds(b"a\nbb\nccc\nd\n", 2, 2), (2, Some(9)));
        assert_eq!(find_line_feeds(b"a\nbb\nccc\nd", 0, 9), (3, None));
        assert_eq!(find_line_feeds(b"a\n", 5, 1), (0, None));
        assert_eq!(find_line_feeds(b"a\n", 0, 0), (0, None));
    }

    proptest! {
        #[test]
        fn agrees_with_a_walk(data in proptest::collection::vec(prop_oneof![Just(b'\n'), any::<u8>()], 0..80), at in 0usize..90, need in 0usize..20) {
            let mut seen = 0;
            let mut end = None;
            for (i, &b) in data.iter().enumerate().skip(at) {
                if need > 0 && b == b'\n' {
                    seen += 1;
                    if seen == need {
                        end = Some(i + 1);
                        break;
                    }
                }
            }
            prop_assert_eq!(find_line_feeds(&data, at, need), (seen, end));
        }
    }
}
