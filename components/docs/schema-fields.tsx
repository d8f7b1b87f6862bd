import type { ReactNode } from "react";

// A JSON Schema (as zod writes it for the OpenAPI document) as a list a person reads: each field
// with its type, whether it is required, its limits and what it means; nested objects indented.

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  description?: string;
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  contentMediaType?: string;
};

/** Inline `code` in a description. */
export function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split(/(`[^`]+`)/).map((part, i) =>
        part.startsWith("`") && part.endsWith("`") && part.length > 1 ? (
          <code key={i} className="rounded bg-surface-sunken px-1 font-mono text-[0.9em] break-words">
            {part.slice(1, -1)}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

const variantsOf = (schema: JsonSchema) => schema.anyOf ?? schema.oneOf;

export function typeLabel(schema: JsonSchema): string {
  const variants = variantsOf(schema);
  if (variants) return variants.map(typeLabel).join(" or ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (Array.isArray(schema.type)) return schema.type.map((type) => typeLabel({ ...schema, type })).join(" or ");
  if (schema.type === "array") return `list of ${schema.items ? typeLabel(schema.items) : "anything"}`;
  if (schema.type === "string" && schema.contentMediaType) return `file (${schema.contentMediaType})`;
  if (schema.type === "string" && schema.format) return `string (${schema.format})`;
  return schema.type ?? "any";
}

/** Limits worth telling: lengths, ranges (not the safe-integer bounds zod adds), list sizes, the default. */
function limitsOf(schema: JsonSchema): string[] {
  const out: string[] = [];
  const range = (min: number | undefined, max: number | undefined, unit: string) => {
    if (min !== undefined && max !== undefined) out.push(`${min}–${max}${unit}`);
    else if (min !== undefined) out.push(`at least ${min}${unit}`);
    else if (max !== undefined) out.push(`at most ${max}${unit}`);
  };
  const safe = (n: number | undefined) => (n === undefined || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? undefined : n);
  range(schema.minLength, schema.maxLength, " characters");
  range(safe(schema.minimum), safe(schema.maximum), "");
  range(schema.minItems, schema.maxItems, " items");
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default)}`);
  return out;
}

/** The object a field holds, if any: itself, a list's items, or the object among its variants. */
function nestedObject(schema: JsonSchema): JsonSchema | undefined {
  if (schema.properties) return schema;
  if (schema.items) return nestedObject(schema.items);
  return variantsOf(schema)?.map(nestedObject).find(Boolean);
}

function Field({ name, schema, required }: { name: string; schema: JsonSchema; required: boolean }) {
  const limits = limitsOf(schema);
  const nested = nestedObject(schema);
  return (
    <li className="py-2">
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        <code className="font-mono text-sm font-semibold text-ink break-all">{name}</code>
        <span className="text-sm text-ink-muted break-words">{typeLabel(schema)}</span>
        {required ? <span className="text-xs font-semibold uppercase tracking-wide text-danger">required</span> : null}
      </div>
      {schema.description || limits.length > 0 ? (
        <p className="mt-0.5 text-sm text-ink-muted">
          {schema.description ? <Prose text={schema.description} /> : null}
          {schema.description && limits.length > 0 ? " " : null}
          {limits.length > 0 ? <span>({limits.join(", ")})</span> : null}
        </p>
      ) : null}
      {nested ? <SchemaFields schema={nested} nested /> : null}
    </li>
  );
}

/** An object's fields; anything else (a list, a file, a union of objects) by its type and variants. */
export function SchemaFields({ schema, nested = false }: { schema: JsonSchema; nested?: boolean }): ReactNode {
  const variants = variantsOf(schema);
  if (variants && !schema.properties) {
    return (
      <ol className={nested ? "ml-3 border-l border-surface-border pl-3" : "space-y-3"}>
        {variants.map((variant, i) => (
          <li key={i}>
            <p className="text-sm font-medium text-ink">{i === 0 ? "Either" : "or"}</p>
            <SchemaFields schema={variant} nested />
          </li>
        ))}
      </ol>
    );
  }
  if (!schema.properties) return <p className="text-sm text-ink-muted">{typeLabel(schema)}</p>;
  const required = new Set(schema.required ?? []);
  return (
    <ul className={nested ? "ml-3 divide-y divide-surface-border border-l border-surface-border pl-3" : "divide-y divide-surface-border"}>
      {Object.entries(schema.properties).map(([name, field]) => (
        <Field key={name} name={name} schema={field} required={required.has(name)} />
      ))}
    </ul>
  );
}
