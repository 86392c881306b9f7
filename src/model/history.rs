//! An append-only list whose clone is cheap: the model's per-event histories
//! (log lines, lane segments, lock and queue histories…) live in these so a
//! time-cursor checkpoint (a clone of the whole model) shares them instead of
//! copying them. Items sit in chunks of `CHUNK`, chunks in runs of `RUN`,
//! runs in groups of `GROUP`, every level an `Arc<Vec<_>>`; a full level is
//! frozen by moving its `Arc` up, never copied. A clone copies one pointer
//! per group (16 384 items); the first push after a clone copies at most the
//! partial tail, run and group (a few hundred bytes).

use std::sync::Arc;

/// Items in a chunk.
const CHUNK: usize = 16;
/// Chunks in a run.
const RUN: usize = 16;
/// Runs in a group.
const GROUP: usize = 64;

type Chunk<T> = Arc<Vec<T>>;
type Run<T> = Arc<Vec<Chunk<T>>>;

#[derive(Clone)]
pub struct History<T> {
    /// Full groups of `GROUP` runs.
    groups: Vec<Arc<Vec<Run<T>>>>,
    /// Full runs of the group being filled.
    runs: Arc<Vec<Run<T>>>,
    /// Full chunks of the run being filled.
    chunks: Run<T>,
    /// The last items (1..=CHUNK of them once anything was pushed).
    tail: Chunk<T>,
    len: usize,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            groups: Vec::new(),
            runs: Arc::default(),
            chunks: Arc::default(),
            tail: Arc::default(),
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
            let full = std::mem::take(&mut self.tail);
            Arc::make_mut(&mut self.chunks).push(full);
            if self.chunks.len() == RUN {
                let run = std::mem::take(&mut self.chunks);
                Arc::make_mut(&mut self.runs).push(run);
                if self.runs.len() == GROUP {
                    self.groups.push(std::mem::take(&mut self.runs));
                }
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

    /// Item `i`, to change in place; the chunk (and run, group) holding it
    /// is copied first if a clone shares it (a late event settling an earlier
    /// item: rare, and recent).
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        if i >= self.len {
            return None;
        }
        let frozen = self.len - self.tail.len();
        if i >= frozen {
            return Arc::make_mut(&mut self.tail).get_mut(i - frozen);
        }
        let (chunk, at) = (i / CHUNK, i % CHUNK);
        let (run, in_run) = (chunk / RUN, chunk % RUN);
        let (group, in_group) = (run / GROUP, run % GROUP);
        let run = if group < self.groups.len() {
            &mut Arc::make_mut(&mut self.groups[group])[in_group]
        } else if in_group < self.runs.len() {
            &mut Arc::make_mut(&mut self.runs)[in_group]
        } else {
            &mut self.chunks
        };
        Arc::make_mut(&mut Arc::make_mut(run)[in_run]).get_mut(at)
    }

    /// Put `item` at index `at`, the later items one on (a late event).
    pub fn insert(&mut self, at: usize, item: T) {
        let later: Vec<T> = self.iter_from(at).cloned().collect();
        self.truncate(at);
        self.push(item);
        later.into_iter().for_each(|t| self.push(t));
    }

    /// Keep the first `n` items.
    pub fn truncate(&mut self, n: usize) {
        while self.len - self.tail.len() > n {
            self.len -= self.tail.len();
            if self.chunks.is_empty() {
                if self.runs.is_empty() {
                    self.runs = self.groups.pop().expect("frozen items are in a group");
                }
                self.chunks = Arc::make_mut(&mut self.runs).pop().expect("a run");
            }
            self.tail = Arc::make_mut(&mut self.chunks).pop().expect("a chunk");
        }
        let frozen = self.len - self.tail.len();
        if n < self.len {
            Arc::make_mut(&mut self.tail).truncate(n - frozen);
            self.len = n;
        }
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

    pub fn first(&self) -> Option<&T> {
        self.get(0)
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
        let (group, in_group) = (run / GROUP, run % GROUP);
        let run = match self.groups.get(group) {
            Some(g) => &g[in_group],
            None => self.runs.get(in_group).unwrap_or(&self.chunks),
        };
        run[in_run].get(at)
    }

    /// The index of the first item for which `pred` is false, the items
    /// being partitioned by it (as `slice::partition_point`).
    pub fn partition_point(&self, pred: impl FnMut(&T) -> bool) -> usize {
        self.partition_point_in(0..self.len, pred)
    }

    /// `partition_point` within `range` (an index into the whole list).
    pub fn partition_point_in(
        &self,
        range: std::ops::Range<usize>,
        mut pred: impl FnMut(&T) -> bool,
    ) -> usize {
        let (mut lo, mut hi) = (range.start, range.end.min(self.len));
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if pred(&self[mid]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The items in order, as slices (every chunk, then the tail).
    pub fn slices(&self) -> impl DoubleEndedIterator<Item = &[T]> + '_ {
        self.groups
            .iter()
            .flat_map(|g| g.iter())
            .chain(self.runs.iter())
            .flat_map(|r| r.iter())
            .chain(self.chunks.iter())
            .map(|c| c.as_slice())
            .chain(std::iter::once(self.tail.as_slice()))
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + '_ {
        self.slices().flat_map(|s| s.iter())
    }

    /// Every run of `n` neighbouring items (as `slice::windows`).
    pub fn windows(&self, n: usize) -> impl Iterator<Item = Vec<&T>> + '_ {
        (0..(self.len + 1).saturating_sub(n)).map(move |i| self.iter_from(i).take(n).collect())
    }

    /// Items from index `from` on: one lookup per chunk, not per item (the
    /// timeline scans neighbouring segments for every cell it draws).
    pub fn iter_from(&self, from: usize) -> impl Iterator<Item = &T> + '_ {
        let from = from.min(self.len);
        let frozen = self.len - self.tail.len();
        let first = from.min(frozen) / CHUNK;
        let skip = from - first * CHUNK;
        (first..=frozen / CHUNK)
            .flat_map(move |c| self.chunk(c, frozen).iter())
            .skip(skip)
    }

    /// Chunk `c` (counting from 0); the one after the last full chunk is the tail.
    fn chunk(&self, c: usize, frozen: usize) -> &[T] {
        if c * CHUNK >= frozen {
            return self.tail.as_slice();
        }
        let (run, in_run) = (c / RUN, c % RUN);
        let (group, in_group) = (run / GROUP, run % GROUP);
        let run = match self.groups.get(group) {
            Some(g) => &g[in_group],
            None => self.runs.get(in_group).unwrap_or(&self.chunks),
        };
        run[in_run].as_slice()
    }
}

impl<T> std::ops::Index<usize> for History<T> {
    type Output = T;

    fn index(&self, i: usize) -> &T {
        self.get(i).expect("index within the history")
    }
}

impl<'a, T> IntoIterator for &'a History<T> {
    type Item = &'a T;
    type IntoIter = Box<dyn DoubleEndedIterator<Item = &'a T> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
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
        for i in 0..50_000u32 {
            h.push(i);
        }
        let then = h.clone();
        for i in 50_000..70_000u32 {
            h.push(i);
        }
        *h.last_mut().unwrap() = 1;
        assert_eq!(then.len(), 50_000);
        assert!(then.iter().copied().eq(0..50_000));
        assert_eq!(h.len(), 70_000);
        assert_eq!(h.get(49_999), Some(&49_999));
        assert_eq!(h.get(69_999), Some(&1));
        assert_eq!(h.iter().rev().nth(1), Some(&69_998));
        assert_eq!(then.last(), Some(&49_999));
        assert!((0..70_000).all(|i| h.get(i).is_some()));
        assert_eq!(h.get(70_000), None);
    }

    #[test]
    fn iter_from_any_index_gives_the_same_items_as_get() {
        for len in [0usize, 1, 15, 16, 17, 256, 257, 4096 + 33, 20_000] {
            let mut h: History<usize> = (0..len).collect();
            h.truncate(len.saturating_sub(len / 3));
            let n = h.len();
            for from in (0..=n + 2).step_by(1 + n / 97) {
                let want: Vec<usize> = (from..n).map(|i| h[i]).collect();
                let got: Vec<usize> = h.iter_from(from).copied().collect();
                assert_eq!(got, want, "len {n}, from {from}");
            }
        }
    }

    #[test]
    fn inserts_and_changes_leave_a_clone_alone() {
        let mut h: History<u32> = (0..40_000).collect();
        let then = h.clone();
        h.insert(100, 7);
        h.insert(39_990, 8);
        *h.get_mut(5).unwrap() = 9;
        let mut want: Vec<u32> = (0..40_000).collect();
        want.insert(100, 7);
        want.insert(39_990, 8);
        want[5] = 9;
        assert!(h.iter().copied().eq(want.iter().copied()));
        assert!(then.iter().copied().eq(0..40_000));
        h.truncate(20_000);
        assert!(h.iter().copied().eq(want[..20_000].iter().copied()));
        h.truncate(10);
        assert!(h.iter().copied().eq(want[..10].iter().copied()));
        h.push(1);
        assert_eq!((h.len(), h.last()), (11, Some(&1)));
    }
}
