import type { Role } from '../core/types';

export interface Sniffed {
  isRunLog: boolean;
  /** Role → column name as far as the header tells. */
  roles: Partial<Record<Role, string>>;
}

// TODO(H8): delegate to the reader's sniffRunLog once src/core/runlog exports it.
export function sniffHead(_head: string, _fileName: string, hasOverrides: boolean): Sniffed {
  return { isRunLog: hasOverrides, roles: {} };
}
