import { UserError } from '../types';

/** Text encodings a run log may arrive in (TextDecoder labels). */
export type RunLogEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * Guess the encoding of a file from its first bytes: a BOM decides; without one, UTF-16 text written by
 * Windows tools shows as NUL bytes in every other position. Throws a UserError for binary content, so
 * a Parquet file or a PNG opened by mistake gets one clear message instead of a table of garbage.
 */
export function detectRunLogEncoding(head: Uint8Array): RunLogEncoding {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const n = Math.min(head.length, 4096);
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
  if (evenNul + oddNul > 0 || control > Math.max(2, 0.01 * n)) {
    throw new UserError('not a text run log: the file looks binary (expected CSV, TSV, JSON or JSONL text)', 'binary-input');
  }
  return 'utf-8';
}

/**
 * Decode a whole file's bytes to text (UTF-16 handled, binary rejected). A BOM is kept as U+FEFF so the
 * reader can report it in the dialect; the reader strips it.
 */
export function decodeRunLogBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new UserError('file is empty', 'empty-input');
  const encoding = detectRunLogEncoding(bytes.subarray(0, 4096));
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
}

/**
 * A streaming decoder for big files: the encoding is detected from the first chunk, so callers can
 * feed fixed-size chunks from a file stream and push the text into createRunLogReader.
 */
export function createRunLogDecoder(): { decode(chunk: Uint8Array): string; end(): string } {
  let decoder: TextDecoder | undefined;
  return {
    decode(chunk) {
      decoder ??= new TextDecoder(detectRunLogEncoding(chunk.subarray(0, 4096)), { ignoreBOM: true });
      return decoder.decode(chunk, { stream: true });
    },
    end() {
      return decoder ? decoder.decode() : '';
    },
  };
}
