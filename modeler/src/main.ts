/**
 * The console's entry point: the header (title, navigation, language) and a small hash router. Routes:
 *   #/                   start page with the state of every component
 *   #/modeler            the modeler on a new procedure from the template
 *   #/modeler/durations  the modeler in a department editor's duration mode
 *   #/procedures/<code>/diff/<from>/<to>   two versions compared
 *   #/procedures/<code>/durations           a department's duration edit of the published version
 * (`?level=province` after a procedure route when the code exists at several levels)
 * Catalog, sign-in and procedure routes join when the procedures API lands (api-client.ts).
 */
import { lang, onLanguageChange, t, toggleLanguage } from './i18n.js';
import { renderHealthPage } from './pages/health-page.js';
import { DiffPage } from './pages/diff-page.js';
import { ModelerPage } from './pages/modeler-page.js';

interface Page {
  unmount?(): Promise<void>;
}

let current: Page | undefined;
let rendering: Promise<void> = Promise.resolve();

function header(route: string): string {
  const link = (href: string, key: 'nav.home' | 'nav.modeler' | 'nav.durations') =>
    `<a href="${href}"${route === href ? ' class="active"' : ''}>${t(key)}</a>`;
  return `<header class="mc-header">
      <h1>${t('app.title')}</h1>
      <nav>${link('#/', 'nav.home')}${link('#/modeler', 'nav.modeler')}${link('#/modeler/durations', 'nav.durations')}</nav>
      <button type="button" id="lang" data-testid="language">${t('app.otherLanguage')}</button>
    </header>
    <main id="main"></main>`;
}

async function render(): Promise<void> {
  await current?.unmount?.();
  current = undefined;
  const route = location.hash.replace(/\?.*$/, '') || '#/';
  const level = new URLSearchParams(location.hash.split('?')[1] ?? '').get('level') ?? undefined;
  document.documentElement.lang = lang();
  const app = document.getElementById('app')!;
  app.innerHTML = header(route);
  document.getElementById('lang')!.addEventListener('click', () => toggleLanguage());
  const main = document.getElementById('main')!;
  const diff = /^#\/procedures\/([^/]+)\/diff\/(\d+)\/(\d+)$/.exec(route);
  if (diff) {
    const page = new DiffPage(decodeURIComponent(diff[1]!), Number(diff[2]), Number(diff[3]), level);
    current = page;
    await page.mount(main);
  } else if (/^#\/procedures\/[^/]+\/durations$/.test(route)) {
    const page = new ModelerPage('duration', { code: decodeURIComponent(route.split('/')[2]!), level });
    current = page;
    await page.mount(main);
  } else if (route === '#/modeler' || route === '#/modeler/durations') {
    const page = new ModelerPage(route === '#/modeler' ? 'full' : 'duration');
    current = page;
    await page.mount(main);
  } else {
    await renderHealthPage(main);
  }
  document.body.dataset.ready = 'true';
}

/** Renders one after the other, so a fast double switch never mounts two modelers. */
function rerender(): void {
  document.body.dataset.ready = 'false';
  rendering = rendering.then(render, render);
}

window.addEventListener('hashchange', rerender);
onLanguageChange(rerender);
rerender();
