// Outgoing email over SMTP (nodemailer), configured by SMTP_URL; without it email is off and callers carry on.
// A failed send never throws: it is logged (without addresses, tokens or SMTP credentials) and counted.
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import { createTransport, type Transporter } from 'nodemailer';

export type MailKind = 'invite' | 'password_reset';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** False when SMTP_URL is unset: nothing is sent. */
  readonly enabled: boolean;
  /** Sends one mail; resolves true once the SMTP server accepted it, false when off or on failure. */
  send(kind: MailKind, message: MailMessage): Promise<boolean>;
  close(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    mailer: Mailer;
  }
}

/** A slow or dead SMTP server must not hold a request for long. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000, dnsTimeout: 5_000 };

/** Only these fields of a nodemailer error are logged: its message or command may carry credentials. */
function safeError(err: unknown): { code?: string; responseCode?: number } {
  const e = err as { code?: unknown; responseCode?: unknown };
  return {
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.responseCode === 'number' ? { responseCode: e.responseCode } : {}),
  };
}

export class SmtpMailer implements Mailer {
  readonly enabled: boolean;
  readonly #transport: Transporter | null;

  constructor(
    smtpUrl: string | undefined,
    private readonly from: string,
    private readonly log: () => FastifyBaseLogger,
    private readonly sent: (kind: MailKind, result: 'ok' | 'error') => void,
  ) {
    this.#transport = smtpUrl ? createTransport(smtpUrl, { ...TIMEOUTS, from }) : null;
    this.enabled = this.#transport !== null;
  }

  async send(kind: MailKind, message: MailMessage): Promise<boolean> {
    if (!this.#transport) return false;
    try {
      await this.#transport.sendMail({ from: this.from, ...message });
      this.sent(kind, 'ok');
      this.log().debug({ kind }, 'mail sent');
      return true;
    } catch (err) {
      this.sent(kind, 'error');
      this.log().warn({ kind, ...safeError(err) }, 'mail not sent');
      return false;
    }
  }

  close(): void {
    this.#transport?.close();
  }
}

export default fp(
  async (app) => {
    const mailer = new SmtpMailer(
      app.config.SMTP_URL,
      app.config.MAIL_FROM ?? `Coope <no-reply@${new URL(app.config.PUBLIC_WEB_URL).hostname}>`,
      () => app.log,
      (kind, result) => app.metrics.mailSent(kind, result),
    );
    app.decorate('mailer', mailer);
    app.addHook('onClose', async () => mailer.close());
  },
  { name: 'mailer', dependencies: ['core'] },
);
