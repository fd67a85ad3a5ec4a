/** The console's start page: the state of every component (from /healthz) and the way into the modeler. */
import { api, type HealthReport } from '../api-client.js';
import { escapeHtml, t, type MessageKey } from '../i18n.js';

export async function renderHealthPage(main: HTMLElement): Promise<void> {
  let health: HealthReport | undefined;
  try {
    health = await api.health();
  } catch {
    health = undefined;
  }
  const rows = health
    ? Object.entries(health.components)
        .map(
          ([name, c]) =>
            `<tr><td>${t(('component.' + name) as MessageKey)}</td><td class="${c.state}">${t(('state.' + c.state) as MessageKey)}</td><td>${escapeHtml(c.detail ?? '')}</td></tr>`,
        )
        .join('')
    : `<tr><td colspan="3" class="down">${t('health.unreachable')}</td></tr>`;
  main.innerHTML = `
    <div class="mc-page">
      <h2>${t('health.title')}</h2>
      <table class="mc-table" data-testid="health"><thead><tr><th>${t('health.component')}</th><th>${t('health.state')}</th><th>${t('health.detail')}</th></tr></thead><tbody>${rows}</tbody></table>
      <p><a href="#/modeler">${t('nav.modeler')}</a> · <a href="/api/procedures">${t('links.procedures')}</a></p>
    </div>`;
}
