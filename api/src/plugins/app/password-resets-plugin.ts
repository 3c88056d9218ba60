// Decorates `passwordResets`; on close it waits for reset mails still being sent.
import fp from 'fastify-plugin';
import { PasswordResets } from './password-resets.js';

declare module 'fastify' {
  interface FastifyInstance {
    passwordResets: PasswordResets;
  }
}

export default fp(
  async (app) => {
    const resets = new PasswordResets(app.db, app.accounts, app.mailer, app.notifier, app.config, () => app.log);
    app.decorate('passwordResets', resets);
    app.addHook('onClose', async () => resets.drain());
  },
  { name: 'password-resets', dependencies: ['core', 'services', 'mailer'] },
);
