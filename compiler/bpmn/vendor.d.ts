/* eslint-disable @typescript-eslint/no-explicit-any -- moddle elements and these untyped modules are dynamic objects */
// Minimal typings for the untyped entry points we use (bpmn-moddle ships types for its model only).
declare module 'bpmn-moddle' {
  export interface ParseWarning {
    message: string;
    element?: { id?: string; $type?: string };
    property?: string;
    value?: unknown;
  }
  export interface ParseResult {
    rootElement: any;
    warnings: ParseWarning[];
    elementsById: Record<string, any>;
    references: unknown[];
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, object>, options?: object);
    fromXML(xml: string, typeName?: string, options?: { lax?: boolean }): Promise<ParseResult>;
    toXML(element: any, options?: { format?: boolean; preamble?: boolean }): Promise<{ xml: string }>;
    create(type: string, attrs?: Record<string, unknown>): any;
  }
}

declare module 'bpmnlint' {
  export type Report = { id?: string; message: string; category: string; [key: string]: unknown };
  export class Linter {
    constructor(options: {
      config?: { extends?: string | string[]; rules?: Record<string, unknown> };
      resolver: {
        resolveRule(pkg: string, name: string): unknown;
        resolveConfig(pkg: string, name: string): unknown;
      };
      transformRule?: (rule: any, options: { pkg: string; ruleName: string }) => any;
    });
    lint(root: any): Promise<Record<string, Report[]>>;
  }
  const bpmnlint: { Linter: typeof Linter };
  export default bpmnlint;
}

declare module 'saxen' {
  export class Parser {
    constructor(options?: { proxy?: boolean });
    ns(map: Record<string, string>): void;
    on(
      event: 'openTag',
      fn: (
        name: string,
        getAttrs: () => Record<string, string>,
        decode: (s: string) => string,
        selfClosing: boolean,
      ) => void,
    ): this;
    on(event: 'closeTag', fn: (name: string) => void): this;
    on(event: 'text' | 'cdata', fn: (value: string) => void): this;
    on(
      event: 'warn' | 'error',
      fn: (err: Error, getContext: () => { line: number; column: number; data: string }) => void,
    ): this;
    on(event: string, fn: (...args: any[]) => void): this;
    parse(xml: string): Error | undefined;
    stop(): void;
  }
}
