// Buyer pages as a buyer sees them, in Debian's Chromium, at a phone's and a desktop's size:
//
//   node tests/browser/buyer-pages.mjs <base_url> <out_dir> <other_origins|-> <name>=<path> ...
//
// Opens each <path> (no session) and saves a full-page PNG as <out_dir>/<name>-<phone|desktop>.png
// (phone 390×844, desktop 1280×900, device scale 1). <other_origins>: comma-separated origins the
// pages may also reach (a processor's script and API), or "-". Fails on a page that does not
// answer 200, any console error, uncaught error, CSP violation, request to any other origin, or
// sideways scroll on the phone. Prints one line of JSON on success.
// tests/it/browser.rs's `screenshots_of_more_ways_to_pay` sets up the pages and runs it.

import { check, fitsTheScreen, launch, noProblems, run, watchedContext } from "./common.mjs";
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 },
};

const [base, outDir, othersArg, ...pairs] = process.argv.slice(2);
const pages = pairs.map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]);
if (!base || !outDir || !othersArg || !pages.length || pages.some(([name, path]) => !name || !path.startsWith("/"))) {
  console.error("usage: node buyer-pages.mjs <base_url> <out_dir> <other_origins|-> <name>=<path> ...");
  process.exit(2);
}
const others = othersArg === "-" ? [] : othersArg.split(",").map((u) => new URL(u).origin);
const started = Date.now();
const problems = [];
const state = { step: "start", problems, browser: null };
mkdirSync(outDir, { recursive: true });

await run("buyer-pages", 120, state, async () => {
  state.step = "launching Chromium";
  const browser = (state.browser = await launch());
  const shots = [];
  for (const [size, options] of Object.entries(SIZES)) {
    const context = await watchedContext(browser, base, problems, options);
    // Registered last, so it is asked first.
    await context.route((url) => others.includes(url.origin), (route) => route.continue());
    const page = await context.newPage();
    for (const [name, path] of pages) {
      state.step = `opening ${path} on a ${size}`;
      const res = await page.goto(`${base}${path}`, { waitUntil: "networkidle" });
      check(res && res.status() === 200, `${path} answered ${res && res.status()}`);
      if (size === "phone") await fitsTheScreen(page, path, options.viewport.width);
      const file = join(outDir, `${name}-${size}.png`);
      state.step = `taking ${file}`;
      await page.screenshot({ path: file, fullPage: true, animations: "disabled", caret: "hide" });
      noProblems(problems, `${path} on a ${size}`);
      shots.push({ path: file, page: path, viewport: size, bytes: statSync(file).size });
    }
    await context.close();
  }
  return { ok: true, shots, problems: problems.length, ms: Date.now() - started };
});
