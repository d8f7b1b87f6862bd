import sharp from "sharp";
import { afterEach, describe, expect, it, vi } from "vitest";
import { previewImage } from "@/components/events/preview-image";
import { fontSafe, type PreviewImageView } from "@/lib/events/views";

// The link-preview image is drawn with the one font Next bundles; any character outside it would
// make next/og fetch a font or an emoji from the internet. fontSafe leaves those out.

const view: PreviewImageView = { title: "Rooftop dinner", when: "Sat, Dec 12, 2026, 8:00 PM EST", where: "The Roof, Brooklyn", host: "Maya Chen", isPrivate: false, theme: "indigo", cover: null };

// next/og loads its own layout engine through fetch() of a data: URL; anything else would be the internet.
const realFetch = globalThis.fetch;
function offline() {
  const outside: string[] = [];
  vi.stubGlobal("fetch", (input: unknown, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.startsWith("data:")) return realFetch(url, init);
    outside.push(url);
    return Promise.reject(new Error("no network while drawing"));
  });
  return outside;
}

async function png(response: Response) {
  const bytes = Buffer.from(await response.arrayBuffer());
  return { signature: bytes.subarray(1, 4).toString("ascii"), width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe("fontSafe", () => {
  it("keeps Latin letters, digits and punctuation, drops emoji and other scripts", () => {
    expect(fontSafe("Café «Zoë» – 20 € 🎉 Party")).toBe("Café «Zoë» – 20 € Party");
    expect(fontSafe("a\u00ADb ‖ ſ")).toBe("ab"); // characters Geist lacks go too
    expect(fontSafe("生日快乐 Birthday")).toBe("Birthday");
    expect(fontSafe("🎉🎂")).toBe("");
  });
});

describe("previewImage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("draws a 1200×630 PNG without any request, for an event and for the one that names nothing", async () => {
    const outside = offline();
    const noisy = { ...view, title: fontSafe("🎉 Año nuevo 新年 party ✨"), where: fontSafe("Plaza Mayor, Madrid 🇪🇸") };
    for (const response of [previewImage(view), previewImage(noisy), previewImage(null)]) {
      expect(response.headers.get("content-type")).toBe("image/png");
      expect(await png(response)).toEqual({ signature: "PNG", width: 1200, height: 630 });
    }
    expect(outside).toEqual([]);
  });

  it("draws the host's cover photo behind the text, still without any request", async () => {
    const outside = offline();
    // A red cover: the middle of the image (behind no text) comes out reddish under the dark veil, not the theme's indigo.
    const red = await sharp({ create: { width: 1200, height: 630, channels: 3, background: "#dc2626" } }).jpeg().toBuffer();
    const pixel = async (response: Response) => {
      const { data } = await sharp(Buffer.from(await response.arrayBuffer())).extract({ left: 1100, top: 330, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
      return { r: data[0]!, g: data[1]!, b: data[2]! };
    };
    const plain = await pixel(previewImage(view));
    const covered = await pixel(previewImage({ ...view, cover: `data:image/jpeg;base64,${red.toString("base64")}` }));
    expect(plain.b).toBeGreaterThan(plain.r);
    expect(covered.r).toBeGreaterThan(covered.b + 40);
    expect(outside).toEqual([]);
  });

  it("has every character fontSafe keeps in the bundled font (nothing fetched for any of them)", async () => {
    const outside = offline();
    const ranges = [
      [0x20, 0x7e], [0xa0, 0xac], [0xae, 0x113], [0x116, 0x12b], [0x12e, 0x137], [0x139, 0x13e], [0x141, 0x148], [0x14a, 0x14d], [0x150, 0x17e],
      [0x2013, 0x2014], [0x2018, 0x201a], [0x201c, 0x201e], [0x2020, 0x2022], [0x2026, 0x2026], [0x2030, 0x2030], [0x2032, 0x2033], [0x2039, 0x203a], [0x20ac, 0x20ac], [0x2122, 0x2122],
    ];
    const all = ranges.flatMap(([from, to]) => Array.from({ length: to! - from! + 1 }, (_, i) => String.fromCodePoint(from! + i))).join("");
    expect(fontSafe(all)).toBe(all.replace(/\s+/g, " ").trim());
    for (let i = 0; i < all.length; i += 120) await previewImage({ ...view, title: all.slice(i, i + 120) }).arrayBuffer();
    expect(outside).toEqual([]);
  });

  it("would fetch for an emoji left in (what fontSafe prevents)", async () => {
    const outside = offline();
    await previewImage({ ...view, title: "Party 🎉" }).arrayBuffer().catch(() => null);
    expect(outside.length).toBeGreaterThan(0);
  });

  it("lets a shared cache keep a public event's image, never a private one's", () => {
    expect(previewImage(view).headers.get("cache-control")).toBe("public, max-age=300");
    expect(previewImage({ ...view, isPrivate: true }).headers.get("cache-control")).toBe("private, no-store");
    expect(previewImage(null).headers.get("cache-control")).toBe("private, no-store");
  });
});
