/** Label and field selectors as the API server reads them from `?labelSelector=` and `?fieldSelector=`. Pure. */

export type Matcher = (labels: Readonly<Record<string, string>>) => boolean;

/** Terms split on commas outside `in (a,b)` parentheses. */
function terms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim() !== '') out.push(current.trim());
  return out.filter((t) => t !== '');
}

/** `app=web,tier!=db,env in (a,b),track,!canary` → a matcher, or an error message. */
export function labelMatcher(selector: string | null): Matcher | string {
  if (selector === null || selector.trim() === '') return () => true;
  const checks: Matcher[] = [];
  for (const term of terms(selector)) {
    const set = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    const equality = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(term);
    if (set) {
      const [, key, op, list] = set as unknown as [string, string, string, string];
      const values = new Set(list.split(',').map((v) => v.trim()));
      checks.push(op === 'in' ? (l) => l[key] !== undefined && values.has(l[key]) : (l) => l[key] === undefined || !values.has(l[key]));
    } else if (equality) {
      const [, key, op, value] = equality as unknown as [string, string, string, string];
      checks.push(op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value);
    } else if (/^!?[\w./-]+$/.test(term)) {
      const key = term.replace(/^!/, '');
      checks.push(term.startsWith('!') ? (l) => l[key] === undefined : (l) => l[key] !== undefined);
    } else {
      return `unable to parse requirement: ${JSON.stringify(term)}`;
    }
  }
  return (labels) => checks.every((check) => check(labels));
}

/** Only `metadata.name` and `metadata.namespace` (what kubectl's watches use). */
export function fieldMatcher(selector: string | null): ((fields: { name: string; namespace: string }) => boolean) | string {
  if (selector === null || selector.trim() === '') return () => true;
  const checks: ((fields: { name: string; namespace: string }) => boolean)[] = [];
  for (const term of terms(selector)) {
    const match = /^metadata\.(name|namespace)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!match) return `field label not supported: ${term.split(/[=!]/)[0]}`;
    const [, field, op, value] = match as unknown as [string, 'name' | 'namespace', string, string];
    checks.push(op === '!=' ? (f) => f[field] !== value : (f) => f[field] === value);
  }
  return (fields) => checks.every((check) => check(fields));
}
