/**
 * Server diagnostics (the compiler's Diagnostic list for a saved draft or an uploaded file) drawn on the
 * offending elements: a marker colours the element, a badge shows the count and, on hover, the messages in the
 * console's language. Diagnostics without an element are returned for the page to list.
 */
import type Modeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import { escapeHtml, lang } from '../i18n.js';
import {
  arrangeDiagnostics,
  diagnosticText,
  worstSeverity,
  type ArrangedDiagnostics,
  type Diagnostic,
} from '../lib/index.js';

const OVERLAY_TYPE = 'motcua-server';
const MARKERS = ['mc-server-error', 'mc-server-warning', 'mc-server-info'];

export function clearServerDiagnostics(modeler: Modeler): void {
  const overlays = modeler.get<Overlays>('overlays');
  const canvas = modeler.get<Canvas>('canvas');
  const registry = modeler.get<ElementRegistry>('elementRegistry');
  overlays.remove({ type: OVERLAY_TYPE });
  for (const el of registry.getAll()) for (const m of MARKERS) canvas.removeMarker(el.id, m);
}

export function showServerDiagnostics(
  modeler: Modeler,
  diagnostics: readonly Diagnostic[],
): ArrangedDiagnostics {
  clearServerDiagnostics(modeler);
  const overlays = modeler.get<Overlays>('overlays');
  const canvas = modeler.get<Canvas>('canvas');
  const registry = modeler.get<ElementRegistry>('elementRegistry');
  const arranged = arrangeDiagnostics(diagnostics, (id) => Boolean(registry.get(id)));
  const l = lang();
  for (const [id, list] of arranged.byElement) {
    const worst = worstSeverity(list) ?? 'info';
    canvas.addMarker(id, `mc-server-${worst}`);
    const items = list
      .map((d) => `<li class="mc-diag-${d.severity}">${escapeHtml(diagnosticText(d, l))}</li>`)
      .join('');
    const html = `<div class="mc-diag mc-diag-${worst}" data-testid="server-diagnostic" data-element-id="${escapeHtml(id)}">
      <span class="mc-diag-count">${list.length}</span><ul class="mc-diag-list">${items}</ul></div>`;
    overlays.add(id, OVERLAY_TYPE, { position: { bottom: 8, left: -8 }, html });
  }
  return arranged;
}
