import { describe, expect, it } from 'vitest';
import { LOGSRC } from '../../model/scope.js';
import { compileQuery } from '../../query/index.js';
import { buildDashboard } from '../install.js';
import { MIMECAST_CURRENT_APP } from './mimecast-current-app.js';

/** The four panel queries Sumo Logic publishes for its Mimecast app (docs: integrations/saas-cloud/mimecast), as laid out there. */
const PUBLISHED: { dashboard: string; panel: string; query: string }[] = [
  {
    dashboard: 'Mimecast - Audit Events Overview',
    panel: 'Total Audit Events',
    query: `_sourceCategory={{Logsdatasource}} auditType id
| json "id", "auditType", "user", "category" as id, audit_type, user, category nodrop

// global filters
| where audit_type matches "{{audit_type}}" and category matches "{{category}}" and user matches "{{user}}"

| count by id
| count`,
  },
  {
    dashboard: 'Mimecast - DLP Policy Monitoring',
    panel: 'DLP Events Over Time',
    query: `_sourceCategory={{Logsdatasource}} senderAddress
| json "messageId", "action", "policy", "route", "senderAddress", "recipientAddress" as id, action, policy, route, sender, receiver nodrop

// global filters
| where action matches "{{action}}" and policy matches "{{policy}}" and route matches "{{route}}" and sender matches "{{sender}}" and receiver matches "{{receiver}}"

| timeslice 1h
| count by id, _timeslice
| count as count by _timeslice
| fillmissing timeslice`,
  },
  {
    dashboard: 'Mimecast - Hold Message Analysis',
    panel: 'Hold Messages by Policy',
    query: `_sourceCategory={{Logsdatasource}} reasonCode policyInfo
| json "id", "reasonCode", "route", "policyInfo", "from.emailAddress", "to.emailAddress" as id, reason_code, route, policy_info, sender_email, receiver_email nodrop

// global filters
| where reason_code matches "{{reason_code}}" and route matches "{{route}}" and policy_info matches "{{policy_info}}" and sender_email matches "{{sender_email}}" and receiver_email matches "{{receiver_email}}"

| count by id, policy_info
| count by policy_info
| sort by _count, policy_info asc`,
  },
  {
    dashboard: 'Mimecast SIEM Logs - Email Processing and Delivery',
    panel: 'Geo Location of Senders',
    query: `_sourceCategory={{Logsdatasource}} eventType senderIp
| json "aggregateId", "eventType","action","accountId", "route", "senderIp" as id, event_type, action, account_id, route, sender_ip nodrop

// global filters
| where if ("{{event_type}}" = "*", true, event_type matches "{{event_type}}")
| where if ("{{account_id}}" = "*", true, account_id matches "{{account_id}}")

| count by id, sender_ip
| count by sender_ip
| lookup latitude, longitude from geo://location on ip = sender_ip
| where !isNull(latitude)`,
  },
];

const SCOPE = '_sourceCategory=Mimecast';
const installed = MIMECAST_CURRENT_APP.dashboards.map((template) => ({
  template,
  dashboard: buildDashboard(template, { id: 'D', folderId: 'F' }, SCOPE),
}));

describe('the current Mimecast app', () => {
  it("has Sumo's six dashboards, each with 6 to 10 panels", () => {
    expect(MIMECAST_CURRENT_APP.dashboards.map((d) => d.title)).toEqual([
      'Mimecast - Audit Events Overview',
      'Mimecast - DLP Policy Monitoring',
      'Mimecast - Hold Message Analysis',
      'Mimecast SIEM Logs - Overview',
      'Mimecast SIEM Logs - Threat Protection',
      'Mimecast SIEM Logs - Email Processing and Delivery',
    ]);
    for (const d of MIMECAST_CURRENT_APP.dashboards) {
      expect(d.panels.length, d.title).toBeGreaterThanOrEqual(6);
      expect(d.panels.length, d.title).toBeLessThanOrEqual(10);
      expect(new Set(d.panels.map((p) => p.title)).size, d.title).toBe(d.panels.length);
    }
  });

  it("installs Sumo's four published queries exactly, with the data source in place of {{Logsdatasource}}", () => {
    for (const { dashboard, panel, query } of PUBLISHED) {
      const found = installed.find((i) => i.dashboard.title === dashboard)?.dashboard.panels.find((p) => p.title === panel);
      expect(found, `${dashboard} / ${panel}`).toBeDefined();
      const expected = query.replace('_sourceCategory={{Logsdatasource}}', `(${SCOPE})`);
      expect(found?.queries[0].queryString).toBe(expected);
    }
  });

  it('defines every variable a panel uses, uses every variable it defines, and compiles every query', () => {
    for (const { template, dashboard } of installed) {
      const defined = dashboard.variables.map((v) => v.name);
      const used = new Set<string>();
      for (const [i, panel] of dashboard.panels.entries()) {
        expect(template.panels[i].query.startsWith(LOGSRC), panel.title).toBe(true);
        const query = panel.queries[0].queryString;
        for (const [, name] of query.matchAll(/\{\{(\w+)\}\}/g)) {
          expect(defined, `${template.title} / ${panel.title} uses {{${name}}}`).toContain(name);
          used.add(name);
        }
        expect(() => compileQuery(query, { dialect: 'duckdb', from: 0, to: 1 }), panel.title).not.toThrow();
      }
      expect([...used].sort(), template.title).toEqual([...defined].sort());
    }
  });
});
