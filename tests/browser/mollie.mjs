// A buyer pays with Mollie in Debian's Chromium: picks Mollie on the checkout page, pays on
// (the strict fake of) Mollie's hosted checkout, and comes back to tagcart's receipt:
//
//   node tests/browser/mollie.mjs <base_url> <slug> <email> <mollie_url>
//
// The page at /p/<slug> offers the test gateway and Mollie; its product shows the receipt.
// Fails on console errors, uncaught errors, CSP violations, and requests to any origin but
// tagcart's and Mollie's. Prints one line of JSON on success.
// tests/it/mollie/browser.rs's `a_buyer_pays_with_mollie_in_a_real_browser` runs it.

import { check, launch, noProblems, run } from "./common.mjs";

const [base, slug, email, mollieUrl] = process.argv.slice(2);
if (!base || !slug || !email || !mollieUrl) {
  console.error("usage: node mollie.mjs <base_url> <slug> <email> <mollie_url>");
  process.exit(2);
}
const problems = [];
const state = { step: "start", problems, browser: null };
const origins = [new URL(base).origin, new URL(mollieUrl).origin];

await run("mollie", 90, state, async () => {
  state.step = "launching Chromium";
  const browser = (state.browser = await launch());
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } });
  await context.exposeBinding("__tagcartCspViolation", ({ frame }, v) => {
    problems.push(`CSP violation on ${frame.url()}: ${v}`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__tagcartCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
    });
  });
  // tagcart's pages and Mollie's checkout only; anything else is refused, not left to hang.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("data:") || origins.includes(new URL(url).origin)) return route.continue();
    problems.push(`request to another origin: ${url}`);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error on ${page.url()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`uncaught error on ${page.url()}: ${err.message}`));

  state.step = `opening /p/${slug}`;
  const res = await page.goto(`${base}/p/${slug}`, { waitUntil: "load" });
  check(res && res.status() === 200, `GET /p/${slug} answered ${res && res.status()}`);

  state.step = "choosing Mollie";
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=first_name]").fill("Jane");
  await page.locator("input[name=last_name]").fill("Doe");
  const mollie = page.getByLabel("iDEAL, Bancontact, card and more");
  check(await mollie.isVisible(), "Mollie is offered by what it offers");
  await mollie.check();
  noProblems(problems, "the checkout page");

  state.step = "going to Mollie's hosted checkout";
  await Promise.all([
    page.waitForURL((u) => u.origin === new URL(mollieUrl).origin),
    page.locator("button.pay").click(),
  ]);
  const atMollie = page.url();
  check(new URL(atMollie).pathname.startsWith("/checkout/tr_"), `Mollie's checkout: ${atMollie}`);
  check((await page.locator("h1").innerText()).includes("USD 49.00"), "Mollie shows the amount");

  state.step = "paying at Mollie";
  await Promise.all([
    page.waitForURL((u) => u.origin === new URL(base).origin && u.pathname.startsWith("/thank-you/")),
    page.getByRole("button", { name: "paid" }).click(),
  ]);
  const receipt = (await page.locator("main").innerText()).replace(/\s+/g, " ");
  check(receipt.includes("$49.00"), `the receipt shows what was paid: ${receipt}`);
  noProblems(problems, "the way back to the receipt");
  return { ok: true, at_mollie: new URL(atMollie).pathname, receipt: new URL(page.url()).pathname, problems: problems.length };
});
