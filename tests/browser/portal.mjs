// A subscriber in the customer portal, in Debian's Chromium:
//
//   node tests/browser/portal.mjs <base_url> <stripe_origins> <email> <link_file> <out_dir>
//
// On a desktop: asks for a sign-in link at /account, waits for <link_file> (the test writes
// the link it found in the email there), signs in with it, changes the card of the Stripe
// subscription on the portal's card page (the Stripe.js stand-in's Payment Element on
// localstripe; <stripe_origins> are the only other origins the browser may reach), then cancels the subscription
// at period end. On a phone: the sign-in form, and the account page with the same session.
// Saves account-*.png in <out_dir>. Fails on console errors, CSP violations, requests to other
// origins, or sideways scroll on the phone. Prints one line of JSON on success.
// tests/it/browser.rs's `a_subscriber_signs_in_from_the_email_changes_the_card_and_cancels` runs it.

import { VIEWPORTS, check, fitsTheScreen, launch, noProblems, run, watchedContext } from "./common.mjs";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [base, stripeArg, email, linkFile, outDir] = process.argv.slice(2);
if (!base || !stripeArg || !email || !linkFile || !outDir) {
  console.error("usage: node portal.mjs <base_url> <stripe_origins> <email> <link_file> <out_dir>");
  process.exit(2);
}
// localstripe's API and the server of its Stripe.js stand-in, comma-separated.
const stripeOrigins = stripeArg.split(",").map((u) => new URL(u).origin);
const CARD = { number: "4242424242424242", exp_month: "12", exp_year: "30", cvc: "123", postal_code: "12345" };
const problems = [];
const state = { step: "start", problems, browser: null };
mkdirSync(outDir, { recursive: true });

async function context(browser, size, extra = {}) {
  const ctx = await watchedContext(browser, base, problems, { ...VIEWPORTS[size], ...extra });
  // Registered last, so it is asked first: localstripe's Stripe.js and API may be reached.
  await ctx.route((url) => stripeOrigins.includes(url.origin), (route) => route.continue());
  return ctx;
}

async function waitForLink() {
  for (let i = 0; i < 200; i++) {
    if (existsSync(linkFile)) {
      const link = readFileSync(linkFile, "utf8").trim();
      if (link) return link;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no sign-in link in ${linkFile} after 20 s`);
}

const text = async (page) => (await page.locator("main").innerText()).replace(/\s+/g, " ");

await run("portal", 120, state, async () => {
  state.step = "launching Chromium";
  const browser = (state.browser = await launch());
  const desktop = await context(browser, "desktop");
  const page = await desktop.newPage();

  state.step = "asking for a sign-in link";
  await page.goto(`${base}/account`, { waitUntil: "load" });
  await page.getByLabel("Email").fill(email);
  await Promise.all([page.waitForURL(`${base}/account/sign-in`), page.getByRole("button", { name: "Email me a sign-in link" }).click()]);
  check((await text(page)).includes("a sign-in link is on its way"), `the answer: ${await text(page)}`);

  state.step = "signing in with the emailed link";
  const link = await waitForLink();
  check(link.startsWith(`${base}/account/link/`), `the link points to this shop: ${link}`);
  await page.goto(link, { waitUntil: "load" });
  await Promise.all([page.waitForURL(`${base}/account`), page.getByRole("button", { name: "Sign in" }).click()]);
  const home = await text(page);
  check(home.includes(`Signed in as ${email}`) && home.includes("Pro Course"), `the account page: ${home}`);
  await page.screenshot({ path: join(outDir, "account-desktop.png"), fullPage: true });
  noProblems(problems, "the account page");

  state.step = "opening the card page";
  await Promise.all([page.waitForURL((u) => u.pathname.endsWith("/card")), page.getByRole("link", { name: "Update card" }).click()]);
  const cardInput = (field) => page.locator(`#payment-element input[placeholder=${field}]`);
  await cardInput("number").waitFor({ state: "visible" });
  check((await text(page)).includes("Update the card for Pro Course"), `the card page: ${await text(page)}`);

  state.step = "typing the new card";
  for (const [field, value] of Object.entries(CARD)) {
    await cardInput(field).pressSequentially(value);
  }
  await page.screenshot({ path: join(outDir, "account-card-desktop.png"), fullPage: true });
  await Promise.all([
    page.waitForURL((u) => u.pathname === "/account" && u.search.startsWith("?notice=card_"), { timeout: 30_000 }),
    page.getByRole("button", { name: "Save card" }).click(),
  ]);
  check((await text(page)).includes("Your card is updated"), `after saving: ${await text(page)}`);

  state.step = "cancelling at period end";
  await Promise.all([page.waitForURL(/\/cancel$/), page.getByRole("button", { name: "Cancel subscription" }).click()]);
  const confirm = await text(page);
  check(confirm.includes("Your access lasts until the paid period ends"), `the confirmation: ${confirm}`);
  await page.screenshot({ path: join(outDir, "account-cancel-desktop.png"), fullPage: true });
  await Promise.all([page.waitForURL(/notice=cancelled/), page.getByRole("button", { name: "Yes, cancel" }).click()]);
  const cancelled = await text(page);
  check(cancelled.includes("Your subscription is cancelled") && cancelled.includes("Cancels on"), `after cancelling: ${cancelled}`);
  check((await page.getByRole("button", { name: "Cancel subscription" }).count()) === 0, "no second cancel button");
  noProblems(problems, "the desktop's pages");
  const session = await desktop.storageState();

  state.step = "the sign-in form on a phone";
  const phone = await context(browser, "phone");
  const signIn = await phone.newPage();
  await signIn.goto(`${base}/account`, { waitUntil: "load" });
  await fitsTheScreen(signIn, "the sign-in form", 390);
  await signIn.screenshot({ path: join(outDir, "account-sign-in-phone.png"), fullPage: true });

  state.step = "the account page on a phone";
  const signedIn = await context(browser, "phone", { storageState: session });
  const mine = await signedIn.newPage();
  await mine.goto(`${base}/account`, { waitUntil: "load" });
  check((await text(mine)).includes("Cancels on"), `the phone sees the same account: ${await text(mine)}`);
  await fitsTheScreen(mine, "the account page", 390);
  await mine.screenshot({ path: join(outDir, "account-phone.png"), fullPage: true });
  noProblems(problems, "the phone's pages");
  return { ok: true, problems: problems.length };
});
