import type { FieldsRepository } from '../repositories.js';
import { duplicateFieldError, newId, toField } from '../rules.js';
import { all, exec } from './connection.js';
import type { DuckDbContext } from './context.js';

export function createFields(ctx: DuckDbContext): FieldsRepository {
  return {
    async list() {
      return (await ctx.all('SELECT * FROM fields ORDER BY field_name')).map(toField);
    },
    create(fieldName) {
      return ctx.transaction(async (c) => {
        if ((await all(c, 'SELECT 1 FROM fields WHERE lower(field_name) = lower(?)', [fieldName])).length > 0) {
          throw duplicateFieldError(fieldName);
        }
        const fieldId = newId();
        await exec(c, 'INSERT INTO fields VALUES (?, ?)', [fieldId, fieldName]);
        return toField({ field_id: fieldId, field_name: fieldName });
      });
    },
    async delete(fieldId) {
      return (await ctx.exec('DELETE FROM fields WHERE field_id = ?', [fieldId])) > 0;
    },
  };
}
