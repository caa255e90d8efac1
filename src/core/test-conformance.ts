import path from 'node:path';

/**
 * Test support: the third-party sample events (Elastic, Sekoia, Palo Alto XSIAM, Rapid7 test data) are not
 * ours to ship, so the checks against them form an optional conformance suite. It runs when
 * MC2C_FIXTURES_DIR names a folder holding them (`.ci/run` points it at ../shared/fixtures) and is reported
 * as skipped, with the reason in its name, otherwise.
 */
export const conformanceDir: string | undefined = process.env.MC2C_FIXTURES_DIR ? path.resolve(process.env.MC2C_FIXTURES_DIR) : undefined;

/** A describe title that says why the block is skipped when it is. */
export function conformanceTitle(title: string): string {
  return conformanceDir ? `conformance: ${title}` : `conformance: ${title} (skipped: MC2C_FIXTURES_DIR is not set)`;
}

/** The path of a sample file under MC2C_FIXTURES_DIR; only called inside a conformance block. */
export function conformanceFile(rel: string): string {
  if (!conformanceDir) throw new Error('MC2C_FIXTURES_DIR is not set');
  return path.join(conformanceDir, rel);
}
