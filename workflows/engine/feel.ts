/**
 * FEEL over dossier variables, through feelin (pure, deterministic: safe in workflow code).
 * A flow condition is a boolean expression (`outcome = "approve"`, `fee > 0`); a condition that evaluates to a
 * non-boolean is read as a unary test against the last outcome (`"approve", "ok"`), as modellers often write.
 */
import { evaluate, unaryTest } from 'feelin';

export class FeelError extends Error {
  constructor(
    readonly expression: string,
    message: string,
  ) {
    super(message);
    this.name = 'FeelError';
  }
}

export function evalCondition(expression: string, context: Record<string, unknown>): boolean {
  let value: unknown;
  try {
    value = evaluate(expression, context).value;
  } catch (err) {
    throw new FeelError(expression, `FEEL: ${(err as Error).message}`);
  }
  if (typeof value === 'boolean') return value;
  if (value === null || value === undefined) return false;
  try {
    return unaryTest(expression, { ...context, '?': context.outcome ?? null }).value === true;
  } catch (err) {
    throw new FeelError(expression, `FEEL: ${(err as Error).message}`);
  }
}

export function evalExpression(expression: string, context: Record<string, unknown>): unknown {
  try {
    return toPlain(evaluate(expression, context).value);
  } catch (err) {
    throw new FeelError(expression, `FEEL: ${(err as Error).message}`);
  }
}

/** FEEL values (dates, durations, ranges) become JSON-safe values for plugin inputs and payloads. */
function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toPlain(v)]),
      );
    }
    return String(value);
  }
  if (typeof value === 'function') return null;
  return value;
}
