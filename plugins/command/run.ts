import path from 'node:path';
import * as z from 'zod';
import { argvText } from '../../src/core/argvText';
import { formatDuration, parseDuration } from '../../src/core/duration';
import { issueText } from '../../src/core/errorText';
import { expandArgv } from '../../src/core/templates';
import {
  fail,
  ok,
  planFacts,
  type ActionOutcome,
  type ActionPlan,
  type ActionRunner,
  type PluginContext,
  type Result,
} from '../../src/plugins/contract';
import { runParams, type CommandConfig } from './config';
import { HeadTailCapture } from './outputCapture';

const ACTION = 'command.run';

/** What `execute` needs from the plan. Environment values stay out: facts reach the timeline. */
const runFacts = z.object({
  argv: z.array(z.string()).min(1),
  cwd: z.string(),
  timeoutMs: z.number().int().positive(),
  envAllow: z.array(z.string()),
});
type RunFacts = z.infer<typeof runFacts>;

export function createRunAction(config: CommandConfig, ctx: PluginContext): ActionRunner {
  // The exit status is the whole outcome of a command; verify hands back what execute saw.
  const outcomes = new WeakMap<ActionPlan, ActionOutcome>();

  return {
    async plan(params) {
      const parsed = runParams.safeParse(params);
      if (!parsed.success) {
        return fail('failed', `${ACTION}: ${issueText(parsed.error.issues[0]!)}`);
      }
      const vars = { service: ctx.service, env: ctx.environment, ...ctx.templateVars };
      const expanded = expandArgv(parsed.data.argv, vars);
      if (!expanded.ok) {
        const unknown = expanded.missing.map((name) => `{{${name}}}`).join(', ');
        return fail(
          'failed',
          `${ACTION}: argv[${expanded.index}] uses ${unknown}, which is not defined (known: ${Object.keys(vars).join(', ')})`,
        );
      }
      const facts: RunFacts = {
        argv: [...expanded.value],
        cwd: path.resolve(ctx.baseDir, parsed.data.cwd ?? config.cwd ?? '.'),
        timeoutMs: parseDuration(parsed.data.timeout ?? config.timeout)!,
        envAllow: config.env_allow,
      };
      return ok({
        action: ACTION,
        summary: `Run ${argvText(facts.argv)}`,
        calls: [{ kind: 'argv', argv: facts.argv, cwd: facts.cwd, timeoutMs: facts.timeoutMs }],
        facts,
      });
    },

    safety() {
      // Whether a command needs confirmation is the runbook's call (`confirm:`), not ours.
      return { level: 'ok', reasons: [] };
    },

    async execute(plan, io) {
      const facts = planFacts(runFacts, plan);
      if (!facts) return fail('failed', `${ACTION}: the plan is not a ${ACTION} plan`);
      const program = facts.argv[0]!;
      const captured = { stdout: new HeadTailCapture(), stderr: new HeadTailCapture() };
      const ran = await ctx.exec({
        argv: facts.argv,
        cwd: facts.cwd,
        env: allowedEnv(facts.envAllow),
        timeoutMs: facts.timeoutMs,
        signal: AbortSignal.any([io.signal, ctx.signal]),
        onOutput(stream, line) {
          // A chunk of the stream, newline included: the timeline joins chunks as they came.
          captured[stream].append(`${line}\n`);
          io.output(stream, `${line}\n`);
        },
      });
      if (!ran.ok) return ran;
      const { exitCode, signal, durationMs, timedOut, cancelled, outputHeldOpen } = ran.value;
      // A sandbox drill's clock runs fast; a process's time is the wall's, and says so beside the drill's times.
      const real = ctx.sandboxed ? ' (real time)' : '';
      const took = `${formatDuration(tookMs(durationMs))}${real}`;
      if (timedOut) return fail('timeout', `${program} did not finish within ${formatDuration(facts.timeoutMs)}${real} and was killed`);
      if (cancelled) return fail('cancelled', `${program} was cancelled after ${took}`);
      if (exitCode === null) return fail('failed', `${program} was killed by ${signal ?? 'a signal'} after ${took}`, signal);
      if (exitCode !== 0) return fail('failed', `${program} exited with code ${exitCode} after ${took}`, String(exitCode));
      // Something it started still ran, holding its output: said, for what it does goes on unwatched.
      const leftBehind = outputHeldOpen ? '; a process it started still held its output open (it may still be running)' : '';
      const outcome: ActionOutcome = {
        summary: `${program} exited with code 0 after ${took}${leftBehind}`,
        details: {
          exitCode,
          durationMs,
          stdout: captured.stdout.text(),
          stderr: captured.stderr.text(),
          droppedBytes: { stdout: captured.stdout.droppedBytes, stderr: captured.stderr.droppedBytes },
        },
      };
      outcomes.set(plan, outcome);
      return ok(outcome);
    },

    async verify(plan, io): Promise<Result<ActionOutcome>> {
      const outcome = outcomes.get(plan);
      if (outcome !== undefined) return ok(outcome);
      // Killed while it ran: "nothing to verify beyond the exit status recorded" passed a check no exit status stood behind.
      if (io.callUnanswered) return fail('failed', `no exit status was recorded: the cockpit stopped while ${planFacts(runFacts, plan)?.argv[0] ?? 'the command'} ran (it may have gone on after it), so whether it succeeded is not known; check what it did, then d marks the step done, or Enter runs it again`);
      return ok({ summary: 'nothing to verify beyond the exit status recorded when the command ran', details: {} });
    },
  };
}

function allowedEnv(names: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of names) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** How long a process ran, as said: to the millisecond under a second, whole seconds above (`after 1m67ms` was said of a minute). */
export function tookMs(durationMs: number): number {
  return durationMs < 1000 ? Math.round(durationMs) : Math.round(durationMs / 1000) * 1000;
}
