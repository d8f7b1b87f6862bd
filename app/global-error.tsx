"use client";

// Replaces the root layout when it fails itself, so it brings its own <html> and <body>. The root
// layout reads the session, so during a database outage this is the page a signed-in visitor sees
// (answered 503 by the server: lib/outages.ts).
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "4rem 1rem", textAlign: "center" }}>
        <h1>Invyta is temporarily unavailable</h1>
        <p>Part of our service is not answering just now. It usually comes back within a minute: please try again shortly.</p>
        <button type="button" onClick={reset} style={{ minHeight: 44, padding: "0 1rem" }}>
          Try again
        </button>
      </body>
    </html>
  );
}
