//! Work spread over every core, with idle threads taking over what is left of the others.

use std::ops::Range;
use std::sync::Mutex;

/// `f` of every item, in input order, computed on every core. Each thread starts on its own
/// contiguous share of `items` and takes `batch` items at a time from its front; a thread done
/// with its share takes batches from the back of the share with most left. Neighbouring items
/// (files of one folder) mostly stay on one thread, and no core waits while another still has
/// work (halves split up front left one thread working alone for a tenth of `check`). A thread
/// that panics loses the results of its batches (the others are kept).
pub fn map<T: Sync, R: Send>(items: &[T], batch: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let batch = batch.max(1);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len().div_ceil(batch));
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let share = items.len().div_ceil(threads);
    let shares: Vec<Mutex<Range<usize>>> =
        (0..threads).map(|i| Mutex::new(i * share..items.len().min((i + 1) * share))).collect();
    let take = |me: usize| -> Option<Range<usize>> {
        let lock = |i: usize| shares[i].lock().unwrap_or_else(|e| e.into_inner());
        {
            let mut own = lock(me);
            if !own.is_empty() {
                let start = own.start;
                own.start = own.end.min(start + batch);
                return Some(start..own.start);
            }
        }
        loop {
            let victim = (0..threads).max_by_key(|&i| lock(i).len())?;
            let mut other = lock(victim);
            if other.is_empty() {
                // It ran out since it was looked at: look again, until every share is empty.
                drop(other);
                if (0..threads).all(|i| lock(i).is_empty()) {
                    return None;
                }
                continue;
            }
            let end = other.end;
            other.end = other.start.max(end.saturating_sub(batch));
            return Some(other.end..end);
        }
    };
    let work = |me: usize| {
        let mut done = Vec::new();
        while let Some(range) = take(me) {
            let start = range.start;
            done.push((start, items[range].iter().map(&f).collect::<Vec<R>>()));
        }
        done
    };
    let mut parts: Vec<(usize, Vec<R>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads).map(|me| s.spawn(move || work(me))).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    parts.sort_unstable_by_key(|(start, _)| *start);
    parts.into_iter().flat_map(|(_, r)| r).collect()
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
}
