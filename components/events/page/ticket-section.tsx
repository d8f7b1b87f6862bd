import { Card } from "@/components/ui/card";
import type { TicketView } from "@/lib/events/tickets";

/**
 * The guest's ticket while they are attending: a QR code the host scans at the door and its short
 * code. Drawn as dark squares on white whatever the theme: scanners need the contrast.
 */
export function TicketSection({ ticket, eventTitle, timeZone }: { ticket: TicketView; eventTitle: string; timeZone: string }) {
  const checkedIn = ticket.checkedInAt
    ? new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(new Date(ticket.checkedInAt))
    : null;
  return (
    <section aria-labelledby="ticket-title" className="mt-6">
      <Card className="flex flex-col items-center gap-3 p-4 text-center sm:flex-row sm:items-center sm:gap-6 sm:p-6 sm:text-left">
        <svg
          role="img"
          aria-label={`Ticket QR code for ${eventTitle}, code ${ticket.code}`}
          viewBox={`0 0 ${ticket.qr.size} ${ticket.qr.size}`}
          shapeRendering="crispEdges"
          data-testid="ticket-qr"
          data-ticket={ticket.token}
          className="size-56 shrink-0 rounded-control border border-surface-border bg-white sm:size-48"
        >
          <path d={ticket.qr.path} fill="#000" />
        </svg>
        <div className="flex min-w-0 flex-col gap-1">
          <h2 id="ticket-title" className="text-lg font-semibold text-ink">
            Your ticket
          </h2>
          <p className="text-ink-muted">Show this code at the door. It is yours alone: the host scans it to check you in.</p>
          <p className="mt-1 font-mono text-xl font-bold tracking-widest text-ink">
            <span className="sr-only">Ticket code: </span>
            {ticket.code}
          </p>
          {checkedIn ? <p className="text-sm font-medium text-success">Checked in at {checkedIn}</p> : null}
        </div>
      </Card>
    </section>
  );
}
