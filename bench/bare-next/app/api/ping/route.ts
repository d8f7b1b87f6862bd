// A route handler returning JSON about the size of Invyta's event JSON (GET /api/v1/events/{id}),
// built per request (nothing cached), so that the two differ only by what Invyta does besides.
export const dynamic = "force-dynamic";

export function GET() {
  const now = new Date();
  const starts = new Date(now.getTime() + 14 * 86_400_000);
  return Response.json({
    _id: "6650f1c2a1b2c3d4e5f60718",
    title: "Bench event",
    description: "A benchmark event. Everyone is welcome; bring a friend and a good mood.",
    date: starts.toISOString(),
    starts_at: starts.toISOString(),
    ends_at: new Date(starts.getTime() + 3 * 3_600_000).toISOString(),
    timezone: "Europe/Berlin",
    location: "Community Hall, Berlin",
    max_people: 50,
    seats_left: 50,
    is_private: false,
    tags: ["bench", "music", "meetup"],
    owner: { user_id: "6650f1c2a1b2c3d4e5f60719", username: "bench_host", bio: "Hosts the benchmark events." },
    counts: { attending: 0, maybe: 0, not_attending: 0, waitlisted: 0, pending: 0 },
    viewer: { is_owner: false, rsvp_status: null },
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  });
}
