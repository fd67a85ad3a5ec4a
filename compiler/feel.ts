/**
 * FEEL at compile time (feelin's parser): syntax check of conditions and input mappings, and the outcome
 * literals a condition tests, so that `outcome = "aprove"` is caught before a dossier gets stuck on it.
 */
import { parseExpression } from 'feelin';

export interface OutcomeTest {
  value: string;
  /** `tasks.<id>.outcome` tests name the task; plain `outcome` tests the latest completed task. */
  task?: string;
}

export interface FeelAnalysis {
  error?: { vi: string; en: string };
  outcomeTests: OutcomeTest[];
  /** Names compared with `outcome` without quotes (`outcome = approve`): likely forgotten quotes. */
  bareOutcomeNames: string[];
}

/** Camunda 8 / Zeebe write expressions as `=expr`; both forms mean the same here. */
export function normaliseFeel(expr: string): string {
  const t = expr.trim();
  return (t.startsWith('=') ? t.slice(1) : t).trim();
}

interface Node {
  name: string;
  from: number;
  to: number;
  firstChild: Node | null;
  nextSibling: Node | null;
  type: { isError: boolean };
}

function children(n: Node): Node[] {
  const out: Node[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function stringLiteral(src: string, n: Node): string | undefined {
  if (n.name !== 'StringLiteral') return undefined;
  try {
    return JSON.parse(src.slice(n.from, n.to)) as string;
  } catch {
    return src.slice(n.from + 1, n.to - 1);
  }
}

/** `outcome` → {}, `tasks.x.outcome` → { task: 'x' }, anything else → undefined. */
function outcomeRef(src: string, n: Node): { task?: string } | undefined {
  const text = src.slice(n.from, n.to).replace(/\s+/g, '');
  if (n.name === 'VariableName' && text === 'outcome') return {};
  const m = /^tasks\.([A-Za-z_][A-Za-z0-9_]*)\.outcome$/.exec(text);
  if (n.name === 'PathExpression' && m) return { task: m[1] as string };
  return undefined;
}

const cache = new Map<string, FeelAnalysis>();

export function analyseFeel(expression: string): FeelAnalysis {
  const cached = cache.get(expression);
  if (cached) return cached;
  const result = analyse(expression);
  if (cache.size > 5000) cache.clear();
  cache.set(expression, result);
  return result;
}

function analyse(src: string): FeelAnalysis {
  const out: FeelAnalysis = { outcomeTests: [], bareOutcomeNames: [] };
  if (src.trim() === '') {
    out.error = { vi: 'biểu thức rỗng', en: 'empty expression' };
    return out;
  }
  let top: Node;
  try {
    top = parseExpression(src, {}, undefined).topNode as unknown as Node;
  } catch (e) {
    out.error = {
      vi: `không phân tích được (${(e as Error).message})`,
      en: `cannot be parsed (${(e as Error).message})`,
    };
    return out;
  }
  const stack: Node[] = [top];
  while (stack.length) {
    const n = stack.pop() as Node;
    if (n.type.isError) {
      if (!out.error) {
        const near = src.slice(n.from, n.from + 12) || 'cuối biểu thức';
        const nearEn = src.slice(n.from, n.from + 12) || 'end of expression';
        out.error = {
          vi: `lỗi cú pháp ở vị trí ${n.from + 1} (gần "${near}")`,
          en: `syntax error at position ${n.from + 1} (near "${nearEn}")`,
        };
      }
      continue;
    }
    const kids = children(n);
    if (n.name === 'Comparison' && kids.length === 3) {
      const [a, op, b] = kids as [Node, Node, Node];
      const opText = src.slice(op.from, op.to).trim();
      if (b.name === 'SimplePositiveUnaryTest' && !out.error) {
        // `a == b` parses as a comparison with a unary test; it is never what the author meant.
        out.error = {
          vi: `toán tử "${opText}${src.slice(b.from, b.from + 2).trim()}" không có trong FEEL; so sánh bằng dùng "="`,
          en: `operator "${opText}${src.slice(b.from, b.from + 2).trim()}" is not FEEL; equality is "="`,
        };
      }
      for (const [ref, lit] of [
        [a, b],
        [b, a],
      ] as Array<[Node, Node]>) {
        const r = outcomeRef(src, ref);
        if (!r) continue;
        if (opText === '=' || opText === '!=') {
          const v = stringLiteral(src, lit);
          if (v !== undefined) out.outcomeTests.push({ value: v, ...r });
          else if (lit.name === 'VariableName') out.bareOutcomeNames.push(src.slice(lit.from, lit.to).trim());
        } else if (opText === 'in' && ref === a) {
          for (const s of collect(lit, 'StringLiteral')) {
            const v = stringLiteral(src, s);
            if (v !== undefined) out.outcomeTests.push({ value: v, ...r });
          }
        }
      }
    }
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as Node);
  }
  return out;
}

function collect(n: Node, name: string): Node[] {
  const out: Node[] = [];
  const stack = [n];
  while (stack.length) {
    const x = stack.pop() as Node;
    if (x.name === name) out.push(x);
    else stack.push(...children(x));
  }
  return out;
}
