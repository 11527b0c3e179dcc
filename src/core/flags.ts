/** A feature flag as a flags provider reports it (the plugin contract re-exports it). */

export interface Flag {
  readonly key: string;
  readonly state: 'ENABLED' | 'DISABLED';
  readonly variants: readonly string[];
  readonly defaultVariant: string | null;
  readonly changedAt?: string;
  readonly changedBy?: string;
}
