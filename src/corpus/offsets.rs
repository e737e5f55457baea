//! Maps from positions in a derived text back to positions in the text it was
//! derived from, so that every mention can be traced to the original bytes.
//!
//! A map is a sorted list of breakpoints `(derived, source, rate)`: from
//! `derived` onwards, positions advance at `rate` (one for one, unless the
//! text was transcoded) until the next breakpoint. A replacement (a run of
//! white space becoming one space, `’` becoming `'`, a hyphen join, `e` and a
//! combining acute composed into `é`) adds a breakpoint at its start and one
//! just after it, so a position at a character boundary of the derived text
//! maps to the start of the source text that produced that character, and an
//! end position maps to the end of the source text consumed so far.
//!
//! Rates keep the map of a UTF-16 file small: a run of ASCII (one UTF-8 byte
//! for two bytes of the file) or of three-byte characters (three for two) is
//! one breakpoint, not one per character.

/// How positions advance within a run: `derived` bytes of derived text for
/// every `source` bytes of source text, at character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub derived: u8,
    pub source: u8,
}

impl Rate {
    /// One for one: a copy, or a run of characters as long in both texts.
    pub const ONE: Rate = Rate {
        derived: 1,
        source: 1,
    };

    /// `steps` derived bytes into a run, how far the source has advanced.
    fn source_len(self, steps: usize) -> usize {
        if self == Rate::ONE {
            steps
        } else {
            steps / usize::from(self.derived) * usize::from(self.source)
        }
    }

    /// The inverse of [`source_len`](Self::source_len), rounded down.
    fn derived_len(self, steps: usize) -> usize {
        if self == Rate::ONE {
            steps
        } else {
            steps / usize::from(self.source) * usize::from(self.derived)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Point {
    derived: usize,
    source: usize,
    rate: Rate,
}

impl Point {
    /// Whether a breakpoint `(derived, source, rate)` after this one says
    /// nothing new.
    fn implies(&self, derived: usize, source: usize, rate: Rate) -> bool {
        let steps = derived - self.derived;
        if rate != self.rate {
            false
        } else if rate == Rate::ONE {
            source == self.source + steps
        } else {
            steps % usize::from(rate.derived) == 0 && source == self.source + rate.source_len(steps)
        }
    }
}

/// Breakpoint list; see the module documentation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    points: Vec<Point>,
}

impl OffsetMap {
    /// The map of a text that was copied unchanged, shifted by `shift` bytes.
    pub fn shifted(shift: usize) -> Self {
        OffsetMap {
            points: vec![Point {
                derived: 0,
                source: shift,
                rate: Rate::ONE,
            }],
        }
    }

    /// Records that derived position `derived` corresponds to source position
    /// `source`, and that positions advance one for one from there; calls
    /// must come in increasing `derived` order.
    pub fn push(&mut self, derived: usize, source: usize) {
        self.push_run(derived, source, Rate::ONE);
    }

    /// As [`push`](Self::push), with positions advancing at `rate` from
    /// `derived` on.
    pub fn push_run(&mut self, derived: usize, source: usize, rate: Rate) {
        while let Some(last) = self.points.last() {
            if last.implies(derived, source, rate) {
                return;
            }
            if derived > last.derived {
                break;
            }
            // Replaced; the one before may imply the new breakpoint.
            self.points.pop();
        }
        self.points.push(Point {
            derived,
            source,
            rate,
        });
    }

    /// The source position of a derived position.
    pub fn source(&self, derived: usize) -> usize {
        // Normalisation asks of the end of the map as it grows.
        let i = match self.points.last() {
            Some(last) if last.derived <= derived => self.points.len(),
            _ => self.points.partition_point(|p| p.derived <= derived),
        };
        match i {
            0 => derived,
            _ => {
                let p = self.points[i - 1];
                p.source + p.rate.source_len(derived - p.derived)
            }
        }
    }

    /// [`source`](Self::source) for derived positions asked in
    /// non-decreasing order (the starts and ends of a text's matches, which
    /// do not overlap), the breakpoints walked once instead of searched for
    /// each.
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            points: &self.points,
            next: 0,
            last: 0,
        }
    }

    /// The derived position of a source position (the inverse of
    /// [`source`](Self::source)); a source position inside replaced text maps
    /// to the end of its replacement.
    pub fn derived(&self, source: usize) -> usize {
        let i = self.points.partition_point(|p| p.source <= source);
        match i {
            0 => source,
            _ => {
                let p = self.points[i - 1];
                let next = self.points.get(i).map_or(usize::MAX, |n| n.derived);
                (p.derived + p.rate.derived_len(source - p.source)).min(next)
            }
        }
    }

    /// The map from derived position `at` on, beginning with the
    /// breakpoint that holds at `at`; `self` keeps what comes before it.
    /// Both answer [`source`](Self::source) as the whole map did, on their
    /// side of `at`.
    pub fn split_off(&mut self, at: usize) -> OffsetMap {
        let i = self.points.partition_point(|p| p.derived < at);
        let mut rest = self.points.split_off(i);
        if rest.first().is_none_or(|p| p.derived != at) {
            let first = Point {
                derived: at,
                source: self.source(at),
                rate: self.points.last().map_or(Rate::ONE, |p| p.rate),
            };
            rest.insert(0, first);
        }
        OffsetMap { points: rest }
    }

    /// Forgets the breakpoints from derived position `at` on, so that the
    /// text from there can be derived again (the next
    /// [`push`](Self::push) may be at `at`); positions before `at` map as
    /// they did.
    pub fn truncate(&mut self, at: usize) {
        while self.points.last().is_some_and(|p| p.derived >= at) {
            self.points.pop();
        }
    }

    /// Number of breakpoints, a measure of how much the text was changed.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }
}

/// See [`OffsetMap::cursor`].
pub struct Cursor<'m> {
    points: &'m [Point],
    /// The first breakpoint after the last position asked.
    next: usize,
    last: usize,
}

impl Cursor<'_> {
    /// As [`OffsetMap::source`]; `derived` must be at least the position
    /// asked before.
    pub fn source(&mut self, derived: usize) -> usize {
        debug_assert!(
            derived >= self.last,
            "cursor asked {derived} after {}",
            self.last
        );
        self.last = derived;
        while self
            .points
            .get(self.next)
            .is_some_and(|p| p.derived <= derived)
        {
            self.next += 1;
        }
        match self.next {
            0 => derived,
            i => {
                let p = self.points[i - 1];
                p.source + p.rate.source_len(derived - p.derived)
            }
        }
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
    fn a_cursor_answers_as_the_map() {
        let mut map = OffsetMap::shifted(3);
        map.push(4, 9);
        map.push(4, 10);
        map.push_run(
            8,
            14,
            Rate {
                derived: 1,
                source: 2,
            },
        );
        map.push(12, 22);
        map.push(13, 30);
        for step in 1..4 {
            let mut cursor = map.cursor();
            // Each position asked twice, as a match's end and the next's start.
            for d in (0..20).step_by(step) {
                assert_eq!(cursor.source(d), map.source(d), "position {d}");
                assert_eq!(cursor.source(d), map.source(d), "position {d} again");
            }
        }
        assert_eq!(OffsetMap::default().cursor().source(7), 7);
    }

    #[test]
    fn runs_at_a_rate_map_every_character_boundary() {
        // "ab" as UTF-16 (2 bytes each) after a 2-byte BOM, then "дж" (2
        // UTF-8 bytes, 2 UTF-16 bytes each), then "中文" (3 for 2), then "z".
        let half = Rate {
            derived: 1,
            source: 2,
        };
        let cjk = Rate {
            derived: 3,
            source: 2,
        };
        let mut m = OffsetMap::default();
        m.push_run(0, 2, half);
        m.push_run(1, 4, half); // implied
        m.push_run(2, 6, Rate::ONE);
        m.push_run(4, 8, Rate::ONE); // implied
        m.push_run(6, 10, cjk);
        m.push_run(9, 12, cjk); // implied
        m.push_run(12, 14, half);
        assert_eq!(m.len(), 4);
        let boundaries = [0, 1, 2, 4, 6, 9, 12, 13];
        let sources = [2, 4, 6, 8, 10, 12, 14, 16];
        for (d, s) in boundaries.into_iter().zip(sources) {
            assert_eq!(m.source(d), s, "derived {d}");
            assert_eq!(m.derived(s), d, "source {s}");
            let mut before = m.clone();
            let after = before.split_off(d);
            for (d2, s2) in boundaries.into_iter().zip(sources) {
                let part = if d2 < d { &before } else { &after };
                assert_eq!(part.source(d2), s2, "split at {d}, position {d2}");
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
