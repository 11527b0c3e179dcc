import { Option, type Command } from 'commander';
import { settingsOrComplain } from '../settings';
import { escapeHidden } from '../../core/quotedText';
import { checkInputFile } from '../inputFile';
import { formatLint, LINT_FORMATS, type LintFormat } from '../lintOutput';
import { helpFooter, SETTINGS_PATH } from '../helpText';
import { EXIT } from '../exit';

interface LintOptions {
  trustPlugins?: boolean;
  json?: boolean;
  format: LintFormat;
}

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('validate runbooks and drill scenarios; prints one `path:line:col: message` per problem')
    .argument('<paths...>', 'runbook or scenario files, or directories (searched for *.yaml / *.yml)')
    .option('--trust-plugins', "load third-party plugins (each in a worker, with a time limit) to check their settings, instead of reading their manifests; this runs the plugins' code")
    .option('--json', 'print the problems as JSON (same as --format json)')
    .addOption(new Option('--format <format>', 'text (path:line:col: message), json, or github (workflow annotations)').choices(LINT_FORMATS).default('text'))
    .addHelpText(
      'after',
      helpFooter({
        examples: ['cockpit lint runbooks/', 'cockpit lint runbooks/checkout-api.yaml --json', 'cockpit lint --format github runbooks/   # in a GitHub Actions step'],
        env: ['COCKPIT_DATA_DIR (where settings.json, with its `plugins` list, lives when it is set)'],
        paths: [SETTINGS_PATH],
        exitCodes: '0 clean, 1 problems found, 2 usage error (e.g. no such file, a file it cannot read).',
      }),
    )
    .action(async (paths: string[], options: LintOptions) => {
      process.exitCode = await lint(paths, options);
    });
}

async function lint(paths: readonly string[], options: LintOptions): Promise<number> {
  const format: LintFormat = options.json ? 'json' : options.format;
  const settings = settingsOrComplain('lint');
  if (!settings) return EXIT.usage;
  // A file named on the command line that cannot be read is a usage error, like one that is missing.
  // (Missing paths and directories are lintPaths' to sort out.)
  const unreadable: string[] = [];
  const readable: string[] = [];
  for (const path of paths) {
    const input = await checkInputFile(path);
    if (input.ok || input.why !== 'unreadable') readable.push(path);
    else unreadable.push(input.message);
  }
  // Loaded by lint alone (PromQL through promtool, the scenario format), not with the command line.
  const [{ lintPaths }, { documentLinter }] = await Promise.all([import('../../runbook/lint'), import('../lintDocument')]);
  const report = await lintPaths(readable, documentLinter(settings.plugins, options.trustPlugins ?? false));
  process.stdout.write(formatLint(report, format));
  for (const path of report.missing) process.stderr.write(`cockpit lint: no such file or directory: ${escapeHidden(path)}\n`);
  for (const path of report.empty) process.stderr.write(`cockpit lint: no runbook or scenario file (*.yaml, *.yml) in ${escapeHidden(path)}: nothing was checked\n`);
  for (const message of unreadable) process.stderr.write(`cockpit lint: ${message}\n`);
  const files = report.files.length;
  const usage = report.missing.length + report.empty.length + unreadable.length;
  // Each path it could not use has had its own line; a summary would only repeat them.
  if (usage === 0) {
    const problems = report.problems.length;
    const summary =
      problems === 0
        ? `${files} file${files === 1 ? '' : 's'} checked, no problems`
        : `${problems} problem${problems === 1 ? '' : 's'} in ${new Set(report.problems.map((p) => p.file)).size} of ${files} file${files === 1 ? '' : 's'}`;
    process.stderr.write(`${summary}\n`);
  }
  return usage > 0 ? EXIT.usage : report.problems.length > 0 ? EXIT.problems : EXIT.ok;
}
