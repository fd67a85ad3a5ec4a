/**
 * A read-only diagram (bpmn-js NavigatedViewer: pan and zoom) for version history and diffs, in the console's
 * language, with markers for what a version changed.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import motcuaDescriptor from '../../../compiler/moddle/motcua.json';
import { translateModule } from './translate-module.js';

export function createViewer(container: HTMLElement): NavigatedViewer {
  return new NavigatedViewer({
    container,
    additionalModules: [translateModule],
    moddleExtensions: { motcua: structuredClone(motcuaDescriptor) },
  });
}

/** Colour elements by change: CSS classes mc-diff-added / mc-diff-changed / mc-diff-removed. */
export function markChanges(
  viewer: NavigatedViewer,
  marks: Record<string, 'added' | 'changed' | 'removed'>,
): void {
  const canvas = viewer.get<Canvas>('canvas');
  const registry = viewer.get<ElementRegistry>('elementRegistry');
  for (const [id, kind] of Object.entries(marks))
    if (registry.get(id)) canvas.addMarker(id, `mc-diff-${kind}`);
}
