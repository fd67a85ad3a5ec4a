// Typings for the untyped browser libraries, reduced to what the console uses.

/** A preact virtual node (the properties panel renders with the preact copy it ships). */
type VNode = { readonly __vnode: true };
type Component<P> = (props: P) => VNode | null;
/** Props of properties-panel entries are loose records; each call site passes what the entry documents. */
type EntryProps = Record<string, unknown>;

declare module '@bpmn-io/properties-panel/preact' {
  export function h<P>(type: Component<P> | string, props: P | null, ...children: unknown[]): VNode;
}

declare module '@bpmn-io/properties-panel' {
  export const TextFieldEntry: Component<EntryProps>;
  export const TextAreaEntry: Component<EntryProps>;
  export const SelectEntry: Component<EntryProps>;
  export const ListGroup: Component<EntryProps>;
  export function isTextFieldEntryEdited(node: unknown): boolean;
  export function isTextAreaEntryEdited(node: unknown): boolean;
  export function isSelectEntryEdited(node: unknown): boolean;
}

declare module 'bpmn-js-properties-panel' {
  import type { ModuleDeclaration } from 'didi';
  export const BpmnPropertiesPanelModule: ModuleDeclaration;
  export const BpmnPropertiesProviderModule: ModuleDeclaration;
  export function useService<T = unknown>(name: string, strict?: boolean): T;
}

declare module 'bpmn-js-bpmnlint' {
  import type { ModuleDeclaration } from 'didi';
  const lintModule: ModuleDeclaration;
  export default lintModule;
}

declare module 'bpmnlint/rules/*' {
  const factory: (config?: unknown) => { check: unknown; meta?: unknown };
  export = factory;
}

declare module '*.bpmn' {
  const xml: string;
  export default xml;
}
