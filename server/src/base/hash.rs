//! The one hasher for in-memory maps keyed by paths and names (`HashMap`, `HashSet`, `DashMap`
//! aliases below): foldhash, several times faster than the standard SipHash on the long paths the
//! index and the caches are keyed by. Not meant to resist hash flooding, which needs
//! attacker-chosen keys in huge numbers; the keys here are the workspace's own file paths.

/// The hasher builder of every alias below (randomly seeded per map).
pub type FastHasher = foldhash::fast::RandomState;
pub type HashMap<K, V> = std::collections::HashMap<K, V, FastHasher>;
pub type HashSet<K> = std::collections::HashSet<K, FastHasher>;
pub type DashMap<K, V> = dashmap::DashMap<K, V, FastHasher>;
