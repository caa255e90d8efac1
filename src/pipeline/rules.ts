import { createHash } from 'node:crypto';
import RE2 from 're2';
import { ValidationError } from '../core/errors.js';
import {
  DEFAULT_MASK,
  FILTER_TYPES,
  MAX_MASK_LENGTH,
  MAX_REGEXP_LENGTH,
  MAX_RULE_NAME,
  MAX_RULES,
  type ProcessingRule,
  type SourceConfig,
} from '../model/source-config.js';

/** The largest sample the rule-test endpoint takes. */
export const MAX_RULE_SAMPLE_LENGTH = 65_536;
/**
 * Masks and hashes may grow a message to at most 4 times its received length plus 1 KiB (a SHA-256 of a
 * short value is 64 characters); a message they would grow further is dropped, never stored unmasked.
 */
export const MAX_REWRITE_GROWTH = 4;
export const REWRITE_SLACK = 1024;

export function maxRewrittenLength(receivedLength: number): number {
  return receivedLength * MAX_REWRITE_GROWTH + REWRITE_SLACK;
}

interface Rewrite {
  regex: RE2;
  replace: (group: string) => string;
}

/** Characters a single-character probe tries: a rule that matches one of them alone can match one character. */
const ONE_CHARACTER_PROBES = ['a', 'Z', '0', ' ', '"', ',', ':', '.', '@', '-', '_', '#', '{', '}', '\n'];

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

/** The longest text one match of a rule can put in place of one character: why `(.)` with a long mask is refused. */
function replacementLength(rule: ProcessingRule, hash: 'md5' | 'sha256'): number {
  if (rule.filterType === 'Hash') return hash === 'md5' ? 32 : 64;
  return (rule.mask ?? DEFAULT_MASK).length;
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
    if (rule.regexp.length > MAX_REGEXP_LENGTH)
      throw new ValidationError(`${at}.regexp`, `must be at most ${MAX_REGEXP_LENGTH} characters`);
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
        if (rule.mask !== undefined && rule.mask.length > MAX_MASK_LENGTH) {
          throw new ValidationError(`${at}.mask`, `must be at most ${MAX_MASK_LENGTH} characters`);
        }
        const whole = compile(`^(?:${rule.regexp})$`, `${at}.regexp`, 's');
        if (whole.test('')) {
          throw new ValidationError(
            `${at}.regexp`,
            `must not match empty text: a ${rule.filterType} rule would rewrite between every two characters`,
          );
        }
        const replacement = replacementLength(rule, hash);
        if (replacement > MAX_REWRITE_GROWTH && ONE_CHARACTER_PROBES.some((c) => whole.test(c))) {
          const what = rule.filterType === 'Hash' ? `its ${replacement}-character digest` : `a mask of ${replacement} characters`;
          throw new ValidationError(
            `${at}.regexp`,
            `matches a single character, and ${what} would grow a message ${replacement}-fold (at most ${MAX_REWRITE_GROWTH}): match more context or use a shorter mask`,
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

/** What the rules did to one message: the text to store, or why it is not stored. */
export type RuleOutcome = { kept: true; text: string } | { kept: false; reason: 'filtered' | 'oversized' };

/**
 * Work is counted in characters scanned, a match as MATCH_WORK of them (a match costs RE2 about as much as
 * scanning that much text); after about WORK_PER_TICK the evaluation hands the event loop back, so a
 * hostile rule set slows its own source but never stalls the server (a few milliseconds per turn).
 */
const MATCH_WORK = 256;
const WORK_PER_TICK = 1 << 20;
const MATCHES_PER_STEP = 1024;

/**
 * Replaces the text of every capture group of every match; a group inside one already replaced is left to it.
 * Yields the work done every MATCHES_PER_STEP matches; returns null as soon as the text would pass `limit`.
 */
function* rewrite(text: string, { regex, replace }: Rewrite, limit: number): Generator<number, string | null> {
  regex.lastIndex = 0;
  let out = '';
  let copied = 0;
  let changed = false;
  let matches = 0;
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
      if (out.length + text.length - copied > limit) return null;
    }
    if (match[0].length === 0) regex.lastIndex++;
    if (++matches % MATCHES_PER_STEP === 0) yield MATCHES_PER_STEP * MATCH_WORK;
  }
  yield text.length + (matches % MATCHES_PER_STEP) * MATCH_WORK + MATCH_WORK;
  return changed ? out + text.slice(copied) : text;
}

/** The rules on one message, step by step: each yield is the work done since the last. */
function* evaluate(rules: CompiledRules, raw: string): Generator<number, RuleOutcome> {
  const filterWork = raw.length + MATCH_WORK;
  for (const r of rules.excludes) {
    yield filterWork;
    if (r.test(raw)) return { kept: false, reason: 'filtered' };
  }
  if (rules.includes.length > 0) {
    let included = false;
    for (const r of rules.includes) {
      yield filterWork;
      if (r.test(raw)) {
        included = true;
        break;
      }
    }
    if (!included) return { kept: false, reason: 'filtered' };
  }
  // The limit is on the received length, so rules one after another cannot compound their growth.
  const limit = maxRewrittenLength(raw.length);
  let text = raw;
  for (const r of rules.rewrites) {
    const next = yield* rewrite(text, r, limit);
    if (next === null) return { kept: false, reason: 'oversized' };
    text = next;
  }
  return { kept: true, text };
}

/** The rules on one message's raw text, at once (one message, or a tool's batch). */
export function ruleOutcome(rules: CompiledRules, raw: string): RuleOutcome {
  const steps = evaluate(rules, raw);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** Applies the rules to a run of messages, handing the event loop back after each WORK_PER_TICK of work. */
export class RulePacer {
  private work = 0;

  constructor(private readonly rules: CompiledRules) {}

  async apply(raw: string): Promise<RuleOutcome> {
    const steps = evaluate(this.rules, raw);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      this.work += step.value;
      if (this.work >= WORK_PER_TICK) {
        this.work = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }
}

export function hasRules(rules: CompiledRules): boolean {
  return rules.includes.length + rules.excludes.length + rules.rewrites.length > 0;
}
