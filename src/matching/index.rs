//! The cloud index: every way a cloud object is looked up (immutableId, primary SMTP, UPN, every
//! address, SID, display name, mail local part), each key's text in one arena.

use std::borrow::Cow;
use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

use super::arena::{Span, TextArena};
use super::decision::Collision;
use super::*;
use crate::address::{AddressType, comparison_key};

/// The ways a cloud object is looked up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub(super) enum Key {
    /// Exact: an immutableId is Base64 and compared with its case.
    ImmutableId,
    PrimarySmtp,
    Upn,
    /// Every address a cloud object holds: UPN, mail, SMTP proxies (unique across objects).
    Address,
    SecurityIdentifier,
    DisplayName,
    LocalPart,
}

/// One key of one cloud object (or, in the on-premises table, of one on-premises user by
/// position); its text is in the prediction's key arena.
#[derive(Clone, Copy, Debug)]
pub(super) struct KeyEntry {
    pub(super) text: Span,
    pub(super) key: Key,
    pub(super) cloud: u32,
}

/// A cloud object's facts, its texts in the arena.
#[derive(Clone, Copy, Debug)]
pub(super) struct CloudRecord {
    pub(super) id: Span,
    pub(super) upn: Option<Span>,
    pub(super) object_type: ObjectType,
    /// Has an immutableId, or was synchronized.
    pub(super) anchored: bool,
    /// Still linked to an on-premises object (OnPremisesSyncEnabled true).
    pub(super) linked: bool,
    pub(super) privileged: bool,
    /// Soft-deleted: only its immutableId is held.
    pub(super) deleted: bool,
}

pub(super) fn local_part(address: &str) -> &str {
    address.split('@').next().unwrap_or("")
}

pub(super) fn key_hash(key: Key, text: &str) -> u64 {
    FxBuildHasher.hash_one((key as u8, text))
}

/// How many tables the cloud keys are split across.
pub(super) const PARTS: usize = 4;

/// The table a key's hash lives in: two bits the tables use neither for the bucket (the low
/// bits) nor for the control byte (the top seven).
pub(super) fn part_of(hash: u64) -> usize {
    ((hash >> 40) as usize) & (PARTS - 1)
}

impl Prediction {
    /// The cloud object first indexed under `key` = `text`.
    pub(super) fn find(&self, key: Key, text: &str) -> Option<u32> {
        let hash = key_hash(key, text);
        self.keys[part_of(hash)]
            .find(hash, |entry| {
                entry.key == key && self.key_text.get(entry.text) == text
            })
            .map(|entry| entry.cloud)
    }

    /// Indexes `cloud` under `key` = `text`, unless another object already is (the first wins).
    pub(super) fn index(&mut self, key: Key, text: &str, cloud: u32) {
        if text.is_empty() {
            return;
        }
        // One probe for the look-up and the insert: at millions of keys each probe is a cache miss.
        let hash = key_hash(key, text);
        let arena = &self.key_text;
        let entry = self.keys[part_of(hash)].entry(
            hash,
            |entry| entry.key == key && arena.get(entry.text) == text,
            |entry| key_hash(entry.key, arena.get(entry.text)),
        );
        if let hashbrown::hash_table::Entry::Vacant(vacant) = entry
            && let Some(span) = self.key_text.push(text)
        {
            vacant.insert(KeyEntry {
                text: span,
                key,
                cloud,
            });
        }
    }

    /// Makes room for the values of `count` more on-premises users (about one each), instead of
    /// growing the table by doubling, rehashing every value (a cache miss each) each time.
    pub(super) fn reserve_on_prem(&mut self, count: usize) {
        let arena = &self.text;
        self.on_prem_keys
            .reserve(count, |entry| key_hash(entry.key, arena.get(entry.text)));
    }

    /// Adds a cloud object to match against.
    pub fn add_cloud(&mut self, user: &CloudUser<'_>) {
        let number = self.push_cloud(user);
        cloud_keys(user, |key, text| self.index(key, text, number));
    }

    /// Adds many cloud objects at once, in order; see [`Prediction::add_clouds_from`].
    pub fn add_clouds(&mut self, users: &[CloudUser<'_>]) {
        self.add_clouds_from(users, |user| Cow::Borrowed(user));
    }

    /// Adds the cloud objects `user_of` reads from `items`, in order, on every core: each
    /// thread reads a run of them into records and keys of its own; the runs are joined in
    /// order; then each table takes its keys on a thread of its own (a key lives in one table,
    /// and each table takes its keys in the objects' order, so the first holder of a key still
    /// wins).
    pub fn add_clouds_from<'a, T: Sync>(
        &mut self,
        items: &[T],
        user_of: impl for<'t> Fn(&'t T) -> Cow<'t, CloudUser<'a>> + Sync,
    ) {
        self.add_clouds_in(items, batch::threads_for(items.len()), user_of);
    }

    /// [`Prediction::add_clouds_from`] on `threads` threads (at most one an item).
    pub(super) fn add_clouds_in<'a, T: Sync>(
        &mut self,
        items: &[T],
        threads: usize,
        user_of: impl for<'t> Fn(&'t T) -> Cow<'t, CloudUser<'a>> + Sync,
    ) {
        let this = &*self;
        let parts: Vec<CloudPart> = batch::each_run(items, threads, |run| {
            let mut part = CloudPart::default();
            for item in run {
                this.read_cloud(&user_of(item), &mut part);
            }
            part
        });
        let mut pending: [Vec<(u64, KeyEntry)>; PARTS] = std::array::from_fn(|_| Vec::new());
        for part in parts {
            let first = self.clouds.len() as u32;
            let text = self.text.append(part.text);
            let keys = self.key_text.append(part.key_text);
            self.clouds
                .extend(part.records.into_iter().map(|record| CloudRecord {
                    id: record.id.shifted(text).unwrap_or(Span { start: 0, len: 0 }),
                    upn: record.upn.and_then(|upn| upn.shifted(text)),
                    ..record
                }));
            for (table, entries) in pending.iter_mut().zip(part.pending) {
                table.extend(entries.into_iter().filter_map(|(hash, entry)| {
                    let text = entry.text.shifted(keys)?;
                    let cloud = first + entry.cloud;
                    Some((
                        hash,
                        KeyEntry {
                            text,
                            cloud,
                            ..entry
                        },
                    ))
                }));
            }
        }
        let arena = &self.key_text;
        std::thread::scope(|scope| {
            for (table, entries) in self.keys.iter_mut().zip(pending) {
                scope.spawn(move || {
                    let rehash = |entry: &KeyEntry| key_hash(entry.key, arena.get(entry.text));
                    table.reserve(entries.len(), rehash);
                    for (hash, entry) in entries {
                        let text = arena.get(entry.text);
                        let slot = table.entry(
                            hash,
                            |held| held.key == entry.key && arena.get(held.text) == text,
                            rehash,
                        );
                        if let hashbrown::hash_table::Entry::Vacant(vacant) = slot {
                            vacant.insert(entry);
                        }
                    }
                });
            }
        });
    }

    /// Reads one cloud object into `part`: its record, and its keys (each once) for the tables.
    fn read_cloud(&self, user: &CloudUser<'_>, part: &mut CloudPart) {
        let number = part.records.len() as u32;
        part.records.push(self.cloud_record(user, &mut part.text));
        let CloudPart {
            key_text,
            pending,
            own,
            ..
        } = part;
        own.clear();
        cloud_keys(user, |key, text| {
            if text.is_empty()
                || own
                    .iter()
                    .any(|&(k, span)| k == key && key_text.get(span) == text)
            {
                return;
            }
            let Some(span) = key_text.push(text) else {
                return;
            };
            own.push((key, span));
            let hash = key_hash(key, text);
            pending[part_of(hash)].push((
                hash,
                KeyEntry {
                    text: span,
                    key,
                    cloud: number,
                },
            ));
        });
    }

    /// A cloud object's record, pushed; its number.
    fn push_cloud(&mut self, user: &CloudUser<'_>) -> u32 {
        let number = self.clouds.len() as u32;
        let mut text = std::mem::take(&mut self.text);
        let record = self.cloud_record(user, &mut text);
        self.text = text;
        self.clouds.push(record);
        number
    }

    /// A cloud object's record, its texts pushed to `text`.
    fn cloud_record(&self, user: &CloudUser<'_>, text: &mut TextArena) -> CloudRecord {
        let upn_key = user.user_principal_name.map(comparison_key);
        let immutable_id = user.immutable_id.map(str::trim).filter(|id| !id.is_empty());
        let privileged = self.privileged.contains(comparison_key(user.id).as_ref())
            || upn_key
                .as_deref()
                .is_some_and(|upn| self.privileged.contains(upn));
        CloudRecord {
            id: text
                .push(user.id.trim())
                .unwrap_or(Span { start: 0, len: 0 }),
            upn: text.push_present(user.user_principal_name),
            object_type: ObjectType::from_text(user.object_type),
            anchored: immutable_id.is_some()
                || user.sync_enabled == Some(true)
                || user.last_dir_sync,
            linked: user.is_linked(),
            privileged,
            deleted: user.deleted,
        }
    }
}

/// Cloud objects read by one thread: their records and keys, texts in arenas of their own, the
/// objects numbered from 0 until the parts are joined.
#[derive(Default)]
struct CloudPart {
    text: TextArena,
    key_text: TextArena,
    records: Vec<CloudRecord>,
    pending: [Vec<(u64, KeyEntry)>; PARTS],
    /// The keys of the object being read, so a key it repeats is indexed once.
    own: Vec<(Key, Span)>,
}

/// Every key a cloud object is found by, in the order they are indexed (the first holder of a
/// key wins): its immutableId; unless deleted, its primary SMTP address and that address's local
/// part, its UPN (as UPN and as an address), mail, SMTP proxies, SID and display name.
fn cloud_keys(user: &CloudUser<'_>, mut each: impl FnMut(Key, &str)) {
    if let Some(id) = user.immutable_id.map(str::trim).filter(|id| !id.is_empty()) {
        each(Key::ImmutableId, id);
    }
    if user.deleted {
        // A deleted user's UPN is rewritten and its addresses released (model assumption
        // for the addresses, docs/model.md): only its immutableId stays reserved.
        return;
    }
    // The cloud primary: the SMTP: proxy, else mail (an Exchange recipient always has one).
    let primary = user
        .proxy_addresses
        .iter()
        .find(|proxy| proxy.is_primary)
        .map(|proxy| proxy.address)
        .or(user.mail);
    if let Some(primary) = primary.map(comparison_key) {
        each(Key::PrimarySmtp, &primary);
        each(Key::LocalPart, local_part(&primary));
    }
    if let Some(upn) = user.user_principal_name.map(comparison_key) {
        each(Key::Upn, &upn);
        each(Key::Address, &upn);
    }
    if let Some(mail) = user.mail {
        each(Key::Address, &comparison_key(mail));
    }
    for proxy in user
        .proxy_addresses
        .iter()
        .filter(|proxy| proxy.kind == AddressType::Smtp)
    {
        each(Key::Address, &proxy.key());
    }
    if let Some(sid) = user.security_identifier {
        each(Key::SecurityIdentifier, &comparison_key(sid));
    }
    if let Some(name) = user.display_name {
        each(Key::DisplayName, &comparison_key(name));
    }
}

/// The on-premises user (by position) first holding `collision`'s value as a UPN or address;
/// when none does yet, the user at `position` is recorded as its holder (one probe for both).
/// The table's texts are in `arena`, the prediction's own.
pub(super) fn on_prem_holder(
    table: &mut HashTable<KeyEntry>,
    arena: &TextArena,
    collision: &Collision,
    position: u32,
) -> Option<u32> {
    let key = arena.get(collision.key);
    let entry = table.entry(
        collision.hash,
        |entry| arena.get(entry.text) == key,
        |entry| key_hash(entry.key, arena.get(entry.text)),
    );
    match entry {
        hashbrown::hash_table::Entry::Occupied(held) => Some(held.get().cloud),
        hashbrown::hash_table::Entry::Vacant(vacant) => {
            vacant.insert(KeyEntry {
                text: collision.key,
                key: Key::Address,
                cloud: position,
            });
            None
        }
    }
}
