"use client";

import { Link } from "@/components/ui/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { signOutAction } from "@/lib/auth/actions";

/** `badge`: how many things wait there (the inbox), shown beside the label when more than 0. */
export type NavItem = { href: string; label: string; badge?: number };

/** The count beside a nav label, and the words a screen reader hears for it. */
export function NavBadge({ count }: { count: number | undefined }) {
  if (!count) return null;
  return (
    <>
      <span aria-hidden="true" className="ml-1.5 inline-flex min-w-5 items-center justify-center rounded-pill bg-brand px-1.5 text-xs font-semibold leading-5 text-white" data-testid="nav-badge">
        {count > 99 ? "99+" : count}
      </span>
      <span className="sr-only"> ({count} waiting)</span>
    </>
  );
}

/** The phone navigation: a disclosure button that opens the same links as the desktop bar. */
export function MobileMenu({ items, signedIn }: { items: NavItem[]; signedIn: boolean }) {
  const [open, setOpen] = useState(false);
  const [lastPath, setLastPath] = useState<string | null>(null);
  const pathname = usePathname();
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);

  // Close after navigating (adjusting state during render, as React recommends over an effect).
  if (pathname !== lastPath) {
    setLastPath(pathname);
    if (open) setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <div className="md:hidden">
      <button
        ref={buttonRef}
        type="button"
        className="inline-flex min-h-11 min-w-11 items-center justify-center rounded-control border border-surface-border px-3 text-sm font-medium"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((v) => !v)}
      >
        <span aria-hidden="true" className="mr-2 text-lg leading-none">
          {open ? "✕" : "☰"}
        </span>
        Menu
        <NavBadge count={items.reduce((n, item) => n + (item.badge ?? 0), 0)} />
      </button>
      <nav
        id={panelId}
        aria-label="Main"
        hidden={!open}
        className="absolute inset-x-0 top-full z-20 border-b border-surface-border bg-surface shadow-md"
      >
        {/* The links exist only while the panel is open: every page's HTML skips five hidden links. */}
        {open ? (
          <ul className="flex flex-col px-4 py-2">
            {items.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  className="block min-h-11 rounded-control px-2 py-3 text-base font-medium hover:bg-surface-sunken"
                  aria-current={pathname === item.href ? "page" : undefined}
                >
                  {item.label}
                  <NavBadge count={item.badge} />
                </Link>
              </li>
            ))}
            {signedIn ? (
              <li>
                <form action={signOutAction}>
                  <button type="submit" className="block min-h-11 w-full rounded-control px-2 py-3 text-left text-base font-medium hover:bg-surface-sunken">
                    Sign out
                  </button>
                </form>
              </li>
            ) : null}
          </ul>
        ) : null}
      </nav>
    </div>
  );
}
