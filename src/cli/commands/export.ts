import { InvalidArgumentError, Option, type Command } from 'commander';
import { DATA_ENV, helpFooter, INCIDENTS_PATH } from '../helpText';
import { writeFileAtomically } from '../../timeline/atomicWrite';
import { EXPORT_FORMATS, exportIncident, type ExportFormat } from '../../timeline/exportIncident';
import { locateStore, storeFailure, STORE_ENV_HELP, STORE_OPTION_HELP } from '../storeLocator';
import { parseDuration } from '../../core/duration';
import { EXIT } from '../exit';

function parseLookback(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) throw new InvalidArgumentError('expected a duration like 30m, 2h or 1d');
  return ms;
}

function parseRate(value: string): number {
  const rate = Number(value);
  if (!Number.isFinite(rate) || rate <= 0) throw new InvalidArgumentError('expected a positive number of requests per second');
  return rate;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export an incident as a Markdown postmortem or versioned JSON')
    .argument('<incident-id>', 'incident id (see cockpit incidents)')
    // Choices, not a parser: the completion scripts offer them after --format.
    .addOption(new Option('--format <md|json>', 'md (postmortem) or json').choices(EXPORT_FORMATS).makeOptionMandatory())
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--store <url|dir>', STORE_OPTION_HELP)
    .option('--changes-since <duration>', 'postmortem: list changes at least this long before the impact began (always back to the last deploy and flag change)', parseLookback)
    .option('--requests-per-second <n>', 'postmortem: the request rate, to estimate how many requests failed', parseRate)
    .addHelpText(
      'after',
      helpFooter({
        examples: ['cockpit export inc-20261122-0230-checkout-api --format md -o postmortem.md', 'cockpit export inc-20261122-0230-checkout-api --format json | jq .metrics'],
        env: [DATA_ENV, STORE_ENV_HELP],
        paths: [`reads ${INCIDENTS_PATH}`],
        exitCodes: '0, 2 no such incident or the output file cannot be written.',
      }),
    )
    .action(async (id: string, options: { format: ExportFormat; output?: string; changesSince?: number; requestsPerSecond?: number; store?: string }) => {
      const postmortem = {
        ...(options.changesSince === undefined ? {} : { changeLookbackMs: options.changesSince }),
        ...(options.requestsPerSecond === undefined ? {} : { requestsPerSecond: options.requestsPerSecond }),
      };
      const { incidents, dataDir } = await locateStore(options.store);
      const result = await exportIncident({ dataDir, id, format: options.format, postmortem, source: incidents.source }).catch(storeFailure);
      await incidents.close();
      if (!result.ok) {
        process.stderr.write(`cockpit export: ${result.error.message}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      const { text, problem } = result.value;
      if (problem !== undefined) {
        process.stderr.write(
          `cockpit export: warning: the timeline does not verify from seq ${problem.seq} (${problem.reason}); exported the events before it. See cockpit verify ${id}.\n`,
        );
      }
      if (options.output === undefined) {
        process.stdout.write(text);
      } else {
        try {
          await writeFileAtomically(options.output, text);
        } catch (error) {
          process.stderr.write(`cockpit export: cannot write ${options.output}: ${(error as Error).message}\n`);
          process.exitCode = EXIT.usage;
          return;
        }
        process.stderr.write(`wrote ${options.output}\n`);
      }
      process.exitCode = EXIT.ok;
    });
}
