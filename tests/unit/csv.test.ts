import { describe, expect, it } from "vitest";
import { CSV_BOM, csvStream, toCsv } from "@/lib/events/csv";

const columns = [
  { key: "name", header: "Name" },
  { key: "status", header: "Status" },
];

/** The records after the BOM, split on the CRLF that ends each one. */
const body = (csv: string) => {
  expect(csv.startsWith(CSV_BOM)).toBe(true);
  return csv.slice(CSV_BOM.length);
};

describe("toCsv", () => {
  it("starts with a UTF-8 BOM and ends every record with CRLF", () => {
    expect(CSV_BOM).toBe("\uFEFF");
    const csv = toCsv([{ name: "Zoë", status: "attending" }], columns);
    expect(csv).toBe("\uFEFFName,Status\r\nZoë,attending\r\n");
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it("writes only the header row for no rows, and follows the column order", () => {
    expect(body(toCsv([], columns))).toBe("Name,Status\r\n");
    const reversed = [...columns].reverse();
    expect(body(toCsv([{ name: "Ann", status: "maybe", extra: "ignored" }], reversed))).toBe("Status,Name\r\nmaybe,Ann\r\n");
  });

  it("quotes fields holding a comma, a quote, CR or LF, and doubles quotes", () => {
    const rows = [
      { name: "Smith, Ann", status: 'said "yes"' },
      { name: "two\nlines", status: "cr\rhere" },
      { name: "crlf\r\nboth", status: "plain" },
    ];
    expect(body(toCsv(rows, columns))).toBe(
      'Name,Status\r\n"Smith, Ann","said ""yes"""\r\n"two\nlines","cr\rhere"\r\n"crlf\r\nboth",plain\r\n',
    );
  });

  it("leaves a field with only spaces or a single quote unquoted", () => {
    expect(body(toCsv([{ name: " padded ", status: "it's" }], columns))).toBe("Name,Status\r\n padded ,it's\r\n");
  });

  it("neutralizes spreadsheet formulas with a leading apostrophe", () => {
    const rows = [
      { name: "=HYPERLINK(\"http://evil\",\"x\")", status: "+1" },
      { name: "-2+3", status: "@SUM(A1:A2)" },
      { name: "\tTab", status: "\rCR" },
      { name: "a=b", status: "safe-ish" },
    ];
    expect(body(toCsv(rows, columns))).toBe(
      "Name,Status\r\n" +
        '"\'=HYPERLINK(""http://evil"",""x"")",\'+1\r\n' +
        "'-2+3,'@SUM(A1:A2)\r\n" +
        "'\tTab,\"'\rCR\"\r\n" +
        "a=b,safe-ish\r\n",
    );
  });

  it("protects headers too", () => {
    expect(body(toCsv([], [{ key: "x", header: "=cmd" }]))).toBe("'=cmd\r\n");
  });

  it("writes Dates as ISO 8601 UTC, numbers as numbers, and nothing for null or missing", () => {
    const cols = [
      { key: "when", header: "When" },
      { key: "n", header: "N" },
      { key: "none", header: "None" },
      { key: "missing", header: "Missing" },
    ];
    const rows = [
      { when: new Date("2026-12-06T00:00:00Z"), n: -3, none: null },
      { when: new Date(NaN), n: 2.5, none: undefined },
      { when: null, n: Number.NaN },
    ];
    expect(body(toCsv(rows, cols))).toBe(
      "When,N,None,Missing\r\n2026-12-06T00:00:00.000Z,-3,,\r\n,2.5,,\r\n,,,\r\n",
    );
  });

  it("never reads inherited properties for a column key", () => {
    expect(body(toCsv([{}], [{ key: "constructor", header: "C" }, { key: "toString", header: "T" }]))).toBe("C,T\r\n,\r\n");
  });
});

describe("csvStream", () => {
  const bytesOf = async (stream: ReadableStream<Uint8Array>) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());

  async function* batches<T>(...list: T[][]) {
    for (const batch of list) yield batch;
  }

  it("writes the same text as toCsv, a batch at a time", async () => {
    const rows = [
      { name: "=1+1", status: "attending" },
      { name: "Smith, Ann", status: "maybe" },
      { name: "Zoë", status: 'said "no"' },
    ];
    expect(await bytesOf(csvStream(batches(rows.slice(0, 2), [], rows.slice(2)), columns))).toBe(toCsv(rows, columns));
    expect(await bytesOf(csvStream(batches(), columns))).toBe(toCsv([], columns));
  });

  it("reads the next batch only when the reader wants more, and stops reading when cancelled", async () => {
    let read = 0;
    async function* counted() {
      for (let i = 0; i < 100; i++) {
        read++;
        yield [{ name: `n${i}`, status: "attending" }];
      }
    }
    const reader = csvStream(counted(), columns).getReader();
    await reader.read(); // the header
    await reader.read(); // the first batch
    expect(read).toBeLessThanOrEqual(2);
    await reader.cancel();
    expect(read).toBeLessThanOrEqual(2);
  });
});
