import { DATA_TYPES, type DataType } from '../model/message.js';
import {
  DEFAULT_MASK,
  MAX_POLL_SEC,
  MAX_RULE_NAME,
  MAX_RULES,
  MAX_SOURCE_NAME,
  MIN_POLL_SEC,
  type ProcessingRule,
  type Region,
  SOURCE_DEFAULTS,
  type SourceConfig,
} from '../model/source-config.js';
import { resolveStartTime } from '../model/time.js';

/**
 * The source form's state and its checks before sending, with the model's defaults and limits (the server
 * checks again, including RE2 and its own minimum polling interval, which tests may lower).
 */

const DATA_TYPE_LABELS: Record<DataType, string> = {
  siem: 'SIEM logs (receipt, process, delivery, TTP, AV, spam, journal)',
  dlp: 'DLP logs',
  auditEvent: 'Audit events',
  holdMessageList: 'Held messages',
  ttpUrlLogs: 'TTP URL Protect logs',
  ttpAttachmentLogs: 'TTP Attachment Protect logs',
  ttpImpersonationLogs: 'TTP Impersonation Protect logs',
  heldReleaseLogs: 'Held release logs',
  archiveSearchLogs: 'Archive search logs',
  cloudIntegrated: 'Cloud Integrated logs',
  threatIntelFeed: 'Threat-intel feed',
};

/** What each newer data type is and the Mimecast API application permission it needs (the form shows it). */
const DATA_TYPE_HINTS: Partial<Record<DataType, string>> = {
  ttpUrlLogs: 'Every click on a rewritten link, with the scan result and what the user did. Needs Monitoring | URL Protection | Read.',
  ttpAttachmentLogs: 'Every sandboxed attachment, with its hash and verdict. Needs Monitoring | Attachment Protection | Read.',
  ttpImpersonationLogs:
    'Every message that hit an impersonation check, with the identifiers hit. Needs Monitoring | Impersonation Protection | Read.',
  heldReleaseLogs: 'Held messages an operator released or rejected, with the spam score. Needs Monitoring | Held | Read.',
  archiveSearchLogs: 'Who searched the archive, for what and why. Needs Archive | Search Logs | Read.',
  cloudIntegrated:
    'Mimecast for Microsoft 365 (Cloud Integrated): message entities, mail flow and URL clicks. Needs Monitoring | Cloud Integrated Logs | Read (the API product Threats, Security Events and Data for CI).',
  threatIntelFeed:
    'Malware indicators (hashes, URLs, domains, IPs) seen at your account and across Mimecast, as STIX; they also fill the threat lookups. Needs Services | Threat Intel | Read.',
};

/**
 * A new source starts with the four types Sumo's Mimecast source collects: the others need permissions an
 * API application made for Sumo lacks, and a forbidden type would show as a warning from the first poll.
 */
export const DEFAULT_DATA_COLLECTION: readonly DataType[] = ['siem', 'dlp', 'auditEvent', 'holdMessageList'];

export const DATA_TYPE_CHOICES = DATA_TYPES.map((value) => ({ value, label: DATA_TYPE_LABELS[value], hint: DATA_TYPE_HINTS[value] }));

export interface FieldRow {
  key: number;
  name: string;
  value: string;
}

export interface RuleRow extends ProcessingRule {
  key: number;
}

export interface FormState {
  name: string;
  description: string;
  category: string;
  siemForward: boolean;
  fields: FieldRow[];
  clientID: string;
  clientSecret: string;
  dataCollection: string[];
  filters: RuleRow[];
  hashAlgorithm: SourceConfig['hashAlgorithm'];
  region: Region;
  startTime: string;
  pollingIntervalSec: string;
}

let nextKey = 1;
export const newKey = () => nextKey++;

export function emptyForm(): FormState {
  return {
    name: '',
    description: '',
    category: '',
    siemForward: false,
    fields: [],
    clientID: '',
    clientSecret: '',
    dataCollection: [...DEFAULT_DATA_COLLECTION],
    filters: [],
    hashAlgorithm: SOURCE_DEFAULTS.hashAlgorithm,
    region: SOURCE_DEFAULTS.region,
    startTime: SOURCE_DEFAULTS.startTime,
    pollingIntervalSec: String(SOURCE_DEFAULTS.pollingIntervalSec),
  };
}

export function formFromConfig(config: SourceConfig): FormState {
  const fields = Object.entries(config.fields).filter(([k]) => k !== '_siemForward');
  return {
    name: config.name,
    description: config.description,
    category: config.category,
    siemForward: config.fields._siemForward === true || config.fields._siemForward === 'true',
    fields: fields.map(([name, value]) => ({ key: newKey(), name, value: String(value) })),
    clientID: config.clientID,
    clientSecret: config.clientSecret,
    dataCollection: [...config.dataCollection],
    filters: config.filters.map((f) => ({ ...f, key: newKey() })),
    hashAlgorithm: config.hashAlgorithm,
    region: config.region,
    startTime: config.startTime,
    pollingIntervalSec: String(config.pollingIntervalSec),
  };
}

export function configFromForm(form: FormState): SourceConfig {
  const fields: Record<string, string | boolean> = {};
  for (const f of form.fields) if (f.name.trim()) fields[f.name.trim()] = f.value;
  if (form.siemForward) fields._siemForward = true;
  return {
    name: form.name.trim(),
    description: form.description,
    category: form.category.trim(),
    fields,
    clientID: form.clientID.trim(),
    clientSecret: form.clientSecret,
    dataCollection: DATA_TYPES.filter((d) => form.dataCollection.includes(d)),
    filters: form.filters.map(({ key: _key, ...rule }) =>
      rule.filterType === 'Mask'
        ? { ...rule, mask: rule.mask || DEFAULT_MASK }
        : { name: rule.name, filterType: rule.filterType, regexp: rule.regexp },
    ),
    hashAlgorithm: form.hashAlgorithm,
    region: form.region,
    startTime: form.startTime.trim(),
    pollingIntervalSec: Number(form.pollingIntervalSec),
  };
}

/** Errors keyed like the server's (`config.clientID`, `config.filters[0].regexp`), so both show in one place. */
export function validateForm(form: FormState, editing: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!form.name.trim()) errors['config.name'] = 'is required';
  else if (form.name.trim().length > MAX_SOURCE_NAME) errors['config.name'] = `must be at most ${MAX_SOURCE_NAME} characters`;
  if (!form.clientID.trim()) errors['config.clientID'] = 'is required';
  if (!form.clientSecret && !editing) errors['config.clientSecret'] = 'is required';
  if (form.dataCollection.length === 0) errors['config.dataCollection'] = 'choose at least one API';
  const seen = new Set<string>();
  form.fields.forEach((f, i) => {
    const name = f.name.trim();
    if (!name) errors[`config.fields[${i}]`] = 'a field needs a name';
    else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      errors[`config.fields[${i}]`] = 'letters, digits and _ only, not starting with a digit';
    else if (seen.has(name.toLowerCase()) || name.toLowerCase() === '_siemforward') errors[`config.fields[${i}]`] = 'is given twice';
    seen.add(name.toLowerCase());
  });
  if (form.filters.length > MAX_RULES) errors['config.filters'] = `at most ${MAX_RULES} rules`;
  form.filters.forEach((rule, i) => {
    const base = `config.filters[${i}]`;
    if (!rule.name.trim()) errors[`${base}.name`] = 'is required';
    else if (rule.name.length > MAX_RULE_NAME) errors[`${base}.name`] = `must be at most ${MAX_RULE_NAME} characters`;
    const problem = regexProblem(rule);
    if (problem) errors[`${base}.regexp`] = problem;
  });
  const interval = Number(form.pollingIntervalSec);
  if (!Number.isInteger(interval) || interval < MIN_POLL_SEC || interval > MAX_POLL_SEC)
    errors['config.pollingIntervalSec'] = `must be a whole number of seconds, from ${MIN_POLL_SEC} to ${MAX_POLL_SEC}`;
  if (form.startTime.trim() && resolveStartTime(form.startTime, 0) === null) {
    errors['config.startTime'] = 'must be relative like -7d or an ISO time';
  }
  return errors;
}

function regexProblem(rule: ProcessingRule): string | undefined {
  if (!rule.regexp) return 'is required';
  let re: RegExp;
  try {
    re = new RegExp(rule.regexp);
  } catch (e) {
    return `is not a valid regular expression (${e instanceof Error ? e.message : String(e)})`;
  }
  if ((rule.filterType === 'Mask' || rule.filterType === 'Hash') && new RegExp(`${re.source}|`).exec('')!.length < 2) {
    return 'needs a capture group ( … ) for the text to replace';
  }
  return undefined;
}
