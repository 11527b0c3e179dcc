import type * as http from 'node:http';
import type * as https from 'node:https';

/** The agent options that decide which connection a request may share: the TLS identity on both sides. */
const IDENTITY = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;

/**
 * Keep-alive agents for the API server's requests. client-node makes a new agent for every
 * request (KubeConfig.applySecurityAuthentication), so every poll opened a new TCP connection
 * and, against a real cluster, did a new TLS handshake. An agent with the same TLS identity is
 * reused instead; a changed identity (a rotated client certificate) gets a new agent. Proxy
 * agents are left as client-node made them.
 */
export class KeepAliveAgents {
  private current: { readonly identity: string; readonly agent: http.Agent } | undefined;

  /** Node's own agent classes (passed in: a command that never connects does not load node:https). */
  constructor(private readonly kinds: { readonly http: typeof http.Agent; readonly https: typeof https.Agent }) {}

  /** The agent to send a request with, given the one client-node made for it. */
  reuse(made: http.Agent | https.Agent | undefined): http.Agent | https.Agent | undefined {
    if (made === undefined || (made.constructor !== this.kinds.http && made.constructor !== this.kinds.https)) return made;
    const options = (made as https.Agent).options;
    const identity = identityOf(made.constructor === this.kinds.https, options);
    if (this.current?.identity !== identity) {
      this.current?.agent.destroy();
      const Agent = made.constructor as typeof http.Agent;
      this.current = { identity, agent: new Agent({ ...options, keepAlive: true }) };
    }
    made.destroy();
    return this.current.agent;
  }

  /** Closes the idle connections; a later request opens a new one. */
  close(): void {
    this.current?.agent.destroy();
    this.current = undefined;
  }
}

function identityOf(secure: boolean, options: https.AgentOptions): string {
  const parts = IDENTITY.map((name) => {
    const value = options[name];
    if (value === undefined) return '';
    const list = Array.isArray(value) ? value : [value];
    return list.map((item) => (Buffer.isBuffer(item) ? item.toString('base64') : typeof item === 'object' ? JSON.stringify(item) : String(item))).join(',');
  });
  return JSON.stringify([secure, ...parts]);
}
