/** Levels at which a procedure is carried out (cấp thực hiện): "Cấp bộ, Cấp tỉnh, Cấp xã", "Cơ quan khác". Pure. */
import type { AdministrativeLevel } from '../ir/index.js';
import { norm } from './text.js';

const LEVELS: Array<[RegExp, AdministrativeLevel]> = [
  [/^cấp tỉnh$/, 'province'],
  [/^cấp huyện$/, 'district'],
  [/^cấp xã$/, 'commune'],
  [/^cấp bộ$/, 'ministry'],
  [/^cơ quan khác$/, 'other'],
];

/** The levels a province carries out (one catalog entry each); ministry and other are reported separately. */
export const PROVINCE_LEVELS: readonly AdministrativeLevel[] = ['province', 'district', 'commune'];

export function parseLevels(text: string | undefined | null): {
  levels: AdministrativeLevel[];
  unknown: string[];
} {
  const levels: AdministrativeLevel[] = [];
  const unknown: string[] = [];
  for (const part of (text ?? '').split(/[,;]/)) {
    const p = norm(part);
    if (!p) continue;
    const hit = LEVELS.find(([re]) => re.test(p));
    if (!hit) unknown.push(part.trim());
    else if (!levels.includes(hit[1])) levels.push(hit[1]);
  }
  return { levels, unknown };
}
