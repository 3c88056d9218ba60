// What every full-stack browser test sets up: the local cluster, the production build served against it,
// Chromium, and signed-up users each in their own browser context; plus the failure report they share.
import type { Browser, Page } from 'playwright-core';
import { inject, type TestContext } from 'vitest';
import { launchBrowser, screenshot } from './browser.js';
import { type Cluster, type ClusterOptions, serviceLogs, startCluster } from './cluster.js';
import { signUp, type TestUser } from './users.js';
import { serveWeb, type WebServer } from './web-server.js';

export interface SignUpOptions {
  viewport?: { width: number; height: number };
  /** Runs once the pages are open, before anyone signs up (e.g. to watch their sockets from the start). */
  beforeSignUp?: (pages: Page[]) => void;
}

export interface Stack {
  cluster: Cluster;
  web: WebServer;
  browser: Browser;
  /** Base URL of the served web app. */
  url: string;
  /** One page per user, each in a fresh browser context, signed up in order through the real form. */
  signUpUsers<const U extends readonly TestUser[]>(users: U, opts?: SignUpOptions): Promise<{ [K in keyof U]: Page }>;
  /** Runs a setup step; when it throws, prints the services' logs first so the cause is in the output. */
  logOnError<T>(step: () => Promise<T>): Promise<T>;
  /** For afterEach: after a failed test, prints the logs and saves `failed-<label>-<test>-<key>` screenshots. */
  reportFailure(ctx: TestContext, label?: string, pages?: Record<string, Page | undefined>): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(label: string, opts: ClusterOptions = {}): Promise<Stack> {
  const cluster = await startCluster(label, opts);
  let web: WebServer | undefined;
  try {
    web = await serveWeb(inject('webDist'), cluster.apiUrl, cluster.signalingUrls);
    return stackOf(cluster, web, await launchBrowser());
  } catch (err) {
    await web?.close();
    await cluster.stop();
    throw err;
  }
}

function stackOf(cluster: Cluster, web: WebServer, browser: Browser): Stack {
  const logOnError = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (err) {
      console.log(serviceLogs(cluster));
      throw err;
    }
  };
  return {
    cluster,
    web,
    browser,
    url: web.url,
    logOnError,
    signUpUsers: <const U extends readonly TestUser[]>(users: U, opts: SignUpOptions = {}) =>
      logOnError(async () => {
        const pages: Page[] = [];
        for (const _ of users) pages.push(await (await browser.newContext(opts.viewport ? { viewport: opts.viewport } : {})).newPage());
        opts.beforeSignUp?.(pages);
        for (const [i, user] of users.entries()) await signUp(pages[i]!, web.url, user);
        return pages as { [K in keyof U]: Page };
      }),
    async reportFailure({ task }, shotLabel, pages = {}) {
      if (task.result?.state !== 'fail') return;
      console.log(serviceLogs(cluster));
      for (const [key, page] of Object.entries(pages)) {
        if (page) await screenshot(page, `failed-${shotLabel}-${task.name.slice(0, 16)}-${key}`).catch(() => {});
      }
    },
    async stop() {
      await browser.close();
      await web.close();
      await cluster.stop();
    },
  };
}
