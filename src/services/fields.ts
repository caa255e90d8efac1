import { AppError, NotFoundError } from '../core/errors.js';
import type { FieldRecord } from '../model/field.js';
import { validate } from '../model/validate.js';
import type { ServiceContext } from './context.js';
import { FieldBody } from './schemas.js';

/** The fields schema: a source's custom fields not listed here are dropped from its messages. */
async function createField(ctx: ServiceContext, body: unknown): Promise<FieldRecord> {
  const { fieldName } = validate<FieldBody>(FieldBody, body);
  const existing = await ctx.store.fields.list();
  if (existing.some((f) => f.fieldName.toLowerCase() === fieldName.toLowerCase())) {
    throw new AppError('DuplicateResourceName', 'A field with the same name already exists.', { field: 'fieldName' });
  }
  return ctx.store.fields.create(fieldName);
}

async function deleteField(ctx: ServiceContext, fieldId: string): Promise<void> {
  if (!(await ctx.store.fields.delete(fieldId))) throw new NotFoundError(`field ${fieldId}`);
}

export type FieldsService = ReturnType<typeof createFieldsService>;

export function createFieldsService(ctx: ServiceContext) {
  return {
    list: () => ctx.store.fields.list(),
    create: (body: unknown) => createField(ctx, body),
    delete: (fieldId: string) => deleteField(ctx, fieldId),
  };
}
