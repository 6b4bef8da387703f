// A buyer with a coupon, in Debian's Chromium at a phone's and a desktop's size:
//
//   node tests/browser/coupon.mjs <base_url> <slug> <code> <email_prefix> <out_dir>
//
// The page at /p/<slug> sells $49.00 once and $19.00 every month; <code> takes 20% off the first
// payment. The buyer opens "Have a coupon?", is refused a code that does not exist (the page
// again, the reason beside the field, the summary unchanged), applies <code> in lower case, sees
// the discount in the summary and on the button for each option, and pays $39.20 through the
// test gateway; the receipt shows the discount and what was paid. Saves coupon-<size>.png (the
// code applied) and coupon-receipt-<size>.png in <out_dir>. Fails on console errors, CSP
// violations, requests to another origin, or sideways scroll on the phone. Prints one line of
// JSON on success. tests/it/browser.rs's `a_buyer_applies_a_coupon_and_pays_the_discounted_amount` runs it.

import { VIEWPORTS, check, fitsTheScreen, launch, noProblems, run, shown, watchedContext } from "./common.mjs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const [base, slug, code, prefix, outDir] = process.argv.slice(2);
if (!base || !slug || !code || !prefix || !outDir) {
  console.error("usage: node coupon.mjs <base_url> <slug> <code> <email_prefix> <out_dir>");
  process.exit(2);
}
const problems = [];
const state = { step: "start", problems, browser: null };
mkdirSync(outDir, { recursive: true });

/// Opens "Have a coupon?" if it is closed, types `typed` and presses Apply: the page comes again,
/// with this status.
async function apply(page, typed) {
  const details = page.locator("details.coupon");
  if (!(await details.evaluate((d) => d.open))) await details.locator("summary").click();
  await page.getByLabel("Coupon code").fill(typed);
  const [res] = await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Apply" }).click()]);
  return res && res.status();
}

await run("coupon", 120, state, async () => {
  state.step = "launching Chromium";
  const browser = (state.browser = await launch());
  const sizes = {};
  for (const [size, options] of Object.entries(VIEWPORTS)) {
    // Chrome logs a non-2xx document as a failed resource: the refused code's 422 is expected.
    const refused = (text, url) => url === `${base}/p/${slug}/checkout` && text.includes("status of 422");
    const context = await watchedContext(browser, base, problems, options, refused);
    const page = await context.newPage();
    const width = options.viewport.width;
    const email = `${prefix}.${size}@example.com`;

    state.step = `opening /p/${slug} on a ${size}`;
    const res = await page.goto(`${base}/p/${slug}`, { waitUntil: "load" });
    check(res && res.status() === 200, `GET /p/${slug} answered ${res && res.status()}`);
    check(!(await page.locator("details.coupon").evaluate((d) => d.open)), "the coupon field starts collapsed");
    const before = await shown(page);
    check(before.button === "Pay $49.00", `no discount yet: ${before.button}`);

    state.step = `typing the buyer's email, then a code that does not exist, on a ${size}`;
    await page.locator("input[name=email]").fill(email);
    const status = await apply(page, "NOSUCHCODE");
    check(status === 422, `an unknown code is refused with 422, not ${status}`);
    const refusal = (await page.locator("details.coupon .error").innerText()).trim();
    check(refusal.includes("NOSUCHCODE") && refusal.includes("not known"), `the reason beside the field: ${refusal}`);
    check((await shown(page)).button === "Pay $49.00", "a refused code takes nothing off");
    const kept = await page.locator("input[name=email]").inputValue();
    check(kept === email, `the email typed before Apply is kept: ${kept}`);

    state.step = `applying ${code.toLowerCase()} on a ${size}`;
    check((await apply(page, code.toLowerCase())) === 200, "the code is applied");
    const applied = (await page.locator(".coupon-applied").innerText()).replace(/\s+/g, " ").trim();
    check(applied === `Coupon ${code} applied: 20% off`, `the field says so: ${applied}`);
    const once = await shown(page);
    for (const words of [`Discount ${code}`, "−$9.80", "Due today $39.20"]) {
      check(once.summary.includes(words), `the summary shows "${words}": ${once.summary}`);
    }
    check(once.button === "Pay $39.20", `the button names the discounted amount: ${once.button}`);
    if (size === "phone") await fitsTheScreen(page, `/p/${slug} with ${code}`, width);
    await page.screenshot({ path: join(outDir, `coupon-${size}.png`), fullPage: true });

    state.step = `picking the monthly option with ${code} on a ${size}`;
    await page.getByLabel(/every month/).check();
    const monthly = await shown(page);
    for (const words of ["−$3.80", "Due today $15.20", "Then $19.00 every month"]) {
      check(monthly.summary.includes(words), `the monthly summary shows "${words}": ${monthly.summary}`);
    }
    check(monthly.button === "Pay $15.20", `the button follows: ${monthly.button}`);
    await page.getByLabel(/^\$49\.00$/).check();
    check((await shown(page)).button === "Pay $39.20", "back to the one-time price, still discounted");

    state.step = `paying with ${code} on a ${size}`;
    await page.locator("input[name=first_name]").fill("Jane");
    await page.locator("input[name=last_name]").fill("Doe");
    await page.locator("input[name=gateway][value=test]").check();
    await Promise.all([
      page.waitForURL((u) => u.pathname.startsWith("/pay/test/")),
      page.getByRole("button", { name: "Pay $39.20" }).click(),
    ]);
    const paymentRef = new URL(page.url()).pathname.slice("/pay/test/".length);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/thank-you/${paymentRef}`),
      page.getByRole("button", { name: "Complete the payment" }).click(),
    ]);

    state.step = `reading the receipt on a ${size}`;
    const receipt = (await page.locator("main").innerText()).replace(/\s+/g, " ");
    for (const words of ["Thank you!", `Discount ${code}`, "−$9.80", "Paid $39.20", `Kartra will email your login to ${email}`]) {
      check(receipt.includes(words), `the receipt says "${words}":\n${receipt}`);
    }
    if (size === "phone") await fitsTheScreen(page, "the receipt", width);
    await page.screenshot({ path: join(outDir, `coupon-receipt-${size}.png`), fullPage: true });
    noProblems(problems, `the ${size}'s pages`);
    sizes[size] = { refusal, applied, once, monthly, payment_ref: paymentRef };
    await context.close();
  }
  return { ok: true, sizes };
});
