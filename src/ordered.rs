//! An ordered parallel map with a bounded window: each item is worked on by
//! the pool as soon as a slot is free, and the results are handed on in
//! input order, with at most `window` items in flight or waiting.
//!
//! This is how documents stream through a run: both cores stay busy (no
//! barrier at the end of a batch, so a large document does not leave the
//! other core idle), memory is bounded by the window rather than the corpus,
//! and the order of the outputs does not depend on which worker finished
//! first.

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;

use rayon::ThreadPool;

/// How much may be in flight (started and not yet taken) at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Items at most.
    pub items: usize,
    /// Total weight at most (an item heavier than this runs alone).
    pub weight: u64,
}

/// Runs `work` on every item in `pool` within `window` (`weight` gives each
/// item's share of `window.weight`, e.g. its size in bytes), and calls
/// `take` on the results in input order on the calling thread (which must
/// not be a worker of `pool`). Stops at the first error of `take`, once the
/// items already started are done.
pub fn for_each_ordered<I, T, E>(
    pool: &ThreadPool,
    items: &[I],
    window: Window,
    weight: impl Fn(&I) -> u64,
    work: impl Fn(&I) -> T + Sync,
    mut take: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E>
where
    I: Sync,
    T: Send,
{
    let work = &work;
    let mut in_flight = 0u64;
    pool.in_place_scope_fifo(|scope| {
        let (sender, results) = mpsc::channel::<(usize, std::thread::Result<T>)>();
        let mut waiting: BTreeMap<usize, std::thread::Result<T>> = BTreeMap::new();
        let mut started = 0;
        for next in 0..items.len() {
            while started < items.len()
                && (started == next
                    || (started < next + window.items
                        && in_flight + weight(&items[started]) <= window.weight))
            {
                in_flight += weight(&items[started]);
                let (sender, item) = (sender.clone(), &items[started]);
                let index = started;
                scope.spawn_fifo(move |_| {
                    // A panic is carried to the calling thread, which would
                    // otherwise wait for this result forever.
                    let result = panic::catch_unwind(AssertUnwindSafe(|| work(item)));
                    // The receiver is gone only when `take` failed; the
                    // result is then of no use.
                    let _ = sender.send((index, result));
                });
                started += 1;
            }
            let result = loop {
                if let Some(result) = waiting.remove(&next) {
                    break result;
                }
                // `sender` lives here, so this waits until a result comes.
                if let Ok((index, result)) = results.recv() {
                    waiting.insert(index, result);
                }
            };
            in_flight -= weight(&items[next]);
            match result {
                Ok(result) => take(result)?,
                Err(panicked) => panic::resume_unwind(panicked),
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn items_at_most(items: usize) -> Window {
        Window {
            items,
            weight: u64::MAX,
        }
    }

    fn pool(threads: usize) -> ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool")
    }

    #[test]
    fn results_come_in_input_order_whatever_finishes_first() {
        for threads in [1, 2, 4] {
            let items: Vec<u64> = (0..50).collect();
            let mut seen = Vec::new();
            let work = |&i: &u64| {
                // Early items take longest.
                std::thread::sleep(std::time::Duration::from_micros(50 * (50 - i)));
                i * 10
            };
            for_each_ordered(
                &pool(threads),
                &items,
                items_at_most(3),
                |_| 1,
                work,
                |r| {
                    seen.push(r);
                    Ok::<(), ()>(())
                },
            )
            .expect("no error");
            assert_eq!(seen, items.iter().map(|i| i * 10).collect::<Vec<_>>());
        }
    }

    #[test]
    fn no_more_than_the_window_is_in_flight() {
        let (running, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let items: Vec<usize> = (0..40).collect();
        let work = |_: &usize| {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_micros(200));
            running.fetch_sub(1, Ordering::SeqCst);
        };
        for_each_ordered(
            &pool(4),
            &items,
            items_at_most(2),
            |_| 1,
            work,
            |_| Ok::<(), ()>(()),
        )
        .expect("no error");
        assert!(most.load(Ordering::SeqCst) <= 2);
    }

    #[test]
    fn no_more_than_the_weight_is_in_flight_but_a_heavy_item_runs_alone() {
        let (running, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        // Weights 1..=10 with a limit of 10: at most 4 light items (1+2+3+4)
        // together; the items heavier than the rest of the room run alone.
        let items: Vec<u64> = (1..=10).chain([50, 1, 1]).collect();
        let work = |&w: &u64| {
            let now = running.fetch_add(w as usize, Ordering::SeqCst) + w as usize;
            most.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_micros(300));
            running.fetch_sub(w as usize, Ordering::SeqCst);
            w
        };
        let window = Window {
            items: 100,
            weight: 10,
        };
        let mut seen = Vec::new();
        for_each_ordered(
            &pool(4),
            &items,
            window,
            |&w| w,
            work,
            |w| {
                seen.push(w);
                Ok::<(), ()>(())
            },
        )
        .expect("no error");
        assert_eq!(seen, items);
        assert!(most.load(Ordering::SeqCst) <= 50, "{most:?}");
        assert!(
            most.load(Ordering::SeqCst) == 50 || most.load(Ordering::SeqCst) <= 10,
            "{most:?}"
        );
    }

    #[test]
    fn an_error_stops_the_run() {
        let items: Vec<usize> = (0..100).collect();
        let mut taken = 0;
        let out = for_each_ordered(
            &pool(2),
            &items,
            items_at_most(4),
            |_| 1,
            |&i| i,
            |i| {
                taken += 1;
                if i == 5 { Err(i) } else { Ok(()) }
            },
        );
        assert_eq!(out, Err(5));
        assert_eq!(taken, 6);
    }

    #[test]
    #[should_panic(expected = "item 3")]
    fn a_panic_in_a_worker_reaches_the_caller() {
        let items: Vec<usize> = (0..10).collect();
        let work = |&i: &usize| {
            if i == 3 {
                panic!("item 3");
            }
        };
        let _ = for_each_ordered(
            &pool(2),
            &items,
            items_at_most(2),
            |_| 1,
            work,
            |_| Ok::<(), ()>(()),
        );
    }

    #[test]
    fn empty_input_takes_nothing() {
        let items: Vec<u8> = Vec::new();
        let out = for_each_ordered(
            &pool(1),
            &items,
            items_at_most(4),
            |_| 1,
            |&i| i,
            |_| Err::<(), ()>(()),
        );
        assert_eq!(out, Ok(()));
    }
}
