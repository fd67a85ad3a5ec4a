/** The bpmn-moddle instance with the motcua extension, created once per process. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { repoRoot } from '../../config/index.js';

export const MOTCUA_URI = 'http://motcua.gov.vn/schema/bpmn/1.0';
export const BPMN_URI = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

/** The moddle descriptor of the motcua extension (also served to the browser modeler as a file). */
export const motcuaModdleDescriptor: Record<string, unknown> = JSON.parse(
  readFileSync(path.join(repoRoot, 'compiler', 'moddle', 'motcua.json'), 'utf8'),
) as Record<string, unknown>;

let moddle: BpmnModdle | undefined;
/** One moddle instance per process: building the registry of BPMN types is the expensive part. */
export function getModdle(): BpmnModdle {
  moddle ??= new BpmnModdle({ motcua: motcuaModdleDescriptor });
  return moddle;
}
