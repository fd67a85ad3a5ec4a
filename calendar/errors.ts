import type { LocalizedText } from '../ir/index.js';

/**
 * Bad calendar input (a malformed day, session, cut-off or duration). Carries the offending field and the
 * message in Vietnamese and English; `message` holds both so logs and API errors show them without extra work.
 */
export class CalendarError extends Error {
  readonly text: LocalizedText;
  constructor(
    readonly field: string,
    vi: string,
    en: string,
  ) {
    super(`${field}: ${vi} / ${en}`);
    this.name = 'CalendarError';
    this.text = { vi, en };
  }
}
