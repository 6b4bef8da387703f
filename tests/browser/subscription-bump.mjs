// A buyer adds a subscription bump to a monthly option, in Debian's Chromium at a phone's and a
// desktop's size:
//
//   node tests/browser/subscription-bump.mjs <base_url> <slug> <email_prefix> <out_dir>
//
// The page at /p/<slug> sells $49.00 once or $19.00 a month, with $9.00 monthly sheets as its
// bump (beside the monthly option only); the product shows the receipt first. Saves
// bump-subscription-<size>.png (the bump ticked) and bump-subscription-receipt-<size>.png in
// <out_dir>. Fails on console errors, CSP violations, requests to another origin, or sideways
// scroll on the phone. Prints one line of JSON on success. tests/it/browser.rs's `a_buyer_ticks_the_bump_and_accepts_the_upsell` runs it.

import { VIEWPORTS, check, fitsTheScreen, launch, noProblems, run, shown, watchedContext } from "./common.mjs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const [base, slug, prefix, outDir] = process.argv.slice(2);
if (!base || !slug || !prefix || !outDir) {
  console.error("usage: node subscription-bump.mjs <base_url> <slug> <email_prefix> <out_dir>");
  process.exit(2);
}
const problems = [];
const state = { step: "start", problems, browser: null };
mkdirSync(outDir, { recursive: true });

await run("subscription-bump", 90, state, async () => {
  state.step = "launching Chromium";
  const browser = (state.browser = await launch());
  const sizes = {};
  for (const [size, options] of Object.entries(VIEWPORTS)) {
    const context = await watchedContext(browser, base, problems, options);
    const page = await context.newPage();
    const width = options.viewport.width;
    const bump = page.getByRole("checkbox", { name: /Add monthly sheets/ });

    state.step = `opening /p/${slug} on a ${size}`;
    const res = await page.goto(`${base}/p/${slug}`, { waitUntil: "load" });
    check(res && res.status() === 200, `GET /p/${slug} answered ${res && res.status()}`);
    check(!(await bump.isVisible()), "no subscription bump beside the one-time option");

    state.step = `ticking the bump beside the monthly option on a ${size}`;
    await page.getByRole("radio", { name: "$19.00 every month" }).check();
    check(await bump.isVisible(), "the bump's tick box is shown beside the monthly option");
    await bump.check();
    const ticked = await shown(page);
    for (const words of ["Monthly sheets every month $9.00", "Due today $28.00", "Then $28.00 every month."]) {
      check(ticked.summary.includes(words), `the summary says "${words}": ${ticked.summary}`);
    }
    check(ticked.button === "Pay $28.00", `the button follows: ${ticked.button}`);
    if (size === "phone") await fitsTheScreen(page, `/p/${slug}`, width);
    await page.locator("#f-bump-box").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(outDir, `bump-subscription-${size}.png`), fullPage: true });

    state.step = `paying on a ${size}`;
    await page.locator("input[name=email]").fill(`${prefix}.${size}@example.com`);
    await page.locator("input[name=first_name]").fill("Jane");
    await page.locator("input[name=last_name]").fill("Doe");
    await page.locator("input[name=gateway][value=test]").check();
    await Promise.all([
      page.waitForURL((u) => u.pathname.startsWith("/pay/test/")),
      page.getByRole("button", { name: "Pay $28.00" }).click(),
    ]);
    const paymentRef = new URL(page.url()).pathname.slice("/pay/test/".length);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/thank-you/${paymentRef}`),
      page.getByRole("button", { name: "Complete the payment" }).click(),
    ]);
    const receipt = (await page.locator("main").innerText()).replace(/\s+/g, " ");
    for (const words of ["Monthly sheets", "$28.00", "every month"]) {
      check(receipt.includes(words), `the receipt says "${words}":\n${receipt}`);
    }
    if (size === "phone") await fitsTheScreen(page, "the receipt", width);
    await page.screenshot({ path: join(outDir, `bump-subscription-receipt-${size}.png`), fullPage: true });
    noProblems(problems, `the ${size}'s pages`);
    sizes[size] = { ticked, payment_ref: paymentRef };
    await context.close();
  }
  return { ok: true, sizes };
});
