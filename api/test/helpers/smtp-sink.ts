// A real SMTP server (smtp-server) on port 0 that keeps every mail it accepts, parsed with mailparser.
// It requires AUTH with fixed credentials, and refuses recipients whose local part starts with "bounce".
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface SmtpSink {
  /** smtp://user:pass@127.0.0.1:port */
  url: string;
  user: string;
  password: string;
  mails: ReceivedMail[];
  /** Mails addressed to `to` so far. */
  mailsTo(to: string): ReceivedMail[];
  close(): Promise<void>;
}

function toReceived(mail: ParsedMail, rcpt: string[]): ReceivedMail {
  return { to: rcpt, subject: mail.subject ?? '', text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : '' };
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const user = 'mailer';
  const password = `smtp-pass-${Math.random().toString(36).slice(2)}`;
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === password) cb(null, { user });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('bounce')) {
        cb(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        return;
      }
      cb();
    },
    onData(stream, session, cb) {
      const rcpt = session.envelope.rcptTo.map((a) => a.address);
      simpleParser(stream).then(
        (mail) => {
          mails.push(toReceived(mail, rcpt));
          cb();
        },
        (err: Error) => cb(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${user}:${password}@127.0.0.1:${port}`,
    user,
    password,
    mails,
    mailsTo: (to) => mails.filter((m) => m.to.includes(to)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a mail's text that starts with `prefix`. */
export function linkIn(mail: ReceivedMail, prefix: string): URL {
  const found = mail.text.split(/\s+/).find((w) => w.startsWith(prefix));
  if (!found) throw new Error(`no link starting with ${prefix} in: ${mail.text}`);
  return new URL(found);
}
