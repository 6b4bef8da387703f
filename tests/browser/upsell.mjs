// A buyer ticks the order bump and accepts the one-click upsell, in Debian's Chromium at a
// phone's and a desktop's size:
//
//   node tests/browser/upsell.mjs <base_url> <slug> <email_prefix> <out_dir>
//
// The page at /p/<slug> sells $49.00 once or $19.00 a month, with a $19.00 workbook as its bump
// (beside the one-time option only) and a $290.00 coaching call as its upsell; the product shows
// the receipt first. Saves bump-<size>.png (the bump ticked), upsell-<size>.png (the offer) and
// upsell-receipt-<size>.png in <out_dir>. Fails on console errors, CSP violations, requests to
// another origin, or sideways scroll on the phone. Prints one line of JSON on success.
// tests/it/browser.rs's `a_buyer_ticks_the_bump_and_accepts_the_upsell` runs it.

import { VIEWPORTS, check, fitsTheScreen, launch, noProblems, run, shown, watchedContext } from "./common.mjs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const [base, slug, prefix, outDir] = process.argv.slice(2);
if (!base || !slug || !prefix || !outDir) {
  console.error("usage: node upsell.mjs <base_url> <slug> <email_prefix> <out_dir>");
  process.exit(2);
}
const problems = [];
const state = { step: "start", problems, browser: null };
mkdirSync(outDir, { recursive: true });

await run("upsell", 120, state, async () => {
  state.step = "launching Chromium";
  const browser = (state.browser = await launch());
  const sizes = {};
  for (const [size, options] of Object.entries(VIEWPORTS)) {
    const context = await watchedContext(browser, base, problems, options);
    const page = await context.newPage();
    const width = options.viewport.width;
    const bump = page.getByRole("checkbox", { name: /Add the workbook/ });

    state.step = `opening /p/${slug} on a ${size}`;
    const res = await page.goto(`${base}/p/${slug}`, { waitUntil: "load" });
    check(res && res.status() === 200, `GET /p/${slug} answered ${res && res.status()}`);
    const first = await shown(page);
    check(first.button === "Pay $49.00", `the button before the bump: ${first.button}`);
    check(await bump.isVisible(), "the bump's tick box is shown beside the one-time option");

    state.step = `ticking the bump on a ${size}`;
    await bump.check();
    const ticked = await shown(page);
    check(ticked.summary.includes("Workbook $19.00"), `the summary lists the workbook: ${ticked.summary}`);
    check(ticked.summary.includes("Due today $68.00"), `the total follows: ${ticked.summary}`);
    check(ticked.button === "Pay $68.00", `the button follows: ${ticked.button}`);
    if (size === "phone") await fitsTheScreen(page, `/p/${slug}`, width);
    await page.locator("#f-bump-box").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(outDir, `bump-${size}.png`), fullPage: true });

    state.step = `picking the monthly option on a ${size}`;
    await page.getByLabel(/every month/).check();
    check(!(await bump.isVisible()), "no bump beside a subscription");
    const monthly = await shown(page);
    check(monthly.button === "Pay $19.00", `the monthly option without the bump: ${monthly.button}`);
    await page.getByLabel(/^\$49\.00$/).check();
    check((await shown(page)).button === "Pay $68.00", "back to the one-time option, still ticked");

    state.step = `paying on a ${size}`;
    await page.locator("input[name=email]").fill(`${prefix}.${size}@example.com`);
    await page.locator("input[name=first_name]").fill("Jane");
    await page.locator("input[name=last_name]").fill("Doe");
    await page.locator("input[name=gateway][value=test]").check();
    await Promise.all([
      page.waitForURL((u) => u.pathname.startsWith("/pay/test/")),
      page.getByRole("button", { name: "Pay $68.00" }).click(),
    ]);
    const paymentRef = new URL(page.url()).pathname.slice("/pay/test/".length);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/upsell/${paymentRef}`),
      page.getByRole("button", { name: "Complete the payment" }).click(),
    ]);

    state.step = `reading the upsell on a ${size}`;
    const offer = (await page.locator("main").innerText()).replace(/\s+/g, " ");
    for (const words of ["Your payment went through.", "Book a coaching call", "$290.00"]) {
      check(offer.includes(words), `the offer says "${words}":\n${offer}`);
    }
    const yes = page.getByRole("button", { name: "Yes, add it · $290.00" });
    check(await yes.isVisible(), "the one-click button");
    check(await page.getByRole("button", { name: "No thanks" }).isVisible(), "the way out");
    if (size === "phone") await fitsTheScreen(page, "the upsell", width);
    await page.screenshot({ path: join(outDir, `upsell-${size}.png`), fullPage: true });

    state.step = `accepting the upsell on a ${size}`;
    await Promise.all([page.waitForURL((u) => u.pathname === `/thank-you/${paymentRef}`), yes.click()]);
    const receipt = (await page.locator("main").innerText()).replace(/\s+/g, " ");
    for (const words of ["Workbook", "$68.00", "Coaching call", "Added after checkout", "$290.00"]) {
      check(receipt.includes(words), `the receipt says "${words}":\n${receipt}`);
    }
    if (size === "phone") await fitsTheScreen(page, "the receipt", width);
    await page.screenshot({ path: join(outDir, `upsell-receipt-${size}.png`), fullPage: true });
    noProblems(problems, `the ${size}'s pages`);
    sizes[size] = { ticked, payment_ref: paymentRef };
    await context.close();
  }
  return { ok: true, sizes };
});
