/**
 * Duplicate-row detection without keeping rows alive: a 64-bit hash of each row's values in an
 * open-addressing table of typed arrays (a Map with a million non-small-integer keys is slow and big).
 */

const SEED1 = 0xdeadbeef;
const SEED2 = 0x41c6ce57;

const bits = new Float64Array(1);
const words = new Int32Array(bits.buffer);

/**
 * A row's hash, built part by part: numbers mix in their 64 bits (cheaper than hashing their text),
 * strings their characters closed by their length, which keeps ("ab","c") apart from ("a","bc").
 */
export class RowHash {
  h1 = SEED1;
  h2 = SEED2;
  /** Low half of the finished hash (never 0, which marks an empty slot); set by finish(). */
  low = 0;
  /** High half of the finished hash; set by finish(). */
  high = 0;

  reset(): void {
    this.h1 = SEED1;
    this.h2 = SEED2;
  }

  private mix(word: number): void {
    this.h1 = Math.imul(this.h1 ^ word, 2654435761);
    this.h2 = Math.imul(this.h2 ^ word, 1597334677);
  }

  /**
   * Two UTF-16 units per mixed word and the state in locals: this runs on every cell of a CSV, and
   * per-character property updates were the reader's largest cost. The length closes the part.
   */
  string(text: string): void {
    let { h1, h2 } = this;
    const n = text.length;
    for (let i = 0; i < n; i += 2) {
      const word = text.charCodeAt(i) | (i + 1 < n ? text.charCodeAt(i + 1) << 16 : 0);
      h1 = Math.imul(h1 ^ word, 2654435761);
      h2 = Math.imul(h2 ^ word, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    this.mix(0x10000 + n);
  }

  number(value: number): void {
    bits[0] = value;
    this.mix(words[0]);
    this.mix(words[1]);
    this.mix(30);
  }

  /**
   * The 64 bits of each `values[i]` whose `include[i]` is set, a column at a time (a fingerprint of a
   * whole table: one call per column instead of one per cell).
   */
  numbers(values: Float64Array, include: Uint8Array): void {
    const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
    let { h1, h2 } = this;
    for (let i = 0; i < values.length; i++) {
      if (include[i] === 0) continue;
      const low = words[2 * i];
      const high = words[2 * i + 1];
      h1 = Math.imul(Math.imul(h1 ^ low, 2654435761) ^ high, 2654435761);
      h2 = Math.imul(Math.imul(h2 ^ low, 1597334677) ^ high, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /** Final avalanche into `low` and `high` (fields rather than a returned pair: no allocation per row). */
  finish(): void {
    let { h1, h2 } = this;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    this.low = h1 | 0 || 1;
    this.high = h2 | 0;
  }
}

/** Int32 words per slot: low half, high half, first line. One array so a probe touches one cache line. */
const SLOT = 3;

export class RowHashSet {
  private slots = new Int32Array(1024 * SLOT);
  private capacity = 1024;
  private size = 0;

  /** Record a row by its finished hash; returns the line of an identical earlier row, or 0. */
  add(hash: RowHash, line: number): number {
    hash.finish();
    if ((this.size + 1) * 2 > this.capacity) this.grow();
    const first = this.insert(hash.low, hash.high, line);
    if (first === 0) this.size++;
    return first;
  }

  private insert(low: number, high: number, line: number): number {
    const { slots } = this;
    const mask = this.capacity - 1;
    for (let i = (low ^ high) & mask; ; i = (i + 1) & mask) {
      const at = i * SLOT;
      if (slots[at] === 0) {
        slots[at] = low;
        slots[at + 1] = high;
        slots[at + 2] = line;
        return 0;
      }
      if (slots[at] === low && slots[at + 1] === high) return slots[at + 2];
    }
  }

  private grow(): void {
    const old = this.slots;
    this.capacity *= 2;
    this.slots = new Int32Array(this.capacity * SLOT);
    for (let at = 0; at < old.length; at += SLOT) if (old[at] !== 0) this.insert(old[at], old[at + 1], old[at + 2]);
  }
}
