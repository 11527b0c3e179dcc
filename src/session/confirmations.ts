/**
 * Confirmations wait in line: one is shown at a time, each resolves exactly once (confirmed,
 * declined, or dropped when the session ends), and a late answer to a settled one is ignored.
 */
/** `against`: the confirmation said it was not the recommended change, and why (it goes on the log with the confirmation). */
export type Answer = { readonly confirmed: true; readonly typed: boolean; readonly against?: string } | { readonly confirmed: false; readonly reason: string };

interface Waiting<T> {
  readonly request: T;
  readonly resolve: (answer: Answer) => void;
}

export class ConfirmationQueue<T extends { readonly action: string }> {
  private readonly waiting: Waiting<T>[] = [];

  constructor(private readonly onChange: () => void) {}

  /** The confirmation the responder sees now. */
  current(): T | undefined {
    return this.waiting[0]?.request;
  }

  ask(request: T): Promise<Answer> {
    return new Promise<Answer>((resolve) => {
      this.waiting.push({ request, resolve });
      this.onChange();
    });
  }

  /** Answers the confirmation of `action`; false when there is none waiting. */
  answer(action: string, answer: Answer): boolean {
    const index = this.waiting.findIndex((w) => w.request.action === action);
    if (index === -1) return false;
    const [settled] = this.waiting.splice(index, 1);
    settled!.resolve(answer);
    this.onChange();
    return true;
  }

  /** Declines everything still waiting (the session is ending). */
  drain(reason: string): void {
    for (const waiting of this.waiting.splice(0)) waiting.resolve({ confirmed: false, reason });
    this.onChange();
  }
}
