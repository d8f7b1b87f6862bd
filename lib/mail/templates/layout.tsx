// The frame and building blocks every mail's HTML part is made of. React Email components give the
// email-client-safe markup (table layout, Outlook button padding); JSX escapes every interpolated
// value. No external images: mail clients block them and they track.
import { Body } from "@react-email/body";
import { Button } from "@react-email/button";
import { Container } from "@react-email/container";
import { Head } from "@react-email/head";
import { Heading } from "@react-email/heading";
import { Link } from "@react-email/link";
import { render } from "@react-email/render";
import { Text } from "@react-email/text";
import type { ReactElement, ReactNode } from "react";

const COLORS = { ink: "#111827", muted: "#4b5563", brand: "#4338ca", page: "#f9fafb", card: "#ffffff", border: "#e5e7eb" };
const FONT = "system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif";
const MONO = "ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/** The shared frame: lang, a title, one heading, readable contrast, and the app's address at the foot. */
export function MailLayout({ subject, heading, appUrl, children }: { subject: string; heading: string; appUrl: string; children: ReactNode }) {
  // A plain <html>: React Email's <Html> adds dir="ltr", which these English-only mails do not need.
  return (
    <html lang="en">
      <Head>
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{subject}</title>
      </Head>
      <Body style={{ margin: 0, padding: 0, background: COLORS.page, fontFamily: FONT }}>
        <div role="article" aria-roledescription="email" aria-label={subject} lang="en" style={{ padding: "24px 12px" }}>
          <Container
            style={{
              maxWidth: 560,
              padding: "32px 24px",
              background: COLORS.card,
              border: `1px solid ${COLORS.border}`,
              borderRadius: 12,
            }}
          >
            <Heading as="h1" style={{ margin: "0 0 16px", fontSize: 24, lineHeight: 1.3, color: COLORS.ink }}>
              {heading}
            </Heading>
            {children}
            <Text style={{ margin: "32px 0 0", fontSize: 14, lineHeight: 1.5, color: COLORS.muted }}>
              Invyta · <InlineLink href={appUrl}>{trimSlash(appUrl)}</InlineLink>
            </Text>
          </Container>
        </div>
      </Body>
    </html>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={{ margin: "0 0 16px", fontSize: 16, lineHeight: 1.5, color: COLORS.ink }}>{children}</Text>;
}

export function Muted({ children }: { children: ReactNode }) {
  return <Text style={{ margin: "24px 0 0", fontSize: 14, lineHeight: 1.5, color: COLORS.muted }}>{children}</Text>;
}

export function InlineLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} style={{ color: COLORS.brand, textDecoration: "underline" }}>
      {children}
    </Link>
  );
}

export function CallToAction({ href, children }: { href: string; children: string }) {
  return (
    <Text style={{ margin: "24px 0" }}>
      <Button
        href={href}
        style={{ padding: "12px 20px", borderRadius: 8, background: COLORS.brand, color: "#ffffff", fontSize: 16, fontWeight: 600 }}
      >
        {children}
      </Button>
    </Text>
  );
}

/** A one-time code, large and spaced so it is easy to read and type. */
export function Code({ children }: { children: string }) {
  return (
    <Text
      style={{ margin: "8px 0 24px", fontFamily: MONO, fontSize: 32, lineHeight: 1.25, fontWeight: 700, letterSpacing: 6, color: COLORS.ink }}
    >
      {children}
    </Text>
  );
}

/** An inline PNG (a data: URL checked by the caller), never a remote image. */
export function InlineImage({ src, alt, size }: { src: string; alt: string; size: number }) {
  return (
    <Text style={{ margin: "0 0 16px" }}>
      {/* eslint-disable-next-line @next/next/no-img-element -- mail HTML, not a Next page */}
      <img src={src} alt={alt} width={size} height={size} style={{ display: "block", border: 0 }} />
    </Text>
  );
}

/** The HTML part of a mail. */
export async function renderMail(mail: ReactElement): Promise<string> {
  const html = await render(mail);
  // React Email writes the XHTML 1.0 Transitional doctype; these mails are HTML5 documents, as before.
  return html.replace(/^<!DOCTYPE[^>]*>/i, "<!doctype html>");
}
