/**
 * Which region and which endpoint the ecs plugin talks to, by the AWS conventions, read with the
 * SDK's own loader of the shared config files (it honours AWS_CONFIG_FILE, AWS_PROFILE and the
 * `[profile X]` and `[services Y]` sections):
 * - region: the runbook's; else AWS_REGION or AWS_DEFAULT_REGION; else the profile's `region`.
 * - endpoint: the runbook's; else AWS_ENDPOINT_URL_ECS or AWS_ENDPOINT_URL; else the profile's
 *   `services` section's `ecs = endpoint_url = ...`, or the profile's own `endpoint_url`, unless
 *   `ignore_configured_endpoint_urls`. Otherwise ECS's public endpoint for the region.
 * The SDK reads `endpoint_url` only for AWS_PROFILE, never for a client's `profile`, and AWS_DEFAULT_REGION
 * not at all; resolved here, the endpoint is also known to name in errors.
 */
import type { EcsConfig, EcsRunbookConfig } from './config';

type Env = Readonly<Record<string, string | undefined>>;
type Section = Readonly<Record<string, string | undefined>>;

export interface AwsSettings {
  readonly region: string;
  /** Set when the runbook, the environment or the profile names one; otherwise ECS's public endpoint. */
  readonly endpoint?: string;
}

const nonEmpty = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());

/** The settled config, or why there is none (no region anywhere). */
export async function resolveAwsSettings(config: EcsRunbookConfig, env: Env = process.env): Promise<AwsSettings | Error> {
  // Read afresh: a session creates the plugin once, and a cached copy could be an older file.
  const files = { ...(config.profile === undefined ? {} : { profile: config.profile }), ignoreCache: true };
  // The shared files (and the SDK's loader of them) only for what the runbook and the environment leave open: a runbook
  // that names both (a drill's, bound to the sandbox) read them three times before the deploys panel's first call.
  const fromFiles = async <T>(select: (profile: Section, all?: Readonly<Record<string, Section>>) => T | undefined): Promise<T | undefined> => {
    const { loadConfig } = await import('@smithy/core/config');
    return loadConfig<T | undefined>({ environmentVariableSelector: () => undefined, configFileSelector: select, default: undefined }, files)();
  };

  const region =
    nonEmpty(config.region) ??
    nonEmpty(env.AWS_REGION) ??
    nonEmpty(env.AWS_DEFAULT_REGION) ??
    nonEmpty(await fromFiles((profile) => profile.region));
  if (region === undefined) {
    const where = config.profile === undefined ? 'the default profile' : `profile ${config.profile}`;
    return new Error(`no AWS region: set \`region\` in the runbook, AWS_REGION, or a region in ${where} of the shared config file`);
  }

  const runbooks = nonEmpty(config.endpoint);
  if (runbooks !== undefined) return { region, endpoint: runbooks };
  const ignoreConfigured =
    nonEmpty(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS)?.toLowerCase() === 'true' ||
    (await fromFiles((profile) => profile.ignore_configured_endpoint_urls))?.toLowerCase() === 'true';
  const configured = ignoreConfigured
    ? undefined
    : (nonEmpty(env.AWS_ENDPOINT_URL_ECS) ??
      nonEmpty(env.AWS_ENDPOINT_URL) ??
      nonEmpty(
        await fromFiles((profile, all) => {
          const services = profile.services === undefined ? undefined : all?.[`services.${profile.services}`];
          return services?.['ecs.endpoint_url'] ?? profile.endpoint_url;
        }),
      ));
  return { region, ...(configured === undefined ? {} : { endpoint: configured }) };
}

/** The runbook's config with the region settled, as the rest of the plugin reads it. */
export function settled(config: EcsRunbookConfig, settings: AwsSettings): EcsConfig {
  return { ...config, region: settings.region, ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }) };
}
