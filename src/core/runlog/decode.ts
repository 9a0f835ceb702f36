import { UserError } from '../types';

/**
 * Text encodings a run log may arrive in (TextDecoder labels). Without a BOM, bytes that are not valid
 * UTF-8 are read as Windows-1252, the superset of Latin-1 that spreadsheet exports on Windows write
 * (`modèle`, `café`); every byte decodes, so nothing is lost.
 */
export type RunLogEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Bytes inspected to detect the encoding. */
const HEAD_BYTES = 4096;
/** Latin-1 text is mostly ASCII: more bytes ≥ 0x80 than this share means binary, not text. */
const MAX_HIGH_SHARE = 0.3;

function binaryError(): UserError {
  return new UserError('not a text run log: the file looks binary (expected CSV, TSV, JSON or JSONL text)', 'binary-input');
}

/** Whether bytes are valid UTF-8, allowing a sequence cut off at the end (the head of a longer file). */
function isUtf8Prefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Windows-1252 for text that is not UTF-8; binary (mostly high bytes) is rejected. */
function singleByteOrBinary(sample: Uint8Array): RunLogEncoding {
  let high = 0;
  for (const b of sample) if (b >= 0x80) high++;
  if (high > MAX_HIGH_SHARE * sample.length) throw binaryError();
  return 'windows-1252';
}

/**
 * Guess the encoding of a file from its first bytes: a BOM decides; without one, UTF-16 text written by
 * Windows tools shows as NUL bytes in every other position; else UTF-8 when the bytes are valid UTF-8,
 * Windows-1252 when not. Throws a UserError for binary content (NULs, control bytes), so a Parquet file
 * or a PNG opened by mistake gets one clear message instead of a table of garbage.
 */
export function detectRunLogEncoding(head: Uint8Array): RunLogEncoding {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const n = Math.min(head.length, HEAD_BYTES);
  let evenNul = 0;
  let oddNul = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) {
      if (i % 2 === 0) evenNul++;
      else oddNul++;
    } else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) {
      control++;
    }
  }
  const half = n / 2;
  // ASCII-range UTF-16 text has a NUL in (nearly) every high byte and none in the low bytes.
  if (half > 0 && oddNul > 0.4 * half && evenNul < 0.05 * half) return 'utf-16le';
  if (half > 0 && evenNul > 0.4 * half && oddNul < 0.05 * half) return 'utf-16be';
  if (evenNul + oddNul > 0 || control > Math.max(2, 0.01 * n)) throw binaryError();
  const sample = head.subarray(0, n);
  return isUtf8Prefix(sample) ? 'utf-8' : singleByteOrBinary(sample);
}

/**
 * Decode a whole file's bytes to text (UTF-16 and Windows-1252 handled, binary rejected), with the
 * encoding used. A BOM is kept as U+FEFF so the reader can report it in the dialect; the reader strips it.
 */
export function decodeRunLog(bytes: Uint8Array): { text: string; encoding: RunLogEncoding } {
  if (bytes.length === 0) throw new UserError('file is empty', 'empty-input');
  const encoding = detectRunLogEncoding(bytes.subarray(0, HEAD_BYTES));
  if (encoding === 'windows-1252') return { text: windows1252().decode(bytes), encoding };
  if (encoding !== 'utf-8') return { text: new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes), encoding };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding };
  } catch {
    // Valid UTF-8 at the start, not further on (a `café` on line 5,000): the file is single-byte text.
    return { text: windows1252().decode(bytes), encoding: 'windows-1252' };
  }
}

/** Decode a whole file's bytes to text; see decodeRunLog. */
export function decodeRunLogBytes(bytes: Uint8Array): string {
  return decodeRunLog(bytes).text;
}

/**
 * Windows-1252's letters and signs at 0x80–0x9F (0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned and stay).
 * Node's TextDecoder('windows-1252') decodes those bytes as Latin-1's C1 controls; browsers follow the
 * WHATWG table. Mapping the C1 range afterwards gives the same text on both.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** A single-byte decoder that gives Windows-1252 text on every runtime. */
function windows1252(): { decode(bytes?: Uint8Array, options?: { stream?: boolean }): string } {
  const decoder = new TextDecoder('windows-1252');
  return {
    decode: (bytes, options) => decoder.decode(bytes, options).replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]),
  };
}

/** Bytes at the end of a chunk that start a UTF-8 sequence the chunk does not finish (0–3). */
function utf8IncompleteTail(bytes: Uint8Array): number {
  for (let k = 1; k <= Math.min(3, bytes.length); k++) {
    const b = bytes[bytes.length - k];
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > k ? k : 0;
  }
  return 0;
}

/**
 * A streaming decoder for big files: the encoding is detected from the first chunk, so callers can
 * feed fixed-size chunks from a file stream and push the text into createRunLogReader. When a later
 * chunk turns out not to be UTF-8, the rest of the file is read as Windows-1252 (from the start of
 * that chunk, including the bytes of a sequence the previous chunk left open): `encoding` says so.
 */
export function createRunLogDecoder(): { decode(chunk: Uint8Array): string; end(): string; readonly encoding: RunLogEncoding | undefined } {
  let encoding: RunLogEncoding | undefined;
  let decoder: { decode(bytes?: Uint8Array, options?: { stream?: boolean }): string } | undefined;
  let open = new Uint8Array(0);
  return {
    get encoding() {
      return encoding;
    },
    decode(chunk) {
      if (!decoder) {
        encoding = detectRunLogEncoding(chunk.subarray(0, HEAD_BYTES));
        decoder = encoding === 'windows-1252' ? windows1252() : new TextDecoder(encoding, { fatal: encoding === 'utf-8', ignoreBOM: true });
      }
      if (encoding !== 'utf-8') return decoder.decode(chunk, { stream: true });
      try {
        const text = decoder.decode(chunk, { stream: true });
        open = chunk.slice(chunk.length - utf8IncompleteTail(chunk));
        return text;
      } catch {
        encoding = 'windows-1252';
        decoder = windows1252();
        const rest = new Uint8Array(open.length + chunk.length);
        rest.set(open);
        rest.set(chunk, open.length);
        return decoder.decode(rest, { stream: true });
      }
    },
    end() {
      if (!decoder) return '';
      try {
        return decoder.decode();
      } catch {
        // The file ended inside a UTF-8 sequence: those last bytes as Windows-1252.
        encoding = 'windows-1252';
        return windows1252().decode(open);
      }
    },
  };
}
