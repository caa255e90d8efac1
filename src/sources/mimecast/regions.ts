import type { Region } from '../../model/source-config.js';

/** Mimecast API 2.0 gateways: `global` fails over between instances; `us` and `uk` keep data in that instance. */
export const REGION_BASE_URLS: Record<Region, string> = {
  global: 'https://api.services.mimecast.com',
  us: 'https://us-api.services.mimecast.com',
  uk: 'https://uk-api.services.mimecast.com',
};
