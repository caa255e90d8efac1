import type { MimecastRegion } from './types.js';

/** Mimecast API 2.0 gateways: `global` fails over between instances; `us` and `uk` keep data in that instance. */
export const REGION_BASE_URLS: Record<MimecastRegion, string> = {
  global: 'https://api.services.mimecast.com',
  us: 'https://us-api.services.mimecast.com',
  uk: 'https://uk-api.services.mimecast.com',
};

export const MIMECAST_REGIONS = Object.keys(REGION_BASE_URLS) as MimecastRegion[];
