import { type Static, Type } from '@sinclair/typebox';
import { GRID_COLUMNS, MAX_GRID_Y, MAX_PANEL_FILTERS, MAX_PANEL_HEIGHT, MAX_PANELS } from '../model/dashboard.js';
import { nameString } from '../model/names.js';

/**
 * The body of Sumo's Dashboard Management API (`POST /v2/dashboards`, `PUT /v2/dashboards/{id}`), after
 * content/dashboards.ts has read Sumo's JSON-in-a-string members (`visualSettings`, a layout `structure`)
 * into objects. Members Sumo's clients send that we do not keep (theme, topologyLabelMap, …) are ignored.
 */

const readOnly = Type.Optional(Type.Unknown());

const VARIABLE_NAME = '^[A-Za-z_][A-Za-z0-9_]{0,63}$';

export const RelativeTimeRangeSchema = Type.Object(
  {
    type: Type.Literal('BeginBoundedTimeRange'),
    from: Type.Object({
      type: Type.Literal('RelativeTimeRangeBoundary'),
      relativeTime: Type.String({ pattern: '^-\\d{1,6}[smhdw]$', description: 'must be a relative time such as -15m, -24h or -7d' }),
    }),
    to: Type.Optional(Type.Null()),
  },
  { additionalProperties: false },
);

const PanelFilterSchema = Type.Object(
  {
    name: Type.String({ pattern: VARIABLE_NAME, description: 'must be a variable name (letters, digits, _)' }),
    value: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);

const PanelSchema = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  title: Type.String({ maxLength: 255 }),
  panelType: Type.String({ minLength: 1, maxLength: 64 }),
  visualSettings: Type.Object({
    // A text panel's settings have none (its type is the panel's).
    general: Type.Optional(Type.Object({ type: Type.String({ minLength: 1, maxLength: 64 }) })),
    columns: Type.Optional(Type.Array(Type.String({ maxLength: 255 }), { maxItems: 100 })),
    labelField: Type.Optional(Type.String({ maxLength: 255 })),
    valueField: Type.Optional(Type.String({ maxLength: 255 })),
  }),
  queries: Type.Optional(
    Type.Array(
      Type.Object({
        queryKey: Type.String({ minLength: 1, maxLength: 8 }),
        queryString: Type.String({ maxLength: 20_000 }),
        queryType: Type.Literal('Logs'),
      }),
      { maxItems: 1 },
    ),
  ),
  timeRange: Type.Optional(Type.Union([RelativeTimeRangeSchema, Type.Null()])),
  panelFilters: Type.Optional(Type.Array(PanelFilterSchema, { maxItems: MAX_PANEL_FILTERS })),
  description: Type.Optional(Type.String({ maxLength: 1024 })),
  keepVisualSettingsConsistentWithParent: Type.Optional(Type.Boolean()),
  linkedDashboards: Type.Optional(
    Type.Array(
      Type.Object(
        {
          id: Type.String({ minLength: 1, maxLength: 64 }),
          relativePath: Type.Optional(Type.String({ maxLength: 1000 })),
          includeTimeRange: Type.Optional(Type.Boolean()),
          includeVariables: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { maxItems: 20 },
    ),
  ),
  text: Type.Optional(Type.String({ maxLength: 65_536 })),
  // Sumo's rules are kept whole; the body's depth is checked before validation.
  coloringRules: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 100 })),
  visualSettingsText: Type.Optional(Type.String({ maxLength: 65_536 })),
});

export const GridStructureSchema = Type.Object(
  {
    x: Type.Integer({ minimum: 0, maximum: GRID_COLUMNS - 1 }),
    y: Type.Integer({ minimum: 0, maximum: MAX_GRID_Y }),
    width: Type.Integer({ minimum: 1, maximum: GRID_COLUMNS }),
    height: Type.Integer({ minimum: 1, maximum: MAX_PANEL_HEIGHT }),
  },
  { additionalProperties: false },
);

const VariableSchema = Type.Object({
  name: Type.String({ pattern: VARIABLE_NAME, description: 'must be a variable name (letters, digits, _)' }),
  // Sumo's clients leave these out when empty (the Terraform provider's omitempty).
  displayName: Type.Optional(Type.String({ maxLength: 255 })),
  defaultValue: Type.Optional(Type.String({ maxLength: 1000 })),
  sourceDefinition: Type.Union([
    Type.Object({ variableSourceType: Type.Literal('CsvVariableSourceDefinition'), values: Type.String({ maxLength: 10_000 }) }),
    Type.Object({
      variableSourceType: Type.Literal('LogQueryVariableSourceDefinition'),
      query: Type.String({ maxLength: 20_000 }),
      field: Type.String({ minLength: 1, maxLength: 255 }),
    }),
  ]),
  allowMultiSelect: Type.Optional(Type.Boolean()),
  includeAllOption: Type.Boolean(),
  hideFromUI: Type.Optional(Type.Boolean()),
});

export const DashboardBody = Type.Object({
  title: nameString({ minLength: 1, maxLength: 255 }),
  description: Type.Optional(Type.String({ maxLength: 1024 })),
  /** Absent: the caller's personal folder, as in Sumo. */
  folderId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  timeRange: Type.Optional(RelativeTimeRangeSchema),
  refreshInterval: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
  panels: Type.Optional(Type.Array(PanelSchema, { maxItems: MAX_PANELS })),
  layout: Type.Optional(
    Type.Object({
      layoutType: Type.Literal('Grid'),
      layoutStructures: Type.Array(Type.Object({ key: Type.String({ maxLength: 64 }), structure: GridStructureSchema }), {
        maxItems: MAX_PANELS,
      }),
    }),
  ),
  variables: Type.Optional(Type.Array(VariableSchema, { maxItems: 50 })),
  theme: Type.Optional(Type.String({ maxLength: 16 })),
  domain: Type.Optional(Type.String({ maxLength: 64 })),
  topologyLabelMap: Type.Optional(
    Type.Object({
      data: Type.Record(Type.String({ maxLength: 255 }), Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 100 }), {
        maxProperties: 50,
      }),
    }),
  ),
  coloringRules: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 100 })),
  id: readOnly,
});
export type DashboardBody = Static<typeof DashboardBody>;

export const DashboardListQuery = Type.Object({
  limit: Type.Optional(Type.Unknown()),
  token: Type.Optional(Type.Unknown()),
});
