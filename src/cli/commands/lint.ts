import type { Command } from 'commander';
import { lintPaths } from '../../runbook/lint';
import { settingsOrComplain } from '../settings';
import { documentLinter } from '../lintDocument';
import { formatProblem } from '../../runbook/problem';
import { EXIT } from '../exit';

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('validate runbooks and drill scenarios; prints one `path:line:col: message` per problem')
    .argument('<paths...>', 'runbook or scenario files, or directories (searched for *.yaml / *.yml)')
    .addHelpText('after', '\nExit codes: 0 clean, 1 problems found, 2 usage error (e.g. no such file).')
    .option('--trust-plugins', "load third-party plugins (each in a worker, with a time limit) to check their settings, instead of reading their manifests; this runs the plugins' code")
    .action(async (paths: string[], options: { trustPlugins?: boolean }) => {
      const settings = settingsOrComplain('lint');
      if (!settings) {
        process.exitCode = EXIT.usage;
        return;
      }
      const report = await lintPaths(paths, documentLinter(settings.plugins, options.trustPlugins ?? false));
      for (const problem of report.problems) process.stdout.write(`${formatProblem(problem)}\n`);
      for (const path of report.missing) process.stderr.write(`cockpit lint: no such file or directory: ${path}\n`);
      const files = report.files.length;
      const summary =
        report.missing.length > 0
          ? `${report.missing.length} path${report.missing.length === 1 ? '' : 's'} not found; ${report.problems.length} problem(s) in ${files} file(s) checked`
          : report.problems.length === 0
          ? `${files} file${files === 1 ? '' : 's'} checked, no problems`
          : `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in ${new Set(report.problems.map((p) => p.file)).size} of ${files} file${files === 1 ? '' : 's'}`;
      process.stderr.write(`${summary}\n`);
      process.exitCode = report.missing.length > 0 ? EXIT.usage : report.problems.length > 0 ? EXIT.problems : EXIT.ok;
    });
}
