/**
 * What Linux says about every running process (/proc/<pid>/stat): the build watchdog and the benchmarks read CPU
 * time from it. Elsewhere (no /proc) the list is empty, and callers fall back to what they can do without it.
 */
import fs from 'node:fs';

export interface ProcStat {
  pid: number;
  /** Command name (at most 15 characters). */
  comm: string;
  ppid: number;
  /** 'R', 'S', 'Z'... */
  state: string;
  /** CPU ms of the process itself (utime + stime). */
  cpuMs: number;
  /** CPU ms of its children already waited for (cutime + cstime). */
  childrenCpuMs: number;
}

/** USER_HZ: 100 on every Linux that Node supports. */
const MS_PER_TICK = 1000 / 100;

export function readProcStat(pid: number): ProcStat | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone, or not Linux
  }
  // The command name sits in parentheses and may itself hold spaces or ')': split after the last ')'. Fields from
  // there: state ppid pgrp ..., with utime stime cutime cstime at 11..14.
  const close = stat.lastIndexOf(')');
  const f = stat.slice(close + 2).split(' ');
  return {
    pid,
    comm: stat.slice(stat.indexOf('(') + 1, close),
    ppid: Number(f[1]),
    state: f[0]!,
    cpuMs: (Number(f[11]) + Number(f[12])) * MS_PER_TICK,
    childrenCpuMs: (Number(f[13]) + Number(f[14])) * MS_PER_TICK,
  };
}

export function readProcStats(): ProcStat[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcStat[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const s = readProcStat(Number(entry));
    if (s) out.push(s);
  }
  return out;
}
