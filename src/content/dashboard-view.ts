import type { DashboardDocument } from '../model/dashboard.js';

/**
 * A dashboard as Sumo's Dashboard Management API answers it: each panel's `visualSettings` and each layout
 * `structure` as JSON text, and Sumo's members with its defaults when they were never sent (`theme`,
 * `topologyLabelMap`, `domain`, a panel's `description` and `keepVisualSettingsConsistentWithParent`), so
 * Sumo's clients, its Terraform provider among them, read back what they wrote.
 */
export type SumoDashboardView = Omit<DashboardDocument, 'panels' | 'layout'> & {
  panels: (Omit<DashboardDocument['panels'][number], 'visualSettings' | 'visualSettingsText'> & { visualSettings: string })[];
  layout: { layoutType: 'Grid'; layoutStructures: { key: string; structure: string }[] };
};

/**
 * JSON text with object keys sorted and no spaces: what Terraform's `jsonencode` writes, so a provider that
 * compares its `visual_settings` or `structure` text with ours finds them equal.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sumoView(dashboard: DashboardDocument): SumoDashboardView {
  return {
    ...dashboard,
    theme: dashboard.theme ?? 'Light',
    domain: dashboard.domain ?? '',
    topologyLabelMap: dashboard.topologyLabelMap ?? { data: {} },
    panels: dashboard.panels.map(({ visualSettingsText, ...p }) => ({
      ...p,
      description: p.description ?? '',
      keepVisualSettingsConsistentWithParent: p.keepVisualSettingsConsistentWithParent ?? true,
      // The text a client sent, as it sent it; settings sent as an object, as jsonencode would write them.
      visualSettings: visualSettingsText ?? canonicalJson(p.visualSettings),
    })),
    layout: {
      layoutType: 'Grid',
      layoutStructures: dashboard.layout.layoutStructures.map((l) => ({ key: l.key, structure: canonicalJson(l.structure) })),
    },
  };
}
