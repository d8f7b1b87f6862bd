import { writeFileSync } from "node:fs";
import sharp from "sharp";

// A camera for Chromium's fake capture device (--use-file-for-fake-video-capture): a Y4M video
// whose frames show an image, e.g. a screenshot of a real ticket on the event page. Y4M is a header
// line, then per frame "FRAME\n" and the Y, U and V planes (4:2:0: U and V at half size each way).

const WIDTH = 640;
const HEIGHT = 480;

/** Writes `file`: `frames` frames of `image` (any format sharp reads) centred on white, 480 px tall at most. */
export async function writeY4m(file: string, image: Buffer, frames = 5): Promise<void> {
  const side = HEIGHT - 80;
  const picture = await sharp(image).resize(side, side, { fit: "contain", background: "#ffffff" }).flatten({ background: "#ffffff" }).toBuffer();
  const luma = await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: "#ffffff" } })
    .composite([{ input: picture, left: (WIDTH - side) / 2, top: (HEIGHT - side) / 2 }])
    .greyscale()
    .raw()
    .toBuffer();
  // sharp keeps 3 channels after greyscale(): take one of them as the Y plane.
  const y = Buffer.alloc(WIDTH * HEIGHT);
  const channels = luma.length / (WIDTH * HEIGHT);
  for (let i = 0; i < y.length; i++) y[i] = luma[i * channels]!;
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), y, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F${frames}:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
