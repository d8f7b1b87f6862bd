"use client";

import { LocalDate } from "./local-time";

export type RequestRow = { user_id: string; display_name: string | null; username: string | null; email?: string; joined_at: string };

/** The name a host knows a requester by. */
export function requesterName(row: RequestRow): string {
  return row.display_name ?? row.username ?? row.email ?? "New member";
}

/** Who asked to join and when: shared by an event's request list and the host's inbox. */
export function RequestSummary({ row }: { row: RequestRow }) {
  const handle = row.display_name && row.username ? `@${row.username} · ` : "";
  return (
    <div className="min-w-0">
      <p className="break-words font-medium text-ink">{requesterName(row)}</p>
      <p className="break-words text-sm text-ink-muted">
        {handle}
        {row.email && (row.username || row.display_name) ? `${row.email} · ` : ""}asked on <LocalDate iso={row.joined_at} />
      </p>
    </div>
  );
}
