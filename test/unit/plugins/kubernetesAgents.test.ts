import * as http from 'node:http';
import * as https from 'node:https';
import { describe, expect, it, vi } from 'vitest';
import { KeepAliveAgents } from '../../../plugins/kubernetes/agents';

describe('KeepAliveAgents: one kept-alive agent per TLS identity, instead of client-node\'s agent per request', () => {
  it('reuses one keep-alive agent for requests with the same identity', () => {
    const agents = new KeepAliveAgents({ http: http.Agent, https: https.Agent });
    const first = agents.reuse(new https.Agent({ ca: 'CA', rejectUnauthorized: true }));
    const second = agents.reuse(new https.Agent({ ca: 'CA', rejectUnauthorized: true }));
    expect(second).toBe(first);
    expect(first).toBeInstanceOf(https.Agent);
    expect((first as https.Agent).options).toMatchObject({ ca: 'CA', rejectUnauthorized: true, keepAlive: true });
    agents.close();
  });

  it('a rotated client certificate gets a new agent, and the old one is destroyed', () => {
    const agents = new KeepAliveAgents({ http: http.Agent, https: https.Agent });
    const first = agents.reuse(new https.Agent({ cert: Buffer.from('cert-1'), key: 'key' }))!;
    const destroyed = vi.spyOn(first, 'destroy');
    const second = agents.reuse(new https.Agent({ cert: Buffer.from('cert-2'), key: 'key' }))!;
    expect(second).not.toBe(first);
    expect(destroyed).toHaveBeenCalledOnce();
    expect((second as https.Agent).options).toMatchObject({ cert: Buffer.from('cert-2'), keepAlive: true });
    agents.close();
  });

  it('plain HTTP (a drill\'s sandbox with skipTLSVerify) is kept alive too; a proxy agent is left alone', () => {
    const agents = new KeepAliveAgents({ http: http.Agent, https: https.Agent });
    const plain = agents.reuse(new http.Agent());
    expect(plain).toBeInstanceOf(http.Agent);
    expect(plain).not.toBeInstanceOf(https.Agent);
    expect(agents.reuse(new http.Agent())).toBe(plain);
    class ProxyAgent extends http.Agent {}
    const proxy = new ProxyAgent();
    expect(agents.reuse(proxy)).toBe(proxy);
    expect(agents.reuse(undefined)).toBeUndefined();
    agents.close();
  });
});

