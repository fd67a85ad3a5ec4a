/**
 * The console's entry point. For now: the start page with the state of every component (from /healthz) in
 * Vietnamese or English; the modeler and the operations screens grow from here.
 */
import { t, toggleLanguage, type MessageKey } from './i18n.js';

interface HealthReport {
  status: 'ok' | 'degraded';
  components: Record<string, { state: 'ok' | 'down'; detail?: string }>;
}

async function render(): Promise<void> {
  const app = document.getElementById('app')!;
  let health: HealthReport | undefined;
  try {
    health = (await (await fetch('/healthz')).json()) as HealthReport;
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
  app.innerHTML = `
    <header><h1>${t('app.title')}</h1><button id="lang">${t('app.otherLanguage')}</button></header>
    <main>
      <h2>${t('health.title')}</h2>
      <table data-testid="health"><thead><tr><th>${t('health.component')}</th><th>${t('health.state')}</th><th>${t('health.detail')}</th></tr></thead><tbody>${rows}</tbody></table>
      <p><a href="/api/procedures">${t('links.procedures')}</a></p>
    </main>`;
  document.getElementById('lang')!.addEventListener('click', () => {
    toggleLanguage();
    void render();
  });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

void render();
