import { z } from "zod";

// The environment, parsed once. A missing or malformed variable stops the server at start
// (instrumentation.ts) with a message that names it and says how to fix it.

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess(blankToUndefined, schema.default(fallback as never));

const megabytes = (fallback: number) =>
  withDefault(z.coerce.number().int().min(1).max(10_000), fallback);

const schema = z
  .object({
    NODE_ENV: withDefault(z.enum(["development", "production", "test"]), "development"),
    MONGODB_URI: z.preprocess(
      blankToUndefined,
      z
        .string({ error: "is not set: give a MongoDB connection string, or use `npm run dev` / `npm test`, which start a local database" })
        .regex(/^mongodb(\+srv)?:\/\/\S+$/, "must look like mongodb://host:27017/invyta or mongodb+srv://…"),
    ),
    MONGODB_DB: optional(z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, "must be 1–63 letters, digits, _ or -")),
    AUTH_SECRET: z.preprocess(
      blankToUndefined,
      z
        .string({ error: "is not set: generate one with `openssl rand -base64 32`" })
        .min(32, "must be at least 32 characters: generate one with `openssl rand -base64 32`"),
    ),
    APP_URL: withDefault(z.url({ error: "must be the app's public URL, e.g. https://invyta.example.com" }), "http://localhost:3000"),
    SMTP_URL: optional(z.string().regex(/^smtps?:\/\/\S+$/, "must look like smtp://user:pass@host:587 or smtps://…")),
    MAIL_FROM: withDefault(z.string().min(3), "Invyta <no-reply@invyta.local>"),
    REDIS_URL: optional(z.string().regex(/^rediss?:\/\/\S+$/, "must look like redis://127.0.0.1:6379")),
    UPSTASH_REDIS_REST_URL: optional(z.url()),
    UPSTASH_REDIS_REST_TOKEN: optional(z.string().min(1)),
    TRUSTED_PROXY_HEADER: optional(
      z
        .string()
        .toLowerCase()
        .regex(/^[a-z0-9-]+$/, "must be a header name such as x-forwarded-for or x-real-ip"),
    ),
    /** "off": this server runs no jobs (another process does: `npm run worker`). */
    JOBS_WORKER: withDefault(z.enum(["on", "off"], { error: "must be on or off" }), "on"),
    /** Keys of the job queue in Redis start with this (one per deployment sharing a Redis). */
    JOBS_PREFIX: withDefault(z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "must be 1–40 letters, digits, _ or -"), "invyta"),
    MEDIA_MAX_IMAGE_MB: megabytes(20),
    MEDIA_MAX_VIDEO_MB: megabytes(300),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== "production") return;
    if (!env.SMTP_URL) {
      ctx.addIssue({ code: "custom", path: ["SMTP_URL"], message: "is required in production: mail (sign-up codes, invites) needs an SMTP server" });
    }
    if (!env.REDIS_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["REDIS_URL"],
        message: "is required in production: the job queue (reminders, announcements, calendar updates) runs on Redis, and rate limits are shared through it (or through UPSTASH_REDIS_REST_URL)",
      });
    }
    if (env.UPSTASH_REDIS_REST_URL && !env.UPSTASH_REDIS_REST_TOKEN) {
      ctx.addIssue({ code: "custom", path: ["UPSTASH_REDIS_REST_TOKEN"], message: "is required with UPSTASH_REDIS_REST_URL" });
    }
  });

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invyta cannot start: the environment is not valid.\n${problems.map((p) => `  - ${p}`).join("\n")}\n` +
        "See .env.example for every variable.",
    );
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`);
  throw new EnvError(problems);
}

let cached: Env | undefined;

/** The parsed environment; throws EnvError on the first call if it is invalid. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
