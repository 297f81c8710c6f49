/** Errors for versioned JSON documents (model specs, architectures) that name the field, its value and what is allowed. */
export type FieldFail = (field: string, got: unknown, expected: string) => never;

export function fieldFail(where: string): FieldFail {
  return (field, got, expected) => { throw new Error(`${where}: field "${field}" is ${JSON.stringify(got)}; expected ${expected}`); };
}

/** Checks that `value` is an object of this format and version 1; returns the error helper for its other fields. */
export function checkDocument(value: unknown, where: string, format: string): FieldFail {
  const fail = fieldFail(where);
  const v = value as { format?: unknown; version?: unknown } | null;
  if (!v || typeof v !== 'object') fail('(root)', value, 'an object');
  if (v!.format !== format) fail('format', v!.format, `"${format}"`);
  if (v!.version !== 1) fail('version', v!.version, '1 (the only version this Topiary reads)');
  return fail;
}
