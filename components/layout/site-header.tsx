import { Link } from "@/components/ui/link";
import { Container } from "@/components/ui/container";
import { signOutAction } from "@/lib/auth/actions";
import { MobileMenu, NavBadge, type NavItem } from "./mobile-menu";

export type HeaderUser = { username: string | null; email: string } | null;

export function SiteHeader({ items, user }: { items: NavItem[]; user: HeaderUser }) {
  return (
    <header className="relative border-b border-surface-border bg-surface">
      <Container className="flex min-h-16 items-center justify-between gap-4">
        <Link href="/" className="flex min-h-11 items-center gap-2 text-lg font-bold text-brand-ink">
          <span aria-hidden="true" className="inline-flex h-8 w-8 items-center justify-center rounded-control bg-brand text-white">
            I
          </span>
          Invyta
        </Link>
        <nav aria-label="Main" className="hidden md:block">
          <ul className="flex items-center gap-1">
            {items.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  className="inline-flex min-h-11 items-center rounded-control px-3 text-sm font-medium text-ink hover:bg-surface-sunken"
                >
                  {item.label}
                  {item.badge ? <NavBadge count={item.badge} /> : null}
                </Link>
              </li>
            ))}
            {user ? (
              <li>
                <form action={signOutAction}>
                  <button
                    type="submit"
                    className="inline-flex min-h-11 items-center rounded-control px-3 text-sm font-medium text-ink hover:bg-surface-sunken"
                  >
                    Sign out
                    <span className="sr-only"> ({user.username ?? user.email})</span>
                  </button>
                </form>
              </li>
            ) : null}
          </ul>
        </nav>
        <MobileMenu items={items} signedIn={user !== null} />
      </Container>
    </header>
  );
}
