/**
 * Answers ECS will never change, kept for the plugin's life: every poll of the deploys panel would
 * otherwise describe the same history again (four calls a poll where two are new facts), and an
 * account's ECS API rate is shared with everything else that calls it during an incident.
 */
import type {
  DescribeServiceDeploymentsCommandInput,
  DescribeServiceDeploymentsCommandOutput,
  DescribeServiceRevisionsCommandInput,
  DescribeServiceRevisionsCommandOutput,
  DescribeTaskDefinitionCommandInput,
  DescribeTaskDefinitionCommandOutput,
  ServiceDeployment,
  ServiceRevision,
} from '@aws-sdk/client-ecs';
import { type Result, ok } from '../../src/plugins/contract';

type Call<I, O> = (input: I, signal: AbortSignal) => Promise<Result<O>>;

/**
 * A task definition revision never changes once registered. Only successful answers about a
 * specific revision (`family:N` or an ARN) are kept; `family` alone means "latest" and is always asked.
 */
export function rememberTaskDefinitions(
  describe: Call<DescribeTaskDefinitionCommandInput, DescribeTaskDefinitionCommandOutput>,
): Call<DescribeTaskDefinitionCommandInput, DescribeTaskDefinitionCommandOutput> {
  const known = new Map<string, Result<DescribeTaskDefinitionCommandOutput>>();
  return async (input, signal) => {
    const key = `${input.taskDefinition}|${(input.include ?? []).join(',')}`;
    const remembered = known.get(key);
    if (remembered) return remembered;
    const answer = await describe(input, signal);
    if (answer.ok && input.taskDefinition?.includes(':')) known.set(key, answer);
    return answer;
  };
}

/** A service revision is a snapshot of what one deployment rolls out: immutable. */
export function rememberServiceRevisions(
  describe: Call<DescribeServiceRevisionsCommandInput, DescribeServiceRevisionsCommandOutput>,
): Call<DescribeServiceRevisionsCommandInput, DescribeServiceRevisionsCommandOutput> {
  return rememberByArn(
    describe,
    (input) => input.serviceRevisionArns ?? [],
    (arns) => ({ serviceRevisionArns: arns }),
    (output) => output.serviceRevisions ?? [],
    (revision: ServiceRevision) => revision.serviceRevisionArn,
    () => true,
    (items, asked) => ({ $metadata: {}, ...asked, serviceRevisions: items }),
  );
}

/** The statuses a service deployment ends in; ECS changes nothing of it afterwards. */
const FINAL_STATUSES: ReadonlySet<string> = new Set(['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED']);

/** A service deployment that has ended is kept; one still pending or in progress is asked again every time. */
export function rememberEndedDeployments(
  describe: Call<DescribeServiceDeploymentsCommandInput, DescribeServiceDeploymentsCommandOutput>,
): Call<DescribeServiceDeploymentsCommandInput, DescribeServiceDeploymentsCommandOutput> {
  return rememberByArn(
    describe,
    (input) => input.serviceDeploymentArns ?? [],
    (arns) => ({ serviceDeploymentArns: arns }),
    (output) => output.serviceDeployments ?? [],
    (deployment: ServiceDeployment) => deployment.serviceDeploymentArn,
    (deployment) => FINAL_STATUSES.has(deployment.status ?? ''),
    (items, asked) => ({ $metadata: {}, ...asked, serviceDeployments: items }),
  );
}

/**
 * A describe-by-ARNs call that asks only for the ARNs it does not know yet, and answers in the
 * order asked. Items `keep` accepts are remembered; failures (which only unknown ARNs can have)
 * are the last call's, never remembered.
 */
function rememberByArn<I, O, T>(
  describe: Call<I, O>,
  arnsOf: (input: I) => readonly string[],
  withArns: (arns: string[]) => Partial<I>,
  itemsOf: (output: O) => readonly T[],
  arnOf: (item: T) => string | undefined,
  keep: (item: T) => boolean,
  answerWith: (items: T[], asked: O | undefined) => O,
): Call<I, O> {
  const known = new Map<string, T>();
  return async (input, signal) => {
    const arns = arnsOf(input);
    const unknown = arns.filter((arn) => !known.has(arn));
    let asked: O | undefined;
    const fresh = new Map<string, T>();
    if (unknown.length > 0) {
      const answer = await describe({ ...input, ...withArns(unknown) }, signal);
      if (!answer.ok) return answer;
      asked = answer.value;
      for (const item of itemsOf(answer.value)) {
        const arn = arnOf(item);
        if (arn === undefined) continue;
        fresh.set(arn, item);
        if (keep(item)) known.set(arn, item);
      }
    }
    const items = arns.flatMap((arn) => {
      const item = fresh.get(arn) ?? known.get(arn);
      return item === undefined ? [] : [item];
    });
    return ok(answerWith(items, asked));
  };
}
