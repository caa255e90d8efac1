import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Opaque page tokens: base64url JSON plus a MAC, so a client cannot forge or edit one and a token
 * always carries the request it belongs to. The key derives from the seed, so tokens stay valid
 * across restarts with the same seed (a collector's checkpoint survives a simulator restart).
 */
export class PageTokens {
  private readonly key: Buffer;

  constructor(seed: number) {
    this.key = createHmac('sha256', 'mimecast-simulator').update(String(seed)).digest();
  }

  sign(payload: Record<string, unknown>): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The payload, or null when the token is malformed, forged or of another kind. */
  verify(token: string, kind: string): Record<string, unknown> | null {
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return null;
    const body = token.slice(0, dot);
    const mac = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.mac(body));
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return null;
    try {
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
      if (typeof payload !== 'object' || payload === null || (payload as { k?: unknown }).k !== kind) return null;
      return payload as Record<string, unknown>;
    } catch {
      return null;
    }
  }

  /** Signature for pre-signed file URLs. */
  signUrl(text: string): string {
    return createHmac('sha256', this.key).update(`url:${text}`).digest('hex');
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, 22);
  }
}
