import type { Command } from 'commander';
import { DATA_ENV, DEBUG_ENV, helpFooter } from '../helpText';
import { STORE_ENV_HELP, STORE_OPTION_HELP } from '../storeLocator';
import type { StatusOptions } from './statusAction';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('one-shot snapshot: deploys, flags, SLO burn, fired triggers (exit 3 if a provider failed)')
    .argument('<runbook>', 'runbook YAML file')
    .option('--env <name>', 'environment whose provider overrides to use')
    .option('--store <where>', `${STORE_OPTION_HELP}; its last resolved incident of the service bounds when the burn began`)
    .option('--json', 'machine-readable output (format incident-cockpit/status-v1; a failed section carries the provider error\'s kind)')
    .addHelpText(
      'after',
      helpFooter({
        examples: ['cockpit status runbooks/checkout-api.yaml', 'cockpit status runbooks/checkout-api.yaml --env staging --json | jq .slos'],
        env: ['${NAME} in the runbook: read from the environment', 'AWS_PROFILE, AWS_REGION and the other AWS SDK variables (the ecs plugin)', STORE_ENV_HELP, DATA_ENV, DEBUG_ENV],
        exitCodes: '0, 1 the runbook has problems, 2 usage or input error (no such runbook, unknown environment), 3 a provider failed (the others are still printed).',
      }),
    )
    .action(async (file: string, options: StatusOptions) => {
      // The runbook, the plugins and the providers are loaded by `status` alone, not by every command line.
      await (await import('./statusAction')).status(file, options);
    });
}
