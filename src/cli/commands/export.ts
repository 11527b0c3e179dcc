import { dirname, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DATA_ENV, helpFooter, INCIDENTS_PATH } from '../helpText';
import { EXPORT_FORMATS, type ExportFormat } from '../../timeline/exportFormats';
import { locateStore, storeFailure, storeOption, STORE_ENV_HELP, STORE_OPTION_HELP } from '../storeLocator';
import { parseDuration } from '../../core/duration';
import { EXIT } from '../exit';
import { describeIoError, isStorageError } from '../../timeline/ioError';

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

/** Writes to stdout, waiting for it to drain when its buffer is full. */
function writeStdout(text: string): Promise<void> | undefined {
  if (text === '' || process.stdout.write(text)) return undefined;
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export an incident as a Markdown postmortem or versioned JSON')
    .argument('<incident-id>', 'incident id (see cockpit incidents)')
    // Choices, not a parser: the completion scripts offer them after --format.
    .addOption(new Option('--format <md|json>', 'md (postmortem) or json').choices(EXPORT_FORMATS).default('md'))
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
        exitCodes: '0, 1 the timeline is broken (the events before the break are exported, and the document says so), 2 no such incident or the output file cannot be written.',
      }),
    )
    .action(async (id: string, options: { format: ExportFormat; output?: string; changesSince?: number; requestsPerSecond?: number; store?: string }) => {
      const postmortem = {
        ...(options.changesSince === undefined ? {} : { changeLookbackMs: options.changesSince }),
        ...(options.requestsPerSecond === undefined ? {} : { requestsPerSecond: options.requestsPerSecond }),
      };
      const { incidents, dataDir } = await locateStore(options.store);
      const verifyArgs = storeOption(options.store, incidents.where);
      // Loaded by export alone (the postmortem, the JSON export), not with the command line.
      const [{ streamExport }, { streamFileAtomically }] = await Promise.all([import('../../timeline/exportIncident'), import('../../timeline/atomicWrite')]);
      const exportOptions = { dataDir, id, format: options.format, postmortem: { ...postmortem, verifyArgs }, source: incidents.source };
      let result: Awaited<ReturnType<typeof streamExport>>;
      try {
        // Streamed: a long incident is never one string in memory. A file is replaced whole or not at all.
        result =
          options.output === undefined
            ? await streamExport(exportOptions, writeStdout).catch(storeFailure)
            : await streamFileAtomically(options.output, async (write) => {
                const done = await streamExport(exportOptions, write).catch(storeFailure);
                return { keep: done.ok, value: done };
              });
      } catch (error) {
        process.stderr.write(`cockpit export: cannot write ${options.output ?? 'to stdout'}: ${whyNotWritten(error, options.output)}\n`);
        process.exitCode = EXIT.usage;
        return;
      } finally {
        await incidents.close();
      }
      if (!result.ok) {
        process.stderr.write(`cockpit export: ${result.error.message}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      const { problem, unanchored } = result.value;
      if (problem !== undefined) {
        process.stderr.write(
          `cockpit export: warning: the timeline does not verify from seq ${problem.seq} (${problem.reason}); exported the events before it. See cockpit verify ${id}.\n`,
        );
      }
      // As `verify` says (NOT intact): a log cut from its end, its anchor removed, was exported as whole and silently.
      if (unanchored) process.stderr.write(`cockpit export: warning: the timeline has no anchor, so events cut from its end would not show; its head is not proven. See cockpit verify ${id}.\n`);
      if (options.output !== undefined) process.stderr.write(`wrote ${options.output}\n`);
      // Written, and incomplete: a script that publishes the postmortem must not take it for the whole story.
      process.exitCode = problem === undefined && !unanchored ? EXIT.ok : EXIT.problems;
    });
}

/** Why `-o FILE` could not be written, about FILE: Node's message named the temporary file beside it (`x.md.10485-1.tmp`). */
function whyNotWritten(error: unknown, output: string | undefined): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (output !== undefined && code === 'ENOENT') return `no such directory ${dirname(resolve(output))}`;
  return isStorageError(error) ? describeIoError(error) : error instanceof Error ? error.message : String(error);
}
