import { ValidationError } from '../core/errors.js';

/**
 * The content of the first file part of a `multipart/form-data` body (Sumo's lookup upload sends one, named
 * `file`). Only what that needs: no nested multiparts, the part's bytes read as UTF-8.
 */
export function multipartFile(contentType: string | undefined, body: Buffer): string {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!boundary) throw new ValidationError('body', 'a multipart/form-data body with a boundary was expected');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const headerStart = at + delimiter.length + 2;
    const headerEnd = body.indexOf('\r\n\r\n', headerStart);
    if (headerEnd < 0) break;
    const headers = body.subarray(headerStart, headerEnd).toString('utf8');
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next < 0) break;
    if (/filename=|name="file"/i.test(headers)) return body.subarray(headerEnd + 4, next - 2).toString('utf8');
    at = next;
  }
  throw new ValidationError('file', 'is required: a multipart part named file');
}
