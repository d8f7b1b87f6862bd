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

/** The start of a CSV file: the UTF-8 BOM and the header row. */
export function csvHeader(columns: CsvColumn[]): string {
  return CSV_BOM + columns.map((c) => quote(cellText(c.header))).join(",") + CRLF;
}

/** One record, in `columns` order, ending with CRLF. */
export function csvRecord(row: Record<string, CsvValue>, columns: CsvColumn[]): string {
  // Own keys only: a column named "constructor" must not read Object.prototype.
  return columns.map((c) => quote(cellText(Object.hasOwn(row, c.key) ? row[c.key] : undefined))).join(",") + CRLF;
}

/**
 * RFC 4180 text: a header row, then one record per row in `columns` order; fields holding a comma,
 * quote, CR or LF are quoted (quotes doubled); every record ends with CRLF; Dates are ISO 8601 UTC;
 * the whole starts with a UTF-8 BOM.
 */
export function toCsv(rows: Array<Record<string, CsvValue>>, columns: CsvColumn[]): string {
  return csvHeader(columns) + rows.map((row) => csvRecord(row, columns)).join("");
}

/**
 * The same text as toCsv(), as UTF-8 bytes, one batch of rows at a time: the next batch is read only
 * when the reader wants more, so a long list never sits in memory whole.
 */
export function csvStream(batches: AsyncIterable<Array<Record<string, CsvValue>>>, columns: CsvColumn[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvHeader(columns)));
    },
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value.map((row) => csvRecord(row, columns)).join("")));
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
}
