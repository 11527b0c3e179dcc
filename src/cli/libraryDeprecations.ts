/**
 * Deprecation warnings that Node 22+ raise for code inside bundled libraries, not ours: the
 * `punycode` built-in (node-fetch's whatwg-url, under @kubernetes/client-node) and `url.parse()`
 * (node-fetch). A responder can do nothing about them; `cockpit status` printed both to stderr on
 * Node 24. Any other warning, ours included, still reaches stderr (or the log while the TUI is up).
 */
const LIBRARY_DEPRECATIONS: ReadonlySet<string> = new Set(['DEP0040', 'DEP0169']);

export function isLibraryDeprecation(warning: Error): boolean {
  return warning.name === 'DeprecationWarning' && LIBRARY_DEPRECATIONS.has(String((warning as Error & { code?: unknown }).code));
}

/** Drops library deprecations before Node's own listener (or the log's) sees them. */
export function dropLibraryDeprecations(): void {
  const listeners = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (!isLibraryDeprecation(warning)) for (const listener of listeners) listener(warning);
  });
}
