// The app's domain services, built once from the external plugins and decorated onto the app.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type OpenAI from 'openai';
import { openaiFromConfig } from '../../ai/openai-client.js';
import { closeSessionEditors, closeUserEditors } from '../../collab-wiring.js';
import { storageFromConfig } from '../../storage/index.js';
import type { Storage } from '../../storage/storage.js';
import { Access } from './access.js';
import { Accounts } from './accounts.js';
import { AiChatHistory } from './ai-chat.js';
import { Chat } from './chat.js';
import { Documents } from './documents.js';
import { Friends } from './friends.js';
import { Invites } from './invites.js';
import { NotesJobs } from './notes-jobs.js';
import { NotesWorker } from './notes-worker.js';
import { Notifier } from './notifier.js';
import { OidcLogin } from './oidc.js';
import { Site } from './site.js';
import { Uploads } from './uploads.js';
import { Workspaces } from './workspaces.js';

export interface ServiceDeps {
  /** Run background jobs (meeting notes) in this process; default true. */
  startJobs?: boolean;
  /** Defaults to the backend the config names (S3 when S3_BUCKET is set, else STORAGE_DIR). */
  storage?: Storage;
}

declare module 'fastify' {
  interface FastifyInstance {
    accounts: Accounts;
    oidc: OidcLogin;
    access: Access;
    workspaces: Workspaces;
    invites: Invites;
    documents: Documents;
    notifier: Notifier;
    friends: Friends;
    chat: Chat;
    site: Site;
    uploads: Uploads;
    ai: OpenAI | null;
    aiChat: AiChatHistory;
    notesJobs: NotesJobs;
    notesWorker: NotesWorker | null;
  }
}

/** Fills the friend sets at start, and again whenever Redis lost them (checked every minute). */
function syncFriendSets(app: FastifyInstance, friends: Friends): void {
  const sync = () =>
    friends.sets.syncIfNeeded().then(
      (filled) => filled && app.log.info('friend sets filled from the database'),
      (err) => app.log.warn({ err }, 'friend sets not synced; retrying'),
    );
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    void sync();
    timer = setInterval(sync, 60_000);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}

export default fp<ServiceDeps>(
  async (app, deps) => {
    app.decorate('accounts', new Accounts(app.db, app.tokens, app.config, (sessionId) => app.notifier.disconnectSession(sessionId)));
    app.decorate('oidc', new OidcLogin(app.config, app.redis));
    const workspaces = new Workspaces(app.db);
    app.decorate('access', new Access(app.db));
    app.decorate('workspaces', workspaces);
    app.decorate('invites', new Invites(app.db, workspaces, app.config));
    app.decorate('documents', new Documents(app.db));
    // Collab registers after the services: the editors are looked up when a session ends.
    const editors = { closeSession: (sid: string) => closeSessionEditors(app, sid), closeUser: (id: string) => closeUserEditors(app, id) };
    app.decorate('notifier', new Notifier(app.emitter, editors));
    const friends = new Friends(app.db, app.redis);
    app.decorate('friends', friends);
    syncFriendSets(app, friends);
    app.decorate('chat', new Chat(app.db, app.metrics));
    app.decorate('site', new Site(app.db));
    const uploads = new Uploads(app.db, deps.storage ?? storageFromConfig(app.config));
    app.decorate('uploads', uploads);
    const ai = openaiFromConfig(app.config);
    app.decorate('ai', ai);
    app.decorate('aiChat', new AiChatHistory(app.db));
    app.decorate('notesJobs', new NotesJobs(app.db, uploads));
    const worker = ai && deps.startJobs !== false ? new NotesWorker(app, ai) : null;
    app.decorate('notesWorker', worker);
    if (worker) {
      app.addHook('onReady', async () => worker.start());
      app.addHook('onClose', async () => worker.stop());
    }
  },
  { name: 'services', dependencies: ['core', 'jwt'] },
);
