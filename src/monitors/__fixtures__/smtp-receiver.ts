import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on 127.0.0.1 (the npm package smtp-server) that records each message and answers as told. */
export interface SmtpMail {
  from: string;
  to: string[];
  user: string | undefined;
  /** The message as sent (headers and body, MIME). */
  raw: string;
  /** Whether it came over TLS (implicit or after STARTTLS). */
  secure: boolean;
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

/** TLS for the receiver: a certificate and its key (PEM); `implicit` for TLS from the first byte (port 465), else STARTTLS. */
export interface SmtpReceiverTls {
  cert: string;
  key: string;
  implicit: boolean;
}

export async function startSmtpReceiver(login?: { user: string; password: string }, tls?: SmtpReceiverTls): Promise<SmtpReceiver> {
  const receiver: SmtpReceiver = { port: 0, mails: [], refused: [], mode: 'ok', close: async () => undefined };
  const disabled = [...(tls === undefined ? ['STARTTLS'] : []), ...(login === undefined ? ['AUTH'] : [])];
  const server = new SMTPServer({
    // Without `tls`, plain text on loopback (security `none`); with it, implicit TLS or STARTTLS offered.
    disabledCommands: disabled,
    ...(tls === undefined ? {} : { cert: tls.cert, key: tls.key, secure: tls.implicit }),
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
          secure: session.secure,
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
  // A client that refuses the certificate hangs up mid-handshake; the server reports it as an error event.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.port = (server.server.address() as AddressInfo).port;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}
