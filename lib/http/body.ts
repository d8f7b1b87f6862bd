import "server-only";
import type { z } from "zod";
import { Invalid, invalidFromZod, PayloadTooLarge, UnsupportedMedia } from "@/lib/errors";

// Request input: a JSON body read with a size limit and parsed by a zod schema; query and params the same way.

export const JSON_BODY_LIMIT = 64 * 1024;

/** Reads at most `limit` bytes of the body, without trusting Content-Length; more is a PayloadTooLarge. */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw new PayloadTooLarge(`The request body is larger than ${Math.round(limit / 1024)} KB.`);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new PayloadTooLarge(`The request body is larger than ${Math.round(limit / 1024)} KB.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a JSON body with a zod schema: 415 for another type, 413 too large, 400 malformed or invalid. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, limit = JSON_BODY_LIMIT): Promise<z.output<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type.trim())) {
    throw new UnsupportedMedia("Send the request body as JSON (Content-Type: application/json).");
  }
  const text = await readBodyText(req, limit);
  let data: unknown;
  try {
    data = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new Invalid("The request body is not valid JSON.");
  }
  return parseWith(schema, data);
}

export function parseWith<S extends z.ZodType>(schema: S, data: unknown, message?: string): z.output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw invalidFromZod(parsed.error, message);
  return parsed.data;
}

type AnySchema = z.core.$ZodType;

/** Whether a query field takes a list (`?tag=a&tag=b`): an array, possibly optional, defaulted or piped. */
function takesList(schema: AnySchema): boolean {
  const def = schema._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema };
  if (def.type === "array") return true;
  const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
  return inner ? takesList(inner) : false;
}

/**
 * The query string as the schema's input: a list field gets every value of its key, any other field
 * the last one (as `Object.fromEntries` reads it), so `?limit=1&limit=2` is `"2"`, not a list.
 */
export function queryInput(params: URLSearchParams, schema: z.ZodObject): Record<string, unknown> {
  const input: Record<string, unknown> = Object.fromEntries(params);
  for (const [key, field] of Object.entries(schema.shape)) if (takesList(field)) input[key] = params.getAll(key);
  return input;
}
