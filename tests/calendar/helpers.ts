/** Vietnam local time helpers for tests: strings in, instants out, without the machine's time zone. */

/** '2026-02-13 15:30' or '2026-02-13 15:30:15' (Vietnam local, UTC+7) → instant. */
export function vn(local: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})(:\d{2})?$/.exec(local);
  if (!m) throw new Error(`bad local time in test: ${local}`);
  return new Date(`${m[1]}T${m[2]}${m[3] ?? ':00'}.000+07:00`);
}

/** instant → 'YYYY-MM-DD HH:MM' (plus ':SS' when not zero) in Vietnam local time. */
export function show(instant: Date): string {
  const iso = new Date(instant.getTime() + 7 * 3_600_000).toISOString();
  const seconds = iso.slice(17, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds === '00' ? '' : `:${seconds}`}`;
}

export const wd = (amount: number) => ({ amount, unit: 'working-day' as const });
export const wh = (amount: number) => ({ amount, unit: 'working-hour' as const });
export const cd = (amount: number) => ({ amount, unit: 'calendar-day' as const });
