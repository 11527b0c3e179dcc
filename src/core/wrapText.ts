/**
 * Word-wraps `text` into lines of at most `width` characters (a word longer than a line is cut
 * into pieces): the decisive words (a recommendation, a block reason, a step's title) take more
 * lines rather than losing their end to "…". Continuation lines start with `indent`.
 */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const room = Math.max(1, width);
  const pad = Array.from(indent).length < room ? indent : '';
  const out: string[] = [];
  let line = '';
  const limit = () => (out.length === 0 ? room : room - Array.from(pad).length);
  const flush = () => {
    out.push(out.length === 0 ? line : pad + line);
    line = '';
  };
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    let chars = Array.from(word);
    const candidate = line === '' ? chars.length : Array.from(line).length + 1 + chars.length;
    if (candidate <= limit()) {
      line = line === '' ? word : `${line} ${word}`;
      continue;
    }
    if (line !== '') flush();
    while (chars.length > limit()) {
      line = chars.slice(0, limit()).join('');
      chars = chars.slice(limit());
      flush();
    }
    line = chars.join('');
  }
  if (line !== '' || out.length === 0) flush();
  return out;
}
