import type { FieldsRepository } from '../repositories.js';
import { duplicateFieldError, newId, toField } from '../rules.js';
import type { PostgresContext } from './context.js';
import { isUniqueViolation } from './db.js';

export function createFields({ db }: PostgresContext): FieldsRepository {
  return {
    async list() {
      return (await db.rows('SELECT * FROM fields ORDER BY field_name')).map(toField);
    },
    /** A unique index on lower(field_name) makes the check race-free across processes. */
    async create(fieldName) {
      const fieldId = newId();
      try {
        await db.rows('INSERT INTO fields (field_id, field_name) VALUES ($1, $2)', [fieldId, fieldName]);
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicateFieldError(fieldName);
        throw error;
      }
      return toField({ field_id: fieldId, field_name: fieldName });
    },
    async delete(fieldId) {
      return (await db.count('DELETE FROM fields WHERE field_id = $1', [fieldId])) > 0;
    },
  };
}
