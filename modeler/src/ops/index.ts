/**
 * Routes of the operations side of the console (reception, inbox, dossier, supervision, inspector, public screen
 * and public lookup), each shown in the navigation only to the roles that use it.
 */
import { registerRoute } from '../router.js';
import { requireSignIn } from '../session.js';
import { ot } from './i18n.js';
import { mountDossier, mountInbox } from './inbox-page.js';
import { InspectorPage } from './inspector-page.js';
import { mountLookup } from './lookup-page.js';
import { mountReception } from './reception-page.js';
import { destroyCharts, mountPublicScreen, mountSupervision } from './supervision-page.js';

const WORKERS = ['receptionist', 'specialist', 'division-head', 'department-head', 'supervisor'];
const SUPERVISORS = ['supervisor', 'department-head', 'division-head', 'admin'];

// The QR code on a slip points at /?lookup=<code>: land on the lookup page with the code filled in.
const lookupParam = new URLSearchParams(location.search).get('lookup');
if (lookupParam && !location.hash) {
  history.replaceState(null, '', `${location.pathname}#/lookup?code=${encodeURIComponent(lookupParam)}`);
}

registerRoute({
  id: 'ops-reception',
  pattern: /^#\/reception$/,
  nav: { href: '#/reception', label: () => ot('nav.reception'), roles: ['receptionist'], order: 40 },
  async mount({ main }) {
    if (await requireSignIn(main)) await mountReception(main);
  },
});

registerRoute({
  id: 'ops-inbox',
  pattern: /^#\/inbox$/,
  nav: { href: '#/inbox', label: () => ot('nav.inbox'), roles: WORKERS, order: 41 },
  async mount({ main }) {
    if (await requireSignIn(main)) await mountInbox(main);
  },
});

registerRoute({
  id: 'ops-dossier',
  pattern: /^#\/dossiers\/([^/?]+)$/,
  async mount({ main, match }) {
    if (await requireSignIn(main)) await mountDossier(main, decodeURIComponent(match[1]!));
  },
});

registerRoute({
  id: 'ops-supervision',
  pattern: /^#\/supervision$/,
  nav: { href: '#/supervision', label: () => ot('nav.supervision'), roles: SUPERVISORS, order: 42 },
  async mount({ main, query }) {
    if (await requireSignIn(main)) await mountSupervision(main, query);
    return { unmount: async () => destroyCharts() };
  },
});

registerRoute({
  id: 'ops-inspector',
  pattern: /^#\/inspect\/([^/?]+)$/,
  async mount({ main, match }) {
    if (!(await requireSignIn(main))) return;
    const page = new InspectorPage(decodeURIComponent(match[1]!));
    await page.mount(main);
    return page;
  },
});

registerRoute({
  id: 'ops-public-screen',
  pattern: /^#\/screen$/,
  nav: { href: '#/screen', label: () => ot('nav.screen'), order: 60 },
  async mount({ main, query }) {
    await mountPublicScreen(main, query);
  },
});

registerRoute({
  id: 'ops-lookup',
  pattern: /^#\/lookup$/,
  nav: { href: '#/lookup', label: () => ot('nav.lookup'), order: 61 },
  async mount({ main, query }) {
    await mountLookup(main, query);
  },
});
