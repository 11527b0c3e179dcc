/** Bytes kept at each end of a command's captured output. */
export const CAPTURE_EDGE_BYTES = 64 * 1024;

/**
 * Keeps the first and the last `edgeBytes` of a stream and counts what fell in between: the
 * start says what the command set out to do, the end how it finished, and a runaway command
 * cannot fill the timeline. A multi-byte character cut at an edge decodes as U+FFFD.
 */
export class HeadTailCapture {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private readonly tail: Buffer[] = [];
  private tailBytes = 0;
  private dropped = 0;

  constructor(private readonly edgeBytes = CAPTURE_EDGE_BYTES) {}

  append(text: string): void {
    let bytes = Buffer.from(text, 'utf8');
    if (this.headBytes < this.edgeBytes) {
      const taken = bytes.subarray(0, this.edgeBytes - this.headBytes);
      this.head.push(taken);
      this.headBytes += taken.length;
      bytes = bytes.subarray(taken.length);
    }
    if (bytes.length === 0) return;
    this.tail.push(bytes);
    this.tailBytes += bytes.length;
    this.trimTail();
  }

  get droppedBytes(): number {
    return this.dropped;
  }

  text(): string {
    if (this.dropped === 0) return Buffer.concat([...this.head, ...this.tail]).toString('utf8');
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    return `${head}\n[… ${this.dropped} bytes dropped …]\n${tail}`;
  }

  private trimTail(): void {
    while (this.tailBytes > this.edgeBytes) {
      const first = this.tail[0]!;
      const excess = this.tailBytes - this.edgeBytes;
      const cut = Math.min(excess, first.length);
      if (cut === first.length) this.tail.shift();
      else this.tail[0] = first.subarray(cut);
      this.tailBytes -= cut;
      this.dropped += cut;
    }
  }
}
