/**
 * The ECS calls the plugin makes, each returning a Result. The SDK is imported lazily so commands
 * that never talk to ECS (`cockpit lint`, `schema`) do not pay for loading it.
 */
import type {
  DescribeServiceDeploymentsCommandInput,
  DescribeServiceDeploymentsCommandOutput,
  DescribeServiceRevisionsCommandInput,
  DescribeServiceRevisionsCommandOutput,
  DescribeServicesCommandInput,
  DescribeServicesCommandOutput,
  DescribeTaskDefinitionCommandInput,
  DescribeTaskDefinitionCommandOutput,
  ListServiceDeploymentsCommandInput,
  ListServiceDeploymentsCommandOutput,
  ListTaskDefinitionsCommandInput,
  ListTaskDefinitionsCommandOutput,
  StopServiceDeploymentCommandInput,
  StopServiceDeploymentCommandOutput,
  UpdateServiceCommandInput,
  UpdateServiceCommandOutput,
} from '@aws-sdk/client-ecs';
import { parseDuration } from '../../src/core/duration';
import { type Logger, type Result, ok } from '../../src/plugins/contract';
import type { EcsConfig } from './config';
import { toProviderError } from './errors';
import { limitResponses, type MiddlewareStackLike } from './responseLimit';
import { rememberEndedDeployments, rememberServiceRevisions, rememberTaskDefinitions } from './settledAnswers';
import { withSdkWarningsLogged } from './sdkWarnings';

type Call<I, O> = (input: I, signal: AbortSignal) => Promise<Result<O>>;

export interface EcsApi {
  readonly describeServices: Call<DescribeServicesCommandInput, DescribeServicesCommandOutput>;
  readonly listServiceDeployments: Call<ListServiceDeploymentsCommandInput, ListServiceDeploymentsCommandOutput>;
  readonly describeServiceDeployments: Call<DescribeServiceDeploymentsCommandInput, DescribeServiceDeploymentsCommandOutput>;
  readonly describeServiceRevisions: Call<DescribeServiceRevisionsCommandInput, DescribeServiceRevisionsCommandOutput>;
  readonly describeTaskDefinition: Call<DescribeTaskDefinitionCommandInput, DescribeTaskDefinitionCommandOutput>;
  readonly listTaskDefinitions: Call<ListTaskDefinitionsCommandInput, ListTaskDefinitionsCommandOutput>;
  readonly stopServiceDeployment: Call<StopServiceDeploymentCommandInput, StopServiceDeploymentCommandOutput>;
  readonly updateService: Call<UpdateServiceCommandInput, UpdateServiceCommandOutput>;
  close(): void;
}

/** `config` as settled by awsSettings.ts: its region and endpoint are the ones used. */
export async function connectEcs(config: EcsConfig, log: Logger): Promise<EcsApi> {
  const sdk = await import('./sdk');
  const client = withSdkWarningsLogged(
    log,
    () =>
      new sdk.ECSClient({
        region: config.region,
        ...(config.endpoint ? { endpoint: config.endpoint } : {}),
        ...(config.profile ? { profile: config.profile } : {}),
        maxAttempts: config.max_attempts,
        requestHandler: {
          requestTimeout: parseDuration(config.request_timeout),
          connectionTimeout: parseDuration(config.request_timeout),
          // Otherwise the handler only logs a warning (to stderr) and keeps waiting.
          throwOnRequestTimeout: true,
        },
      }),
  );
  limitResponses(client.middlewareStack as unknown as MiddlewareStackLike);
  // Errors name the endpoint actually used: the configured one, or ECS's public one for the region.
  const endpoint = config.endpoint ?? publicEndpoint(client.config.endpointProvider, config.region);
  // Every command goes through the one client; its overloads cannot be named generically here.
  const send = client.send.bind(client) as (command: unknown, options: { abortSignal: AbortSignal }) => Promise<unknown>;
  const call =
    <I, O>(Command: new (input: I) => unknown): Call<I, O> =>
    async (input, signal) => {
      try {
        return ok((await send(new Command(input), { abortSignal: signal })) as O);
      } catch (error) {
        return { ok: false, error: toProviderError(error, signal, { endpoint, profile: config.profile }) };
      }
    };
  return {
    describeServices: call(sdk.DescribeServicesCommand),
    listServiceDeployments: call(sdk.ListServiceDeploymentsCommand),
    describeServiceDeployments: rememberEndedDeployments(call(sdk.DescribeServiceDeploymentsCommand)),
    describeServiceRevisions: rememberServiceRevisions(call(sdk.DescribeServiceRevisionsCommand)),
    describeTaskDefinition: rememberTaskDefinitions(call(sdk.DescribeTaskDefinitionCommand)),
    listTaskDefinitions: honourSort(call<ListTaskDefinitionsCommandInput, ListTaskDefinitionsCommandOutput>(sdk.ListTaskDefinitionsCommand)),
    stopServiceDeployment: call(sdk.StopServiceDeploymentCommand),
    updateService: call(sdk.UpdateServiceCommand),
    close: () => client.destroy(),
  };
}

function publicEndpoint(resolve: (params: { Region: string; UseFIPS: boolean; UseDualStack: boolean }) => { url: URL }, region: string): string {
  try {
    return resolve({ Region: region, UseFIPS: false, UseDualStack: false }).url.origin;
  } catch {
    return `ECS in ${region}`;
  }
}

/**
 * ListTaskDefinitions as asked: some ECS-compatible servers (moto) ignore `sort` and answer oldest
 * first. Within the page, revisions of a family are put in the requested order.
 */
function honourSort(
  list: Call<ListTaskDefinitionsCommandInput, ListTaskDefinitionsCommandOutput>,
): Call<ListTaskDefinitionsCommandInput, ListTaskDefinitionsCommandOutput> {
  const number = (arn: string) => Number(arn.slice(arn.lastIndexOf(':') + 1));
  return async (input, signal) => {
    const answer = await list(input, signal);
    if (!answer.ok || input.sort === undefined || !answer.value.taskDefinitionArns) return answer;
    const direction = input.sort === 'DESC' ? -1 : 1;
    const sorted = [...answer.value.taskDefinitionArns].sort((a, b) => direction * (number(a) - number(b)));
    return ok({ ...answer.value, taskDefinitionArns: sorted });
  };
}
