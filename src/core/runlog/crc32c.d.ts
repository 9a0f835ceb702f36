/** SheetJS crc-32 ships CRC-32C as `crc-32/crc32c` with the same API as its CRC-32, but types only for the latter. */
declare module 'crc-32/crc32c' {
  export function buf(data: Uint8Array, seed?: number): number;
}
