import type { Command } from 'commander';
import type { IncidentMode } from '../../core/events';
import { STORE_OPTION_HELP } from '../storeLocator';
import { OPEN_HELP } from '../helpText';
import type { OpenOptions } from './openAction';

export function registerOpen(program: Command): void {
  program
    .command('open')
    .description("open the cockpit for a runbook (the incident TUI): resumes the service's open incident in this environment, or starts one")
    .argument('<runbook>', 'runbook YAML file')
    .option('--env <name>', 'environment whose provider overrides to use')
    .option('--drill', 'rehearsal against real (staging) providers, marked as a drill everywhere')
    .option('--incident <id>', 'resume an existing incident, in the mode its log recorded (a sandbox drill resumes with `cockpit drill --incident`)')
    .option('--new', "start another incident even when the service has an open one in this environment")
    .option('--read-only', 'watch an incident another cockpit is running (following it live), without writing to it')
    .option('--store <url|dir>', STORE_OPTION_HELP)
    .option('--no-color', 'no colours (NO_COLOR and FORCE_COLOR are honoured too)')
    .addHelpText('after', OPEN_HELP)
    .action(async (file: string, options: OpenOptions) => {
      const mode: IncidentMode = options.drill ? 'drill-real' : 'incident';
      // The runbook, the plugins and the session are loaded by `open` alone, not by every command line.
      process.exitCode = await (await import('./openAction')).openCockpit(file, options, mode);
    });
}

