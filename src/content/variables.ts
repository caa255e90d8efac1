/**
 * Dashboard variables are replaced as text before parsing (as in Sumo Logic). The app's queries always
 * place `{{name}}` inside a double-quoted string, so a value is escaped for one: whatever a user types
 * in the filter bar stays a string value and cannot change the query around it.
 */
export function applyVariables(query: string, values: Readonly<Record<string, string>>): string {
  return query.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_match, name: string) => {
    const value = values[name];
    const text = value === undefined || value.trim() === '' ? '*' : value.trim();
    return text.replace(/[\r\n]+/g, ' ').replace(/[\\"]/g, (c) => `\\${c}`);
  });
}
