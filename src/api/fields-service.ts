import { AppError, NotFoundError } from '../core/errors.js';
import type { FieldRecord } from '../model/field.js';
import { validate } from '../model/validate.js';
import { FieldBody } from './schemas.js';
import type { ServiceContext } from './service-context.js';

/** The fields schema: a source's custom fields not listed here are dropped from its messages. */
export async function createField(ctx: ServiceContext, body: unknown): Promise<FieldRecord> {
  const { fieldName } = validate<FieldBody>(FieldBody, body);
  const existing = await ctx.store.listFields();
  if (existing.some((f) => f.fieldName.toLowerCase() === fieldName.toLowerCase())) {
    throw new AppError('DuplicateResourceName', 'A field with the same name already exists.', { field: 'fieldName' });
  }
  return ctx.store.createField(fieldName);
}

export async function deleteField(ctx: ServiceContext, fieldId: string): Promise<void> {
  if (!(await ctx.store.deleteField(fieldId))) throw new NotFoundError(`field ${fieldId}`);
}
