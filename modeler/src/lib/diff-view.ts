/**
 * The version diff as HTML (a summary and three tables: procedure information, steps, flows) for the version
 * history screen, and the element ids to highlight on each side's diagram.
 */
import {
  changeWord,
  isDurationOnly,
  isEmptyDiff,
  nodeKindLabel,
  type FieldChange,
  type VersionDiff,
} from './version-diff.js';
import type { Lang } from './text.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const HEAD = {
  metadata: { vi: 'Thông tin thủ tục', en: 'Procedure information' },
  nodes: { vi: 'Các bước và phần tử', en: 'Steps and elements' },
  flows: { vi: 'Luồng', en: 'Flows' },
  field: { vi: 'Nội dung', en: 'Field' },
  before: { vi: 'Trước', en: 'Before' },
  after: { vi: 'Sau', en: 'After' },
  element: { vi: 'Phần tử', en: 'Element' },
  none: { vi: 'Hai phiên bản giống nhau.', en: 'The two versions are the same.' },
  durationOnly: { vi: 'Chỉ thay đổi thời hạn các bước.', en: 'Only step durations changed.' },
  versions: {
    vi: 'So sánh phiên bản {from} với phiên bản {to}',
    en: 'Version {from} compared with version {to}',
  },
} as const;

function fieldRows(fields: readonly FieldChange[], lang: Lang, element = ''): string {
  return fields
    .map(
      (f) =>
        `<tr class="mc-change-${f.change}" data-path="${esc(f.path)}">${element}<td>${esc(f.label[lang])}</td><td class="mc-before">${esc(f.beforeText[lang])}</td><td class="mc-after">${esc(f.afterText[lang])}</td></tr>`,
    )
    .join('');
}

export function diffHtml(diff: VersionDiff, lang: Lang): string {
  const parts: string[] = [];
  if (diff.from !== undefined && diff.to !== undefined) {
    parts.push(
      `<h3>${esc(HEAD.versions[lang].replace('{from}', String(diff.from)).replace('{to}', String(diff.to)))}</h3>`,
    );
  }
  if (isEmptyDiff(diff)) return parts.join('') + `<p class="mc-diff-none">${HEAD.none[lang]}</p>`;
  if (isDurationOnly(diff)) parts.push(`<p class="mc-diff-note">${HEAD.durationOnly[lang]}</p>`);
  const header = (first: string) =>
    `<thead><tr>${first}<th>${HEAD.field[lang]}</th><th>${HEAD.before[lang]}</th><th>${HEAD.after[lang]}</th></tr></thead>`;
  if (diff.metadata.length) {
    parts.push(
      `<h4>${HEAD.metadata[lang]}</h4><table class="mc-diff" data-section="metadata">${header('')}<tbody>${fieldRows(diff.metadata, lang)}</tbody></table>`,
    );
  }
  if (diff.nodes.length) {
    const rows = diff.nodes
      .map((n) => {
        const name = n.name[lang === 'en' && n.name.en ? 'en' : 'vi'] ?? n.id;
        const cell = `<td rowspan="${Math.max(1, n.fields.length)}"><span class="mc-badge-${n.change}">${esc(changeWord(n.change)[lang])}</span> ${esc(nodeKindLabel(n.kind)[lang])} “${esc(name)}” <code>${esc(n.id)}</code></td>`;
        if (!n.fields.length)
          return `<tr class="mc-change-${n.change}" data-element="${esc(n.id)}">${cell}<td colspan="3"></td></tr>`;
        const [first, ...rest] = n.fields;
        return (
          fieldRows([first!], lang, cell).replace('<tr ', `<tr data-element="${esc(n.id)}" `) +
          fieldRows(rest, lang)
        );
      })
      .join('');
    parts.push(
      `<h4>${HEAD.nodes[lang]}</h4><table class="mc-diff" data-section="nodes">${header(`<th>${HEAD.element[lang]}</th>`)}<tbody>${rows}</tbody></table>`,
    );
  }
  if (diff.flows.length) {
    const rows = diff.flows
      .map((f) => {
        const cell = `<td><span class="mc-badge-${f.change}">${esc(changeWord(f.change)[lang])}</span> ${esc(f.label[lang])}</td>`;
        return f.fields.length
          ? fieldRows(f.fields, lang, cell)
          : `<tr class="mc-change-${f.change}">${cell}<td colspan="3"></td></tr>`;
      })
      .join('');
    parts.push(
      `<h4>${HEAD.flows[lang]}</h4><table class="mc-diff" data-section="flows">${header(`<th>${HEAD.flows[lang]}</th>`)}<tbody>${rows}</tbody></table>`,
    );
  }
  return parts.join('');
}

/** Ids to mark on each diagram: removed and changed on the older version, added and changed on the newer one. */
export function diffMarkers(diff: VersionDiff): {
  before: Record<string, 'removed' | 'changed'>;
  after: Record<string, 'added' | 'changed'>;
} {
  const before: Record<string, 'removed' | 'changed'> = {};
  const after: Record<string, 'added' | 'changed'> = {};
  for (const c of [...diff.nodes, ...diff.flows]) {
    if (c.change === 'added') after[c.id] = 'added';
    else if (c.change === 'removed') before[c.id] = 'removed';
    else {
      before[c.id] = 'changed';
      after[c.id] = 'changed';
    }
  }
  return { before, after };
}
