import type { Command } from 'commander';
import { COLOR_ENV, DATA_ENV, DEBUG_ENV, helpFooter, INCIDENTS_PATH, LOG_PATH, SETTINGS_PATH } from '../helpText';
import { STORE_ENV_HELP, STORE_OPTION_HELP } from '../storeLocator';
import { DEFAULT_SCENARIO } from '../../sandbox/defaultScenario';
import type { DrillCliOptions } from './drillAction';

export function registerDrill(program: Command): void {
  program
    .command('drill')
    .description('rehearse a runbook against the built-in sandbox and score the response')
    .argument('<runbook>', 'runbook YAML file')
    .option('--scenario <name-or-file>', `built-in scenario (bad-deploy, bad-flag, irreversible-migration, slow-burn) or a scenario YAML file (default: ${DEFAULT_SCENARIO})`)
    .option('--incident <id>', 'resume a sandbox drill whose cockpit stopped (its world is rebuilt from the scenario and the timeline)')
    .option('--speed <n|max>', 'virtual clock speed: a factor, or max for unbounded with --autopilot (default: 1 interactive, max with --autopilot)')
    .option('--autopilot', 'run the runbook steps without a terminal (for CI); exit 0 recovered, 1 not')
    .option('--json', 'print the drill report as JSON')
    .option('--init-scenario <name>', 'print a built-in scenario bound to this runbook, as YAML to edit and pass to --scenario; runs no drill')
    .option('--store <url|dir>', `${STORE_OPTION_HELP}; in the shared store the team watches the drill with \`cockpit open RUNBOOK --incident ID --read-only\``)
    .option('--no-color', 'no colours (NO_COLOR and FORCE_COLOR are honoured too)')
    .addHelpText(
      'after',
      helpFooter({
        examples: ['cockpit drill runbooks/checkout-api.yaml', 'cockpit drill runbooks/order-worker.yaml --init-scenario bad-deploy > my-scenario.yaml', 'cockpit drill runbooks/checkout-api.yaml --scenario bad-flag --speed 10', 'cockpit drill runbooks/checkout-api.yaml --autopilot --json   # in CI: exit 0 recovered, 1 not'],
        env: [DATA_ENV, STORE_ENV_HELP, COLOR_ENV, DEBUG_ENV],
        paths: [`writes ${INCIDENTS_PATH}`, LOG_PATH, SETTINGS_PATH],
        exitCodes: '0; with --autopilot 0 recovered, 1 not; 2 refused or bad input; 4 the data dir takes no writes.',
      }),
    )
    .action(async (file: string, options: DrillCliOptions) => {
      // The drill's runbook, plugins and sandbox are loaded by the drill alone, not by every command line.
      process.exitCode = await (await import('./drillAction')).drill(file, options);
    });
}

