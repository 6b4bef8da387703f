// Dashboard pages as an admin sees them, in Debian's Chromium, at a phone's and a desktop's size:
//
//   node tests/browser/dashboard.mjs <base_url> <admin_email> <admin_password> <out_dir> <name>=<path> ...
//
// Signs in through /admin/login in each size's browser, opens each <path> and saves a full-page
// PNG as <out_dir>/<name>-<phone|desktop>.png (phone 390×844, desktop 1280×900, device scale 1).
// Fails on a page that does not answer 200, any console error, uncaught error, CSP violation,
// request to another origin, or sideways scroll on the phone. Prints one line of JSON on success.
// tests/it/browser.rs's `the_access_pages_fit_phones_and_desktops` sets up the buyers and runs it.

import { check, fitsTheScreen, launch, noProblems, run, watchedContext } from "./common.mjs";
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 },
};

const [base, email, password, outDir, ...pairs] = process.argv.slice(2);
const pages = pairs.map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]);
if (!base || !email || !password || !outDir || !pages.length || pages.some(([name, path]) => !name || !path.startsWith("/"))) {
  console.error("usage: node dashboard.mjs <base_url> <admin_email> <admin_password> <out_dir> <name>=<path> ...");
  process.exit(2);
}
const started = Date.now();
const problems = [];
const state = { step: "start", problems, browser: null };
mkdirSync(outDir, { recursive: true });

await run("dashboard", 120, state, async () => {
  state.step = "launching Chromium";
  const browser = (state.browser = await launch());
  const shots = [];
  for (const [size, options] of Object.entries(SIZES)) {
    const context = await watchedContext(browser, base, problems, options);
    const page = await context.newPage();
    state.step = `signing in on a ${size}`;
    await page.goto(`${base}/admin/login`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/admin/login")), page.getByRole("button", { name: "Sign in" }).click()]);
    for (const [name, path] of pages) {
      state.step = `opening ${path} on a ${size}`;
      const res = await page.goto(`${base}${path}`, { waitUntil: "load" });
      check(res && res.status() === 200, `${path} answered ${res && res.status()}`);
      if (size === "phone") await fitsTheScreen(page, path, options.viewport.width);
      const file = join(outDir, `${name}-${size}.png`);
      state.step = `taking ${file}`;
      await page.screenshot({ path: file, fullPage: true, animations: "disabled", caret: "hide" });
      noProblems(problems, `${path} on a ${size}`);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      shots.push({ path: file, page: path, viewport: size, height, bytes: statSync(file).size });
    }
    await context.close();
  }
  return { ok: true, shots, problems: problems.length, ms: Date.now() - started };
});
