// Turns a child's pino JSON line into one readable, name-prefixed line for the terminal.
const COLORS = [36, 32, 35, 33, 34, 96, 92, 95, 93];
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OMIT = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service']);
const useColor = process.stdout.isTTY === true && !process.env.NO_COLOR;

function colorFor(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return COLORS[h % COLORS.length]!;
}

export function formatLogLine(name: string, line: string): string {
  const prefix = useColor ? `\x1b[${colorFor(name)}m${name.padEnd(12)}\x1b[0m|` : `${name.padEnd(12)}|`;
  if (!line.startsWith('{')) return `${prefix} ${line}`;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const level = LEVELS[Number(entry.level)] ?? String(entry.level ?? '');
    const fields = Object.entries(entry)
      .filter(([k]) => !OMIT.has(k))
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    return `${prefix} ${level.padEnd(5)} ${String(entry.msg ?? '')}${fields ? ` ${fields}` : ''}`;
  } catch {
    return `${prefix} ${line}`;
  }
}
