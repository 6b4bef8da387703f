// The README's screenshots of the page templates, taken in Debian's Chromium:
//
//   node tests/browser/screenshot.mjs <base_url> <out_dir> <slug>=<template_id> ...
//
// Opens each published page /p/<slug> as a buyer on a phone (390×844) and a desktop
// (1280×900), both at device scale 1, and saves full-page PNGs as
// <out_dir>/template-<template_id>-<phone|desktop>.png. Fails on any console error, uncaught
// error, CSP violation, request to another origin, or sideways scroll on the phone.
// Prints one line of JSON on success. tests/it/browser.rs's `screenshots_of_the_templates`
// (ignored; run it by name) sets up the pages and runs it.

import { check, fitsTheScreen, launch, noProblems, run, watchedContext } from "./common.mjs";
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 },
};

const [base, outDir, ...pairs] = process.argv.slice(2);
const pages = pairs.map((p) => p.split("="));
if (!base || !outDir || !pages.length || pages.some(([slug, id]) => !slug || !id)) {
  console.error("usage: node screenshot.mjs <base_url> <out_dir> <slug>=<template_id> ...");
  process.exit(2);
}
const started = Date.now();
const problems = [];
const state = { step: "start", problems, browser: null };
mkdirSync(outDir, { recursive: true });

await run("screenshot", 120, state, async () => {
  state.step = "launching Chromium";
  const browser = (state.browser = await launch());
  const shots = [];
  for (const [name, size] of Object.entries(SIZES)) {
    const context = await watchedContext(browser, base, problems, size);
    const page = await context.newPage();
    for (const [slug, id] of pages) {
      state.step = `opening /p/${slug} on a ${name}`;
      const res = await page.goto(`${base}/p/${slug}`, { waitUntil: "load" });
      check(res && res.status() === 200, `/p/${slug} answered ${res && res.status()}`);
      await page.evaluate(() => document.fonts.ready);
      // A countdown's first tick, so the picture shows the script's clock rather than the words.
      await page.waitForTimeout(300);
      if (name === "phone") await fitsTheScreen(page, `/p/${slug}`, size.viewport.width);
      const path = join(outDir, `template-${id}-${name}.png`);
      state.step = `taking ${path}`;
      await page.screenshot({ path, fullPage: true, animations: "disabled", caret: "hide" });
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      noProblems(problems, `/p/${slug} on a ${name}`);
      shots.push({ path, template: id, viewport: name, height, bytes: statSync(path).size });
    }
    await context.close();
  }
  return { ok: true, shots, problems: problems.length, ms: Date.now() - started };
});
