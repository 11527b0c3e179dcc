/**
 * The flags a runbook's own flagd file holds, as a bound scenario's background flags: a drill of
 * order-worker showed `FLAGS no flags` though its file has `batch_writes`. Only what a flagd file
 * says of each flag (state, variants, default variant); no toggle record, so the panel says
 * `changed: unknown`, as `open` does for a flag whose change it cannot know.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Runbook } from '../core/runbookModel';

export interface OwnFlag {
  readonly state?: 'DISABLED';
  readonly variants: Readonly<Record<string, unknown>>;
  readonly default_variant: string;
}

/** A flagd file's flags that a scenario can hold; nothing from a file that is not flagd JSON. */
export function flagsInFlagdFile(text: string): Readonly<Record<string, OwnFlag>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  const flags = (parsed as { flags?: unknown } | null)?.flags;
  if (typeof flags !== 'object' || flags === null) return {};
  const own: Record<string, OwnFlag> = {};
  for (const [key, value] of Object.entries(flags)) {
    const flag = value as { state?: unknown; variants?: unknown; defaultVariant?: unknown };
    const variants = flag?.variants;
    const variant = flag?.defaultVariant;
    if (typeof variants !== 'object' || variants === null || Array.isArray(variants) || typeof variant !== 'string' || !Object.hasOwn(variants, variant)) continue;
    own[key] = { ...(flag.state === 'DISABLED' ? { state: 'DISABLED' as const } : {}), variants: variants as Record<string, unknown>, default_variant: variant };
  }
  return own;
}

/** The runbook's flagd `file` setting as written, and where it is, relative to the runbook as the flagd plugin reads it. */
export function ownFlagFile(runbook: Runbook, runbookFile: string): { readonly setting: string; readonly path: string } | undefined {
  const setting = Object.values(runbook.providers).find((section) => section.plugin === 'flagd')?.['file'];
  return typeof setting === 'string' ? { setting, path: resolve(dirname(runbookFile), setting) } : undefined;
}

/** The flags of the runbook's flagd file; none when it cannot be read. */
export async function readOwnFlags(runbook: Runbook, runbookFile: string): Promise<Readonly<Record<string, OwnFlag>>> {
  const flagFile = ownFlagFile(runbook, runbookFile);
  const text = flagFile === undefined ? undefined : await readFile(flagFile.path, 'utf8').catch(() => undefined);
  return text === undefined ? {} : flagsInFlagdFile(text);
}
