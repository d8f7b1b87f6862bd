import { randomBytes } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claim, sharedPageKey } from "@/lib/http/shared-pages/serve";
import { CATALOG_TIMING } from "@/lib/discover/catalog";
import { ANONYMOUS_TTL_MS } from "@/lib/events/access";
import { MAX_PAGE_BYTES, SHARED_PAGE_TTL_MS, SharedPages, SHOWN_CATALOG, shownEvent, shownUser, type PageShare } from "@/lib/http/shared-pages/store";
import { nonceOfPolicy, pageCsp } from "@/lib/security-headers";

const EVENT = "6b0e7914240ec6afac83f912";
const HOST = "6b0e79134bda08fe0caef9e0";

function clock(start = 1_000_000) {
  const c = { now: start, fn: () => c.now };
  return c;
}

const share = (over: Partial<PageShare> = {}): PageShare => ({ shows: [shownEvent(EVENT), shownUser(HOST)], dataAt: 1_000_000, limit: null, until: null, ...over });
/** A discover listing of events a and b. */
const listing = (over: Partial<PageShare> = {}) => share({ shows: [SHOWN_CATALOG, shownEvent("a".repeat(24)), shownEvent("b".repeat(24))], ...over });
const page = (key: string, over: Partial<PageShare> = {}) => ({ ...share(over), key, headers: [] as [string, string][], html: `<html>${key}</html>`, nonce: "n0" });

describe("shared pages: what is kept, and for how long", () => {
  it("keeps a page until the event data it was rendered from runs out, not for a full TTL from when it was kept", () => {
    const c = clock();
    const pages = new SharedPages(c.fn, 10_000);
    c.now += 4_000; // the data was read 4 s before the page was kept
    pages.keep(page("/events/a"));
    expect(pages.get("/events/a")?.html).toBe("<html>/events/a</html>");
    c.now = 1_000_000 + 9_999;
    expect(pages.get("/events/a")).not.toBeNull();
    c.now = 1_000_000 + 10_000;
    expect(pages.get("/events/a")).toBeNull();
  });

  it("is never kept past its `until` (an invite link's expiry), however fresh its data", () => {
    const c = clock();
    const pages = new SharedPages(c.fn, 10_000);
    pages.keep(page("/events/join?a", { until: 1_000_000 + 3_000 }));
    c.now += 2_999;
    expect(pages.get("/events/join?a")).not.toBeNull();
    c.now += 1;
    expect(pages.get("/events/join?a")).toBeNull();
    pages.keep(page("/events/join?b", { until: c.now - 1 })); // already expired: not kept at all
    expect(pages.size).toBe(0);
  });

  it("lasts as long as the signed-out event data and discover's cards it follows", () => {
    expect(SHARED_PAGE_TTL_MS).toBe(ANONYMOUS_TTL_MS);
    expect(SHARED_PAGE_TTL_MS).toBe(CATALOG_TIMING.docTtlMs);
  });

  it("keeps a render only when it offered itself and nothing it shows changed while it ran", () => {
    const c = clock();
    const pages = new SharedPages(c.fn, 10_000);
    pages.begin("quiet");
    expect(pages.finish("quiet")).toBeNull(); // rendered, never offered (a 404, a signed-in page)

    pages.begin("offered");
    pages.share("offered", share());
    expect(pages.finish("offered")?.share).toEqual(share());
    expect(pages.finish("offered")).toBeNull(); // taken once

    for (const change of [() => pages.dropEvents([EVENT]), () => pages.dropUsers([HOST]), () => pages.dropEvents("all")]) {
      pages.begin("raced");
      pages.share("raced", share());
      c.now += 1;
      change();
      expect(pages.finish("raced")).toBeNull();
      c.now += 1;
    }

    // A change before the render started does not stop it: the render read the new data.
    pages.dropEvents([EVENT]);
    c.now += 1;
    pages.begin("after");
    pages.share("after", share());
    expect(pages.finish("after")).not.toBeNull();

    // Another event's change, or another user's, does not matter.
    pages.begin("other");
    pages.share("other", share());
    pages.dropEvents(["6b0e7914240ec6afac83f999"]);
    pages.dropUsers(["6b0e79134bda08fe0caef999"]);
    expect(pages.finish("other")).not.toBeNull();
  });

  it("ignores an offer from a request that was not begun (not a page it may keep)", () => {
    const pages = new SharedPages(clock().fn, 10_000);
    pages.share("stranger", share());
    expect(pages.finish("stranger")).toBeNull();
  });

  it("drops the pages of a changed event or host at once, and only those", () => {
    const pages = new SharedPages(clock().fn, 10_000);
    pages.keep(page("/events/a"));
    pages.keep(page("/events/b", { shows: [shownEvent("b".repeat(24)), shownUser(HOST)] }));
    pages.keep(page("/events/c", { shows: [shownEvent("c".repeat(24)), shownUser("d".repeat(24))] }));
    pages.dropEvents([EVENT]);
    expect(pages.get("/events/a")).toBeNull();
    expect(pages.get("/events/b")).not.toBeNull();
    pages.dropUsers([HOST]);
    expect(pages.get("/events/b")).toBeNull();
    expect(pages.get("/events/c")).not.toBeNull();
    pages.dropUsers("all");
    expect(pages.size).toBe(0);
  });

  it("drops a discover listing when the catalog changes or any event it shows is written, and only then", () => {
    const c = clock();
    const pages = new SharedPages(c.fn, 10_000);
    const keepAll = () => {
      pages.keep(page("/discover", listing()));
      pages.keep(page("/events/a", share()));
    };
    keepAll();
    pages.dropEvents(["c".repeat(24)]);
    pages.dropUsers([HOST]); // hosts are not on discover's cards
    expect(pages.get("/discover")).not.toBeNull();
    pages.dropEvents(["b".repeat(24)]);
    expect(pages.get("/discover")).toBeNull();

    keepAll();
    pages.dropCatalog();
    expect(pages.get("/discover")).toBeNull();
    expect(pages.get("/events/a")).not.toBeNull(); // an event's page does not show the catalog

    // A render of the listing under way when the catalog changes is not kept; an event page's is.
    c.now += 1;
    pages.begin("listing");
    pages.share("listing", listing());
    pages.begin("event");
    pages.share("event", share());
    c.now += 1;
    pages.dropCatalog();
    expect(pages.finish("listing")).toBeNull();
    expect(pages.finish("event")).not.toBeNull();
  });

  it("calls only the followers of what a page shows before it is sent from memory", async () => {
    const pages = new SharedPages(clock().fn, 10_000);
    const called: string[] = [];
    pages.follow("event", async () => void called.push("event"));
    pages.follow("event", async () => void called.push("event, another module graph"));
    pages.follow("catalog", async () => void called.push("catalog"));
    await pages.fresh(share());
    expect(called.sort()).toEqual(["event", "event, another module graph"]);
    called.length = 0;
    await pages.fresh(listing());
    expect(called.sort()).toEqual(["catalog", "event", "event, another module graph"]);
  });

  it("is bounded: the least recently used page goes, and a page too large is not kept", () => {
    const pages = new SharedPages(clock().fn, 10_000, 2);
    pages.keep(page("/events/a"));
    pages.keep(page("/events/b"));
    pages.get("/events/a");
    pages.keep(page("/events/c"));
    expect(pages.get("/events/b")).toBeNull();
    expect(pages.get("/events/a")).not.toBeNull();
    expect(pages.get("/events/c")).not.toBeNull();
    pages.keep({ ...page("/events/big"), html: "x".repeat(MAX_PAGE_BYTES + 1) });
    expect(pages.get("/events/big")).toBeNull();
  });
});

describe("shared pages: which requests may get one", () => {
  const req = (url: string, headers: Record<string, string> = {}, method = "GET") => ({ url, method, headers }) as unknown as IncomingMessage;

  it("takes signed-out GETs of event pages, one key per URL and kind of client", () => {
    expect(sharedPageKey(req(`/events/${EVENT}`))).toBe(`browser /events/${EVENT}`);
    expect(sharedPageKey(req("/events/join?event_id=x&token=y", { cookie: "theme=dark" }))).toBe("browser /events/join?event_id=x&token=y");
    // Crawlers that do not run scripts get their metadata in <head>: a page of their own.
    expect(sharedPageKey(req(`/events/${EVENT}`, { "user-agent": "Slackbot-LinkExpanding 1.0" }))).toBe(`html /events/${EVENT}`);
    expect(sharedPageKey(req("/discover"))).toBe("browser /discover");
    expect(sharedPageKey(req("/discover?tag=hiking&sort=newest"))).toBe("browser /discover?tag=hiking&sort=newest");
  });

  it("leaves everything else to Next", () => {
    expect(sharedPageKey(req(`/events/${EVENT}`, {}, "HEAD"))).toBeNull();
    expect(sharedPageKey(req(`/events/${EVENT}`, {}, "POST"))).toBeNull();
    expect(sharedPageKey(req("/discovery"))).toBeNull();
    expect(sharedPageKey(req("/discover/x"))).toBeNull();
    expect(sharedPageKey(req("/"))).toBeNull();
    expect(sharedPageKey(req("/discover", { cookie: "authjs.session-token=abc" }))).toBeNull();
    expect(sharedPageKey(req(`/events/${EVENT}`, { cookie: "a=1; authjs.session-token=abc" }))).toBeNull();
    expect(sharedPageKey(req(`/events/${EVENT}`, { cookie: "__Secure-authjs.session-token.0=abc" }))).toBeNull();
    expect(sharedPageKey(req(`/events/${EVENT}`, { cookie: "flag; authjs.session-token=abc" }))).toBeNull();
    expect(sharedPageKey(req(`/events/${EVENT}`, { rsc: "1" }))).toBeNull();
    expect(sharedPageKey(req(`/events/${EVENT}`, { "next-router-prefetch": "1" }))).toBeNull();
    expect(sharedPageKey(req(`/events/${EVENT}?_rsc=abc`))).toBeNull();
  });
});

describe("shared pages on a Node server", () => {
  // A stand-in for Next: it renders with the nonce of the request's policy, gzips like Next's
  // compression, and (like the event page, signed out) offers its render.
  let server: http.Server;
  let base: string;
  let pages: SharedPages;
  let renders: number;
  let respond: (req: IncomingMessage, res: ServerResponse, nonce: string) => void;

  const html = (nonce: string, title: string) =>
    `<!DOCTYPE html><html><head><script nonce="${nonce}">1</script></head><body><h1>${title}</h1><script nonce="${nonce}">self.__next_f.push([1,"{\\"nonce\\":\\"${nonce}\\"}"])</script></body></html>`;

  const renderer = (title: string, status = 200, extra: (res: ServerResponse) => void = () => {}) => (req: IncomingMessage, res: ServerResponse, nonce: string) => {
    renders++;
    pages.share(nonce, share({ dataAt: Date.now() }));
    res.statusCode = status;
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.setHeader("Vary", "rsc, Accept-Encoding");
    extra(res);
    const body = html(nonce, title);
    if (/gzip/.test(String(req.headers["accept-encoding"]))) {
      res.setHeader("Content-Encoding", "gzip");
      const zipped = gzipSync(body);
      res.write(zipped.subarray(0, 10)); // in pieces, as a stream sends it
      res.end(zipped.subarray(10));
    } else res.end(body);
  };

  beforeEach(async () => {
    pages = new SharedPages(Date.now, 10_000);
    renders = 0;
    respond = renderer("Picnic");
    server = http.createServer((req, res) => {
      const policy = pageCsp(randomBytes(16).toString("base64"), { dev: false, https: false });
      req.headers["content-security-policy"] = policy;
      res.setHeader("Content-Security-Policy", policy);
      const toNext = () => respond(req, res, nonceOfPolicy(policy)!);
      const claimed = claim(pages, req, res);
      if (!claimed) toNext();
      else void claimed.then((answered) => answered || toNext());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const get = async (path = `/events/${EVENT}`, headers: Record<string, string> = {}) => {
    const res = await fetch(base + path, { headers: { "accept-encoding": "gzip", ...headers } });
    const text = await res.text();
    const nonce = nonceOfPolicy(res.headers.get("content-security-policy"));
    return { res, text, nonce };
  };

  it("renders once, then answers from memory with each response's own nonce everywhere the render had one", async () => {
    const first = await get();
    const second = await get();
    const third = await get();
    expect(renders).toBe(1);
    expect(first.res.headers.get("age")).toBeNull();
    for (const { res, text, nonce } of [second, third]) {
      expect(res.status).toBe(200);
      expect(res.headers.get("age")).toBe("0");
      expect(res.headers.get("content-encoding")).toBe("gzip");
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("vary")).toBe("rsc, Accept-Encoding");
      expect(text).toBe(html(nonce!, "Picnic"));
    }
    expect(new Set([first.nonce, second.nonce, third.nonce]).size).toBe(3);
    expect(third.text).not.toContain(first.nonce!);
  });

  it("answers a client that takes no gzip with plain HTML", async () => {
    await get();
    const res = await fetch(`${base}/events/${EVENT}`, { headers: { "accept-encoding": "identity" } });
    expect(res.headers.get("age")).toBe("0");
    expect(res.headers.get("content-encoding")).toBeNull();
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.toString()).toBe(html(nonceOfPolicy(res.headers.get("content-security-policy"))!, "Picnic"));
    expect(() => gunzipSync(body)).toThrow();
  });

  it("renders again once the event changes", async () => {
    await get();
    pages.dropEvents([EVENT]);
    // A render starting in the same millisecond as a drop may have read the old data: not kept.
    await new Promise((resolve) => setTimeout(resolve, 2));
    respond = renderer("Picnic, moved indoors");
    const after = await get();
    expect(renders).toBe(2);
    expect(after.text).toContain("Picnic, moved indoors");
    expect((await get()).text).toContain("Picnic, moved indoors");
    expect(renders).toBe(2);
  });

  it("catches up with other processes' changes before answering from memory", async () => {
    await get();
    pages.follow("event", async () => pages.dropEvents([EVENT])); // a noted change arrives with the check
    respond = renderer("Picnic, cancelled");
    expect((await get()).text).toContain("Picnic, cancelled");
    expect(renders).toBe(2);
  });

  it("never keeps a signed-in page, an error, a page that sets a cookie or one whose boundary failed", async () => {
    await get(`/events/${EVENT}`, { cookie: "authjs.session-token=abc" });
    await get(`/events/${EVENT}`, { cookie: "authjs.session-token=abc" });
    expect(renders).toBe(2);

    respond = renderer("Oops", 500);
    await get();
    await get();
    expect(renders).toBe(4);

    respond = renderer("Welcome", 200, (res) => res.setHeader("Set-Cookie", "a=1"));
    await get();
    await get();
    expect(renders).toBe(6);

    respond = (req, res, nonce) => {
      renders++;
      pages.share(nonce, share({ dataAt: Date.now() }));
      res.setHeader("Content-Type", "text/html");
      res.end(html(nonce, "<!--$!--><template data-dgst=\"123\"></template>"));
    };
    await get();
    await get();
    expect(renders).toBe(8);
  });

  it("does not keep a render that did not offer itself", async () => {
    respond = (_req, res, nonce) => {
      renders++;
      res.setHeader("Content-Type", "text/html");
      res.end(html(nonce, "Too many attempts"));
    };
    await get();
    await get();
    expect(renders).toBe(2);
  });
});
