//! A suggested value is one the admin may apply as it is, so it must be free in the whole run: a
//! value no other object holds, and no other object is told to take (issue 23: `jane
//! doe@contoso.com` was told to become `janedoe@contoso.com`, which another user holds). Values
//! of later objects are only known at the end, so findings that carry a suggestion are held back
//! and handed out by [`Readiness::finish`], each suggestion checked against every value kept.

use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap};

use super::{ObjectFinding, Readiness, Scope, attributes, value_key};
use crate::model::Attribute;

impl Readiness {
    /// Keeps `findings` of the objects just checked that carry a suggestion for the end; the
    /// others are returned, in order.
    pub(super) fn hold_suggestions(&mut self, findings: Vec<ObjectFinding>) -> Vec<ObjectFinding> {
        let (held, now): (Vec<_>, Vec<_>) = findings
            .into_iter()
            .partition(|found| found.finding.suggestion.is_some());
        self.held.extend(held);
        now
    }

    /// The findings held back, in input order, each suggestion that another object holds (or
    /// that an earlier object is told to take) taken out and the message saying by whom. Reads
    /// only the buckets the suggestions hash to, each once: linear in the values there.
    pub(super) fn vetted_suggestions(&self) -> Vec<ObjectFinding> {
        let mut findings = self.held.clone();
        // Each suggestion's scope and key, with the findings that suggest it (first first).
        let mut wanted: FxHashMap<(Scope, String), Vec<usize>> = FxHashMap::default();
        let mut key = String::new();
        for (index, found) in findings.iter().enumerate() {
            let suggestion = found.finding.suggestion.as_deref().unwrap_or_default();
            if let Some(scope) = value_key(found.finding.attribute, suggestion, &mut key) {
                wanted.entry((scope, key.clone())).or_default().push(index);
            }
        }
        // The wanted keys by bucket, then by the 32 bits of their hash an occurrence keeps.
        type Wanted<'a> = (&'a (Scope, String), &'a Vec<usize>);
        let mut by_bucket: FxHashMap<usize, FxHashMap<u32, Vec<Wanted<'_>>>> = FxHashMap::default();
        for entry in &wanted {
            let hash = FxBuildHasher.hash_one((entry.0.0, entry.0.1.as_str()));
            by_bucket
                .entry((hash >> 58) as usize)
                .or_default()
                .entry(hash as u32)
                .or_default()
                .push(entry);
        }
        let mut taken: Vec<Option<String>> = vec![None; findings.len()];
        for (run, first) in self.runs.iter().zip(&self.firsts) {
            for (&bucket, hashes) in &by_bucket {
                for occurrence in &run.values.buckets[bucket] {
                    let Some(candidates) = hashes.get(&occurrence.hash) else {
                        continue;
                    };
                    for ((scope, key), indices) in candidates {
                        if occurrence.scope != *scope || run.values.text(occurrence) != key {
                            continue;
                        }
                        let holder = self.identity(first + occurrence.object);
                        for &index in indices.iter() {
                            if taken[index].is_none() && holder != findings[index].identity {
                                let attribute = attributes(occurrence.attributes)
                                    .next()
                                    .map_or("", Attribute::name);
                                taken[index] = Some(format!("{holder} ({attribute})"));
                            }
                        }
                    }
                }
            }
        }
        // One value suggested to two objects: the first told keeps it.
        for indices in wanted.values() {
            let first = findings[indices[0]].identity.clone();
            for &index in &indices[1..] {
                if taken[index].is_none() && findings[index].identity != first {
                    taken[index] = Some(format!("{first}, which is told to take it too"));
                }
            }
        }
        for (found, holder) in findings.iter_mut().zip(taken) {
            if let Some(holder) = holder {
                let suggestion = found.finding.suggestion.take().unwrap_or_default();
                found.finding.message = format!(
                    "{} No value is suggested: '{suggestion}' is already held by {holder}; choose one no other object holds.",
                    found.finding.message
                );
            }
        }
        findings
    }
}
