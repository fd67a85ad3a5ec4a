/** The published version a new dossier is filed against, cached a few seconds (intake is hot, publishing rare). */
import type { Knex } from 'knex';
import type { CompiledProcedure, ProcedureIr, ProcedureMetadata } from '../ir/index.js';
import { getLatestPublishedVersion, getProceduresByCode, type ProcedureRow } from '../store/index.js';
import { ValidationError } from './errors.js';

export interface PublishedProcedure {
  procedure: ProcedureRow;
  versionId: number;
  version: number;
  metadata: ProcedureMetadata;
  compiled: CompiledProcedure;
}

const TTL_MS = 5_000;

export function createPublishedCache(knex: Knex) {
  const cache = new Map<string, { at: number; value: Promise<PublishedProcedure> }>();
  async function load(code: string, level: string | undefined, field: string): Promise<PublishedProcedure> {
    const all = await getProceduresByCode({ knex, code });
    const candidates = all.filter((p) => !level || p.level === level);
    if (candidates.length === 0) {
      throw new ValidationError(
        [
          {
            field,
            message: level
              ? { vi: `không có thủ tục ${code} cấp ${level}`, en: `no procedure ${code} at level ${level}` }
              : { vi: `không có thủ tục mã ${code}`, en: `no procedure with code ${code}` },
          },
        ],
        undefined,
        undefined,
        'unknown-procedure',
      );
    }
    const published = candidates.filter((p) => p.status === 'published');
    if (published.length === 0) {
      throw new ValidationError(
        [
          {
            field,
            message: {
              vi: `thủ tục ${code} chưa được công bố hoặc đã bãi bỏ`,
              en: `procedure ${code} is not published or has been retired`,
            },
          },
        ],
        undefined,
        undefined,
        'procedure-not-published',
      );
    }
    if (published.length > 1) {
      throw new ValidationError(
        [
          {
            field: 'level',
            message: {
              vi: `thủ tục ${code} có ở nhiều cấp (${published.map((p) => p.level).join(', ')}): hãy chọn cấp`,
              en: `procedure ${code} exists at several levels (${published.map((p) => p.level).join(', ')}): give the level`,
            },
          },
        ],
        undefined,
        undefined,
        'ambiguous-procedure',
      );
    }
    const procedure = published[0]!;
    const v = await getLatestPublishedVersion({ knex, procedureId: procedure.id });
    if (!v || !v.ir || !v.ir_hash) {
      throw new ValidationError(
        [
          {
            field,
            message: {
              vi: `thủ tục ${code} chưa có phiên bản công bố`,
              en: `procedure ${code} has no published version`,
            },
          },
        ],
        undefined,
        undefined,
        'procedure-not-published',
      );
    }
    return {
      procedure,
      versionId: v.id,
      version: v.version,
      metadata: v.metadata as ProcedureMetadata,
      compiled: { hash: v.ir_hash, ir: v.ir as ProcedureIr },
    };
  }
  return {
    get(code: string, level: string | undefined, field = 'procedureCode'): Promise<PublishedProcedure> {
      const key = `${code}\u0000${level ?? ''}`;
      const hit = cache.get(key);
      if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
      const value = load(code, level, field);
      cache.set(key, { at: Date.now(), value });
      value.catch(() => cache.delete(key));
      return value;
    },
    clear() {
      cache.clear();
    },
  };
}
export type PublishedCache = ReturnType<typeof createPublishedCache>;
