/** Routes of the modeler side of the console (health, modeler, duration edit, version diff). */
import { registerRoute } from '../router.js';
import { t } from '../i18n.js';
import { renderHealthPage } from './health-page.js';
import { DiffPage } from './diff-page.js';
import { ModelerPage } from './modeler-page.js';

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
  id: 'procedure-durations',
  pattern: /^#\/procedures\/([^/]+)\/durations$/,
  async mount({ main, match, query }) {
    const page = new ModelerPage('duration', { code: decodeURIComponent(match[1]!), level: level(query) });
    await page.mount(main);
    return page;
  },
});

registerRoute({
  id: 'modeler',
  pattern: /^#\/modeler$/,
  nav: { href: '#/modeler', label: () => t('nav.modeler'), order: 20 },
  async mount({ main }) {
    const page = new ModelerPage('full');
    await page.mount(main);
    return page;
  },
});

registerRoute({
  id: 'modeler-durations',
  pattern: /^#\/modeler\/durations$/,
  nav: { href: '#/modeler/durations', label: () => t('nav.durations'), order: 30 },
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
