// A buyer in Germany pays VAT on top of a price that excludes it, in Debian's Chromium at a
// phone's and a desktop's size:
//
//   node tests/browser/tax.mjs <base_url> <slug> <email_prefix> <out_dir>
//
// The page at /p/<slug> sells a €49.00 course; the shop charges VAT with prices excluding it.
// Choosing Germany in the form makes the summary show "VAT 19% €9.31" and the button
// "Pay €58.31" (page.js asks the server for the page in that country). Saves tax-<size>.png
// (with "Buying as a business?" open) and tax-receipt-<size>.png in <out_dir>. Fails on console
// errors, CSP violations, requests to another origin, or sideways scroll on the phone. Prints
// one line of JSON on success. tests/it/browser.rs's `a_buyer_in_germany_sees_and_pays_the_vat` runs it.

import { VIEWPORTS, check, fitsTheScreen, launch, noProblems, run, shown, watchedContext } from "./common.mjs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const [base, slug, prefix, outDir] = process.argv.slice(2);
if (!base || !slug || !prefix || !outDir) {
  console.error("usage: node tax.mjs <base_url> <slug> <email_prefix> <out_dir>");
  process.exit(2);
}
const problems = [];
const state = { step: "start", problems, browser: null };
mkdirSync(outDir, { recursive: true });

await run("tax", 90, state, async () => {
  state.step = "launching Chromium";
  const browser = (state.browser = await launch());
  const sizes = {};
  for (const [size, options] of Object.entries(VIEWPORTS)) {
    const context = await watchedContext(browser, base, problems, options);
    const page = await context.newPage();
    const width = options.viewport.width;

    state.step = `opening /p/${slug} on a ${size}`;
    const res = await page.goto(`${base}/p/${slug}`, { waitUntil: "load" });
    check(res && res.status() === 200, `GET /p/${slug} answered ${res && res.status()}`);
    const before = await shown(page);
    check(!before.summary.includes("VAT"), `no VAT before a taxed country is chosen: ${before.summary}`);

    state.step = `choosing Germany on a ${size}`;
    await page.locator("select[name=country]").selectOption("DE");
    await page.waitForFunction(() => document.querySelector("button.pay").innerText.includes("58.31"));
    const german = await shown(page);
    for (const words of ["VAT 19% €9.31", "Due today €58.31"]) {
      check(german.summary.includes(words), `the summary says "${words}": ${german.summary}`);
    }
    check(german.button === "Pay €58.31", `the button follows: ${german.button}`);
    await page.getByText("Buying as a business?").click();
    check(await page.locator("input[name=vat_id]").isVisible(), "the VAT ID field opens");
    if (size === "phone") await fitsTheScreen(page, `/p/${slug}`, width);
    await page.screenshot({ path: join(outDir, `tax-${size}.png`), fullPage: true });

    state.step = `paying on a ${size}`;
    await page.locator("input[name=email]").fill(`${prefix}.${size}@example.com`);
    await page.locator("input[name=first_name]").fill("Jana");
    await page.locator("input[name=last_name]").fill("Novak");
    await page.locator("input[name=gateway][value=test]").check();
    await Promise.all([
      page.waitForURL((u) => u.pathname.startsWith("/pay/test/")),
      page.getByRole("button", { name: "Pay €58.31" }).click(),
    ]);
    const paymentRef = new URL(page.url()).pathname.slice("/pay/test/".length);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/thank-you/${paymentRef}`),
      page.getByRole("button", { name: "Complete the payment" }).click(),
    ]);
    state.step = `reading the receipt on a ${size}`;
    await page.waitForFunction(() => document.body.innerText.includes("(PDF)"), null, { timeout: 20_000 }).catch(() => page.reload());
    const receipt = (await page.locator("main").innerText()).replace(/\s+/g, " ");
    for (const words of ["VAT 19%", "€9.31", "€58.31"]) {
      check(receipt.includes(words), `the receipt says "${words}":\n${receipt}`);
    }
    if (size === "phone") await fitsTheScreen(page, "the receipt", width);
    await page.screenshot({ path: join(outDir, `tax-receipt-${size}.png`), fullPage: true });
    noProblems(problems, `the ${size}'s pages`);
    sizes[size] = { german, payment_ref: paymentRef };
    await context.close();
  }
  return { ok: true, sizes };
});
