import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { addressKind, batchUrlPolicy } from './batch-urls.js';

const SIGNED = '?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=900&X-Amz-Signature=abc';

function refusal(check: () => unknown): AppError {
  try {
    check();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the URL to be refused');
}

describe('batch-file URLs in production (no MIMECAST_BASE_URL)', () => {
  const policy = batchUrlPolicy();

  it('accepts https S3 and Mimecast storage hosts', () => {
    for (const url of [
      'https://s3.amazonaws.com/bucket/cg/receipt/1.json.gz',
      'https://s3-something.amazonaws.com/log1.json.gz',
      'https://mc-siem-eu.s3.eu-west-2.amazonaws.com/a/b.json.gz',
      'https://bucket.s3-eu-west-1.amazonaws.com/a.json.gz',
      'https://bucket.s3.dualstack.us-east-1.amazonaws.com/a.json.gz',
      'https://s3-fips.us-gov-west-1.amazonaws.com/bucket/a.json.gz',
      'https://files.services.mimecast.com/a.json.gz',
    ]) {
      expect(policy.check(`${url}${SIGNED}`).href).toBe(`${url}${SIGNED}`);
    }
  });

  it('refuses IP literals in every spelling, naming the kind of address', () => {
    const cases: [string, string][] = [
      ['https://127.0.0.1/x', 'loopback'],
      ['https://2130706433/x', 'loopback'],
      ['https://0x7f.1/x', 'loopback'],
      ['https://[::1]/x', 'loopback'],
      ['https://[::ffff:127.0.0.1]/x', 'loopback'],
      ['https://169.254.169.254/latest/meta-data/', 'link-local'],
      ['https://[fe80::1]/x', 'link-local'],
      ['https://10.1.2.3/x', 'private'],
      ['https://172.20.0.1/x', 'private'],
      ['https://192.168.1.1/x', 'private'],
      ['https://[fd00::1]/x', 'private'],
      ['https://0.0.0.0/x', 'unspecified'],
      ['https://52.95.110.1/x', 'public'],
    ];
    for (const [url, kind] of cases) {
      const error = refusal(() => policy.check(url));
      expect(error.code).toBe('mimecast.unsafeUrl');
      expect(error.retryable).toBe(false);
      expect(error.message).toContain(`(${kind})`);
    }
  });

  it('refuses http, other ports, user info and hosts that only look like storage', () => {
    const cases: [string, string][] = [
      ['http://s3.amazonaws.com/bucket/a.json.gz', 'must use https (got http)'],
      ['https://s3.amazonaws.com:8443/bucket/a', 'default https port (got 8443)'],
      ['https://user:pw@s3.amazonaws.com/bucket/a', 'user name or password'],
      ['https://evil.example/a.json.gz', 'evil.example, which is not an S3 or Mimecast storage host'],
      ['https://s3.amazonaws.com.evil.example/a', 'not an S3 or Mimecast storage host'],
      ['https://internal-lb-1.us-east-1.elb.amazonaws.com/a', 'not an S3 or Mimecast storage host'],
      ['https://s3-x-123.us-west-2.elb.amazonaws.com/a', 'not an S3 or Mimecast storage host'],
      ['https://ec2-10-0-0-1.compute-1.amazonaws.com/a', 'not an S3 or Mimecast storage host'],
      ['https://mimecast.com.evil.example/a', 'not an S3 or Mimecast storage host'],
      ['https://localhost/a', 'not an S3 or Mimecast storage host'],
      ['file:///etc/passwd', 'must use https (got file)'],
      ['not a url', 'is not an absolute URL'],
    ];
    for (const [url, rule] of cases) {
      const error = refusal(() => policy.check(url));
      expect(error.code).toBe('mimecast.unsafeUrl');
      expect(error.message).toContain(rule);
    }
  });
});

describe('batch-file URLs with MIMECAST_BASE_URL (simulator, tests)', () => {
  const policy = batchUrlPolicy('http://127.0.0.1:9000');

  it("allows only the base URL's own origin", () => {
    expect(policy.check('http://127.0.0.1:9000/__files/a/cg/receipt/1.json.gz?X-Amz-Signature=x').pathname).toBe(
      '/__files/a/cg/receipt/1.json.gz',
    );
    for (const url of [
      'http://127.0.0.1:9001/x',
      'http://localhost:9000/x',
      'https://127.0.0.1:9000/x',
      'https://s3.amazonaws.com/bucket/a',
      'http://169.254.169.254/latest/meta-data/',
    ]) {
      const error = refusal(() => policy.check(url));
      expect(error.code).toBe('mimecast.unsafeUrl');
      expect(error.message).toContain('only http://127.0.0.1:9000 is allowed');
    }
  });
});

describe('addressKind', () => {
  it('classifies IPv4-mapped IPv6 by its IPv4 address', () => {
    expect(addressKind('::ffff:a9fe:a9fe')).toBe('link-local');
    expect(addressKind('::ffff:808:808')).toBe('public');
    expect(addressKind('100.64.0.1')).toBe('private');
  });
});
