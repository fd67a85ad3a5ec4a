/**
 * Routes of the modeler side of the console: sign-in, catalog, procedure, modeler, duration edit, version diff,
 * health. Navigation entries name the roles that see them (the API enforces the permissions themselves).
 */
import { registerRoute } from '../router.js';
import { t } from '../i18n.js';
import { currentUser, renderSignInForm, requireSignIn } from '../session.js';
import { renderCatalogPage } from './catalog-page.js';
import { renderHealthPage } from './health-page.js';
import { DiffPage } from './diff-page.js';
import { ModelerPage } from './modeler-page.js';
import { ProcedurePage } from './procedure-page.js';

const level = (query: URLSearchParams) => query.get('level') ?? undefined;

registerRoute({
  id: 'procedure-diff',
  pattern: /^#\/procedures\/([^/]+)\/diff\/(\d+)\/(\d+)$/,
  async mount({ main, match, query }) {
    const page = new DiffPage(decodeURIComponent(match[1]!), Number(match[2]), Number(match[3]), level(query));
    await page.mount(main);
    return page;
  },
});

registerRoute({
  id: 'sign-in',
  pattern: /^#\/sign-in$/,
  async mount({ main, query }) {
    const next = query.get('next') ?? '#/procedures';
    if (currentUser()) {
      location.hash = next;
      return;
    }
    renderSignInForm(main, () => {
      location.hash = next;
    });
  },
});

registerRoute({
  id: 'catalog',
  pattern: /^#\/procedures$/,
  nav: { href: '#/procedures', label: () => t('nav.catalog'), order: 10 },
  async mount({ main, query }) {
    await renderCatalogPage(main, query);
  },
});

registerRoute({
  id: 'my-procedures',
  pattern: /^#\/my-procedures$/,
  nav: { href: '#/my-procedures', label: () => t('nav.myProcedures'), order: 25, roles: ['duration-editor'] },
  async mount({ main, query }) {
    if (!(await requireSignIn(main))) return;
    // A department editor works on its own agency's procedures (the API refuses the others anyway).
    const scopes = (currentUser()?.roles ?? []).filter((r) => r.role === 'duration-editor').map((r) => r.agency);
    const agency = scopes.find((a) => a !== '*');
    await renderCatalogPage(main, query, {
      route: '#/my-procedures',
      title: 'catalog.mine',
      fixed: agency && !scopes.includes('*') ? { agency } : {},
      hint: scopes.length ? undefined : t('catalog.noAgency'),
    });
  },
});

registerRoute({
  id: 'procedure-durations',
  pattern: /^#\/procedures\/([^/]+)\/durations$/,
  async mount({ main, match, query }) {
    if (!(await requireSignIn(main))) return;
    const page = new ModelerPage('duration', { code: decodeURIComponent(match[1]!), level: level(query) });
    await page.mount(main);
    return page;
  },
});

registerRoute({
  id: 'procedure',
  pattern: /^#\/procedures\/([^/]+)$/,
  async mount({ main, match, query }) {
    const version = Number(query.get('version'));
    const page = new ProcedurePage(
      decodeURIComponent(match[1]!),
      level(query),
      Number.isInteger(version) && version > 0 ? version : undefined,
    );
    await page.mount(main);
    return page;
  },
});

registerRoute({
  id: 'modeler',
  pattern: /^#\/modeler$/,
  nav: { href: '#/modeler', label: () => t('nav.modeler'), order: 20, roles: ['publisher'] },
  async mount({ main, query }) {
    // Without a signed-in publisher the modeler still draws and checks locally (files in, files out).
    const code = query.get('code');
    const page = new ModelerPage('full', code ? { code, level: level(query) } : undefined);
    await page.mount(main);
    return page;
  },
});

registerRoute({
  id: 'modeler-durations',
  pattern: /^#\/modeler\/durations$/,
  async mount({ main }) {
    const page = new ModelerPage('duration');
    await page.mount(main);
    return page;
  },
});

// The start page matches last: everything unknown lands here.
registerRoute({
  id: 'home',
  pattern: /^#\/$/,
  nav: { href: '#/', label: () => t('nav.home'), order: 0 },
  async mount({ main }) {
    await renderHealthPage(main);
  },
});
