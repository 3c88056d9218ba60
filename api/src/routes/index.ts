// Every route module, registered in one place.
import type { FastifyInstance } from 'fastify';
import aiRoutes from './ai.js';
import authRoutes from './auth.js';
import callRoutes from './calls.js';
import chatRoutes from './chat.js';
import documentShareRoutes from './document-shares.js';
import documentRoutes from './documents.js';
import friendRoutes from './friends.js';
import healthRoutes from './health.js';
import inviteRoutes from './invites.js';
import meRoutes from './me.js';
import oidcRoutes from './oidc.js';
import siteRoutes from './site.js';
import uploadRoutes from './uploads.js';
import workspaceRoutes from './workspaces.js';

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(meRoutes);
  await app.register(oidcRoutes);
  await app.register(workspaceRoutes);
  await app.register(inviteRoutes);
  await app.register(documentRoutes);
  await app.register(documentShareRoutes);
  await app.register(callRoutes);
  await app.register(friendRoutes);
  await app.register(chatRoutes);
  await app.register(siteRoutes);
  await app.register(uploadRoutes);
  await app.register(aiRoutes);
}
