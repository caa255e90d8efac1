import { readFile } from 'node:fs/promises';
import nodemailer from 'nodemailer';
import type { SmtpSettings, SmtpStatus } from '../model/connection.js';
import type { SendResult } from './webhook.js';

/**
 * Sending one e-mail notification through the SMTP server of the server's configuration (MC2C_SMTP_*).
 * The outcome is classified as a webhook's is, so both go through the one delivery queue with its retries:
 * a 4xx reply or a connection that fails is retried, a 5xx reply (a refused recipient, a refused login) is not.
 */

export function smtpStatus(settings: SmtpSettings | undefined): SmtpStatus {
  if (settings === undefined) return { configured: false };
  const { host, port, security, from } = settings;
  return { configured: true, host, port, security, from, authenticated: settings.user !== undefined };
}

/** A rendered e-mail as the delivery queue keeps it (its payload, as JSON): a retry sends the same message. */
export interface EmailMessage {
  to: string[];
  subject: string;
  text?: string;
  html?: string;
}

/** Network failures worth another attempt; nodemailer names them in `code`. */
const RETRIED_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPROTOCOL']);

interface SmtpError {
  code?: string;
  responseCode?: number;
  message?: string;
}

/**
 * One message through one connection; never throws. Every attempt at one delivery carries the same
 * `Message-ID` and `X-Mc2c-Delivery-Id`, so a receiver can drop the duplicate a crash between the server's
 * answer and our record of it can cause (as the webhook's header).
 */
export async function sendEmail(settings: SmtpSettings, message: EmailMessage, deliveryId: string, timeoutMs: number): Promise<SendResult> {
  let ca: string | undefined;
  try {
    // Read at each send, so a renewed CA file counts without a restart.
    ca = settings.caFile === undefined ? undefined : await readFile(settings.caFile, 'utf8');
  } catch (error) {
    return { ok: false, kind: 'fatal', status: null, error: `SMTP: MC2C_SMTP_CA_FILE: ${(error as Error).message}` };
  }
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    // The server's certificate is always verified: against the CA file when one is set, else the system's CAs.
    tls: { rejectUnauthorized: true, ...(ca === undefined ? {} : { ca }) },
    auth: settings.user === undefined ? undefined : { user: settings.user, pass: settings.password ?? '' },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    const info = await transport.sendMail({
      from: settings.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: `<${deliveryId}@${senderDomain(settings.from)}>`,
      headers: { 'X-Mc2c-Delivery-Id': deliveryId },
    });
    return { ok: true, status: 250, body: String(info.response ?? '') };
  } catch (error) {
    const e = error as SmtpError;
    const reply = typeof e.responseCode === 'number' ? e.responseCode : null;
    const retry = reply !== null ? reply >= 400 && reply < 500 : RETRIED_CODES.has(e.code ?? '');
    return { ok: false, kind: retry ? 'retry' : 'fatal', status: reply, error: `SMTP: ${e.message ?? String(error)}` };
  } finally {
    transport.close();
  }
}

/** The domain of the sender address (`alerts@example.com`, `Alerts <alerts@example.com>`), for the Message-ID's right side. */
function senderDomain(from: string): string {
  return /@([^>\s]+)/.exec(from)?.[1] ?? 'mimecast-c2c.invalid';
}
