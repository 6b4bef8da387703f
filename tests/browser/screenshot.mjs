// The README's screenshots of the page templates, taken in Debian's Chromium:
//
//   node tests/browser/screenshot.mjs <base_url> <out_dir> <slug>=<template_id> ...
//
// Opens each published page /p/<slug> as a buyer on a phone (390×844) and a desktop
// (1280×900), both at device scale 1, and saves full-page PNGs as
// <out_dir>/template-<template_id>-<phone|desktop>.png. Fails on any console error, uncaught
// error, CSP violation, request to another origin, or sideways scroll on the phone. The shop's
// logo and the product's image (https://assets.course-launch-lab.test/*) are served from here,
// checked to load, and shown in the pictures.
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
// The shop's logo and the product's cover, as a merchant's CDN would serve them.
const ASSETS = "https://assets.course-launch-lab.test/";
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="250" height="40" viewBox="0 0 250 40">
<rect x="0" y="4" width="32" height="32" rx="8" fill="#0f766e"/><path d="M9 26l7-12 7 12z" fill="#fff"/>
<text x="42" y="27" font-family="system-ui, sans-serif" font-size="17" font-weight="700" fill="#0f172a" textLength="200">Course Launch Lab</text></svg>`;
const COVER = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#0f766e"/><stop offset="1" stop-color="#14b8a6"/></linearGradient></defs>
<rect width="128" height="128" rx="16" fill="url(#g)"/><rect x="28" y="30" width="72" height="50" rx="6" fill="#fff" opacity=".92"/>
<path d="M56 44l16 11-16 11z" fill="#0f766e"/><rect x="28" y="90" width="72" height="8" rx="4" fill="#fff" opacity=".7"/></svg>`;
const FILES = { "logo.svg": LOGO, "cover.svg": COVER };

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
    // Registered after the watcher's, so it answers first for these addresses.
    await context.route(`${ASSETS}*`, (route) => {
      const body = FILES[new URL(route.request().url()).pathname.slice(1)];
      return body ? route.fulfill({ status: 200, contentType: "image/svg+xml", body }) : route.abort();
    });
    const page = await context.newPage();
    for (const [slug, id] of pages) {
      state.step = `opening /p/${slug} on a ${name}`;
      const res = await page.goto(`${base}/p/${slug}`, { waitUntil: "load" });
      check(res && res.status() === 200, `/p/${slug} answered ${res && res.status()}`);
      await page.evaluate(() => document.fonts.ready);
      // A countdown's first tick, so the picture shows the script's clock rather than the words.
      await page.waitForTimeout(300);
      if (name === "phone") await fitsTheScreen(page, `/p/${slug}`, size.viewport.width);
      state.step = `checking the shop's brand on /p/${slug}`;
      for (const [what, selector] of [["logo", "img.shop-logo"], ["product image", "img.product-image"]]) {
        const loaded = await page.locator(selector).first().evaluate((img) => img.complete && img.naturalWidth > 0);
        check(loaded, `the ${what} on /p/${slug} did not load`);
      }
      const accent = await page.locator("button.pay").evaluate((b) => getComputedStyle(b).backgroundColor);
      check(accent === "rgb(15, 118, 110)", `the pay button on /p/${slug} is ${accent}, not the shop's accent`);
      check(await page.locator(".shop-footer a[href^=mailto]").isVisible(), `/p/${slug} shows the support email`);
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
