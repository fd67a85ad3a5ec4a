/**
 * The console's route registry. Each feature folder (pages/ for the modeler and catalog, ops/ for the operations
 * screens) registers its routes and navigation entries here from its own index.ts, so features grow without
 * editing each other's files.
 */
export interface Page {
  unmount?(): Promise<void>;
}

export interface RouteContext {
  main: HTMLElement;
  /** The match of `pattern` against the hash path (without the `?query`). */
  match: RegExpExecArray;
  /** The hash's query (`#/x?level=province` → level). */
  query: URLSearchParams;
}

export interface NavEntry {
  href: string;
  /** Label in the current language (called at every render). */
  label: () => string;
  /** Shown only to a signed-in user holding one of these roles; absent = shown to everyone. */
  roles?: string[];
  /** Position in the header, ascending. */
  order: number;
}

export interface Route {
  id: string;
  pattern: RegExp;
  nav?: NavEntry;
  mount(ctx: RouteContext): Promise<Page | void>;
}

const registry: Route[] = [];

export function registerRoute(route: Route): void {
  if (registry.some((r) => r.id === route.id)) throw new Error(`route ${route.id} registered twice`);
  registry.push(route);
}

export function findRoute(path: string): { route: Route; match: RegExpExecArray } | undefined {
  for (const route of registry) {
    const match = route.pattern.exec(path);
    if (match) return { route, match };
  }
  return undefined;
}

export function navEntries(userRoles: readonly string[] | undefined): NavEntry[] {
  return registry
    .flatMap((r) => (r.nav ? [r.nav] : []))
    .filter((n) => !n.roles || (userRoles ?? []).some((role) => n.roles!.includes(role)))
    .sort((a, b) => a.order - b.order);
}
