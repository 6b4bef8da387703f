// A buyer pays with Paystack, in Debian's Chromium at a phone's and a desktop's size:
//
//   node tests/browser/paystack.mjs <base_url> <slug> <paystack_url> <email_prefix> <out_dir>
//
// The page at /p/<slug> sells $49.00 once, with Paystack the only way to pay. The buyer picks
// "Card, bank or mobile money (Paystack)", pays, lands on Paystack's hosted page (the fake at
// <paystack_url>), presses Pay, and comes back to tagcart's receipt. Saves paystack-<size>.png
// (the hosted page) and paystack-receipt-<size>.png in <out_dir>. Fails on console errors, CSP
// violations, requests to any origin but tagcart's and Paystack's, or sideways scroll on the
// phone. Prints one line of JSON on success. tests/it/paystack/browser.rs runs it.

import { VIEWPORTS, check, fitsTheScreen, launch, noProblems, run, watchedContext } from "./common.mjs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const [base, slug, paystack, prefix, outDir] = process.argv.slice(2);
if (!base || !slug || !paystack || !prefix || !outDir) {
  console.error("usage: node paystack.mjs <base_url> <slug> <paystack_url> <email_prefix> <out_dir>");
  process.exit(2);
}
const problems = [];
const state = { step: "start", problems, browser: null };
mkdirSync(outDir, { recursive: true });

await run("paystack", 120, state, async () => {
  state.step = "launching Chromium";
  const browser = (state.browser = await launch());
  const sizes = {};
  for (const [size, options] of Object.entries(VIEWPORTS)) {
    const context = await watchedContext(browser, base, problems, options);
    // Paystack's hosted page is the one other origin the buyer visits (routes added later run first).
    await context.route(`${new URL(paystack).origin}/**`, (route) => route.continue());
    const page = await context.newPage();
    const email = `${prefix}.${size}@example.com`;

    state.step = `opening /p/${slug} on a ${size}`;
    const res = await page.goto(`${base}/p/${slug}`, { waitUntil: "load" });
    check(res && res.status() === 200, `GET /p/${slug} answered ${res && res.status()}`);
    await page.locator("input[name=email]").fill(email);
    await page.locator("input[name=first_name]").fill("Ada");
    await page.locator("input[name=last_name]").fill("Obi");
    await page.getByLabel("Card, bank or mobile money (Paystack)").check();

    state.step = `going to Paystack's page on a ${size}`;
    await Promise.all([
      page.waitForURL((u) => u.origin === new URL(paystack).origin),
      page.getByRole("button", { name: "Pay $49.00" }).click(),
    ]);
    const hosted = (await page.locator("main").innerText()).replace(/\s+/g, " ");
    check(hosted.includes("Pay USD 49.00") && hosted.includes(email), `Paystack's page asks for the order's amount:\n${hosted}`);
    await page.screenshot({ path: join(outDir, `paystack-${size}.png`), fullPage: true });

    state.step = `paying on Paystack's page on a ${size}`;
    await Promise.all([
      page.waitForURL((u) => u.origin === new URL(base).origin && u.pathname.startsWith("/thank-you/")),
      page.getByRole("button", { name: "Pay USD 49.00" }).click(),
    ]);
    const paymentRef = new URL(page.url()).pathname.slice("/thank-you/".length);

    state.step = `reading the receipt on a ${size}`;
    const receipt = (await page.locator("main").innerText()).replace(/\s+/g, " ");
    for (const words of ["Thank you!", "Paid $49.00"]) {
      check(receipt.includes(words), `the receipt says "${words}":\n${receipt}`);
    }
    if (size === "phone") await fitsTheScreen(page, "the receipt", options.viewport.width);
    await page.screenshot({ path: join(outDir, `paystack-receipt-${size}.png`), fullPage: true });
    noProblems(problems, `the ${size}'s pages`);
    sizes[size] = { payment_ref: paymentRef };
    await context.close();
  }
  return { ok: true, sizes };
});
