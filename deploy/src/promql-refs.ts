// The metric names and label names a PromQL expression refers to. A small tokenizer, not a full
// parser: enough for the lint over our own rules and dashboards (strings, label matchers, ranges,
// grouping clauses, Grafana variables and function calls are told apart from metric names).

export interface PromqlRefs {
  metrics: Set<string>;
  labels: Set<string>;
}

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);
const GROUPING = /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;
const IDENT = /(?<![\w.:$])[A-Za-z_:][A-Za-z0-9_:]*/g;
const MATCHER_LABEL = /([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)/g;

function identifiers(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Replaces each quoted string with an empty one, so nothing inside it is read as a name. */
function blankStrings(expr: string): string {
  return expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
}

export function promqlRefs(expr: string): PromqlRefs {
  const metrics = new Set<string>();
  const labels = new Set<string>();
  let s = blankStrings(expr);
  // Grafana variables ($__rate_interval, ${instance}, $instance) are not names.
  s = s.replace(/\$\{[^}]*\}|\$\w+/g, ' ');
  s = s.replace(/\{([^}]*)\}/g, (_m, body: string) => {
    for (const m of body.matchAll(MATCHER_LABEL)) labels.add(m[1]!);
    return ' ';
  });
  s = s.replace(/\[[^\]]*\]/g, ' ');
  s = s.replace(GROUPING, (_m, _kw: string, list: string) => {
    for (const l of identifiers(list)) labels.add(l);
    return ' ';
  });
  for (const m of s.matchAll(IDENT)) {
    const name = m[0];
    const rest = s.slice(m.index + name.length);
    if (/^\s*\(/.test(rest)) continue; // a function or aggregation
    if (KEYWORDS.has(name.toLowerCase())) continue;
    metrics.add(name);
  }
  return { metrics, labels };
}

/** Label names used in a Grafana legend or a Prometheus annotation template. */
export function templateLabels(text: string): Set<string> {
  const labels = new Set<string>();
  for (const m of text.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)) labels.add(m[1]!);
  for (const m of text.matchAll(/\$labels\.([A-Za-z_][A-Za-z0-9_]*)/g)) labels.add(m[1]!);
  return labels;
}

/**
 * Label names that would make a series per room, user, peer, document or session (issue 8 item 6).
 * Compared case- and underscore-blind, so `roomId`, `room_id` and `ROOMID` are all caught.
 */
export const FORBIDDEN_LABELS: ReadonlySet<string> = new Set(
  [
    ...['room', 'user', 'peer', 'document', 'doc', 'session', 'socket', 'workspace', 'account'].flatMap((w) => [w, `${w}_id`]),
    ...['producer_id', 'consumer_id', 'transport_id', 'conversation_id', 'message_id', 'ticket'],
    ...['email', 'username', 'user_name', 'token', 'ip', 'client_ip', 'remote_addr'],
  ].map(normalizeLabel),
);

function normalizeLabel(name: string): string {
  return name.toLowerCase().replaceAll('_', '');
}

/** True when a label name would carry a per-room or per-user value. */
export function isForbiddenLabel(name: string): boolean {
  return FORBIDDEN_LABELS.has(normalizeLabel(name));
}

/** Series every Prometheus has without any exporter. */
export const PROMETHEUS_BUILTIN_METRICS: ReadonlySet<string> = new Set(['up', 'scrape_duration_seconds']);
