/**
 * The console's entry point: the header (title, navigation filtered by the person's roles, language, user menu)
 * and a hash router over the routes that the feature folders register (pages/ for the modeler side, ops/ for the
 * operations side; see router.ts).
 */
import { lang, onLanguageChange, t, toggleLanguage } from './i18n.js';
import { findRoute, navEntries, type Page } from './router.js';
import { currentUser, onSessionChange, restoreSession, signOut, userMenuHtml } from './session.js';
import './pages/index.js';
import './ops/index.js';

let current: Page | undefined;
let rendering: Promise<void> = Promise.resolve();

/** Roles of the signed-in user, which the session module puts on the document. */
function userRoles(): string[] | undefined {
  const raw = document.body.dataset.roles;
  return raw ? raw.split(',') : undefined;
}

function currentPath(): string {
  return (location.hash || '#/').split('?')[0] || '#/';
}

function headerInner(route: string): string {
  const links = navEntries(userRoles())
    .map(
      (n) =>
        `<a href="${n.href}"${route === n.href ? ' class="active"' : ''} data-nav="${n.href}">${n.label()}</a>`,
    )
    .join('');
  return `<h1>${t('app.title')}</h1>
      <nav data-testid="nav">${links}</nav>
      <div class="mc-user-menu" data-testid="user-menu">${userMenuHtml()}</div>
      <button type="button" id="lang" data-testid="language">${t('app.otherLanguage')}</button>`;
}

/** Header only (after sign-in the page stays; the navigation and the user menu change). */
function renderHeader(): void {
  const header = document.querySelector<HTMLElement>('.mc-header');
  if (!header) return;
  header.innerHTML = headerInner(currentPath());
  header.querySelector('#lang')!.addEventListener('click', () => toggleLanguage());
  header.querySelector('#sign-out')?.addEventListener('click', () => signOut());
}

async function render(): Promise<void> {
  await current?.unmount?.();
  current = undefined;
  const [path = '#/', queryString = ''] = (location.hash || '#/').split('?');
  document.documentElement.lang = lang();
  const app = document.getElementById('app')!;
  app.innerHTML = `<header class="mc-header"></header><main id="main"></main>`;
  renderHeader();
  const main = document.getElementById('main')!;
  const found = findRoute(path) ?? findRoute('#/');
  if (found) {
    current =
      (await found.route.mount({ main, match: found.match, query: new URLSearchParams(queryString) })) ??
      undefined;
  }
  document.body.dataset.ready = 'true';
}

/** Renders one after the other, so a fast double switch never mounts two modelers. */
function rerender(): void {
  document.body.dataset.ready = 'false';
  rendering = rendering.then(render, render);
}

let signedIn = currentUser() !== undefined;
onSessionChange((user) => {
  const was = signedIn;
  signedIn = user !== undefined;
  // Signing in keeps the page (it was waiting for it); signing out takes away what the person saw.
  if (was && !signedIn) rerender();
  else renderHeader();
});

window.addEventListener('hashchange', rerender);
onLanguageChange(rerender);
void restoreSession().finally(() => {
  signedIn = currentUser() !== undefined;
  rerender();
});
