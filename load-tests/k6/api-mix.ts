// api mix: a steady stream of logins plus browsing users who list, search and create documents.
// Logins are rate limited per IP by the api (RATE_LIMIT_LOGIN_MAX per minute), so they run as their own
// low-rate scenario; browsing uses the sessions setup() opened.
import { check } from 'k6';
import exec from 'k6/execution';
import { Rate } from 'k6/metrics';
import type { Options } from 'k6/options';
import { apiGet, createDocument, createWorkspace, login, loginOrSignup, type Session } from './lib/api.ts';
import { envNumber, USER_PASSWORD, userEmail } from './lib/env.ts';

const USERS = envNumber('USERS', 5);
const RATE = envNumber('REQUEST_RATE', 100);
const LOGINS_PER_MINUTE = envNumber('LOGINS_PER_MINUTE', 6);
/** Allowance added to every latency threshold for the network between k6 and the cluster. */
const NET_MS = envNumber('LATENCY_BUDGET_MS', 0);
const SEARCH_WORDS = ['alpha', 'roadmap', 'notes', 'meeting', 'draft', 'k6'];

const apiOk = new Rate('api_ok');

export const options: Options = {
  setupTimeout: '5m',
  scenarios: {
    browse: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: __ENV.DURATION ?? '2m',
      preAllocatedVUs: Math.max(10, Math.ceil(RATE / 10)),
      maxVUs: Math.max(50, RATE),
      exec: 'browse',
    },
    logins: {
      executor: 'constant-arrival-rate',
      rate: LOGINS_PER_MINUTE,
      timeUnit: '1m',
      duration: __ENV.DURATION ?? '2m',
      preAllocatedVUs: 2,
      exec: 'logins',
    },
  },
  thresholds: {
    'http_req_duration{name:documents-list}': [`p(99)<${20 + NET_MS}`],
    'http_req_duration{name:documents-search}': [`p(99)<${50 + NET_MS}`],
    'http_req_duration{name:documents-create}': [`p(99)<${50 + NET_MS}`],
    // Password hashing (argon2id) makes login deliberately slow; this guards against it queueing.
    'http_req_duration{name:auth-login}': [`p(95)<${500 + NET_MS}`],
    'http_req_failed{scenario:browse}': ['rate<0.01'],
    api_ok: ['rate>0.99'],
  },
};

interface Data {
  users: (Session & { workspaceId: string })[];
}

export function setup(): Data {
  const offset = envNumber('USER_OFFSET', 0);
  const users: Data['users'] = [];
  for (let i = 0; i < USERS; i++) {
    const s = loginOrSignup(offset + i);
    const workspaceId = createWorkspace(s, `k6 api mix ${i}`);
    for (let d = 0; d < 20; d++) createDocument(s, workspaceId, `${SEARCH_WORDS[d % SEARCH_WORDS.length]} document ${d}`);
    users.push({ ...s, workspaceId });
  }
  return { users };
}

export function browse(data: Data): void {
  const user = data.users[exec.scenario.iterationInTest % data.users.length]!;
  const roll = Math.random();
  let res: ReturnType<typeof apiGet>;
  if (roll < 0.6) {
    res = apiGet(`/workspaces/${user.workspaceId}/documents`, 'documents-list', user.accessToken);
  } else if (roll < 0.85) {
    const q = SEARCH_WORDS[Math.floor(Math.random() * SEARCH_WORDS.length)]!;
    res = apiGet(`/workspaces/${user.workspaceId}/search?q=${q}`, 'documents-search', user.accessToken);
  } else {
    res = createDocument(user, user.workspaceId, `k6 draft ${Date.now()}`);
  }
  apiOk.add(check(res, { 'status 2xx': (r) => r.status >= 200 && r.status < 300 }));
}

export function logins(): void {
  const n = envNumber('USER_OFFSET', 0) + (exec.scenario.iterationInTest % USERS);
  const session = login(userEmail(n), USER_PASSWORD);
  apiOk.add(check(session, { 'login ok': (s) => s !== null }));
}
