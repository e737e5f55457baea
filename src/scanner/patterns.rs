//! The patterns the automaton looks for, made from the gazetteer's aliases.
//!
//! Each alias is normalised like the text (white space, quotes) and added as
//! written; an alias with lower-case letters is also added in ALL CAPITALS
//! (headings and book indexes), while an all-capitals alias (an acronym) is
//! added only as written. With `ignore_case`, patterns are matched
//! ASCII-case-insensitively and the lower- and upper-case forms of non-ASCII
//! aliases are added too. When a derived form (capitals) of one entity's
//! alias equals another entity's alias as written ("Trotsky" and "TROTSKY"),
//! the pattern is shared by both, as an alias written by both is: the
//! gazetteer check allows that only when both rows list it in `shared`.
//! With `ignore_case`, the alias as written wins over a derived form.

use std::collections::HashMap;

use crate::corpus::{normalize_alias, to_nfc};
use crate::gazetteer::Gazetteer;

/// The entities one pattern stands for: one, or several for a shared alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Gazetteer indexes, ascending.
    pub entities: Vec<u32>,
    /// Whether some owner wrote the pattern as it is (not derived from it).
    written: bool,
}

/// All patterns, in the order given to the automaton.
#[derive(Debug, Clone, Default)]
pub struct Patterns {
    pub strings: Vec<String>,
    pub targets: Vec<Target>,
    /// Pattern id by pattern string.
    lookup: HashMap<String, u32>,
    /// When ignoring case: a pattern id by lower-cased pattern string.
    folded: HashMap<String, u32>,
    ignore_case: bool,
}

impl Patterns {
    /// Builds the patterns of every alias of every entity.
    pub fn build(gazetteer: &Gazetteer, ignore_case: bool) -> Patterns {
        let mut p = Patterns {
            ignore_case,
            ..Patterns::default()
        };
        for (index, entity) in gazetteer.entities().iter().enumerate() {
            for alias in &entity.aliases {
                let alias = normalize_alias(alias);
                p.add(&alias, index as u32, true);
                // With `ignore_case` the automaton folds ASCII case itself.
                let lower = ignore_case && !alias.is_ascii();
                let upper = lower || (!ignore_case && alias.chars().any(char::is_lowercase));
                // The text is in NFC; a case mapping of NFC need not be.
                if lower {
                    p.add(&to_nfc(alias.to_lowercase()), index as u32, false);
                }
                if upper {
                    p.add(&to_nfc(alias.to_uppercase()), index as u32, false);
                }
            }
        }
        p
    }

    fn add(&mut self, pattern: &str, entity: u32, written: bool) {
        if pattern.is_empty() {
            return;
        }
        let Some(&id) = self.lookup.get(pattern) else {
            let id = self.strings.len() as u32;
            self.lookup.insert(pattern.to_string(), id);
            if self.ignore_case {
                self.folded.entry(pattern.to_lowercase()).or_insert(id);
            }
            self.strings.push(pattern.to_string());
            self.targets.push(Target {
                entities: vec![entity],
                written,
            });
            return;
        };
        let target = &mut self.targets[id as usize];
        // Without `ignore_case`, the only derived forms are capitals, which
        // the gazetteer check lets meet another entity's alias only when
        // both declare it shared.
        let shares = written || !target.written || !self.ignore_case;
        if written && !target.written && self.ignore_case {
            target.entities.clear();
        }
        target.written |= written;
        if shares && !target.entities.contains(&entity) {
            target.entities.push(entity);
            target.entities.sort_unstable();
        }
    }

    /// The pattern equal to `text`, if any.
    pub fn find(&self, text: &str) -> Option<u32> {
        if self.ignore_case {
            self.folded.get(&text.to_lowercase()).copied()
        } else {
            self.lookup.get(text).copied()
        }
    }

    pub fn len(&self) -> usize {
        self.strings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }
}
