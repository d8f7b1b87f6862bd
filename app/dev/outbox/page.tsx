import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { Container } from "@/components/ui/container";
import { NotFound } from "@/lib/errors";
import { readDevOutbox } from "@/lib/mail/dev-outbox";
import type { DevOutboxEntry } from "@/lib/mail/service";

export const metadata: Metadata = { title: "Dev outbox", robots: { index: false, follow: false } };

const LIMIT = 50;

const timeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

export default async function DevOutboxPage() {
  // Mail bodies hold sign-in codes: this page must not exist in a production build.
  if (process.env.NODE_ENV === "production") notFound();
  // Only a browser on this machine sees it, even with the dev server open to the network (HOST).
  let mails: DevOutboxEntry[];
  try {
    mails = await readDevOutbox(await headers(), LIMIT);
  } catch (err) {
    if (err instanceof NotFound) notFound();
    throw err;
  }

  return (
    <Container className="py-10 sm:py-16">
      <h1 className="text-3xl font-bold text-ink">Dev outbox</h1>
      <p className="mt-3 max-w-2xl text-ink-muted">
        Development only, and only for a browser on this machine. Without <code className="font-mono text-ink">SMTP_URL</code>,
        mail is stored here instead of being sent. Newest first; the latest {LIMIT} are shown.
      </p>

      {mails.length === 0 ? (
        <p className="mt-8 rounded-card border border-dashed border-surface-border bg-surface p-6 text-ink-muted">
          No mail yet. Sign up to see your code here.
        </p>
      ) : (
        <ol className="mt-8 space-y-4">
          {mails.map((mail) => (
            <li key={mail.id}>
              <OutboxMail mail={mail} />
            </li>
          ))}
        </ol>
      )}
    </Container>
  );
}

function OutboxMail({ mail }: { mail: DevOutboxEntry }) {
  const headingId = `mail-${mail.id}`;
  return (
    <article aria-labelledby={headingId} className="min-w-0 rounded-card border border-surface-border bg-surface p-4 sm:p-6">
      <h2 id={headingId} className="break-words text-lg font-semibold text-ink">
        {mail.subject}
      </h2>
      <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
        <dt className="text-ink-muted">To</dt>
        <dd className="break-words text-ink">{mail.to}</dd>
        <dt className="text-ink-muted">Sent</dt>
        <dd className="text-ink">
          <time dateTime={mail.created_at.toISOString()}>{timeFormat.format(mail.created_at)} UTC</time>
        </dd>
      </dl>
      <pre className="mt-4 whitespace-pre-wrap break-words rounded-control bg-surface-sunken p-4 font-mono text-sm text-ink">
        {mail.text}
      </pre>
    </article>
  );
}
