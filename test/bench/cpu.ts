/**
 * How busy the machine was with *other* work while a measurement ran. On Linux it reads
 * `/proc/stat` (every CPU's busy time) and `/proc/<pid>/stat` of the processes taking part
 * (this one and its servers); what is left is other tenants' work, which on a shared 2-core
 * machine is the main source of noise. Elsewhere it reports nothing and filters nothing.
 */
import { readFileSync } from 'node:fs';

interface Sample {
  busy: number;
  all: number;
  ours: number;
}

function read(pids: readonly number[]): Sample | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
    const v = cpu.slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const all = v.slice(0, 8).reduce((a, b) => a + b, 0);
    let ours = 0;
    for (const pid of pids) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces): utime is the 14th field.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ours += Number(fields[11]) + Number(fields[12]);
    }
    return { busy: all - idle, all, ours };
  } catch {
    return null;
  }
}

/** Starts watching; `stop()` returns others' share of the whole machine (0–1), or null. */
export function watchOthers(pids: readonly number[]): { stop(): number | null } {
  const start = read(pids);
  return {
    stop() {
      const end = read(pids);
      if (!start || !end || end.all <= start.all) return null;
      const others = end.busy - start.busy - (end.ours - start.ours);
      return Math.max(0, others / (end.all - start.all));
    },
  };
}
