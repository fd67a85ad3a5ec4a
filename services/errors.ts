/**
 * A failure to bring up a component, told to the operator as one line: which component, what went wrong, the fix.
 */
export class StartupError extends Error {
  constructor(
    readonly component: string,
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'StartupError';
  }

  /** One line, Vietnamese then English, never a stack trace. */
  toLine(): string {
    return `[${this.component}] ${this.message} — ${this.fix}`;
  }
}
