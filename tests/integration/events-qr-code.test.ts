import { inflateSync } from "node:zlib";
import jsQR from "jsqr";
import { describe, expect, it } from "vitest";
import { createEvent, makeUser, routes, setUpEventsApi } from "./events-api-support";
import { call } from "./events-support";

// The invite link's QR code (GET /api/v1/events/{id}/qr-code), decoded back to the link.

setUpEventsApi();

/** A minimal PNG reader (8-bit, non-interlaced) → RGBA pixels, enough to hand the QR code to jsQR. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Uint8ClampedArray } {
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const length = png.readUInt32BE(pos);
    const type = png.toString("ascii", pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8], "bit depth").toBe(8);
      colorType = data[9]!;
      expect(data[12], "interlace").toBe(0);
    } else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    pos += 12 + length;
  }
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (!channels) throw new Error(`unsupported PNG color type ${colorType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const predictor = [0, a, b, Math.floor((a + b) / 2), paeth][filter]!;
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const px = pixels.subarray(i * channels, i * channels + channels);
    const [r, g, b] = channels >= 3 ? [px[0]!, px[1]!, px[2]!] : [px[0]!, px[0]!, px[0]!];
    rgba.set([r, g, b, channels === 4 ? px[3]! : channels === 2 ? px[1]! : 255], i * 4);
  }
  return { width, height, rgba };
}

describe("GET /api/v1/events/{id}/qr-code", () => {
  it("is a PNG that decodes to the invite link, never cached", async () => {
    const owner = await makeUser();
    const ev = await createEvent(owner, { is_private: true });
    const res = await call(routes.qr.GET, "GET", { id: ev.id }, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const png = Buffer.from(await res.arrayBuffer());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const { width, height, rgba } = decodePng(png);
    expect(width).toBe(1024); // sharp when printed (issue 13: at least 1024 px)
    expect(jsQR(rgba, width, height)?.data).toBe(ev.link);
  });
});
