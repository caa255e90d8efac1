import { useEffect, useState } from 'react';
import { api, errorText } from '../api.js';
import { newKey, type RuleRow } from '../source-form-model.js';

const SAMPLE_EVENT = JSON.stringify({
  aggregateId: 'pZrAa9HUN-WmL2AK6cWduw_1731621818',
  accountId: 'CUSB4A274',
  timestamp: 1731621865697,
  eventType: 'receipt',
  action: 'Acc',
  senderEnvelope: 'alice@example.org',
  recipients: 'bob@example.com',
  senderIp: '81.2.69.144',
  subject: 'Quarterly report',
  direction: 'Inbound',
  tlsVersion: 'TLSv1.3',
});

interface TestResult {
  kept: boolean;
  matched: boolean;
  output: string;
}

/** Processing rules, each tested live against a sample event by the server's own rule engine (RE2). */
export function RulesEditor(props: {
  rules: RuleRow[];
  hashAlgorithm: 'MD5' | 'SHA-256';
  errors: Record<string, string>;
  onChange: (rules: RuleRow[]) => void;
}) {
  const [sample, setSample] = useState(SAMPLE_EVENT);
  const update = (key: number, patch: Partial<RuleRow>) => props.onChange(props.rules.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const err = (key: string) =>
    props.errors[key] ? (
      <span className="field-error" role="alert" data-field={key}>
        {props.errors[key]}
      </span>
    ) : null;

  return (
    <fieldset className="field">
      <legend>Processing Rules</legend>
      <p className="muted small">
        Include and Exclude match the whole message (write .*word.* for “contains”); Mask and Hash replace every capture group.
      </p>
      {props.rules.map((rule, i) => (
        <div key={rule.key} className="rule" data-rule={rule.name}>
          <div className="row">
            <input
              aria-label="Rule name"
              name={`ruleName${i}`}
              placeholder="name"
              maxLength={32}
              value={rule.name}
              onChange={(e) => update(rule.key, { name: e.target.value })}
            />
            <select
              aria-label="Rule type"
              name={`ruleType${i}`}
              value={rule.filterType}
              onChange={(e) => update(rule.key, { filterType: e.target.value as RuleRow['filterType'] })}
            >
              <option value="Include">Include</option>
              <option value="Exclude">Exclude</option>
              <option value="Mask">Mask</option>
              <option value="Hash">Hash</option>
            </select>
            <input
              aria-label="Rule regular expression"
              name={`ruleRegexp${i}`}
              className="grow mono"
              placeholder="regular expression (RE2)"
              value={rule.regexp}
              onChange={(e) => update(rule.key, { regexp: e.target.value })}
            />
            {rule.filterType === 'Mask' ? (
              <input
                aria-label="Mask"
                name={`ruleMask${i}`}
                placeholder="#####"
                value={rule.mask ?? ''}
                onChange={(e) => update(rule.key, { mask: e.target.value })}
              />
            ) : null}
            <button
              type="button"
              className="icon-button"
              aria-label="Remove rule"
              onClick={() => props.onChange(props.rules.filter((r) => r.key !== rule.key))}
            >
              ×
            </button>
          </div>
          {err(`config.filters[${i}].name`)}
          {err(`config.filters[${i}].regexp`)}
          {err(`config.filters[${i}]`)}
          <RuleTest rule={rule} sample={sample} hashAlgorithm={props.hashAlgorithm} />
        </div>
      ))}
      <button
        type="button"
        className="link"
        onClick={() => props.onChange([...props.rules, { key: newKey(), name: '', filterType: 'Mask', regexp: '', mask: '#####' }])}
      >
        +Add Rule
      </button>
      {err('config.filters')}
      {props.rules.length ? (
        <label className="field">
          <span>Sample event for the rule tests</span>
          <textarea name="sampleEvent" className="mono" rows={3} value={sample} onChange={(e) => setSample(e.target.value)} />
        </label>
      ) : null}
    </fieldset>
  );
}

function RuleTest(props: { rule: RuleRow; sample: string; hashAlgorithm: 'MD5' | 'SHA-256' }) {
  const [result, setResult] = useState<TestResult | undefined>();
  const [error, setError] = useState<string | undefined>();
  const { filterType, regexp, mask, name } = props.rule;

  useEffect(() => {
    if (!regexp) {
      setResult(undefined);
      setError(undefined);
      return;
    }
    const abort = new AbortController();
    // Wait for typing to pause before asking the server.
    const timer = setTimeout(() => {
      api<TestResult>('/api/ui/processing-rules/test', {
        method: 'POST',
        body: {
          rule: { name: name || 'test', filterType, regexp, ...(filterType === 'Mask' ? { mask: mask || '#####' } : {}) },
          sample: props.sample,
          hashAlgorithm: props.hashAlgorithm,
        },
        signal: abort.signal,
      })
        .then((r) => {
          setResult(r);
          setError(undefined);
        })
        .catch((e) => {
          if (!abort.signal.aborted) {
            setResult(undefined);
            setError(errorText(e));
          }
        });
    }, 300);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [filterType, regexp, mask, name, props.sample, props.hashAlgorithm]);

  if (error) return <div className="rule-test rule-test-error">Test: {error}</div>;
  if (!result) return null;
  return (
    <div className="rule-test" data-rule-test={result.kept ? 'kept' : 'dropped'}>
      <span className={result.kept ? 'field-ok' : 'field-warn'}>
        Sample event {result.kept ? 'kept' : 'dropped'}
        {filterType === 'Mask' || filterType === 'Hash'
          ? result.matched
            ? ', rule matched:'
            : ', rule did not match'
          : result.matched
            ? ' (rule matched)'
            : ' (rule did not match)'}
      </span>
      {(filterType === 'Mask' || filterType === 'Hash') && result.matched ? <pre className="mono small">{result.output}</pre> : null}
    </div>
  );
}
