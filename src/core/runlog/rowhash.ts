/**
 * Duplicate-row detection without keeping rows alive: a 64-bit hash of each row's text in an
 * open-addressing table of typed arrays (a Map with a million non-small-integer keys is slow and big).
 */

const SEED1 = 0xdeadbeef;
const SEED2 = 0x41c6ce57;

let hashHigh = 0;
let hashLow = 0;

/** Two 32-bit halves of a cyrb53-style hash over the parts, joined by a separator. */
function hashParts(parts: readonly string[]): void {
  let h1 = SEED1;
  let h2 = SEED2;
  for (let p = 0; p < parts.length; p++) {
    const text = parts[p];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ 31, 2654435761);
    h2 = Math.imul(h2 ^ 31, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  hashHigh = h2 | 0;
  hashLow = h1 | 0 || 1; // 0 marks an empty slot
}

export class RowHashSet {
  private low = new Int32Array(1024);
  private high = new Int32Array(1024);
  private lines = new Int32Array(1024);
  private size = 0;

  /** Record a row; returns the line of an identical earlier row, or 0. */
  add(parts: readonly string[], line: number): number {
    hashParts(parts);
    if ((this.size + 1) * 2 > this.low.length) this.grow();
    const first = this.insert(hashLow, hashHigh, line);
    if (first === 0) this.size++;
    return first;
  }

  private insert(low: number, high: number, line: number): number {
    const mask = this.low.length - 1;
    for (let i = (low ^ high) & mask; ; i = (i + 1) & mask) {
      if (this.low[i] === 0) {
        this.low[i] = low;
        this.high[i] = high;
        this.lines[i] = line;
        return 0;
      }
      if (this.low[i] === low && this.high[i] === high) return this.lines[i];
    }
  }

  private grow(): void {
    const { low, high, lines } = this;
    this.low = new Int32Array(low.length * 2);
    this.high = new Int32Array(low.length * 2);
    this.lines = new Int32Array(low.length * 2);
    for (let i = 0; i < low.length; i++) if (low[i] !== 0) this.insert(low[i], high[i], lines[i]);
  }
}
