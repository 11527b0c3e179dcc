import { dirname } from 'node:path';
import type { Command } from 'commander';
import { createCleaner } from '../../core/displayText';
import { createSecretMatcher } from '../../core/secretMatcher';
import { systemClock } from '../../plugins/clock';
import { loadRunbookFile } from '../../runbook/load';
import { formatProblem } from '../../runbook/problem';
import { formatStatus } from '../statusFormat';
import { settingsOrComplain } from '../settings';
import { EXIT } from '../exit';
import { DATA_ENV, DEBUG_ENV, helpFooter } from '../helpText';
import { stderrLogger } from '../logger';
import { checkInputFile } from '../inputFile';
import { builtinPlugins } from '../../../plugins/index';
import { pluginCatalog } from '../../plugins/registry';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('one-shot snapshot: deploys, flags, SLO burn, fired triggers (exit 3 if a provider failed)')
    .argument('<runbook>', 'runbook YAML file')
    .option('--env <name>', 'environment whose provider overrides to use')
    .option('--json', 'machine-readable output (format incident-cockpit/status-v1; a failed section carries the provider error\'s kind)')
    .addHelpText(
      'after',
      helpFooter({
        examples: ['cockpit status runbooks/checkout-api.yaml', 'cockpit status runbooks/checkout-api.yaml --env staging --json | jq .slos'],
        env: ['${NAME} in the runbook: read from the environment', 'AWS_PROFILE, AWS_REGION and the other AWS SDK variables (the ecs plugin)', DATA_ENV, DEBUG_ENV],
        exitCodes: '0, 1 the runbook has problems, 2 usage or input error (no such runbook, unknown environment), 3 a provider failed (the others are still printed).',
      }),
    )
    .action(async (file: string, options: { env?: string; json?: boolean }) => {
      const settings = settingsOrComplain('status');
      if (!settings) {
        process.exitCode = EXIT.usage;
        return;
      }
      const input = await checkInputFile(file, 'runbook');
      if (!input.ok) {
        process.stderr.write(`cockpit status: ${input.message}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      const loaded = await loadRunbookFile(file, { catalog: pluginCatalog(builtinPlugins), env: process.env, userPlugins: settings.plugins });
      if (!loaded.ok) {
        for (const problem of loaded.problems) process.stderr.write(`${formatProblem(problem)}\n`);
        process.exitCode = EXIT.problems;
        return;
      }
      const environment = options.env ?? settings.defaultEnvironment;
      // Loaded by status alone (the providers, argv-only exec), not with the command line.
      const [{ anyProviderFailed, takeSnapshot }, { createExec }] = await Promise.all([import('../../session/statusSnapshot'), import('../../plugins/exec')]);
      const snapshot = await takeSnapshot({
        runbook: loaded.runbook,
        baseDir: dirname(file),
        plugins: loaded.plugins,
        environment,
        defaultEnvironment: options.env === undefined,
        clock: systemClock,
        log: stderrLogger(loaded.secrets),
        exec: createExec(),
        signal: AbortSignal.timeout(60_000),
      });
      if (!snapshot.ok) {
        process.stderr.write(`cockpit status: ${createCleaner(createSecretMatcher(loaded.secrets))(snapshot.error.message)}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      // Provider answers and errors are text from outside: redacted and without terminal controls.
      const shown = createCleaner(createSecretMatcher(loaded.secrets))(snapshot.value);
      process.stdout.write(options.json ? `${JSON.stringify(shown, null, 2)}\n` : formatStatus(shown));
      process.exitCode = anyProviderFailed(shown) ? EXIT.providerFailed : EXIT.ok;
    });
}
