// CSV export (RFC 4180) that is safe to open in a spreadsheet. Pure: no server imports.

export type CsvValue = string | number | null | undefined | Date;
export type CsvColumn = { key: string; header: string };

/** Byte order mark: without it Excel reads UTF-8 as a legacy code page and garbles non-ASCII names. */
export const CSV_BOM = "\uFEFF";

const CRLF = "\r\n";

// A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets
// (OWASP "CSV injection"); a leading apostrophe makes the spreadsheet show it as text.
const FORMULA_START = /^[=+\-@\t\r]/;

function cellText(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString();
  // Numbers come from our own data, so "-3" is a number, not a formula.
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 text: a header row, then one record per row in `columns` order; fields holding a comma,
 * quote, CR or LF are quoted (quotes doubled); every record ends with CRLF; Dates are ISO 8601 UTC;
 * the whole starts with a UTF-8 BOM.
 */
export function toCsv(rows: Array<Record<string, CsvValue>>, columns: CsvColumn[]): string {
  const lines = [columns.map((c) => quote(cellText(c.header)))];
  // Own keys only: a column named "constructor" must not read Object.prototype.
  for (const row of rows) lines.push(columns.map((c) => quote(cellText(Object.hasOwn(row, c.key) ? row[c.key] : undefined))));
  return CSV_BOM + lines.map((fields) => fields.join(",") + CRLF).join("");
}
