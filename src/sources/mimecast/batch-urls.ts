import { BlockList, isIP } from 'node:net';
import { MimecastError } from './errors.js';

/**
 * Where the pre-signed batch-file URLs of a SIEM listing may point. The listing is upstream data: a URL
 * in it is fetched with this process's network position, so it must not reach the operator's own network.
 */
export interface BatchUrlPolicy {
  /** The URL to fetch; throws a non-retryable `mimecast.unsafeUrl` naming the problem otherwise. */
  check(url: string): URL;
}

/**
 * S3 endpoint hosts, path-style or virtual-hosted (`bucket.` in front): `s3.amazonaws.com`,
 * `s3-external-1.amazonaws.com`, `s3.eu-west-2.amazonaws.com`, `s3-eu-west-1.amazonaws.com`,
 * `s3.dualstack.us-east-1.amazonaws.com`, `s3-fips.…`, `s3-accesspoint.…`. Other AWS names (load
 * balancers, EC2 hosts) do not match: they can name addresses inside a VPC.
 */
const S3_HOST = /^(?:[a-z0-9][a-z0-9.-]*\.)?s3(?:-[a-z0-9-]+)?(?:\.dualstack)?(?:\.[a-z]{2}(?:-[a-z]+)+-\d)?\.amazonaws\.com$/;
/** Mimecast's own names, should it serve the files itself. */
const MIMECAST_HOST = /^(?:[a-z0-9-]+\.)+mimecast\.com$/;

function blockList(v4: string[], v6: string[]): BlockList {
  const list = new BlockList();
  for (const cidr of v4) {
    const [net, bits] = cidr.split('/');
    list.addSubnet(net as string, Number(bits), 'ipv4');
  }
  for (const cidr of v6) {
    const [net, bits] = cidr.split('/');
    list.addSubnet(net as string, Number(bits), 'ipv6');
  }
  return list;
}

/** Named so the error says which kind of address was refused; IPv4-mapped IPv6 matches its IPv4 block. */
const ADDRESS_KINDS: [string, BlockList][] = [
  ['loopback', blockList(['127.0.0.0/8'], ['::1/128'])],
  ['unspecified', blockList(['0.0.0.0/8'], ['::/128'])],
  ['link-local', blockList(['169.254.0.0/16'], ['fe80::/10'])],
  ['private', blockList(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'], ['fc00::/7'])],
];

/** What kind of address an IP literal is: `loopback`, `private`, `link-local`, `unspecified` or `public`. */
export function addressKind(ip: string): string {
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  for (const [kind, list] of ADDRESS_KINDS) if (list.check(ip, family)) return kind;
  return 'public';
}

function refused(rule: string, host: string): MimecastError {
  return new MimecastError('mimecast.unsafeUrl', `batch file: the download URL ${rule}`, {
    retryable: false,
    details: { route: 'batch file', host },
  });
}

function parse(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw refused('is not an absolute URL', '');
  }
}

/**
 * The policy for a client. In production (no `testBaseUrl`) a URL must be https on the default port, name
 * an S3 or Mimecast host, carry no user info, and never be an IP literal (the WHATWG parser has already
 * turned `0x7f.1`, `2130706433` and `[::ffff:127.0.0.1]` into their canonical forms, so the check sees the
 * real address). Host names are not resolved here: the allowed names are served by AWS's and Mimecast's
 * DNS, and an S3 VPC endpoint legitimately resolves them to private addresses.
 *
 * With `testBaseUrl` (MIMECAST_BASE_URL: the simulator, tests) only that URL's own origin is allowed,
 * which is where the simulator serves its batch files.
 */
export function batchUrlPolicy(testBaseUrl?: string): BatchUrlPolicy {
  const testOrigin = testBaseUrl === undefined ? undefined : new URL(testBaseUrl).origin;
  return {
    check(text) {
      const url = parse(text);
      const host = url.hostname;
      if (url.username !== '' || url.password !== '') throw refused('must not carry a user name or password', host);
      if (testOrigin !== undefined) {
        if (url.origin !== testOrigin)
          throw refused(`points to ${url.origin}; with MIMECAST_BASE_URL set only ${testOrigin} is allowed`, host);
        return url;
      }
      if (url.protocol !== 'https:') throw refused(`must use https (got ${url.protocol.replace(/:$/, '')})`, host);
      if (url.port !== '') throw refused(`must use the default https port (got ${url.port})`, host);
      const literal = host.replace(/^\[(.*)\]$/, '$1');
      if (isIP(literal) !== 0) throw refused(`names the IP address ${host} (${addressKind(literal)}); storage hosts are named`, host);
      if (!S3_HOST.test(host) && !MIMECAST_HOST.test(host))
        throw refused(`points to ${host}, which is not an S3 or Mimecast storage host`, host);
      return url;
    },
  };
}
