//! The cloud index: every way a cloud object is looked up (immutableId, primary SMTP, UPN, every
//! address, SID, display name, mail local part), each text in one arena, and one entry per text
//! for the keys an address is looked up by (so a user's address costs one probe, not three).

use std::borrow::Cow;
use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

use super::arena::{Span, TextArena};
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

impl Key {
    /// Keys of one family share an entry per text: an address is looked up as a primary SMTP
    /// address, a UPN and an address at once, so its entry (and its text) is fetched once.
    fn family(self) -> u8 {
        match self {
            Key::PrimarySmtp | Key::Upn | Key::Address => Key::Address as u8,
            other => other as u8,
        }
    }

    /// Where the key's holder is kept in its family's entry.
    fn slot(self) -> usize {
        match self {
            Key::PrimarySmtp => 1,
            Key::Upn => 2,
            _ => 0,
        }
    }
}

/// No cloud object holds the key (in an entry's holders).
const NO_HOLDER: u32 = u32::MAX;

/// An entry of a cloud table: a text (in the prediction's key arena) and the first cloud object
/// holding each key of its family under that text.
trait Entry: Copy + Send {
    /// The entry for `cloud` holding `key` = the text at `text`; `None` when it cannot be kept.
    fn new(text: Span, key: Key, cloud: u32) -> Option<Self>;
    fn text(&self) -> Span;
    fn family(&self) -> u8;
    /// Records `cloud` as holding `key`, unless another object already does (the first wins).
    fn hold(&mut self, key: Key, cloud: u32);
    fn holder(&self, key: Key) -> Option<u32>;
}

/// An address (the family of primary SMTP, UPN and address keys) with its three holders.
#[derive(Clone, Copy, Debug)]
pub(super) struct AddressEntry {
    text: Span,
    holders: [u32; 3],
}

impl Entry for AddressEntry {
    fn new(text: Span, key: Key, cloud: u32) -> Option<Self> {
        let mut holders = [NO_HOLDER; 3];
        holders[key.slot()] = cloud;
        Some(AddressEntry { text, holders })
    }

    fn text(&self) -> Span {
        self.text
    }

    fn family(&self) -> u8 {
        Key::Address.family()
    }

    fn hold(&mut self, key: Key, cloud: u32) {
        let holder = &mut self.holders[key.slot()];
        if *holder == NO_HOLDER {
            *holder = cloud;
        }
    }

    fn holder(&self, key: Key) -> Option<u32> {
        Some(self.holders[key.slot()]).filter(|&holder| holder != NO_HOLDER)
    }
}

/// Any other key with its one holder, in 12 bytes: the family rides in the top byte of the
/// text's length (a key is at most 65,536 characters, far below 16 MiB).
#[derive(Clone, Copy, Debug)]
pub(super) struct OtherEntry {
    start: u32,
    family_and_len: u32,
    holder: u32,
}

const LEN_BITS: u32 = 24;

impl Entry for OtherEntry {
    fn new(text: Span, key: Key, cloud: u32) -> Option<Self> {
        (text.len < 1 << LEN_BITS).then(|| OtherEntry {
            start: text.start,
            family_and_len: (u32::from(key.family()) << LEN_BITS) | text.len,
            holder: cloud,
        })
    }

    fn text(&self) -> Span {
        Span {
            start: self.start,
            len: self.family_and_len & ((1 << LEN_BITS) - 1),
        }
    }

    fn family(&self) -> u8 {
        (self.family_and_len >> LEN_BITS) as u8
    }

    fn hold(&mut self, _: Key, _: u32) {
        // One key a family, and its first holder is kept.
    }

    fn holder(&self, _: Key) -> Option<u32> {
        Some(self.holder)
    }
}

/// The cloud tables: addresses (three holders each) and every other key (one holder), each kind
/// split by bits of the key's hash that the tables themselves do not use, so many threads can
/// fill them at once ([`Prediction::add_clouds`]); a key lives in one table only.
#[derive(Debug, Default)]
pub(super) struct CloudTables {
    addresses: [HashTable<AddressEntry>; PARTS],
    others: [HashTable<OtherEntry>; PARTS],
}

impl CloudTables {
    /// Room for `count` more cloud objects: about two addresses and two other keys each. Only
    /// an estimate, so a count memory cannot hold reserves nothing (the tables grow as keys come).
    pub(super) fn reserve(&mut self, count: usize, arena: &TextArena) {
        let each = count.saturating_mul(2) / PARTS;
        for part in &mut self.addresses {
            let _ = part.try_reserve(each, |entry| entry_hash(entry, arena));
        }
        for part in &mut self.others {
            let _ = part.try_reserve(each, |entry| entry_hash(entry, arena));
        }
    }

    fn find(&self, arena: &TextArena, key: Key, text: &str) -> Option<u32> {
        let hash = key_hash(key, text);
        if key.family() == Key::Address.family() {
            find_in(&self.addresses[part_of(hash)], arena, hash, key, text)
        } else {
            find_in(&self.others[part_of(hash)], arena, hash, key, text)
        }
    }
}

fn entry_hash<E: Entry>(entry: &E, arena: &TextArena) -> u64 {
    family_hash(entry.family(), arena.get(entry.text()))
}

fn find_in<E: Entry>(
    table: &HashTable<E>,
    arena: &TextArena,
    hash: u64,
    key: Key,
    text: &str,
) -> Option<u32> {
    let family = key.family();
    table
        .find(hash, |entry| {
            entry.family() == family && arena.get(entry.text()) == text
        })
        .and_then(|entry| entry.holder(key))
}

/// Records `cloud` as holding `key` under the text at `span` (`text`) in `table`, unless another
/// object already does (the first wins). One probe for the look-up and the insert: at millions of
/// keys each probe is a cache miss.
fn hold_in<E: Entry>(
    table: &mut HashTable<E>,
    arena: &TextArena,
    hash: u64,
    key: Key,
    span: Span,
    cloud: u32,
) {
    let text = arena.get(span);
    let family = key.family();
    let slot = table.entry(
        hash,
        |held| held.family() == family && arena.get(held.text()) == text,
        |held| entry_hash(held, arena),
    );
    match slot {
        hashbrown::hash_table::Entry::Occupied(mut held) => held.get_mut().hold(key, cloud),
        hashbrown::hash_table::Entry::Vacant(vacant) => {
            if let Some(entry) = E::new(span, key, cloud) {
                vacant.insert(entry);
            }
        }
    }
}

/// Takes `entries` (keys whose hash falls in part `part`) into that part's tables, in order.
fn hold_all(
    tables: (&mut HashTable<AddressEntry>, &mut HashTable<OtherEntry>),
    arena: &TextArena,
    entries: Vec<PendingKey>,
) {
    let (addresses, others) = tables;
    for pending in entries {
        if pending.key.family() == Key::Address.family() {
            hold_in(
                addresses,
                arena,
                pending.hash,
                pending.key,
                pending.text,
                pending.cloud,
            );
        } else {
            hold_in(
                others,
                arena,
                pending.hash,
                pending.key,
                pending.text,
                pending.cloud,
            );
        }
    }
}

/// A value that can collide with another on-premises user's, its comparison key made ahead.
#[derive(Clone, Copy, Debug)]
pub(super) struct Collision {
    /// The value as shown in the warning.
    pub(super) shown: Span,
    /// Its comparison key (the same span when the value is its own key).
    pub(super) key: Span,
    pub(super) hash: u64,
}

/// A value an on-premises user will hold, by its position; its text is in the prediction's arena.
#[derive(Clone, Copy, Debug)]
pub(super) struct OnPremEntry {
    text: Span,
    user: u32,
}

/// A key of a cloud object, before the tables take it.
#[derive(Clone, Copy, Debug)]
struct PendingKey {
    hash: u64,
    text: Span,
    key: Key,
    cloud: u32,
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
    /// onPremisesObjectIdentifier is set: a hard match onto it is blocked (July 2026 hardening).
    pub(super) object_identifier_set: bool,
    /// Holds a licence; `None` when not known (SynchronizeUpnForManagedUsers concerns licensed users).
    pub(super) licensed: Option<bool>,
}

pub(super) fn local_part(address: &str) -> &str {
    address.split('@').next().unwrap_or("")
}

pub(super) fn key_hash(key: Key, text: &str) -> u64 {
    family_hash(key.family(), text)
}

fn family_hash(family: u8, text: &str) -> u64 {
    FxBuildHasher.hash_one((family, text))
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
        self.keys.find(&self.key_text, key, text)
    }

    /// Makes room for the values of `count` more on-premises users (about one each), instead of
    /// growing the table by doubling, rehashing every value (a cache miss each) each time.
    pub(super) fn reserve_on_prem(&mut self, count: usize) {
        let arena = &self.text;
        self.on_prem_keys
            .reserve(count, |entry| key_hash(Key::Address, arena.get(entry.text)));
    }

    /// Adds a cloud object to match against (as [`Prediction::add_clouds`] adds many).
    pub fn add_cloud(&mut self, user: &CloudUser<'_>) {
        self.add_clouds(std::slice::from_ref(user));
    }

    /// Adds many cloud objects at once, in order; see [`Prediction::add_clouds_from`].
    pub fn add_clouds(&mut self, users: &[CloudUser<'_>]) {
        self.add_clouds_from(users, |user| Some(Cow::Borrowed(user)));
    }

    /// Adds the cloud objects `user_of` reads from `items`, in order, on every core: each
    /// thread reads a run of them into records and keys of its own; the runs are joined in
    /// order; then each table takes its keys on a thread of its own (a key lives in one table,
    /// and each table takes its keys in the objects' order, so the first holder of a key still
    /// wins).
    pub fn add_clouds_from<'a, T: Sync>(
        &mut self,
        items: &[T],
        user_of: impl for<'t> Fn(&'t T) -> Option<Cow<'t, CloudUser<'a>>> + Sync,
    ) {
        self.add_clouds_in(items, crate::parallel::threads_for(items.len()), user_of);
    }

    /// [`Prediction::add_clouds_from`] on `threads` threads (at most one an item).
    pub(super) fn add_clouds_in<'a, T: Sync>(
        &mut self,
        items: &[T],
        threads: usize,
        user_of: impl for<'t> Fn(&'t T) -> Option<Cow<'t, CloudUser<'a>>> + Sync,
    ) {
        let this = &*self;
        let parts: Vec<CloudPart> = crate::parallel::each_run(items, threads, |run| {
            let mut part = CloudPart::default();
            for user in run.iter().filter_map(&user_of) {
                this.read_cloud(&user, &mut part);
            }
            part
        });
        let mut pending: [Vec<PendingKey>; PARTS] = std::array::from_fn(|_| Vec::new());
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
                table.extend(entries.into_iter().filter_map(|entry| {
                    let text = entry.text.shifted(keys)?;
                    let cloud = first + entry.cloud;
                    Some(PendingKey {
                        text,
                        cloud,
                        ..entry
                    })
                }));
            }
        }
        let arena = &self.key_text;
        let CloudTables { addresses, others } = &mut self.keys;
        std::thread::scope(|scope| {
            for ((addresses, others), entries) in
                addresses.iter_mut().zip(others.iter_mut()).zip(pending)
            {
                scope.spawn(move || {
                    hold_all((addresses, others), arena, entries);
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
            if text.is_empty() {
                return;
            }
            // A key it repeats is taken once; a text its family already holds is kept once.
            let mut span = None;
            for &(held, held_span) in own.iter() {
                if held.family() == key.family() && key_text.get(held_span) == text {
                    if held == key {
                        return;
                    }
                    span = Some(held_span);
                }
            }
            let Some(span) = span.or_else(|| key_text.push(text)) else {
                return;
            };
            own.push((key, span));
            let hash = key_hash(key, text);
            pending[part_of(hash)].push(PendingKey {
                hash,
                text: span,
                key,
                cloud: number,
            });
        });
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
            object_identifier_set: user
                .object_identifier
                .is_some_and(|value| !value.trim().is_empty()),
            licensed: user.licensed,
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
    pending: [Vec<PendingKey>; PARTS],
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
    table: &mut HashTable<OnPremEntry>,
    arena: &TextArena,
    collision: &Collision,
    position: u32,
) -> Option<u32> {
    let key = arena.get(collision.key);
    let entry = table.entry(
        collision.hash,
        |entry| arena.get(entry.text) == key,
        |entry| key_hash(Key::Address, arena.get(entry.text)),
    );
    match entry {
        hashbrown::hash_table::Entry::Occupied(held) => Some(held.get().user),
        hashbrown::hash_table::Entry::Vacant(vacant) => {
            vacant.insert(OnPremEntry {
                text: collision.key,
                user: position,
            });
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The family rides in the length's top byte: both come back as they went in, and a text too
    // long to pack is not kept (rather than kept under a wrong length).
    #[test]
    fn an_other_entry_keeps_its_family_and_length() {
        let longest = Span {
            start: 7,
            len: (1 << LEN_BITS) - 1,
        };
        let entry = OtherEntry::new(longest, Key::DisplayName, 3).expect("packs");
        assert_eq!(entry.text(), longest);
        assert_eq!(entry.family(), Key::DisplayName.family());
        assert_eq!(entry.holder(Key::DisplayName), Some(3));
        let too_long = Span {
            start: 0,
            len: 1 << LEN_BITS,
        };
        assert!(OtherEntry::new(too_long, Key::LocalPart, 1).is_none());
    }
}
