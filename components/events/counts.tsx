import { cn } from "@/components/ui/cn";
import type { AttendanceStatus, EventCounts } from "@/lib/events/views";
import { STATUS_LABELS } from "./status-badge";

const COUNT_LABELS: Partial<Record<AttendanceStatus, string>> = {
  attending: "Going",
  maybe: "Maybe",
  pending: "Pending",
  waitlisted: "Waitlisted",
};

/**
 * Counts at a glance: big number, label under it. `show` picks which and in what order. `guests`:
 * the plus-ones of those going, shown beside them ("12 (+3 guests) / 20": capacity counts people).
 */
export function Counts({
  counts,
  show,
  maxPeople,
  guests = 0,
  size = "md",
}: {
  counts: EventCounts;
  show: AttendanceStatus[];
  maxPeople?: number | null;
  guests?: number;
  size?: "sm" | "md";
}) {
  return (
    <dl className="flex flex-wrap gap-x-6 gap-y-2">
      {show.map((status) => (
        <div key={status} className="flex flex-col-reverse">
          <dt className="text-xs font-medium uppercase tracking-wide text-ink-muted">{COUNT_LABELS[status] ?? STATUS_LABELS[status]}</dt>
          <dd data-testid={`count-${status}`} className={cn("font-bold text-ink", size === "md" ? "text-2xl" : "text-lg")}>
            {counts[status]}
            {status === "attending" && guests > 0 ? (
              <span data-testid="count-plus-ones" className="text-sm font-medium text-ink-muted">
                {" "}
                (+{guests} {guests === 1 ? "guest" : "guests"})
              </span>
            ) : null}
            {status === "attending" && maxPeople ? <span className="text-sm font-medium text-ink-muted"> / {maxPeople}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
