/**
 * The binary run logs by name, apart from their readers: what finds or offers files (sweep layouts, the
 * editor's worker) need not load protobuf or hyparquet to ask.
 */

/** `events.out.tfevents.1700000000.host.123.0` (a `.v2` or `.profile-empty` suffix too). */
export function isTfEventsFile(fileName: string): boolean {
  return /(^|[\\/])events\.out\.tfevents\.[^\\/]*$/.test(fileName);
}

export function isParquetFile(fileName: string): boolean {
  return /\.parquet$/i.test(fileName);
}
