package dev.commandeer.store;

import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * The memory store's de-duplication keys, kept in a handful of primitive arrays rather than as
 * objects per key. Under load the store holds up to {@code maxKeys} of them for seconds; as objects
 * (map entry, key, holder, expiry) they were what every young collection had to copy, again and
 * again until promoted, which made the pauses long. Here a key costs no object at all.
 *
 * <p>A key is kept as a 128-bit fingerprint: two 64-bit hashes with seeds drawn at start-up, so two
 * different Mattermost ids share a fingerprint with a probability far below one in 10^25 over the
 * table's life. The holder is kept as the 40 bits of its run id ({@link RunIds#pack}); ids of
 * another form are kept as text.
 *
 * <p>Keys leave in the order they were claimed: the oldest go once expired, and beyond {@code
 * maxKeys} in any case (a key claimed anew after it expired counts as claimed then). Open
 * addressing with linear probing, at most half full; arrays grow with the number of keys. Not
 * thread-safe: {@link MemoryStore} calls it under its lock.
 */
final class ClaimTable {

  private static final int MIN_SLOTS = 1 << 8;

  private final int maxKeys;
  private final long seedA;
  private final long seedB;

  // slot i is empty when stamp[i] == 0; a stamp is the key's claim number, counting from 1
  private long[] hashA;
  private long[] hashB;
  private long[] stamp;
  private long[] expiresAt;
  private long[] holder;
  private String[] oddHolder;
  private int mask;
  private int size;

  // claims in the order they were made; an entry is stale when its key was claimed anew since
  private long[] ringStamp;
  private long[] ringA;
  private long[] ringB;
  private int ringHead;
  private int ringSize;
  private long nextStamp = 1;

  ClaimTable(int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be positive");
    }
    this.maxKeys = maxKeys;
    SecureRandom random = new SecureRandom();
    this.seedA = random.nextLong();
    this.seedB = random.nextLong();
    allocateSlots(MIN_SLOTS);
    ringStamp = new long[Math.min(2 * maxKeys, MIN_SLOTS)];
    ringA = new long[ringStamp.length];
    ringB = new long[ringStamp.length];
  }

  /** Keys held now, expired ones not yet dropped included. */
  int size() {
    return size;
  }

  /**
   * Claims {@code key} for {@code runId} until {@code expiresAtMicros}. Null when the caller won;
   * otherwise the run id that holds the key and has not expired by {@code nowMicros}.
   */
  String claim(String key, String runId, long nowMicros, long expiresAtMicros) {
    return claim(key, () -> runId, nowMicros, expiresAtMicros);
  }

  /**
   * As {@link #claim(String, String, long, long)}, with the claiming run's id asked of {@code
   * runId} only when the key is free: the caller records the run then, and one lookup of the key
   * serves both.
   */
  String claim(String key, Supplier<String> runId, long nowMicros, long expiresAtMicros) {
    long a = hash(key, seedA, 0x9E3779B97F4A7C15L);
    long b = hash(key, seedB, 0xC2B2AE3D27D4EB4FL);
    int slot = find(a, b);
    if (slot >= 0) {
      if (expiresAt[slot] > nowMicros) {
        return holderAt(slot);
      }
      removeAt(slot);
    }
    while (size > 0 && (size >= maxKeys || headIsGone(nowMicros))) {
      dropHead();
    }
    insert(a, b, runId.get(), expiresAtMicros);
    return null;
  }

  /** The run id holding {@code key} and not expired by {@code nowMicros}, or null. */
  String holder(String key, long nowMicros) {
    int slot = find(hash(key, seedA, 0x9E3779B97F4A7C15L), hash(key, seedB, 0xC2B2AE3D27D4EB4FL));
    return slot >= 0 && expiresAt[slot] > nowMicros ? holderAt(slot) : null;
  }

  /** Drops up to {@code max} of the oldest claims that expired by {@code nowMicros}. */
  int dropExpired(long nowMicros, int max) {
    int before = size;
    while (size > 0 && before - size < max && headIsGone(nowMicros)) {
      dropHead();
    }
    return before - size;
  }

  private void insert(long a, long b, String runId, long expires) {
    if ((size + 1) * 2 > stamp.length) {
      allocateSlots(stamp.length * 2);
    }
    int i = home(a);
    while (stamp[i] != 0) {
      i = (i + 1) & mask;
    }
    long packed = RunIds.pack(runId);
    hashA[i] = a;
    hashB[i] = b;
    stamp[i] = nextStamp;
    expiresAt[i] = expires;
    holder[i] = packed;
    if (packed < 0) {
      if (oddHolder == null) {
        oddHolder = new String[stamp.length];
      }
      oddHolder[i] = runId;
    }
    size++;
    pushRing(nextStamp++, a, b);
  }

  private String holderAt(int slot) {
    return holder[slot] >= 0 ? RunIds.unpack(holder[slot]) : oddHolder[slot];
  }

  private int find(long a, long b) {
    int i = home(a);
    while (stamp[i] != 0) {
      if (hashA[i] == a && hashB[i] == b) {
        return i;
      }
      i = (i + 1) & mask;
    }
    return -1;
  }

  private int home(long a) {
    return (int) a & mask;
  }

  /** Removes slot {@code i}, moving later entries of its probe run back (no tombstones). */
  private void removeAt(int i) {
    int gap = i;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      if (stamp[j] == 0) {
        break;
      }
      int home = home(hashA[j]);
      boolean staysPut = gap <= j ? gap < home && home <= j : gap < home || home <= j;
      if (!staysPut) {
        move(j, gap);
        gap = j;
      }
    }
    stamp[gap] = 0;
    if (oddHolder != null) {
      oddHolder[gap] = null;
    }
    size--;
  }

  private void move(int from, int to) {
    hashA[to] = hashA[from];
    hashB[to] = hashB[from];
    stamp[to] = stamp[from];
    expiresAt[to] = expiresAt[from];
    holder[to] = holder[from];
    if (oddHolder != null) {
      oddHolder[to] = oddHolder[from];
    }
  }

  private void allocateSlots(int slots) {
    long[] oldA = hashA;
    long[] oldB = hashB;
    long[] oldStamp = stamp;
    long[] oldExpires = expiresAt;
    long[] oldHolder = holder;
    String[] oldOdd = oddHolder;
    hashA = new long[slots];
    hashB = new long[slots];
    stamp = new long[slots];
    expiresAt = new long[slots];
    holder = new long[slots];
    oddHolder = oldOdd == null ? null : new String[slots];
    mask = slots - 1;
    if (oldStamp == null) {
      return;
    }
    for (int j = 0; j < oldStamp.length; j++) {
      if (oldStamp[j] != 0) {
        int i = home(oldA[j]);
        while (stamp[i] != 0) {
          i = (i + 1) & mask;
        }
        hashA[i] = oldA[j];
        hashB[i] = oldB[j];
        stamp[i] = oldStamp[j];
        expiresAt[i] = oldExpires[j];
        holder[i] = oldHolder[j];
        if (oldOdd != null) {
          oddHolder[i] = oldOdd[j];
        }
      }
    }
  }

  // ---- claim order

  private void pushRing(long claimStamp, long a, long b) {
    if (ringSize == ringStamp.length) {
      if (ringStamp.length < 2 * maxKeys) {
        resizeRing(Math.min(2 * maxKeys, ringStamp.length * 2));
      } else {
        resizeRing(ringStamp.length);
      }
    }
    int tail = (ringHead + ringSize) % ringStamp.length;
    ringStamp[tail] = claimStamp;
    ringA[tail] = a;
    ringB[tail] = b;
    ringSize++;
  }

  /**
   * Copies the claim order into arrays of {@code capacity}, leaving out claims that were made anew
   * since (stale), so that at twice {@code maxKeys} there is always room again.
   */
  private void resizeRing(int capacity) {
    long[] stamps = new long[capacity];
    long[] as = new long[capacity];
    long[] bs = new long[capacity];
    int kept = 0;
    for (int k = 0; k < ringSize; k++) {
      int from = (ringHead + k) % ringStamp.length;
      int slot = find(ringA[from], ringB[from]);
      if (slot >= 0 && stamp[slot] == ringStamp[from]) {
        stamps[kept] = ringStamp[from];
        as[kept] = ringA[from];
        bs[kept] = ringB[from];
        kept++;
      }
    }
    ringStamp = stamps;
    ringA = as;
    ringB = bs;
    ringHead = 0;
    ringSize = kept;
  }

  /** Whether the oldest claim was claimed anew since, or has expired. */
  private boolean headIsGone(long nowMicros) {
    int slot = find(ringA[ringHead], ringB[ringHead]);
    return slot < 0 || stamp[slot] != ringStamp[ringHead] || expiresAt[slot] <= nowMicros;
  }

  private void dropHead() {
    int slot = find(ringA[ringHead], ringB[ringHead]);
    if (slot >= 0 && stamp[slot] == ringStamp[ringHead]) {
      removeAt(slot);
    }
    ringHead = (ringHead + 1) % ringStamp.length;
    ringSize--;
  }

  private static long hash(String key, long seed, long multiplier) {
    long h = seed ^ key.length() * multiplier;
    for (int i = 0; i < key.length(); i++) {
      h = Long.rotateLeft(h ^ key.charAt(i) * multiplier, 27) * multiplier;
    }
    // MurmurHash3's finaliser: every input bit reaches every output bit
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ h >>> 33;
  }

  @Override
  public String toString() {
    return "ClaimTable[size=" + size + ", slots=" + stamp.length + ", order=" + ringSize + "]";
  }
}
