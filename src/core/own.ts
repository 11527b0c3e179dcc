/**
 * `record[key]` for a key that comes from outside (a runbook, a command line): only the record's
 * own entries, never what every object inherits (`constructor`, `toString`, `__proto__`).
 */
export function own<V>(record: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
