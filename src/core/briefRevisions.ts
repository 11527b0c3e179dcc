/**
 * `Roll back checkout-api from :42 to :41`: a revision named `<name>:<number>` after `<name>` was
 * said on its own, shortened to `:<number>`, as the deploys panel and the advice say revisions.
 * For a line with little room (the running line): at 120 columns it cut the target to
 * `checkout-api:4…`, the one word the responder watches it for. What is recorded keeps the whole.
 */
export function briefRevisions(text: string): string {
  const said = new Set<string>();
  return text.replace(/(?<![\w:/.-])([A-Za-z][\w.-]*?)(:\d+)?(?![\w/-]|[:.]\w)/g, (word: string, name: string, revision: string | undefined) => {
    if (revision === undefined) {
      said.add(name);
      return word;
    }
    return said.has(name) ? revision : word;
  });
}
