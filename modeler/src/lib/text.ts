/** Bilingual texts of the console: Vietnamese always, English always (the console switches between them). */
export type Lang = 'vi' | 'en';

export interface Text {
  vi: string;
  en: string;
}

export const LANGS: readonly Lang[] = ['vi', 'en'];

export function pick(text: Text, lang: Lang): string {
  return text[lang];
}

/** Fill `{name}` placeholders of both languages. */
export function fillText(text: Text, params: Record<string, string | number>): Text {
  const fill = (s: string) =>
    s.replace(/\{(\w+)\}/g, (whole, k: string) => (params[k] === undefined ? whole : String(params[k])));
  return { vi: fill(text.vi), en: fill(text.en) };
}
