/**
 * A real moto_server (an independent AWS implementation, Python) for tests: started on a free
 * loopback port per test file, wiped with `POST /moto-api/reset`, killed by `stop()`. State is
 * created through @aws-sdk/client-ecs itself, so the plugin meets what a client we did not write
 * put there.
 *
 * What moto (5.2) does and does not do, as measured against it:
 * - ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions and
 *   StopServiceDeployment answer HTTP 500 with an HTML body.
 * - A service has exactly one deployment, made by CreateService. UpdateService only sets the
 *   service's `taskDefinition` (to the string it was given, `family:N`, not an ARN); it makes no
 *   new deployment.
 * - moto runs no tasks: `runningCount` is 0 and `pendingCount` is `desiredCount`, unless the
 *   server was started with MOTO_ECS_SERVICE_RUNNING=N (then every service created afterwards
 *   reports N running, and its one deployment is COMPLETED once N >= desiredCount).
 * - ListTaskDefinitions ignores `sort`: oldest first whatever is asked.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { findOnPath, freePort } from './localServer';
import { execa } from 'execa';

export interface MotoServer {
  readonly url: string;
  /** Forgets every resource (all services, all regions). */
  reset(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

export const MOTO_MISSING =
  '`moto_server` is not installed, and the ECS tests against an independent implementation need it: ' +
  'pip install "moto[server]" (PyPI), then make sure moto_server is on PATH';

export interface MotoOptions {
  /** MOTO_ECS_SERVICE_RUNNING: how many tasks moto pretends each new service runs. */
  readonly runningTasks?: number;
  readonly readyTimeoutMs?: number;
}

export async function startMoto(options: MotoOptions = {}): Promise<MotoServer> {
  const binary = await findOnPath('moto_server', MOTO_MISSING);
  // A free port can be taken by another process (other tests run moto too) before moto binds it.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = execa(binary, ['-H', '127.0.0.1', '-p', String(port)], {
      reject: false,
      stdin: 'ignore',
      cleanup: true,
      env: options.runningTasks === undefined ? {} : { MOTO_ECS_SERVICE_RUNNING: String(options.runningTasks) },
    });
    let exited: string | undefined;
    void child.then((result) => {
      exited = `exited with ${result.exitCode ?? result.signal}: ${String(result.stderr).slice(-2_000)}`;
    });
    const url = `http://127.0.0.1:${port}`;
    const reset = async () => {
      const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset answered HTTP ${response.status}`);
    };
    const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
    let ready = false;
    while (exited === undefined && !ready) {
      ready = await reset().then(
        () => true,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        await child;
        throw new Error(`moto_server did not answer on ${url} within ${options.readyTimeoutMs ?? 30_000} ms`);
      }
      await delay(50);
    }
    if (ready) {
      return {
        url,
        reset,
        async stop() {
          child.kill('SIGTERM');
          await child;
        },
      };
    }
    await child;
    if (!exited?.includes('Address already in use') || attempt === 3) throw new Error(`moto_server did not start: ${exited}`);
  }
}
