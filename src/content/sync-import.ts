import { ValidationError } from '../core/errors.js';
import { CONTENT_LIMITS, type ContentItemType, SYNC_TYPES, type SyncType } from '../model/content-sync.js';
import { LOOKUP_FIELD_TYPES, LOOKUP_LIMITS } from '../model/lookup-table.js';
import { nameRuleBroken } from '../model/names.js';

/**
 * Turns an imported sync definition (untrusted JSON) into the items to write, or throws a ValidationError
 * naming the member at fault (`children[2].panels[0].key: …`). Nothing is interpreted: titles, queries and
 * visual settings are kept as text and data, and rendered as text; a query that does not compile is kept
 * and shows its error in its panel.
 */

export interface ImportNode {
  itemType: ContentItemType;
  name: string;
  description: string;
  /** The item's body without the ids it gets when written (a dashboard's `id` and `folderId`). */
  body: Record<string, unknown>;
  children: ImportNode[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Dashboard variables are substituted as `{{name}}`: a name must be a plain identifier. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VARIABLE_SOURCES = ['CsvVariableSourceDefinition', 'LogQueryVariableSourceDefinition'];
/** Sumo's dashboard members we keep as they are (rendered or not). */
const DASHBOARD_EXTRAS = ['theme', 'topologyLabelMap', 'rootPanel', 'coloringRules'];

class Reader {
  items = 0;

  object(value: unknown, field: string): Json {
    if (!isObject(value)) throw new ValidationError(field, 'must be an object');
    return value;
  }

  array(value: unknown, field: string, max: number): unknown[] {
    if (!Array.isArray(value)) throw new ValidationError(field, 'must be an array');
    if (value.length > max) throw new ValidationError(field, `must have at most ${max} entries`);
    return value;
  }

  text(value: unknown, field: string, max: number, options: { required?: boolean; name?: boolean } = {}): string {
    if (value === undefined || value === null) {
      if (options.required) throw new ValidationError(field, 'is required');
      return '';
    }
    if (typeof value !== 'string') throw new ValidationError(field, 'must be a string');
    const text = options.name ? value.trim() : value;
    if (options.required && text === '') throw new ValidationError(field, 'must not be empty');
    if (text.length > max) throw new ValidationError(field, `must be at most ${max} characters`);
    const broken = options.name ? nameRuleBroken(text) : undefined;
    if (broken) throw new ValidationError(field, broken);
    return text;
  }

  definition(value: unknown, field: string, depth: number): ImportNode {
    const def = this.object(value, field);
    const prefix = field ? `${field}.` : '';
    this.items += 1;
    if (this.items > CONTENT_LIMITS.maxItems)
      throw new ValidationError(field || 'body', `an import holds at most ${CONTENT_LIMITS.maxItems} items`);
    const type = def.type;
    if (!SYNC_TYPES.includes(type as SyncType)) {
      throw new ValidationError(`${prefix}type`, `must be one of ${SYNC_TYPES.join(', ')} (got ${JSON.stringify(type)?.slice(0, 80)})`);
    }
    const name = this.text(def.name, `${prefix}name`, CONTENT_LIMITS.maxName, { required: true, name: true });
    const description = this.text(def.description, `${prefix}description`, CONTENT_LIMITS.maxDescription);
    const node = (itemType: ContentItemType, body: Json, children: ImportNode[] = []): ImportNode => ({
      itemType,
      name,
      description,
      body,
      children,
    });
    switch (type as SyncType) {
      case 'FolderSyncDefinition': {
        if (depth > CONTENT_LIMITS.maxFolderDepth) {
          throw new ValidationError(field, `folders nest at most ${CONTENT_LIMITS.maxFolderDepth} levels deep`);
        }
        const children = this.array(def.children ?? [], `${prefix}children`, CONTENT_LIMITS.maxItems);
        const nodes = children.map((c, i) => this.definition(c, `${prefix}children[${i}]`, depth + 1));
        const seen = new Set<string>();
        for (const [i, n] of nodes.entries()) {
          const key = n.name.toLowerCase();
          if (seen.has(key)) {
            throw new ValidationError(
              `${prefix}children[${i}].name`,
              `an item named ${JSON.stringify(n.name)} already exists in this folder`,
              'DuplicateResourceName',
            );
          }
          seen.add(key);
        }
        return node('Folder', {}, nodes);
      }
      case 'DashboardV2SyncDefinition':
        return node('Dashboard', this.dashboard(def, prefix, name, description));
      case 'SavedSearchWithScheduleSyncDefinition':
        return node('Search', this.search(def, prefix));
      case 'LookupTableSyncDefinition':
        return node('Lookups', this.lookupTable(def, prefix));
    }
  }

  dashboard(def: Json, prefix: string, name: string, description: string): Json {
    const title = def.title === undefined ? name : this.text(def.title, `${prefix}title`, CONTENT_LIMITS.maxName, { name: true });
    const panels = this.array(def.panels ?? [], `${prefix}panels`, CONTENT_LIMITS.maxPanels).map((p, i) =>
      this.panel(p, `${prefix}panels[${i}]`),
    );
    const keys = new Set<string>();
    for (const [i, p] of panels.entries()) {
      if (keys.has(p.key as string)) throw new ValidationError(`${prefix}panels[${i}].key`, 'must be unique in the dashboard');
      keys.add(p.key as string);
    }
    const layout = this.object(def.layout ?? { layoutType: 'Grid', layoutStructures: [] }, `${prefix}layout`);
    const structures = this.array(layout.layoutStructures ?? [], `${prefix}layout.layoutStructures`, CONTENT_LIMITS.maxPanels).map(
      (s, i) => {
        const field = `${prefix}layout.layoutStructures[${i}]`;
        const entry = this.object(s, field);
        const key = this.text(entry.key, `${field}.key`, CONTENT_LIMITS.maxName, { required: true });
        if (!keys.has(key)) throw new ValidationError(`${field}.key`, `names no panel of the dashboard (${JSON.stringify(key)})`);
        return { key, structure: this.structure(entry.structure, `${field}.structure`) };
      },
    );
    const refreshInterval = def.refreshInterval ?? 0;
    if (typeof refreshInterval !== 'number' || !Number.isFinite(refreshInterval) || refreshInterval < 0) {
      throw new ValidationError(`${prefix}refreshInterval`, 'must be a number of seconds, 0 or more');
    }
    const variables = this.array(def.variables ?? [], `${prefix}variables`, CONTENT_LIMITS.maxVariables).map((v, i) =>
      this.variable(v, `${prefix}variables[${i}]`),
    );
    const extras = Object.fromEntries(DASHBOARD_EXTRAS.filter((k) => def[k] !== undefined).map((k) => [k, def[k]]));
    return {
      title,
      description,
      timeRange: def.timeRange === undefined ? null : this.object(def.timeRange, `${prefix}timeRange`),
      refreshInterval,
      panels,
      layout: { layoutType: this.text(layout.layoutType ?? 'Grid', `${prefix}layout.layoutType`, 64), layoutStructures: structures },
      variables,
      ...extras,
    };
  }

  panel(value: unknown, field: string): Json {
    const panel = this.object(value, field);
    const key = this.text(panel.key, `${field}.key`, CONTENT_LIMITS.maxName, { required: true });
    const title = this.text(panel.title, `${field}.title`, CONTENT_LIMITS.maxName, { name: true });
    const panelType = this.text(panel.panelType, `${field}.panelType`, 64, { required: true });
    const queries = this.array(panel.queries ?? [], `${field}.queries`, 26).map((q, i) => {
      const query = this.object(q, `${field}.queries[${i}]`);
      this.text(query.queryString, `${field}.queries[${i}].queryString`, CONTENT_LIMITS.maxQuery);
      this.text(query.queryKey, `${field}.queries[${i}].queryKey`, 8);
      this.text(query.queryType, `${field}.queries[${i}].queryType`, 32);
      return query;
    });
    const { visualSettingsText: _ours, ...members } = panel;
    return {
      ...members,
      key,
      title,
      panelType,
      queries,
      visualSettings: this.visualSettings(panel.visualSettings, `${field}.visualSettings`),
      // Sumo's text is exported again exactly as it came, so an export of an import compares equal.
      ...(typeof panel.visualSettings === 'string' ? { visualSettingsText: panel.visualSettings } : {}),
    };
  }

  /** Sumo exports visual settings as JSON text; we keep them parsed (an object is taken as it is) beside the text. */
  visualSettings(value: unknown, field: string): Json {
    if (value === undefined || value === null) return {};
    if (isObject(value)) return value;
    const text = this.text(value, field, CONTENT_LIMITS.maxVisualSettings);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ValidationError(field, 'must be JSON text of an object');
    }
    checkDepth(parsed, field, 0);
    return this.object(parsed, field);
  }

  /** A grid cell: Sumo's JSON text `{"height":…,"width":…,"x":…,"y":…}`, or that object. */
  structure(value: unknown, field: string): Json {
    let parsed: unknown = value;
    if (typeof value === 'string') {
      try {
        parsed = JSON.parse(this.text(value, field, 1024));
      } catch (error) {
        if (error instanceof ValidationError) throw error;
        throw new ValidationError(field, 'must be JSON text of {height, width, x, y}');
      }
    }
    const cell = this.object(parsed, field);
    for (const k of ['height', 'width', 'x', 'y']) {
      const n = cell[k];
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 10_000) {
        throw new ValidationError(`${field}.${k}`, 'must be a whole number from 0 to 10000');
      }
    }
    return { ...cell };
  }

  variable(value: unknown, field: string): Json {
    const v = this.object(value, field);
    const name = this.text(v.name, `${field}.name`, 64, { required: true });
    if (!VARIABLE_NAME.test(name)) throw new ValidationError(`${field}.name`, 'must be letters, digits and _ (not starting with a digit)');
    const source = this.object(v.sourceDefinition, `${field}.sourceDefinition`);
    if (!VARIABLE_SOURCES.includes(source.variableSourceType as string)) {
      throw new ValidationError(`${field}.sourceDefinition.variableSourceType`, `must be one of ${VARIABLE_SOURCES.join(', ')}`);
    }
    if (source.variableSourceType === 'CsvVariableSourceDefinition') {
      this.text(source.values, `${field}.sourceDefinition.values`, CONTENT_LIMITS.maxQuery, { required: true });
    } else {
      this.text(source.query, `${field}.sourceDefinition.query`, CONTENT_LIMITS.maxQuery, { required: true });
      this.text(source.field, `${field}.sourceDefinition.field`, 128, { required: true });
    }
    return {
      ...v,
      name,
      displayName: this.text(v.displayName ?? name, `${field}.displayName`, CONTENT_LIMITS.maxName, { name: true }),
      defaultValue: this.text(v.defaultValue ?? '*', `${field}.defaultValue`, 1024),
    };
  }

  search(def: Json, prefix: string): Json {
    if (def.searchSchedule !== undefined && def.searchSchedule !== null) {
      throw new ValidationError(`${prefix}searchSchedule`, 'scheduled searches are not supported: import it without a schedule (null)');
    }
    const s = this.object(def.search, `${prefix}search`);
    const parsingMode = s.parsingMode ?? 'Manual';
    if (parsingMode !== 'Manual' && parsingMode !== 'AutoParse')
      throw new ValidationError(`${prefix}search.parsingMode`, 'must be Manual or AutoParse');
    return {
      queryText: this.text(s.queryText, `${prefix}search.queryText`, CONTENT_LIMITS.maxQuery, { required: true }),
      defaultTimeRange: this.text(s.defaultTimeRange ?? '-15m', `${prefix}search.defaultTimeRange`, 128),
      byReceiptTime: s.byReceiptTime === true,
      viewName: this.text(s.viewName, `${prefix}search.viewName`, CONTENT_LIMITS.maxName),
      viewStartTime: this.text(s.viewStartTime, `${prefix}search.viewStartTime`, 128),
      queryParameters: this.array(s.queryParameters ?? [], `${prefix}search.queryParameters`, CONTENT_LIMITS.maxVariables),
      parsingMode,
    };
  }

  lookupTable(def: Json, prefix: string): Json {
    const fields = this.array(def.fields, `${prefix}fields`, LOOKUP_LIMITS.maxFields).map((f, i) => {
      const field = this.object(f, `${prefix}fields[${i}]`);
      const fieldType = this.text(field.fieldType, `${prefix}fields[${i}].fieldType`, 32, { required: true });
      if (!(LOOKUP_FIELD_TYPES as readonly string[]).includes(fieldType)) {
        throw new ValidationError(`${prefix}fields[${i}].fieldType`, `must be one of ${LOOKUP_FIELD_TYPES.join(', ')}`);
      }
      return {
        fieldName: this.text(field.fieldName, `${prefix}fields[${i}].fieldName`, 128, { required: true, name: true }),
        fieldType,
      };
    });
    const names = new Set(fields.map((f) => f.fieldName));
    const primaryKeys = this.array(def.primaryKeys, `${prefix}primaryKeys`, LOOKUP_LIMITS.maxPrimaryKeys).map((k, i) => {
      const key = this.text(k, `${prefix}primaryKeys[${i}]`, 128, { required: true });
      if (!names.has(key)) throw new ValidationError(`${prefix}primaryKeys[${i}]`, `names no field of the table (${JSON.stringify(key)})`);
      return key;
    });
    const { type: _type, name: _name, description: _description, ...rest } = def;
    return { ...rest, fields, primaryKeys };
  }
}

/** Refuses JSON nested past the limit, without recursing further than it (a hostile body cannot blow the stack). */
export function checkDepth(value: unknown, field: string, depth = 0): void {
  if (depth > CONTENT_LIMITS.maxJsonDepth) throw new ValidationError(field, `nests more than ${CONTENT_LIMITS.maxJsonDepth} levels deep`);
  if (typeof value !== 'object' || value === null) return;
  for (const v of Object.values(value)) checkDepth(v, field, depth + 1);
}

/** The items a sync definition imports as, checked whole before anything is written. */
export function parseSyncDefinition(body: unknown): ImportNode {
  checkDepth(body, 'body', 0);
  return new Reader().definition(body, '', 1);
}
