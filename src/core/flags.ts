/** A feature flag as a flags provider reports it (the plugin contract re-exports it). */

export interface Flag {
  readonly key: string;
  readonly state: 'ENABLED' | 'DISABLED';
  readonly variants: readonly string[];
  readonly defaultVariant: string | null;
  readonly changedAt?: string;
  readonly changedBy?: string;
}

/**
 * The flags in the order a short panel shows them: those the incident names (a recommended kill
 * switch, a flag a responder set) first, then the most recently changed, then the rest as the
 * provider listed them (a stable sort keeps ties in that order).
 */
export function flagsThatMatterFirst<T extends { readonly key: string; readonly changedAt?: string }>(flags: readonly T[], named: ReadonlySet<string>): T[] {
  const changedAt = (flag: T) => (flag.changedAt === undefined ? -Infinity : Date.parse(flag.changedAt));
  return [...flags].sort((a, b) => Number(named.has(b.key)) - Number(named.has(a.key)) || changedAt(b) - changedAt(a));
}
