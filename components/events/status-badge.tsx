import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { AttendanceStatus } from "@/lib/events/views";

export const STATUS_LABELS: Record<AttendanceStatus, string> = {
  attending: "Going",
  maybe: "Maybe",
  not_attending: "Not going",
  pending: "Awaiting approval",
  waitlisted: "Waitlisted",
};

const STATUS_TONES: Record<AttendanceStatus, BadgeTone> = {
  attending: "success",
  maybe: "brand",
  not_attending: "neutral",
  pending: "warning",
  waitlisted: "warning",
};

export function StatusBadge({ status }: { status: AttendanceStatus }) {
  return <Badge tone={STATUS_TONES[status]}>{STATUS_LABELS[status]}</Badge>;
}

export function VisibilityBadge({ isPrivate }: { isPrivate: boolean }) {
  return <Badge tone={isPrivate ? "neutral" : "brand"}>{isPrivate ? "Private" : "Public"}</Badge>;
}
