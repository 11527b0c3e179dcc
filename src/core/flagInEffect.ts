import type { Flag } from './flags';
import type { RunSpec } from './runbookModel';

/**
 * What a runbook step's flag change would make is so already, said as the step reads it ("checkout_v2 is set to off
 * already, since 20:36Z by root: nothing to change"); undefined when it is not, or not known. The runbook's kill switch
 * left on from an earlier incident was `◀ next`, and Enter offered `checkout_v2: defaultVariant off → off` as `✓ SAFE`.
 * `flagsProvider`: the runbook's provider the flags panel reads, the one whose actions these are.
 */
export function flagChangeInEffect(run: RunSpec | undefined, flagsProvider: string | undefined, flags: readonly Flag[] | undefined): string | undefined {
  const [provider, verb] = run?.action.split('.') ?? [];
  const flag = typeof run?.flag === 'string' && provider === flagsProvider ? flags?.find((f) => f.key === run.flag) : undefined;
  if (flag === undefined) return undefined;
  const since = flag.changedAt === undefined ? '' : `, since ${flag.changedAt.slice(11, 16)}Z${flag.changedBy === undefined ? '' : ` by ${flag.changedBy}`}`;
  const so = (what: string) => `${flag.key} ${what} already${since}: nothing to change`;
  if (verb === 'set' && typeof run!.variant === 'string' && flag.defaultVariant === run!.variant) return so(`is set to ${run!.variant}`);
  if (verb === 'disable' && flag.state === 'DISABLED') return so('is disabled');
  if (verb === 'enable' && flag.state === 'ENABLED') return so('is enabled');
  return undefined;
}
