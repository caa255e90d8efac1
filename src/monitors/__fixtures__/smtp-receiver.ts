import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on 127.0.0.1 (the npm package smtp-server) that records each message and answers as told. */
export interface SmtpMail {
  from: string;
  to: string[];
  user: string | undefined;
  /** The message as sent (headers and body, MIME). */
  raw: string;
}

export interface SmtpReceiver {
  port: number;
  mails: SmtpMail[];
  /** The messages answered with an error (`reject`, `busy`), as sent. */
  refused: SmtpMail[];
  /** `ok` accepts; `reject` answers 550 (not retried); `busy` answers 451 (retried). */
  mode: 'ok' | 'reject' | 'busy';
  close(): Promise<void>;
}

export async function startSmtpReceiver(login?: { user: string; password: string }): Promise<SmtpReceiver> {
  const receiver: SmtpReceiver = { port: 0, mails: [], refused: [], mode: 'ok', close: async () => undefined };
  const server = new SMTPServer({
    // Plain text on loopback: the tests use security `none`; TLS is nodemailer's own, tested upstream.
    disabledCommands: login === undefined ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: login === undefined,
    logger: false,
    onAuth(auth, _session, callback) {
      if (login && auth.username === login.user && auth.password === login.password) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => {
        raw += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const mail: SmtpMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          raw,
        };
        if (receiver.mode !== 'ok') {
          receiver.refused.push(mail);
          const code = receiver.mode === 'reject' ? 550 : 451;
          return callback(
            Object.assign(new Error(receiver.mode === 'reject' ? 'mailbox unavailable' : 'try later'), { responseCode: code }),
          );
        }
        receiver.mails.push(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.port = (server.server.address() as AddressInfo).port;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}
