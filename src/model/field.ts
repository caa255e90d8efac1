/** A custom field of the fields schema: messages keep only the custom fields the schema knows. */
export interface FieldRecord {
  fieldId: string;
  fieldName: string;
  dataType: 'String';
  state: 'Enabled';
}
