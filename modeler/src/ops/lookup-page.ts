/**
 * The citizen's lookup (no login): dossier code + the last 4 digits of the phone number → status, appointment,
 * what is missing when a supplement is requested (with the upload of the missing papers), and a rating once the
 * result is returned. Only what /api/public answers is shown.
 */
import { call, fileField, upload } from './api.js';
import { eventName, lt, ot, statusText } from './i18n.js';
import { ensureStyles, errorText, esc, fmtDate, notify } from './ui.js';

type Text = { vi: string; en?: string };
interface PublicView {
  code: string;
  procedure: { code: string; names: Text | null };
  applicantName: string | null;
  status: string;
  receivedAt: string;
  appointmentAt: string | null;
  finishedAt: string | null;
  supplementRequest: {
    at: string;
    reason?: string;
    missing?: string[];
    components?: Array<{ id: string; name: Text }>;
  } | null;
  rating: { score: number } | null;
  timeline: Array<{ type: string; at: string; reason?: string; outcome?: string; missing?: string[] }>;
}

/** A timeline entry in words. */
function eventText(e: PublicView['timeline'][number]): string {
  const what = eventName(e.type);
  if (e.type === 'result' && e.outcome)
    return `${what}: ${statusText(e.outcome === 'refused' ? 'not-accepted' : e.outcome)}`;
  return e.reason ? `${what} — ${e.reason}` : what;
}

export async function mountLookup(main: HTMLElement, query: URLSearchParams): Promise<void> {
  ensureStyles();
  main.innerHTML = `<section class="ops-page" data-testid="lookup"><h2>${ot('lookup.title')}</h2>
    <form class="ops-row ops-form" id="lookup-form">
      <input type="text" name="code" placeholder="${esc(ot('lookup.code'))}" value="${esc(query.get('code') ?? '')}" data-testid="lookup-code" size="30">
      <input type="password" name="secret" placeholder="${esc(ot('lookup.secret'))}" data-testid="lookup-secret" autocomplete="off" size="30">
      <button type="submit" class="primary" data-testid="lookup-submit">${ot('lookup.submit')}</button>
    </form><p id="lookup-msg" hidden data-testid="lookup-message"></p><div id="result" data-testid="lookup-result"></div></section>`;
  const form = main.querySelector<HTMLFormElement>('#lookup-form')!;
  const box = main.querySelector<HTMLElement>('#result')!;
  const msg = main.querySelector<HTMLElement>('#lookup-msg')!;
  const fetchView = (code: string, secret: string) =>
    call<PublicView>('GET', `/api/public/dossiers/${encodeURIComponent(code)}`, undefined, {
      'x-lookup-secret': secret,
    });

  const render = (v: PublicView, code: string, secret: string) => {
    const sr = v.supplementRequest;
    box.innerHTML = `<div class="ops-card" data-status="${esc(v.status)}"><h3>${esc(v.code)}</h3>
      <p>${esc(v.procedure.code)} — ${esc(lt(v.procedure.names))}</p>
      <p>${ot('common.status')}: <b data-testid="public-status">${esc(statusText(v.status))}</b></p>
      <p>${ot('common.appointment')}: <b data-testid="public-appointment">${fmtDate(v.appointmentAt)}</b></p>
      ${
        sr
          ? `<div class="mc-notice mc-notice-error" data-testid="public-missing"><b>${ot('lookup.missing')}</b> (${fmtDate(sr.at)})${sr.reason ? `: ${esc(sr.reason)}` : ''}
              <ul>${(sr.missing ?? []).map((x) => `<li>${esc(x)}</li>`).join('')}</ul></div>
            <form class="ops-card ops-form" id="supplement-form" data-testid="supplement-form">
              <h4>${ot('lookup.supply')}</h4>
              <p><small>${ot('lookup.supplyHelp')}</small></p>
              <label><span>${ot('lookup.component')}</span> <select name="component" data-testid="supplement-component">${(
                sr.components ?? []
              )
                .map((c) => `<option value="${esc(c.id)}">${esc(lt(c.name))}</option>`)
                .join('')}<option value="">${ot('lookup.otherPaper')}</option></select></label>
              <label><span>${ot('lookup.files')} *</span> <input type="file" multiple name="files" data-testid="supplement-files"></label>
              <label><span>${ot('reception.note')}</span> <input type="text" name="note" data-testid="supplement-note" size="50"></label>
              <div class="ops-row"><button type="submit" class="primary" data-testid="supplement-submit">${ot('lookup.send')}</button>
                <progress class="ops-progress" max="1" value="0" hidden></progress></div>
            </form>`
          : ''
      }
      <h4>${ot('dossier.timeline')}</h4>
      <table class="ops-table" data-testid="public-timeline">${v.timeline
        .map(
          (e) =>
            `<tr data-event="${esc(e.type)}"><td>${fmtDate(e.at)}</td><td>${esc(eventText(e))}</td></tr>`,
        )
        .join('')}</table>
      ${
        v.status === 'returned'
          ? v.rating
            ? `<p data-testid="rated" data-score="${v.rating.score}">${ot('lookup.rated', { score: v.rating.score })}</p>`
            : `<div class="ops-card ops-form" data-testid="rating"><h4>${ot('lookup.rate')}</h4>
                <label><span>${ot('lookup.comment')}</span> <input type="text" id="rating-comment" data-testid="rating-comment" size="50"></label>
                <p class="ops-stars">${[1, 2, 3, 4, 5]
                  .map(
                    (n) =>
                      `<button type="button" data-score="${n}" data-testid="rate-${n}" title="${n}/5">${n}★</button>`,
                  )
                  .join(' ')}</p></div>`
          : ''
      }</div>`;

    box.querySelectorAll<HTMLButtonElement>('button[data-score]').forEach((b) =>
      b.addEventListener('click', async () => {
        const comment = box.querySelector<HTMLInputElement>('#rating-comment')?.value.trim();
        box.querySelectorAll<HTMLButtonElement>('button[data-score]').forEach((x) => (x.disabled = true));
        try {
          await call(
            'POST',
            `/api/public/dossiers/${encodeURIComponent(code)}/rating`,
            { score: Number(b.dataset.score), ...(comment ? { comment } : {}) },
            { 'x-lookup-secret': secret },
          );
          render(await fetchView(code, secret), code, secret);
          notify(msg, ot('lookup.thanks'));
        } catch (err) {
          notify(msg, errorText(err), 'error');
          box.querySelectorAll<HTMLButtonElement>('button[data-score]').forEach((x) => (x.disabled = false));
        }
      }),
    );

    const sup = box.querySelector<HTMLFormElement>('#supplement-form');
    sup?.addEventListener('submit', async (e) => {
      e.preventDefault();
      const files = [...((sup.elements.namedItem('files') as HTMLInputElement).files ?? [])];
      if (!files.length) {
        notify(msg, ot('lookup.chooseFile'), 'error');
        return;
      }
      const component = (sup.elements.namedItem('component') as HTMLSelectElement).value;
      const note = (sup.elements.namedItem('note') as HTMLInputElement).value.trim();
      const body = new FormData();
      body.append('supplement', JSON.stringify(note ? { note } : {}));
      for (const f of files) body.append(component || fileField(f.name, 'bo-sung'), f, f.name);
      const button = sup.querySelector<HTMLButtonElement>('button[type=submit]')!;
      const progress = sup.querySelector<HTMLProgressElement>('progress')!;
      button.disabled = true;
      progress.hidden = false;
      try {
        await upload(
          `/api/public/dossiers/${encodeURIComponent(code)}/supplement`,
          body,
          (x) => (progress.value = x),
          {
            'x-lookup-secret': secret,
          },
        );
        // The dossier resumes in the workflow; its public status follows within a moment.
        let v = await fetchView(code, secret);
        for (let i = 0; i < 20 && v.status === 'supplement-requested'; i++) {
          await new Promise((r) => setTimeout(r, 500));
          v = await fetchView(code, secret);
        }
        render(v, code, secret);
        notify(msg, ot('lookup.supplied', { n: files.length }));
      } catch (err) {
        notify(msg, errorText(err), 'error');
        button.disabled = false;
      }
    });
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const code = (form.elements.namedItem('code') as HTMLInputElement).value.trim();
    const secret = (form.elements.namedItem('secret') as HTMLInputElement).value.trim();
    msg.hidden = true;
    fetchView(code, secret).then(
      (v) => render(v, code, secret),
      (err) => {
        box.innerHTML = '';
        notify(msg, errorText(err), 'error');
      },
    );
  });
}
