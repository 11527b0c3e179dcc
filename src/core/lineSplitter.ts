/**
 * Splits streamed text into lines without ever holding more than about MAX_LINE_CHARS of one
 * line (issue #11): a command printing 200 MB without a newline would otherwise be one 200 MB
 * string before anything could bound it. A longer line keeps its start and end around a notice
 * of the cut, like every other bound.
 */
import { formatCount } from './bounds';

export const MAX_LINE_CHARS = 64_000;

export class LineSplitter {
  private head = '';
  private tail = '';
  private cut = 0;
  private readonly half: number;

  constructor(maxLineChars = MAX_LINE_CHARS) {
    // Room for the notice, so a cut line is still at most maxLineChars.
    this.half = Math.floor((maxLineChars - 40) / 2);
  }

  /** The lines `text` completes, without their newline (or `\r\n`). */
  push(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      this.add(text.slice(start, end));
      lines.push(this.take());
      start = end + 1;
    }
    if (start < text.length) this.add(text.slice(start));
    return lines;
  }

  /** The last line, if the text did not end with a newline. */
  end(): string[] {
    return this.head === '' && this.tail === '' && this.cut === 0 ? [] : [this.take()];
  }

  private add(piece: string): void {
    if (this.tail === '' && this.head.length + piece.length <= 2 * this.half) {
      this.head += piece;
      return;
    }
    if (this.tail === '') {
      // The line just outgrew the budget: its start stays, the rest runs through the tail.
      const all = this.head + piece;
      this.head = all.slice(0, this.half);
      piece = all.slice(this.half);
    }
    const joined = this.tail + piece;
    const over = Math.max(0, joined.length - this.half);
    this.cut += over;
    this.tail = joined.slice(over);
  }

  private take(): string {
    let line = this.cut === 0 ? this.head + this.tail : `${this.head} … ${formatCount(this.cut)} characters cut … ${this.tail}`;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    this.head = '';
    this.tail = '';
    this.cut = 0;
    return line;
  }
}
