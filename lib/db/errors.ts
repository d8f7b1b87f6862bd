/**
 * A unique-index violation. MongoDB answers 11000; FerretDB v1 (SQLite) answers 11000 on insert but
 * code 1 "UNIQUE constraint failed: index '…_<name>'" on update, so both count. With `index`, only
 * a violation of that index does.
 */
export function isDuplicateKey(err: unknown, index?: string): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === "string" ? message : "";
  if (code === 11000) return true;
  return code === 1 && new RegExp(`UNIQUE constraint failed: index '[^']*_${index ?? ""}`).test(text);
}
