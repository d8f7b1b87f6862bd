import type { ReactNode } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { OpenApiDocument } from "@/lib/http/openapi";
import { Prose, SchemaFields, typeLabel, type JsonSchema } from "./schema-fields";
import { textLink } from "@/components/ui/text-link";

// The API reference, rendered on the server from the OpenAPI document: a section per tag, an
// article per operation (method, path, summary, who may call it, parameters, body, responses).
// No script: it reads like any other page, and fits a phone.

type Media = Record<string, { schema?: JsonSchema & { $ref?: string } }>;
type Parameter = { name: string; in: "path" | "query"; required: boolean; description?: string; schema: JsonSchema };
type Operation = {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Media };
  responses: Record<string, { description: string; content?: Media }>;
};
type Entry = { method: string; path: string; op: Operation };

const TONE: Record<string, BadgeTone> = { GET: "success", POST: "brand", PUT: "warning", PATCH: "warning", DELETE: "danger" };

function entriesOf(doc: OpenApiDocument): Entry[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op: op as unknown as Operation })),
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="mt-4">
      <h4 className="text-sm font-semibold uppercase tracking-wide text-ink-muted">{title}</h4>
      <div className="mt-1">{children}</div>
    </div>
  );
}

function Body({ content }: { content: Media }) {
  return (
    <>
      {Object.entries(content).map(([type, { schema }]) => (
        <div key={type}>
          <p className="text-sm text-ink-muted">
            <code className="font-mono">{type}</code>
          </p>
          {schema?.$ref ? (
            <p className="text-sm">
              <a className="font-medium text-brand underline underline-offset-4" href="#error-format">
                The error format
              </a>
            </p>
          ) : schema && !schema.contentMediaType ? (
            <SchemaFields schema={schema} />
          ) : null}
        </div>
      ))}
    </>
  );
}

function OperationArticle({ method, path, op }: Entry) {
  const params = op.parameters ?? [];
  const statuses = Object.entries(op.responses);
  const successes = statuses.filter(([status]) => Number(status) < 400);
  const errors = statuses.filter(([status]) => Number(status) >= 400);
  return (
    <article id={op.operationId} aria-labelledby={`${op.operationId}-title`} className="scroll-mt-4 rounded-card border border-surface-border bg-surface p-4 shadow-sm sm:p-6">
      <h3 id={`${op.operationId}-title`} className="flex flex-wrap items-center gap-2">
        <Badge tone={TONE[method] ?? "neutral"}>{method}</Badge>
        <code className="font-mono text-sm font-semibold text-ink break-all sm:text-base">{path}</code>
      </h3>
      <p className="mt-2 font-medium text-ink">{op.summary}</p>
      {op.description
        ? op.description.split("\n\n").map((paragraph, i) => (
            <p key={i} className="mt-2 text-sm text-ink-muted">
              <Prose text={paragraph} />
            </p>
          ))
        : null}
      {params.length > 0 ? (
        <Section title="Parameters">
          <ul className="divide-y divide-surface-border">
            {params.map((p) => (
              <li key={`${p.in}:${p.name}`} className="py-2">
                <div className="flex flex-wrap items-baseline gap-x-2">
                  <code className="font-mono text-sm font-semibold text-ink break-all">{p.name}</code>
                  <span className="text-sm text-ink-muted">
                    {p.in === "path" ? "in the path" : "in the query"} · {typeLabel(p.schema)}
                  </span>
                  {p.required ? <span className="text-xs font-semibold uppercase tracking-wide text-danger">required</span> : null}
                </div>
                {p.description ? (
                  <p className="mt-0.5 text-sm text-ink-muted">
                    <Prose text={p.description} />
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {op.requestBody ? (
        <Section title={op.requestBody.required ? "Request body" : "Request body (optional)"}>
          <Body content={op.requestBody.content} />
        </Section>
      ) : null}
      <Section title="Responses">
        <dl className="space-y-3">
          {successes.map(([status, response]) => (
            <div key={status}>
              <dt className="text-sm font-semibold text-success">{status}</dt>
              <dd className="text-sm text-ink-muted">
                <Prose text={response.description} />
                {response.content ? <Body content={response.content} /> : null}
              </dd>
            </div>
          ))}
        </dl>
        {errors.length > 0 ? (
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            {errors.map(([status, response]) => (
              <div key={status} className="contents">
                <dt className="font-semibold text-danger">{status}</dt>
                <dd className="text-ink-muted">
                  <Prose text={response.description} />
                </dd>
              </div>
            ))}
          </dl>
        ) : null}
      </Section>
    </article>
  );
}

export function ApiReference({ document }: { document: OpenApiDocument }) {
  const entries = entriesOf(document);
  const errorSchema = document.components.schemas?.Error as JsonSchema | undefined;
  return (
    <div className="mx-auto w-full max-w-4xl px-4 py-8 sm:py-12">
      <h1 className="text-2xl font-bold text-ink sm:text-3xl">{document.info.title} reference</h1>
      {document.info.description.split("\n\n").map((paragraph, i) => (
        <p key={i} className="mt-3 text-ink-muted">
          <Prose text={paragraph} />
        </p>
      ))}
      <p className="mt-3 text-ink-muted">
        The same description as an OpenAPI {document.openapi} document, for tools:{" "}
        {/* An API route, not a page: a plain link, so Next does not prefetch it as one. */}
        <a className="font-medium text-brand underline underline-offset-4" href="/api/v1/openapi.json">
          /api/v1/openapi.json
        </a>
        .
      </p>

      <nav aria-label="Endpoints" className="mt-8 rounded-card border border-surface-border bg-surface p-4 shadow-sm sm:p-6">
        <h2 className="text-lg font-semibold text-ink">Endpoints</h2>
        {document.tags.map((tag) => (
          <div key={tag.name} className="mt-3">
            <a className={textLink} href={`#tag-${tag.name.toLowerCase()}`}>
              {tag.name}
            </a>
            <ul className="mt-1 space-y-1">
              {entries
                .filter((e) => e.op.tags.includes(tag.name))
                .map((e) => (
                  <li key={e.op.operationId} className="text-sm">
                    <a className="inline-flex min-h-6 flex-wrap items-baseline gap-x-2 text-ink hover:underline" href={`#${e.op.operationId}`}>
                      <span className="w-14 shrink-0 font-mono text-xs font-semibold text-ink-muted">{e.method}</span>
                      <span className="font-mono break-all">{e.path}</span>
                    </a>
                  </li>
                ))}
            </ul>
          </div>
        ))}
      </nav>

      {document.tags.map((tag) => (
        <section key={tag.name} aria-labelledby={`tag-${tag.name.toLowerCase()}`} className="mt-10">
          <h2 id={`tag-${tag.name.toLowerCase()}`} className="scroll-mt-4 text-xl font-bold text-ink">
            {tag.name}
          </h2>
          {tag.description ? <p className="mt-1 text-ink-muted">{tag.description}</p> : null}
          <div className="mt-4 space-y-4">
            {entries
              .filter((e) => e.op.tags.includes(tag.name))
              .map((e) => (
                <OperationArticle key={e.op.operationId} {...e} />
              ))}
          </div>
        </section>
      ))}

      {errorSchema ? (
        <section aria-labelledby="error-format" className="mt-10">
          <h2 id="error-format" className="scroll-mt-4 text-xl font-bold text-ink">
            The error format
          </h2>
          <p className="mt-1 text-ink-muted">Every refusal, whatever its status, is JSON of this shape.</p>
          <div className="mt-4 rounded-card border border-surface-border bg-surface p-4 shadow-sm sm:p-6">
            <SchemaFields schema={errorSchema} />
          </div>
        </section>
      ) : null}
    </div>
  );
}
