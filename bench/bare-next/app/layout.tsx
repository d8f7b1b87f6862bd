import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";

export const metadata: Metadata = { title: "Bare Next.js", description: "The baseline the benchmarks divide by." };

// Rendered per request, as every Invyta page is: `connection()` opts out of prerendering.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>
        <header>
          <nav>
            <a href="/">Home</a> · <a href="/about">About</a>
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer>A bare Next.js app</footer>
      </body>
    </html>
  );
}
