/**
 * Issue #11: the ecs plugin, through the real AWS SDK, against an HTTP server on 127.0.0.1 that
 * answers with far more than any ECS response: the read is cut off with a typed error.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ecsPlugin, { ecsConfig } from '../../plugins/ecs/index';
import { MAX_ECS_RESPONSE_BYTES } from '../../plugins/ecs/responseLimit';
import { MAX_MESSAGE_CHARS } from '../../src/core/bounds';
import { awsTestCredentials } from '../fixtures/ecs/credentials';
import { startHugeBodyServer, type HugeBodyServer } from '../support/hugeBodyServer';
import { createTestContext } from '../support/pluginContext';

const MB = 1_000_000;
const credentials = awsTestCredentials();
beforeAll(() => credentials.apply());
afterAll(() => credentials.restore());

let server: HugeBodyServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function listDeploys(url: string) {
  const { ctx } = createTestContext({});
  const instance = await ecsPlugin.create(ecsConfig.parse({ region: 'us-east-1', cluster: 'prod', service: 'checkout-api', endpoint: url, max_attempts: 1, request_timeout: '60s' }), ctx);
  try {
    return await instance.deploys!.list(new AbortController().signal);
  } finally {
    await instance.close?.();
  }
}

describe('an ECS response over the limit', () => {
  it('a streamed 200 MB success body: the read stops early, a typed error says why', async () => {
    server = await startHugeBodyServer({ bytes: 200 * MB, prefix: '{"services":[{"serviceName":"' });
    const answer = await listDeploys(server.url);
    expect(answer).toEqual({ ok: false, error: { kind: 'invalid-response', message: `ECS at ${server.url} sent a response larger than 10 MB`, code: 'ResponseTooLarge' } });
    await server.finished();
    expect(server.sent()).toBeLessThan(MAX_ECS_RESPONSE_BYTES + 30 * MB);
  });

  it('an error status with a 100 MB body, announced by Content-Length, the same', async () => {
    server = await startHugeBodyServer({ bytes: 100 * MB, status: 500, announce: true, prefix: '<html>' });
    const answer = await listDeploys(server.url);
    expect(answer.ok || answer.error.code).toBe('ResponseTooLarge');
    await server.finished();
    expect(server.sent()).toBeLessThan(MAX_ECS_RESPONSE_BYTES + 30 * MB);
  });

  it('an error body under the limit but long is cut to one message', async () => {
    server = await startHugeBodyServer({ bytes: 2 * MB, status: 400, prefix: `{"__type":"ClientException","message":"${'m'.repeat(100)}` });
    const answer = await listDeploys(server.url);
    expect(answer.ok).toBe(false);
    expect(answer.ok || answer.error.message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
  });
});
