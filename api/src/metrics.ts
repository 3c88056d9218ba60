// prom-client metrics for the api. Callers use the verbs, never the metric objects.
// Labels are route patterns and results only: never a user, document or room id.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  requestObserved(method: string, route: string, status: number, seconds: number): void;
  queryObserved(seconds: number, result: 'ok' | 'error'): void;
  jobFinished(kind: string, result: 'ok' | 'error'): void;
  /** One group commit of chat sends (api/src/group-commit.ts): how many sends it stored together. */
  chatBatchCommitted(rows: number, result: 'ok' | 'error'): void;
  /** One email handed to the SMTP server (kind: invite, password_reset). */
  mailSent(kind: string, result: 'ok' | 'error'): void;
  /** Where `coope_api_redis_up` reads the connection state from at scrape time. */
  watchRedis(isReady: () => boolean): void;
}

export function createMetrics(options: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaults) collectDefaultMetrics({ register: registry, prefix: 'coope_api_' });
  const http = new Histogram({
    name: 'coope_api_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern',
    labelNames: ['method', 'route', 'status_class'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const db = new Histogram({
    name: 'coope_api_db_query_duration_seconds',
    help: 'Database query duration',
    labelNames: ['result'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'coope_api_jobs_total',
    help: 'Background jobs finished',
    labelNames: ['kind', 'result'],
    registers: [registry],
  });
  const chatBatches = new Histogram({
    name: 'coope_api_chat_batch_rows',
    help: 'Chat sends written by one group commit',
    labelNames: ['result'],
    buckets: [1, 2, 5, 10, 20, 50, 100],
    registers: [registry],
  });
  const mails = new Counter({
    name: 'coope_api_mail_sent_total',
    help: 'Emails handed to the SMTP server, by kind and result',
    labelNames: ['kind', 'result'],
    registers: [registry],
  });
  let redisReady = () => false;
  new Gauge({
    name: 'coope_api_redis_up',
    help: '1 while the Redis connection is ready',
    registers: [registry],
    collect() {
      this.set(redisReady() ? 1 : 0);
    },
  });
  return {
    registry,
    requestObserved(method, route, status, seconds) {
      http.observe({ method, route, status_class: `${Math.floor(status / 100)}xx` }, seconds);
    },
    queryObserved(seconds, result) {
      db.observe({ result }, seconds);
    },
    jobFinished(kind, result) {
      jobs.inc({ kind, result });
    },
    chatBatchCommitted(rows, result) {
      chatBatches.observe({ result }, rows);
    },
    mailSent(kind, result) {
      mails.inc({ kind, result });
    },
    watchRedis(isReady) {
      redisReady = isReady;
    },
  };
}
