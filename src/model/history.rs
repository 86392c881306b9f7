//! An append-only list whose clone is cheap: the model's per-event histories
//! (log lines, lane segments, lock and queue histories…) live in these so a
//! time-cursor checkpoint (a clone of the whole model) shares them instead of
//! copying them. Full chunks are frozen into `Arc<[T]>` and grouped into
//! `Arc`ed runs; the tail is an `Arc<Vec<T>>` copied on the first write after
//! a clone. A clone costs O(runs) pointer copies, not O(items).

use std::sync::Arc;

/// Items in a frozen chunk (and at most in the tail).
const CHUNK: usize = 32;
/// Chunks in a frozen run.
const RUN: usize = 64;

#[derive(Clone)]
pub struct History<T> {
    /// Full runs of `RUN` chunks.
    runs: Vec<Arc<[Arc<[T]>]>>,
    /// Chunks of the run being filled.
    chunks: Arc<Vec<Arc<[T]>>>,
    /// The last items (1..=CHUNK of them once anything was pushed).
    tail: Arc<Vec<T>>,
    len: usize,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            runs: Vec::new(),
            chunks: Arc::new(Vec::new()),
            tail: Arc::new(Vec::new()),
            len: 0,
        }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for History<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: PartialEq> PartialEq for History<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<T: Clone> History<T> {
    pub fn push(&mut self, item: T) {
        if self.tail.len() == CHUNK {
            let full = std::mem::replace(&mut self.tail, Arc::new(Vec::with_capacity(CHUNK)));
            let full: Arc<[T]> = match Arc::try_unwrap(full) {
                Ok(v) => v.into(),
                Err(shared) => shared.as_slice().into(),
            };
            let chunks = Arc::make_mut(&mut self.chunks);
            chunks.push(full);
            if chunks.len() == RUN {
                let run: Arc<[Arc<[T]>]> = std::mem::take(chunks).into();
                self.runs.push(run);
            }
        }
        let tail = Arc::make_mut(&mut self.tail);
        if tail.capacity() < CHUNK {
            tail.reserve_exact(CHUNK - tail.len());
        }
        tail.push(item);
        self.len += 1;
    }

    /// The last item, to change in place (a segment that grows).
    pub fn last_mut(&mut self) -> Option<&mut T> {
        Arc::make_mut(&mut self.tail).last_mut()
    }
}

impl<T> History<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn last(&self) -> Option<&T> {
        self.tail.last()
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        if i >= self.len {
            return None;
        }
        let frozen = self.len - self.tail.len();
        if i >= frozen {
            return self.tail.get(i - frozen);
        }
        let (chunk, at) = (i / CHUNK, i % CHUNK);
        let (run, in_run) = (chunk / RUN, chunk % RUN);
        match self.runs.get(run) {
            Some(r) => r[in_run].get(at),
            None => self.chunks[in_run].get(at),
        }
    }

    /// The items in order, as slices (each run of chunks, then the tail).
    pub fn slices(&self) -> impl DoubleEndedIterator<Item = &[T]> + '_ {
        self.runs
            .iter()
            .flat_map(|r| r.iter())
            .chain(self.chunks.iter())
            .map(|c| &c[..])
            .chain(std::iter::once(&self.tail[..]))
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + '_ {
        self.slices().flat_map(|s| s.iter())
    }

    /// Items from index `from` on.
    pub fn iter_from(&self, from: usize) -> impl Iterator<Item = &T> + '_ {
        (from..self.len).map(move |i| self.get(i).expect("in range"))
    }
}

impl<T: Clone> FromIterator<T> for History<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut h = History::default();
        for t in iter {
            h.push(t);
        }
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_keeps_its_items_while_the_original_grows() {
        let mut h = History::default();
        for i in 0..5000u32 {
            h.push(i);
        }
        let then = h.clone();
        for i in 5000..7000u32 {
            h.push(i);
        }
        *h.last_mut().unwrap() = 1;
        assert_eq!(then.len(), 5000);
        assert!(then.iter().copied().eq(0..5000));
        assert_eq!(h.len(), 7000);
        assert_eq!(h.get(4999), Some(&4999));
        assert_eq!(h.get(6999), Some(&1));
        assert_eq!(h.iter().rev().nth(1), Some(&6998));
        assert_eq!(then.last(), Some(&4999));
        assert!((0..7000).all(|i| h.get(i).is_some()));
        assert_eq!(h.get(7000), None);
    }
}
