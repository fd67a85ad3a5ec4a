/**
 * The signed-in person: sign-in / sign-out against the API (the bearer token lives in sessionStorage, so closing
 * the tab signs out), who they are and which roles they hold. The UI uses it only to hide what a role may not do;
 * the API enforces every permission itself.
 */
import { api, ApiError, isSignedIn, onTokenCleared, type AgencyView } from './api-client.js';
import { escapeHtml, lang, t } from './i18n.js';

export interface CurrentUser {
  username: string;
  fullName: string;
  /** Each role is held for an agency; '*' = every agency. */
  roles: Array<{ role: string; agency: string }>;
}

let user: CurrentUser | undefined;
/** Parent of each agency (to know that a role held for a department covers its divisions). */
let parents = new Map<string, string | null>();
let agencyList: AgencyView[] = [];
const listeners = new Set<(user: CurrentUser | undefined) => void>();

export function currentUser(): CurrentUser | undefined {
  return user;
}

/** Whether `scope` (the agency a role is held for) covers `agency`: '*', the same one, or an ancestor of it. */
function covers(scope: string, agency: string): boolean {
  if (scope === '*') return true;
  for (let a: string | null | undefined = agency, hops = 0; a && hops < 50; a = parents.get(a), hops++) {
    if (a === scope) return true;
  }
  return false;
}

/** Whether the signed-in person holds `role` (one of several when an array), for `agency` when given. */
export function hasRole(role: string | readonly string[], agency?: string): boolean {
  const wanted = typeof role === 'string' ? [role] : role;
  return !!user?.roles.some((r) => wanted.includes(r.role) && (agency === undefined || covers(r.agency, agency)));
}

/** Agencies where the person holds `role` (expanded over the tree; all of them for '*'). */
export function agenciesWithRole(role: string): string[] {
  const scopes = (user?.roles ?? []).filter((r) => r.role === role).map((r) => r.agency);
  return agencyList.map((a) => a.code).filter((code) => scopes.some((s) => covers(s, code)));
}

/** The agency tree as the API lists it (loaded at sign-in; empty before). */
export function agencies(): AgencyView[] {
  return agencyList;
}

/** Be told when someone signs in or out; returns the unsubscribe function. */
export function onSessionChange(listener: (user: CurrentUser | undefined) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setUser(next: CurrentUser | undefined): void {
  user = next;
  const roles = [...new Set((next?.roles ?? []).map((r) => r.role))];
  if (roles.length) document.body.dataset.roles = roles.join(',');
  else delete document.body.dataset.roles;
  if (next) document.body.dataset.user = next.username;
  else delete document.body.dataset.user;
  for (const l of listeners) l(next);
}

async function loadAgencies(): Promise<void> {
  try {
    agencyList = (await api.agencies()).items;
    parents = new Map(agencyList.map((a) => [a.code, a.parentCode]));
  } catch {
    // Without the tree a role still covers its own agency exactly; the API decides anyway.
  }
}

export async function signIn(username: string, password: string): Promise<CurrentUser> {
  const session = await api.signIn(username, password);
  await loadAgencies();
  const next = { username: session.user.username, fullName: session.user.fullName, roles: session.user.roles };
  setUser(next);
  return next;
}

export function signOut(): void {
  api.signOut();
  if (user) setUser(undefined);
}

/** On start-up: a token kept in this tab is checked with the API (it may have expired). */
export async function restoreSession(): Promise<CurrentUser | undefined> {
  if (user || !isSignedIn()) return user;
  try {
    const me = await api.me();
    await loadAgencies();
    setUser({ username: me.username, fullName: me.fullName, roles: me.roles });
  } catch {
    api.signOut();
  }
  return user;
}

// A 401 from any call (expired token) ends the session everywhere in the console.
onTokenCleared(() => {
  if (user) setUser(undefined);
});

const errorText = (err: unknown) =>
  err instanceof ApiError ? (lang() === 'vi' ? err.messageVi : err.messageEn) : String(err);

/**
 * Renders the sign-in form into `main`; `onSignedIn` runs after a successful sign-in. The form is plain HTML so
 * a password manager recognises it.
 */
export function renderSignInForm(main: HTMLElement, onSignedIn: (user: CurrentUser) => void): void {
  main.innerHTML = `
    <section class="mc-page mc-sign-in" data-testid="sign-in">
      <h2>${t('session.title')}</h2>
      <form class="mc-sign-in-form" novalidate>
        <label>${t('session.username')}
          <input type="text" name="username" autocomplete="username" required data-testid="username"></label>
        <label>${t('session.password')}
          <input type="password" name="password" autocomplete="current-password" required data-testid="password"></label>
        <p class="mc-notice mc-notice-error" data-testid="sign-in-error" hidden></p>
        <button type="submit" data-testid="sign-in-submit">${t('session.submit')}</button>
      </form>
    </section>`;
  const form = main.querySelector<HTMLFormElement>('form')!;
  const error = main.querySelector<HTMLElement>('[data-testid="sign-in-error"]')!;
  form.querySelector<HTMLInputElement>('input[name="username"]')!.focus();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const username = form.username.value.trim();
    const password = (form.elements.namedItem('password') as HTMLInputElement).value;
    if (!username || !password) {
      error.textContent = t('session.missing');
      error.hidden = false;
      return;
    }
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    button.disabled = true;
    signIn(username, password)
      .then(onSignedIn)
      .catch((err: unknown) => {
        error.textContent = errorText(err);
        error.hidden = false;
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}

/**
 * For pages that need a signed-in person: resolves true at once when signed in; otherwise shows the sign-in form
 * in `main` and resolves true once the person has signed in (the page then renders into the same `main`).
 */
export async function requireSignIn(main: HTMLElement): Promise<boolean> {
  if (await restoreSession()) return true;
  return new Promise<boolean>((resolve) => {
    // Leaving the page before signing in ends the wait (false), so the router is never stuck on it.
    const leave = () => resolve(false);
    window.addEventListener('hashchange', leave, { once: true });
    renderSignInForm(main, () => {
      window.removeEventListener('hashchange', leave);
      document.body.dataset.ready = 'false';
      resolve(true);
    });
    document.body.dataset.ready = 'true';
  });
}

/** The header's user menu: name and sign-out, or a sign-in link. */
export function userMenuHtml(): string {
  if (!user) return `<a class="mc-user" href="#/sign-in" data-testid="sign-in-link">${t('session.signIn')}</a>`;
  return `<span class="mc-user" data-testid="user-name" title="${escapeHtml(user.username)}">${escapeHtml(user.fullName || user.username)}</span>
    <button type="button" data-testid="sign-out" id="sign-out">${t('session.signOut')}</button>`;
}
