//! Work spread over every core: rayon's pool, with idle threads stealing what is left of the others.

use rayon::prelude::*;

/// `f` of every item, in input order, computed on every core. Items go out in runs of at least
/// `batch` (neighbouring items, the files of one folder, mostly stay on one thread), and a thread
/// done with its work steals from the others, so no core waits while another still has work
/// (halves split up front left one thread working alone for a tenth of `check`). A panic in `f`
/// reaches the caller, like a panic in a plain loop.
pub fn map<T: Sync, R: Send>(items: &[T], batch: usize, f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    items.par_iter().with_min_len(batch.max(1)).map(f).collect()
}

/// The `Some` results of `f` over `items`, in input order, computed like [`map`]: only the kept
/// results take room while collecting (not one slot per item).
pub fn filter_map<T: Sync, R: Send>(items: &[T], batch: usize, f: impl Fn(&T) -> Option<R> + Sync + Send) -> Vec<R> {
    items.par_iter().with_min_len(batch.max(1)).filter_map(f).collect()
}

/// `f` on every item, in place, on every core (runs of at least `batch` items, like [`map`]).
pub fn for_each_mut<T: Send>(items: &mut [T], batch: usize, f: impl Fn(&mut T) + Sync + Send) {
    items.par_iter_mut().with_min_len(batch.max(1)).for_each(f);
}

#[cfg(test)]
mod tests {
    use super::map;

    #[test]
    fn keeps_input_order_for_any_batch() {
        let items: Vec<u32> = (0..1000).collect();
        for batch in [0, 1, 7, 64, 999, 1000, 5000] {
            assert_eq!(map(&items, batch, |i| i * 2), items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
        assert!(map(&[] as &[u32], 8, |i| *i).is_empty());
        for batch in [0, 1, 7, 64, 1000] {
            let odd = super::filter_map(&items, batch, |&i| (i % 2 == 1).then_some(i * 2));
            assert_eq!(odd, items.iter().filter(|i| *i % 2 == 1).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn uneven_work_is_taken_over() {
        // The first share is slow: the other threads must take its tail, and every item still
        // comes back once, in order.
        let items: Vec<u32> = (0..400).collect();
        let out = map(&items, 4, |&i| {
            if i < 100 {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            i
        });
        assert_eq!(out, items);
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        // Callers zip the results with their items: a lost batch would pair them wrongly.
        let items: Vec<u32> = (0..400).collect();
        let run = std::panic::catch_unwind(|| map(&items, 4, |&i| if i == 250 { panic!("item {i}") } else { i }));
        assert!(run.is_err());
    }
}
