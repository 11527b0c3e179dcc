/**
 * A real Prometheus for tests: history is backfilled with `promtool tsdb create-blocks-from
 * openmetrics` BEFORE the server starts (a running server only notices new blocks about a minute
 * later), then the Debian `prometheus` binary serves it on 127.0.0.1. Backfilled data is in the
 * past: query it with an explicit `time`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { findOnPath, freePort } from './localServer';
import { execa, type ResultPromise } from 'execa';

export interface CounterSeries {
  readonly labels: Readonly<Record<string, string>>;
  /** `[unix seconds, counter value]`, oldest first. */
  readonly samples: readonly (readonly [number, number])[];
}

/** OpenMetrics text for one counter family (`family_total` samples); ends with the mandatory `# EOF`. */
export function counterOpenMetrics(family: string, series: readonly CounterSeries[]): string {
  const lines = [`# TYPE ${family} counter`];
  for (const { labels, samples } of series) {
    const labelText = Object.entries(labels)
      .map(([name, value]) => `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
      .join(',');
    for (const [seconds, value] of samples) {
      // promtool silently accepts milliseconds and files them tens of thousands of years ahead.
      if (seconds > 1e11) throw new Error(`OpenMetrics timestamps are seconds, got ${seconds}`);
      lines.push(`${family}_total{${labelText}} ${value} ${seconds}`);
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

export interface StartOptions {
  /** Contents of a `--web.config.file` (e.g. basic_auth_users), to test authentication for real. */
  readonly webConfig?: string;
  /** Headers the readiness probe needs when `webConfig` demands authentication. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly readyTimeoutMs?: number;
}

export interface PrometheusServer {
  readonly url: string;
  /** SIGTERM, wait for the exit, remove the storage dir. */
  stop(): Promise<void>;
}

const MISSING =
  'run as root so the test setup can apt-get install prometheus, or install it (Debian: apt-get install -y prometheus)';

export async function startPrometheus(openMetrics: string, options: StartOptions = {}): Promise<PrometheusServer> {
  const [prometheus, promtool] = await Promise.all([findOnPath('prometheus', '`prometheus` is not installed: ' + MISSING), findOnPath('promtool', '`promtool` is not installed: ' + MISSING)]);
  const dir = await mkdtemp(join(tmpdir(), 'cockpit-prometheus-'));
  try {
    const dataDir = join(dir, 'data');
    await writeFile(join(dir, 'history.om'), openMetrics);
    await writeFile(join(dir, 'prometheus.yml'), 'global: { scrape_interval: 15s }\nscrape_configs: []\n');
    const backfill = await execa(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '-q', join(dir, 'history.om'), dataDir], {
      reject: false,
      stdin: 'ignore',
    });
    if (backfill.exitCode !== 0) throw new Error(`promtool backfill failed: ${backfill.stderr || backfill.stdout}`);
    const args = [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${dataDir}`,
      // Retention counts from the newest block; without this, old backfilled blocks are deleted at start-up.
      '--storage.tsdb.retention.time=100y',
    ];
    if (options.webConfig !== undefined) {
      await writeFile(join(dir, 'web.yml'), options.webConfig);
      args.push(`--web.config.file=${join(dir, 'web.yml')}`);
    }
    // A free port can be taken by another process before Prometheus binds it: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const child = execa(prometheus, [...args, `--web.listen-address=127.0.0.1:${port}`], {
        reject: false,
        stdin: 'ignore',
        cleanup: true,
      });
      const url = `http://127.0.0.1:${port}`;
      const ready = await waitReady(url, child, options.headers ?? {}, options.readyTimeoutMs ?? 20_000);
      if (ready === true) {
        return {
          url,
          async stop() {
            child.kill('SIGTERM');
            await child;
            await rm(dir, { recursive: true, force: true });
          },
        };
      }
      if (!ready.includes('address already in use') || attempt === 3) throw new Error(`prometheus did not start: ${ready}`);
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** true once `/-/ready` answers 200; otherwise why not (the process's stderr if it exited). */
async function waitReady(
  url: string,
  child: ResultPromise<{ reject: false; stdin: 'ignore'; cleanup: true }>,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<true | string> {
  let exited: string | undefined;
  void child.then((result) => {
    exited = `exited with ${result.exitCode ?? result.signal}: ${String(result.stderr).slice(-2_000)}`;
  });
  const deadline = Date.now() + timeoutMs;
  while (exited === undefined) {
    try {
      const response = await fetch(`${url}/-/ready`, { headers });
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await child;
      return `not ready after ${timeoutMs} ms`;
    }
    await delay(20);
  }
  return exited;
}
