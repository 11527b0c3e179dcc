/**
 * The deploys panel's memory of ListServiceDeployments. The list only ever gains ARNs, and a new
 * deployment shows in DescribeServices (a new `deployments[]` entry, a new
 * `currentServiceDeployment`), which every poll asks anyway. So a poll whose DescribeServices
 * answer looks as it did when the list was last read reuses that list: one call a poll instead of
 * two against an account's ECS rate, which everything else shares during an incident. Statuses are
 * not in the list: DescribeServiceDeployments still asks for every deployment that has not ended.
 */
import type { Deployment } from '@aws-sdk/client-ecs';
import type { Clock } from '../../src/plugins/contract';

/** The parts of a DescribeServices answer the list is remembered by. */
export interface DescribedDeployments {
  readonly currentServiceDeployment?: string;
  readonly deployments: readonly Deployment[];
}

/**
 * A list older than this is read again whatever DescribeServices says: a bound on what an ECS
 * change this fingerprint does not foresee could hide.
 */
export const LIST_MAX_AGE_MS = 2 * 60_000;

export interface ListedDeployments {
  /** The ARNs listed when the service looked as it does now, if that list is still young enough. */
  recall(service: DescribedDeployments): readonly string[] | undefined;
  /** Whether a list is held at all: the first poll asks both questions at once. */
  readonly holdsOne: boolean;
  remember(service: DescribedDeployments, arns: readonly string[]): void;
}

/** What of DescribeServices' answer changes when a deployment is made, stopped or rolled back. */
function fingerprintOf(service: DescribedDeployments): string {
  return JSON.stringify([
    service.currentServiceDeployment ?? null,
    service.deployments.map((d) => [d.id, d.status, d.rolloutState, d.taskDefinition, d.createdAt?.getTime()]),
  ]);
}

export function createListedDeployments(clock: Clock): ListedDeployments {
  let held: { readonly fingerprint: string; readonly arns: readonly string[]; readonly atMs: number } | undefined;
  return {
    get holdsOne() {
      return held !== undefined;
    },
    recall(service) {
      if (held === undefined || clock.now().getTime() - held.atMs >= LIST_MAX_AGE_MS) return undefined;
      return held.fingerprint === fingerprintOf(service) ? held.arns : undefined;
    },
    remember(service, arns) {
      // The list may lag the service (eventual consistency): one without the current deployment is not kept.
      const current = service.currentServiceDeployment;
      held = current === undefined || arns.includes(current) ? { fingerprint: fingerprintOf(service), arns, atMs: clock.now().getTime() } : undefined;
    },
  };
}
