// sharp's resize without the lossy step: every *.jpg in IN_DIR resized to
// widths 480/960/1600 exactly as ../shared/bench/sharp_resize.js does, saved
// as lossless PNG (IN-W.png) in OUT_DIR. `examples/encoder_sweep.rs
// --sharp-ref OUT_DIR` scores every encoder against these too, so a DSSIM
// claim does not rest on rapport's own resize being the reference.
//
//   cd <dir where `npm i sharp` was run> && node /path/to/sharp_reference.js IN_DIR OUT_DIR
const { createRequire } = require("module");
const fs = require("fs");
const path = require("path");
const sharp = createRequire(path.join(process.cwd(), "noop.js"))("sharp");

const [inDir, outDir] = process.argv.slice(2);
if (!inDir || !outDir) {
  console.error("usage: node sharp_reference.js IN_DIR OUT_DIR");
  process.exit(2);
}
const WIDTHS = [480, 960, 1600];
sharp.cache(false);

(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  const files = fs.readdirSync(inDir).filter((f) => f.endsWith(".jpg")).sort();
  for (const file of files) {
    const base = path.basename(file, path.extname(file));
    const src = sharp(path.join(inDir, file));
    await Promise.all(WIDTHS.map((w) => src.clone().resize({ width: w })
      .png({ compressionLevel: 1 }).toFile(path.join(outDir, `${base}-${w}.png`))));
  }
  console.log(JSON.stringify({ images: files.length, sharp: sharp.versions.sharp, vips: sharp.versions.vips }));
})();
