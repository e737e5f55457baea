//! Maps from positions in a derived text back to positions in the text it was
//! derived from, so that every mention can be traced to the original bytes.
//!
//! A map is a sorted list of breakpoints `(derived, source)`: from `derived`
//! onwards, positions advance one for one until the next breakpoint. A
//! replacement (a run of white space becoming one space, `’` becoming `'`, a
//! hyphen join) adds a breakpoint at its start and one just after it, so a
//! position at a character boundary of the derived text maps to the start of
//! the source text that produced that character, and an end position maps to
//! the end of the source text consumed so far.

/// Breakpoint list; see the module documentation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    points: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// The map of a text that was copied unchanged, shifted by `shift` bytes.
    pub fn shifted(shift: usize) -> Self {
        OffsetMap {
            points: vec![(0, shift)],
        }
    }

    /// Records that derived position `derived` corresponds to source position
    /// `source`; calls must come in increasing `derived` order.
    pub fn push(&mut self, derived: usize, source: usize) {
        if let Some(&(d, s)) = self.points.last() {
            if source == s + (derived - d) {
                return; // already implied by the previous breakpoint
            }
            if d == derived {
                self.points.pop();
            }
        }
        self.points.push((derived, source));
    }

    /// The source position of a derived position.
    pub fn source(&self, derived: usize) -> usize {
        let i = self.points.partition_point(|&(d, _)| d <= derived);
        match i {
            0 => derived,
            _ => {
                let (d, s) = self.points[i - 1];
                s + (derived - d)
            }
        }
    }

    /// The derived position of a source position (the inverse of
    /// [`source`](Self::source)); a source position inside replaced text maps
    /// to the end of its replacement.
    pub fn derived(&self, source: usize) -> usize {
        let i = self.points.partition_point(|&(_, s)| s <= source);
        match i {
            0 => source,
            _ => {
                let (d, s) = self.points[i - 1];
                let next = self.points.get(i).map_or(usize::MAX, |&(nd, _)| nd);
                (d + (source - s)).min(next)
            }
        }
    }

    /// The map from derived position `at` on, beginning with the
    /// breakpoint that holds at `at`; `self` keeps what comes before it.
    /// Both answer [`source`](Self::source) as the whole map did, on their
    /// side of `at`.
    pub fn split_off(&mut self, at: usize) -> OffsetMap {
        let i = self.points.partition_point(|&(d, _)| d < at);
        let mut rest = self.points.split_off(i);
        if rest.first().is_none_or(|&(d, _)| d != at) {
            let first = (at, self.source(at));
            rest.insert(0, first);
        }
        OffsetMap { points: rest }
    }

    /// Number of breakpoints, a measure of how much the text was changed.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_and_shift() {
        assert_eq!(OffsetMap::default().source(7), 7);
        assert_eq!(OffsetMap::shifted(3).source(7), 10);
    }

    #[test]
    fn a_split_map_answers_as_the_whole() {
        let mut whole = OffsetMap::default();
        for (d, s) in [(0, 2), (5, 9), (6, 11), (12, 16)] {
            whole.push(d, s);
        }
        for at in [0, 3, 5, 6, 7, 12, 20] {
            let mut before = whole.clone();
            let after = before.split_off(at);
            for d in 0..25 {
                let part = if d < at { &before } else { &after };
                assert_eq!(
                    part.source(d),
                    whole.source(d),
                    "split at {at}, position {d}"
                );
            }
        }
    }

    #[test]
    fn replacement_maps_start_and_end() {
        // source "a\t\t\tb" (a at 0, tabs 1..4, b at 4) -> derived "a b"
        let mut m = OffsetMap::default();
        m.push(1, 1);
        m.push(2, 4);
        assert_eq!(m.source(0), 0);
        assert_eq!(m.source(1), 1);
        assert_eq!(m.source(2), 4);
        assert_eq!(m.source(3), 5);
        assert_eq!((m.derived(0), m.derived(4), m.derived(5)), (0, 2, 3));
    }
}
