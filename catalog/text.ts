/** Small text helpers shared by the parsers. Pure. */

/** Non-breaking spaces, tabs and runs of blanks become one space; the ends are trimmed. */
export function cleanText(s: string | undefined | null): string {
  if (!s) return '';
  return s
    .replace(/[\u00a0\u2007\u202f\t]/g, ' ')
    .replace(/[ ]{2,}/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

/** One line, blanks collapsed. */
export function oneLine(s: string | undefined | null): string {
  return cleanText(s).replace(/\s+/g, ' ');
}

/** Portal placeholders meaning "nothing given". */
export function isNoInfo(s: string | undefined | null): boolean {
  const t = oneLine(s)
    .toLowerCase()
    .replace(/[.\s]+$/, '');
  return t === '' || t === 'không có thông tin' || t === 'không' || t === '--' || t === 'không có';
}

/** Vietnamese → ASCII (for slugs and keyword matching that must survive missing diacritics). */
export function stripDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

export function slugify(s: string, max = 60): string {
  const slug = stripDiacritics(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug || 'khac';
  return slug.slice(0, max).replace(/-+[^-]*$/, '') || slug.slice(0, max);
}

/** Keeps committed files lean: long free text is cut at a word boundary with an ellipsis. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const sp = cut.lastIndexOf(' ');
  return (sp > max * 0.6 ? cut.slice(0, sp) : cut).replace(/[\s,;:.(]+$/, '') + '…';
}

/** Lower-case, diacritics kept, blanks collapsed: for keyword rules on Vietnamese text. */
export function norm(s: string): string {
  return oneLine(s).toLowerCase().normalize('NFC');
}
