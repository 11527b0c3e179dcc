import { isAbsolute, relative, resolve } from 'node:path';

/**
 * The isolation rules of a sandbox drill: a plugin may reach loopback endpoints and files under
 * the sandbox directory, nothing else. Pure path and URL arithmetic (no I/O).
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackUrl(url: string | undefined): boolean {
  if (url === undefined || !URL.canParse(url)) return false;
  return LOOPBACK_HOSTS.has(new URL(url).hostname);
}

export function isInsideDir(dir: string, file: string): boolean {
  const path = relative(resolve(dir), resolve(dir, file));
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
}
