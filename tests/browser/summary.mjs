// The order summary and the pay button follow the option a buyer picks, and the receipt reads
// right after a test-gateway purchase, in Debian's Chromium at a phone's and a desktop's size:
//
//   node tests/browser/summary.mjs <base_url> <slug> <email_prefix> <out_dir>
//
// The page at /p/<slug> sells two options: $49.00 once, and a 14-day free trial then $19.00 every
// month; the product shows the receipt first, then links on to its own thank-you URL. Saves
// summary-<size>.png (the trial picked) and receipt-<size>.png in <out_dir>. Fails on console
// errors, CSP violations, requests to another origin, or sideways scroll on the phone. Prints one
// line of JSON on success. tests/it/browser.rs's `the_summary_follows_the_option_and_the_receipt_reads_right` runs it.

import { VIEWPORTS, check, fitsTheScreen, launch, noProblems, run, shown, watchedContext } from "./common.mjs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const [base, slug, prefix, outDir] = process.argv.slice(2);
if (!base || !slug || !prefix || !outDir) {
  console.error("usage: node summary.mjs <base_url> <slug> <email_prefix> <out_dir>");
  process.exit(2);
}
const problems = [];
const state = { step: "start", problems, browser: null };
mkdirSync(outDir, { recursive: true });

await run("summary", 120, state, async () => {
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
    const first = await shown(page);
    check(first.summary.includes("Due today $49.00"), `the default option's summary: ${first.summary}`);
    check(first.button === "Pay $49.00", `the button names $49.00: ${first.button}`);

    state.step = `picking the free trial on a ${size}`;
    await page.getByLabel(/free for 14 days/).check();
    const trial = await shown(page);
    check(trial.summary.includes("Due today $0.00"), `the trial's summary: ${trial.summary}`);
    check(trial.summary.includes("then $19.00 every month"), `what follows the trial: ${trial.summary}`);
    check(trial.summary.includes("Nothing is charged today"), `the trial says so: ${trial.summary}`);
    check(trial.button === "Start free trial · $0.00 today", `the button follows: ${trial.button}`);
    if (size === "phone") await fitsTheScreen(page, `/p/${slug}`, width);
    await page.screenshot({ path: join(outDir, `summary-${size}.png`), fullPage: true });

    state.step = `picking the one-time option again on a ${size}`;
    await page.getByLabel(/^\$49\.00$/).check();
    const back = await shown(page);
    check(back.button === "Pay $49.00" && back.summary.includes("$49.00"), `back to $49.00: ${back.button}`);

    state.step = `starting the trial on a ${size}`;
    await page.getByLabel(/free for 14 days/).check();
    await page.locator("input[name=email]").fill(`${prefix}.${size}@example.com`);
    await page.locator("input[name=first_name]").fill("Jane");
    await page.locator("input[name=last_name]").fill("Doe");
    await page.locator("input[name=gateway][value=test]").check();
    await Promise.all([
      page.waitForURL((u) => u.pathname.startsWith("/pay/test/")),
      page.getByRole("button", { name: "Start free trial · $0.00 today" }).click(),
    ]);
    const paymentRef = new URL(page.url()).pathname.slice("/pay/test/".length);

    state.step = `completing the payment on a ${size}`;
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/thank-you/${paymentRef}`),
      page.getByRole("button", { name: "Complete the payment" }).click(),
    ]);

    state.step = `reading the receipt on a ${size}`;
    const receipt = (await page.locator("main").innerText()).replace(/\s+/g, " ");
    const h1 = (await page.locator("h1").innerText()).trim();
    check(h1 === "Your free trial has started", `the receipt's title: ${h1}`);
    for (const words of ["Order number", "Paid $0.00", "Nothing is charged today", "with the first charge of $19.00",
      `Kartra will email your login to ${prefix}.${size}@example.com`]) {
      check(receipt.includes(words), `the receipt says "${words}":\n${receipt}`);
    }
    const next = await page.getByRole("link", { name: "Continue" }).getAttribute("href");
    check(next === "https://example.com/welcome", `Continue leads to the product's page: ${next}`);
    if (size === "phone") await fitsTheScreen(page, "the receipt", width);
    await page.screenshot({ path: join(outDir, `receipt-${size}.png`), fullPage: true });
    noProblems(problems, `the ${size}'s pages`);
    sizes[size] = { default: first, trial, receipt_title: h1, payment_ref: paymentRef };
    await context.close();
  }
  return { ok: true, sizes };
});
