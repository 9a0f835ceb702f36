/**
 * Tables keyed by names that come from users and files (parameters, columns, clauses). A plain `{}`
 * inherits Object.prototype: `table['constructor']` finds a function where no entry was set, and
 * `table['__proto__'] = x` replaces the prototype instead of storing x. A name table has no prototype,
 * so every name — `constructor`, `toString`, `__proto__` — is an ordinary key.
 */
export function nameTable<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const table = Object.create(null) as Record<string, T>;
  for (const [name, value] of entries) table[name] = value;
  return table;
}

/** `table[name]` when the table itself holds it (never an Object.prototype member), else undefined. */
export function ownEntry<T>(table: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  return table !== undefined && Object.hasOwn(table, name) ? table[name] : undefined;
}
