import type { ProcessingRule, SourceConfig } from './types.js';

/** The source form's state and its checks before sending (the server checks again, including RE2). */

export const DATA_TYPES = [
  { value: 'siem', label: 'SIEM logs (receipt, process, delivery, TTP, AV, spam, journal)' },
  { value: 'dlp', label: 'DLP logs' },
  { value: 'auditEvent', label: 'Audit events' },
  { value: 'holdMessageList', label: 'Held messages' },
] as const;

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
  hashAlgorithm: 'MD5' | 'SHA-256';
  region: 'global' | 'us' | 'uk';
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
    dataCollection: ['siem', 'dlp', 'auditEvent', 'holdMessageList'],
    filters: [],
    hashAlgorithm: 'MD5',
    region: 'global',
    startTime: '-24h',
    pollingIntervalSec: '300',
  };
}

export function formFromConfig(config: SourceConfig): FormState {
  const fields = Object.entries(config.fields ?? {}).filter(([k]) => k !== '_siemForward');
  return {
    name: config.name,
    description: config.description ?? '',
    category: config.category ?? '',
    siemForward: config.fields?._siemForward === true || config.fields?._siemForward === 'true',
    fields: fields.map(([name, value]) => ({ key: newKey(), name, value: String(value) })),
    clientID: config.clientID,
    clientSecret: config.clientSecret,
    dataCollection: [...config.dataCollection],
    filters: (config.filters ?? []).map((f) => ({ ...f, key: newKey() })),
    hashAlgorithm: config.hashAlgorithm ?? 'MD5',
    region: config.region ?? 'global',
    startTime: config.startTime ?? '-24h',
    pollingIntervalSec: String(config.pollingIntervalSec ?? 300),
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
    dataCollection: DATA_TYPES.map((d) => d.value).filter((d) => form.dataCollection.includes(d)),
    filters: form.filters.map(({ key: _key, ...rule }) =>
      rule.filterType === 'Mask'
        ? { ...rule, mask: rule.mask || '#####' }
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
  else if (form.name.trim().length > 128) errors['config.name'] = 'must be at most 128 characters';
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
  if (form.filters.length > 100) errors['config.filters'] = 'at most 100 rules';
  form.filters.forEach((rule, i) => {
    const base = `config.filters[${i}]`;
    if (!rule.name.trim()) errors[`${base}.name`] = 'is required';
    else if (rule.name.length > 32) errors[`${base}.name`] = 'must be at most 32 characters';
    const problem = regexProblem(rule);
    if (problem) errors[`${base}.regexp`] = problem;
  });
  const interval = Number(form.pollingIntervalSec);
  if (!Number.isInteger(interval) || interval < 30) errors['config.pollingIntervalSec'] = 'must be a whole number of seconds, at least 30';
  if (form.startTime.trim() && !/^-\d+[mhdw]$/.test(form.startTime.trim()) && Number.isNaN(Date.parse(form.startTime.trim()))) {
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
