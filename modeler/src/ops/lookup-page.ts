/**
 * The citizen's lookup (no login): dossier code + the last 4 digits of the phone number → status, appointment,
 * what is missing when a supplement is requested, and a rating once the result is returned. Only what
 * /api/public answers is shown.
 */
import { call } from './api.js';
import { lt, ot, statusText } from './i18n.js';
import { ensureStyles, errorText, esc, fmtDate, notify } from './ui.js';

interface PublicView {
  code: string;
  procedure: { code: string; names: { vi: string; en?: string } | null };
  applicantName: string | null;
  status: string;
  receivedAt: string;
  appointmentAt: string | null;
  finishedAt: string | null;
  supplementRequest: { at: string; reason?: string; missing?: string[] } | null;
  rating: { score: number } | null;
  timeline: Array<{ type: string; at: string }>;
}

export async function mountLookup(main: HTMLElement, query: URLSearchParams): Promise<void> {
  ensureStyles();
  main.innerHTML = `<section class="ops-page" data-testid="lookup"><h2>${ot('lookup.title')}</h2>
    <form class="ops-row ops-form" id="lookup-form">
      <input type="text" name="code" placeholder="${esc(ot('lookup.code'))}" value="${esc(query.get('code') ?? '')}" data-testid="lookup-code" size="30">
      <input type="password" name="secret" placeholder="${esc(ot('lookup.secret'))}" data-testid="lookup-secret" autocomplete="off" size="30">
      <button type="submit" class="primary" data-testid="lookup-submit">${ot('lookup.submit')}</button>
    </form><p id="lookup-msg" hidden></p><div id="result" data-testid="lookup-result"></div></section>`;
  const form = main.querySelector<HTMLFormElement>('#lookup-form')!;
  const box = main.querySelector<HTMLElement>('#result')!;
  const msg = main.querySelector<HTMLElement>('#lookup-msg')!;
  const show = async (code: string, secret: string) => {
    msg.hidden = true;
    const v = await call<PublicView>('GET', `/api/public/dossiers/${encodeURIComponent(code)}`, undefined, { 'x-lookup-secret': secret });
    box.innerHTML = `<div class="ops-card"><h3>${esc(v.code)}</h3>
      <p>${esc(v.procedure.code)} — ${esc(lt(v.procedure.names))}</p>
      <p>${ot('common.status')}: <b data-testid="public-status">${esc(statusText(v.status))}</b></p>
      <p>${ot('common.appointment')}: <b data-testid="public-appointment">${fmtDate(v.appointmentAt)}</b></p>
      ${
        v.supplementRequest
          ? `<div class="mc-notice mc-notice-error" data-testid="public-missing"><b>${ot('lookup.missing')}</b>: ${esc(v.supplementRequest.reason ?? '')}<ul>${(v.supplementRequest.missing ?? [])
              .map((x) => `<li>${esc(x)}</li>`)
              .join('')}</ul></div>`
          : ''
      }
      <table class="ops-table">${v.timeline.map((e) => `<tr><td>${fmtDate(e.at)}</td><td>${esc(e.type)}</td></tr>`).join('')}</table>
      ${
        v.status === 'returned'
          ? v.rating
            ? `<p>${ot('lookup.rated', { score: v.rating.score })}</p>`
            : `<p>${ot('lookup.rate')}: <span class="ops-stars">${[1, 2, 3, 4, 5]
                .map((n) => `<button type="button" data-score="${n}" data-testid="rate-${n}">${n}★</button>`)
                .join('')}</span></p>`
          : ''
      }</div>`;
    box.querySelectorAll<HTMLButtonElement>('button[data-score]').forEach((b) =>
      b.addEventListener('click', async () => {
        try {
          await call('POST', `/api/public/dossiers/${encodeURIComponent(code)}/rating`, { score: Number(b.dataset.score) }, { 'x-lookup-secret': secret });
          await show(code, secret);
        } catch (err) {
          notify(msg, errorText(err), 'error');
        }
      }),
    );
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const code = (form.elements.namedItem('code') as HTMLInputElement).value.trim();
    const secret = (form.elements.namedItem('secret') as HTMLInputElement).value.trim();
    show(code, secret).catch((err) => {
      box.innerHTML = '';
      notify(msg, errorText(err), 'error');
    });
  });
}
