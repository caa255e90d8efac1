import { createHash } from 'node:crypto';
import RE2 from 're2';
import { ValidationError } from '../core/errors.js';
import type { ProcessingRule, SourceConfig } from '../store/store.js';

export const MAX_RULES = 100;
export const MAX_RULE_NAME = 32;
export const DEFAULT_MASK = '#####';
const FILTER_TYPES = ['Include', 'Exclude', 'Mask', 'Hash'] as const;

interface Rewrite {
  regex: RE2;
  replace: (group: string) => string;
}

/** Processing rules ready to run: built once when a source is saved or started, applied to every message. */
export interface CompiledRules {
  includes: RE2[];
  excludes: RE2[];
  rewrites: Rewrite[];
}

/** The number of capture groups in a pattern: an alternative that matches the empty string shows them all. */
function groupCount(pattern: string): number {
  const match = new RE2(`(?:${pattern})|`).exec('');
  return match === null ? 0 : match.length - 1;
}

function compile(pattern: string, field: string, flags: string): RE2 {
  try {
    return new RE2(pattern, flags);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationError(field, `is not a valid RE2 regular expression (${reason})`);
  }
}

/**
 * Validates and compiles `config.filters` (spec/api.md, "Processing rules"). Errors name the field:
 * `config.filters[3].regexp: …`.
 */
export function compileRules(rules: readonly ProcessingRule[], options: { hashAlgorithm: SourceConfig['hashAlgorithm'] }): CompiledRules {
  if (rules.length > MAX_RULES) throw new ValidationError('config.filters', `must have at most ${MAX_RULES} rules`);
  const hash = options.hashAlgorithm === 'SHA-256' ? 'sha256' : 'md5';
  const compiled: CompiledRules = { includes: [], excludes: [], rewrites: [] };
  rules.forEach((rule, i) => {
    const at = `config.filters[${i}]`;
    if (typeof rule.name !== 'string' || rule.name.length === 0) throw new ValidationError(`${at}.name`, 'is required');
    if (rule.name.length > MAX_RULE_NAME) throw new ValidationError(`${at}.name`, `must be at most ${MAX_RULE_NAME} characters`);
    if (!FILTER_TYPES.includes(rule.filterType)) throw new ValidationError(`${at}.filterType`, `must be one of ${FILTER_TYPES.join(', ')}`);
    if (typeof rule.regexp !== 'string' || rule.regexp.length === 0) throw new ValidationError(`${at}.regexp`, 'is required');
    compile(rule.regexp, `${at}.regexp`, '');
    switch (rule.filterType) {
      case 'Include':
      case 'Exclude': {
        // Whole-message match: anchored at both ends, as Sumo Logic does (`.*x.*` means "contains x").
        const regex = compile(`^(?:${rule.regexp})$`, `${at}.regexp`, 's');
        (rule.filterType === 'Include' ? compiled.includes : compiled.excludes).push(regex);
        break;
      }
      case 'Mask':
      case 'Hash': {
        if (groupCount(rule.regexp) === 0) {
          throw new ValidationError(
            `${at}.regexp`,
            `a ${rule.filterType} rule needs a capture group: the part in ( ) is what gets replaced`,
          );
        }
        const regex = compile(rule.regexp, `${at}.regexp`, 'gd');
        const mask = rule.mask ?? DEFAULT_MASK;
        const replace = rule.filterType === 'Mask' ? () => mask : (group: string) => createHash(hash).update(group, 'utf8').digest('hex');
        compiled.rewrites.push({ regex, replace });
        break;
      }
    }
  });
  return compiled;
}

/** Replaces the text of every capture group of every match; a group inside one already replaced is left to it. */
function rewrite(text: string, { regex, replace }: Rewrite): string {
  regex.lastIndex = 0;
  let out = '';
  let copied = 0;
  let changed = false;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    const indices = match.indices;
    if (indices !== undefined) {
      for (let g = 1; g < indices.length; g++) {
        const span = indices[g];
        if (span === undefined || span[0] < copied) continue;
        out += text.slice(copied, span[0]) + replace(text.slice(span[0], span[1]));
        copied = span[1];
        changed = true;
      }
    }
    if (match[0].length === 0) regex.lastIndex++;
  }
  return changed ? out + text.slice(copied) : text;
}

/** Applies the rules to one message's raw text: the text to store, or null when the message is dropped. */
export function applyRules(rules: CompiledRules, raw: string): string | null {
  if (rules.includes.length > 0 && !rules.includes.some((r) => r.test(raw))) return null;
  if (rules.excludes.some((r) => r.test(raw))) return null;
  let text = raw;
  for (const r of rules.rewrites) text = rewrite(text, r);
  return text;
}

export function hasRules(rules: CompiledRules): boolean {
  return rules.includes.length + rules.excludes.length + rules.rewrites.length > 0;
}
