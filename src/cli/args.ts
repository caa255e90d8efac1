import { type ParseArgsConfig, parseArgs } from 'node:util';
import { AppError } from '../core/errors.js';

/** node:util parseArgs with its errors turned into a one-line usage error. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new AppError('usage', `${error instanceof Error ? error.message : String(error)} (see 'mimecast-c2c ${command} --help')`);
  }
}
