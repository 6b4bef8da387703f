// A buyer's purchase in a real browser: Debian's Chromium, driven by playwright-core.
//
//   node tests/browser/purchase.mjs <base_url> <phone|desktop> <email> [screenshot.png]
//   node tests/browser/purchase.mjs <base_url> <phone|desktop> <email> <screenshot.png|-> test <slug> [<h1>]
//   node tests/browser/purchase.mjs <base_url> <phone|desktop> <email> <screenshot.png|-> stripe <stripe_origins>
//
// Opens <base_url>/p/pro (whose h1 must read "Pro"; or /p/<slug>, whose h1 must read <h1> if
// given), is refused twice (an email the browser rejects, then one only the server rejects:
// 422 with the error beside the field), buys the first option with the test gateway, presses
// "Complete the payment" and expects the product's thank-you URL. Along the way: no horizontal
// scroll on a phone, no console errors, no uncaught errors, no CSP violations. Prints one line
// of JSON on success; exits 1 with the reason otherwise.
//
// The `stripe` flow instead buys the second option (a subscription) on <base_url>/p/card, whose
// page offers only Stripe, played by localstripe (<stripe_origins>: localstripe's and its
// Stripe.js stand-in's, comma-separated, the only other origins the browser may reach): on the
// payment page it types a card into the stand-in for the Payment Element (plain inputs inside
// #payment-element), presses "Pay …" and expects the thank-you URL. Card first: confirmSetup
// saves the card, then stripe-payment.js asks us for the subscription.
// tests/it/browser.rs runs it; `npm ci --prefix tests/browser` installs playwright-core.

import { chromium } from "playwright-core";
import { CHROMIUM, Failure, VIEWPORTS, check, widths } from "./common.mjs";

const THANKS = "https://example.com/thanks";
const BUYER = {
  first_name: "Jane",
  last_name: "Doe",
  phone: "+1 555 0100",
  address: "1 Main St",
  city: "Springfield",
  zip: "12345",
  state: "IL",
  country: "US",
};

const CARD = { number: "4242424242424242", exp_month: "12", exp_year: "30", cvc: "123", postal_code: "12345" };

const [base, viewportName, email, screenshotArg, flow = "test", flowArg, h1Arg] = process.argv.slice(2);
// `stripe-once`: the first option instead (one-time), paid through the Payment Element and
// settled by tagcart when the stand-in returns the browser to /pay/stripe/return.
const once = flow === "stripe-once";
const stripeFlow = flow === "stripe" || once;
const stripeArg = stripeFlow ? flowArg : undefined;
// The test flow's page and the h1 it must show: the Shop's /p/pro, titled "Pro", unless told.
const slug = (flow === "test" && flowArg) || "pro";
const expectedH1 = flowArg ? h1Arg : "Pro";
const pagePath = `/p/${slug}`;
const screenshot = screenshotArg === "-" ? undefined : screenshotArg;
if (!base || !VIEWPORTS[viewportName] || !email || !["test", "stripe", "stripe-once"].includes(flow) || (stripeFlow && !stripeArg)) {
  console.error(
    "usage: node purchase.mjs <base_url> <phone|desktop> <email> [screenshot.png]\n" +
      "       node purchase.mjs <base_url> <phone|desktop> <email> <screenshot.png|-> test <slug> [<h1>]\n" +
      "       node purchase.mjs <base_url> <phone|desktop> <email> <screenshot.png|-> stripe|stripe-once <stripe_origins>",
  );
  process.exit(2);
}
// localstripe's API and the server of the Stripe.js stand-in (tests/it/stripe_js.rs), both
// reached from the payment page.
const stripeOrigins = stripeFlow ? stripeArg.split(",").map((u) => new URL(u).origin) : [];
const phone = viewportName === "phone";
const started = Date.now();
let step = "start";

// Everything the browser complained about, with the page it was on.
const problems = [];
const checkoutPosts = [];

// Never more than this, whatever hangs.
const watchdog = setTimeout(() => {
  console.error(`FAIL [${viewportName}] timed out after 90 s during: ${step}`);
  process.exit(1);
}, 90_000);

let browser;
try {
  step = "launching " + CHROMIUM;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({ ...VIEWPORTS[viewportName], locale: "en-US" });
  // CSP violations, reported from inside the page (Chrome also logs most as console errors).
  await context.exposeBinding("__tagcartCspViolation", ({ page }, v) => {
    problems.push(`CSP violation on ${page.url()}: ${v}`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__tagcartCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile || "?"}:${e.lineNumber})`,
      );
    });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  // The thank-you URL's host is not reachable here: answer for it in the browser. Not with
  // page.route(): Playwright never calls a route's handler for a redirect's target ("The handler
  // will only be called for the first url if the response is a redirect"), and tagcart reaches
  // the thank-you URL by a 303. Chrome's own interception (CDP Fetch) sees every request.
  // Nothing else leaves the machine: a request to another origin is a finding, not a hang.
  const origin = new URL(base).origin;
  const cdp = await context.newCDPSession(page);
  cdp.on("Fetch.requestPaused", async ({ requestId, request }) => {
    const to = new URL(request.url);
    try {
      if (to.origin === origin || stripeOrigins.includes(to.origin)) {
        await cdp.send("Fetch.continueRequest", { requestId });
      } else if (to.origin === "https://example.com") {
        await cdp.send("Fetch.fulfillRequest", {
          requestId,
          responseCode: 200,
          responseHeaders: [{ name: "Content-Type", value: "text/plain; charset=utf-8" }],
          body: Buffer.from("thanks").toString("base64"),
        });
      } else {
        problems.push(`request to another origin: ${request.url}`);
        await cdp.send("Fetch.failRequest", { requestId, errorReason: "BlockedByClient" });
      }
    } catch (err) {
      // The page navigated away meanwhile: the request is gone.
    }
  });
  await cdp.send("Fetch.enable", { patterns: [{ urlPattern: "*" }] });
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const text = msg.text();
    const where = msg.location();
    // Chrome logs a non-2xx document as a failed resource: the 422 below is the one expected.
    if (where.url === `${origin}${pagePath}/checkout` && text.includes("status of 422")) return;
    problems.push(`console error on ${page.url()}: ${text}${where.url ? ` (${where.url}:${where.lineNumber})` : ""}`);
  });
  page.on("pageerror", (err) => problems.push(`uncaught error on ${page.url()}: ${err.message}`));
  page.on("request", (req) => {
    if (req.method() === "POST" && new URL(req.url()).pathname === `${pagePath}/checkout`) {
      checkoutPosts.push(req.url());
    }
  });

  const noProblems = (when) => check(problems.length === 0, `${when}:\n  ${problems.join("\n  ")}`);

  // No horizontal scroll: the document is no wider than the screen, and nothing sticks out.
  const layout = [];
  async function fitsTheScreen(what) {
    const m = await widths(page);
    layout.push({ page: what, ...m });
    if (phone) {
      // With isMobile, Chrome zooms out to fit a too-wide page, which widens innerWidth:
      // compare with the layout viewport and the device width as well.
      const width = VIEWPORTS.phone.viewport.width;
      check(
        m.scrollWidth <= m.innerWidth && m.scrollWidth <= m.clientWidth && m.innerWidth <= width,
        `${what} scrolls sideways on a ${width}px phone: scrollWidth ${m.scrollWidth}, ` +
          `innerWidth ${m.innerWidth}, clientWidth ${m.clientWidth}; too wide: ${m.wide.join(", ") || "?"}`,
      );
    }
  }

  async function fillDetails(withEmail) {
    await page.locator("input[name=email]").fill(withEmail);
    for (const [name, value] of Object.entries(BUYER)) {
      // The country is a list of ISO 3166 countries; the rest are text inputs.
      if (name === "country") await page.locator("select[name=country]").selectOption(value);
      else await page.locator(`input[name=${name}]`).fill(value);
    }
    await page.locator("input[name=price_id]").first().check();
    await page.locator("input[name=gateway][value=test]").check();
  }
  const submitButton = () => page.locator("button.pay");

  // The `stripe` flow: prints its summary and exits, the test gateway's flow below never runs.
  async function buyAStripeSubscription() {
    const stripeCalls = [];
    page.on("response", (r) => {
      if (stripeOrigins.includes(new URL(r.url()).origin)) {
        stripeCalls.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`);
      }
    });

    step = "opening the Stripe checkout page";
    const res = await page.goto(`${base}/p/card`, { waitUntil: "load" });
    check(res && res.status() === 200, `GET /p/card answered ${res && res.status()}`);
    const options = page.locator("input[name=price_id]");
    check((await options.count()) === 2, `two price options, found ${await options.count()}`);
    await fitsTheScreen("/p/card");
    noProblems("the Stripe checkout page");

    step = "choosing the subscription and Stripe";
    await page.locator("input[name=email]").fill(email);
    for (const [name, value] of Object.entries(BUYER)) {
      // The country is a list of ISO 3166 countries; the rest are text inputs.
      if (name === "country") await page.locator("select[name=country]").selectOption(value);
      else await page.locator(`input[name=${name}]`).fill(value);
    }
    await options.nth(once ? 0 : 1).check();
    await page.locator("input[name=gateway][value=stripe]").check();
    const chosenOption = (await options.nth(once ? 0 : 1).locator("xpath=..").innerText()).trim();
    await Promise.all([page.waitForURL((u) => u.pathname.startsWith("/pay/stripe/")), submitButton().click()]);
    const paymentPage = new URL(page.url()).pathname;
    await page.waitForLoadState("load");

    step = "waiting for the stand-in's card inputs inside #payment-element";
    const cardInput = (field) => page.locator(`#payment-element input[placeholder=${field}]`);
    await cardInput("number").waitFor({ state: "visible" });
    const cardText = await page.locator("main").innerText();
    check(cardText.includes("Pro Course"), "the card page names the product");
    const price = once ? "$49.00" : "$19.00";
    check(cardText.includes(price), `the payment page shows the option's ${price}:\n${cardText}`);
    await fitsTheScreen(paymentPage);
    noProblems("the card page");

    step = "typing the card";
    for (const [field, value] of Object.entries(CARD)) {
      await cardInput(field).pressSequentially(value);
      const typed = await cardInput(field).inputValue();
      check(typed === value, `the ${field} input holds ${JSON.stringify(typed)}, not ${value}`);
    }
    if (screenshot) {
      step = "taking the screenshot";
      await page.screenshot({ path: screenshot, fullPage: true });
    }

    step = "paying";
    const payButton = page.getByRole("button", { name: /^Pay / });
    const payLabel = (await payButton.innerText()).trim();
    // A subscription asks tagcart for itself once the card is saved; a one-time payment comes
    // back through tagcart's return, which settles it.
    const subscribed = page.waitForResponse(
      (r) => r.request().method() === (once ? "GET" : "POST") &&
        new URL(r.url()).pathname === (once ? "/pay/stripe/return" : `${paymentPage}/subscribe`),
      { timeout: 30_000 },
    );
    subscribed.catch(() => {});
    try {
      await Promise.all([page.waitForURL((u) => u.href.startsWith(THANKS), { timeout: 30_000 }), payButton.click()]);
    } catch (err) {
      const shown = await page.locator("#payment-errors").innerText().catch(() => "?");
      throw new Failure(
        `no thank-you page after "${payLabel}" (${err.message.split("\n")[0]}); still on ${page.url()}; ` +
          `#payment-errors says ${JSON.stringify(shown)}; calls to localstripe: ${stripeCalls.join(", ") || "none"}`,
      );
    }
    const subscribe = await subscribed;
    const expected = once ? 303 : 200;
    check(subscribe.status() === expected, `${new URL(subscribe.url()).pathname} answered ${subscribe.status()}`);
    const finalUrl = page.url();
    check(finalUrl === THANKS, `landed on ${finalUrl}, not ${THANKS}`);
    check((await page.locator("body").innerText()).trim() === "thanks", "the thank-you page loaded");
    // A payment is confirmed through the stand-in's server (which holds localstripe's secret key).
    const confirmed = once ? /^POST \/confirm 200$/ : /^POST \/v1\/setup_intents\/seti_\w+\/confirm 200$/;
    check(stripeCalls.some((c) => confirmed.test(c)), `the confirmation reached localstripe: ${stripeCalls.join(", ")}`);
    noProblems("the card payment");

    clearTimeout(watchdog);
    console.log(
      JSON.stringify({
        ok: true,
        flow,
        viewport: viewportName,
        email,
        browser: `chromium ${browser.version()}`,
        option: chosenOption,
        payment_page: paymentPage,
        pay_button: payLabel,
        stripe_calls: stripeCalls,
        final_url: finalUrl,
        layout: layout.map(({ page, scrollWidth, innerWidth, clientWidth }) => ({ page, scrollWidth, innerWidth, clientWidth })),
        problems: problems.length,
        screenshot: screenshot || null,
        ms: Date.now() - started,
      }),
    );
    await browser.close();
    process.exit(0);
  }
  if (stripeFlow) await buyAStripeSubscription();

  step = "opening the checkout page";
  const res = await page.goto(`${base}${pagePath}`, { waitUntil: "load" });
  check(res && res.status() === 200, `GET ${pagePath} answered ${res && res.status()}`);
  const h1 = (await page.locator("h1").innerText()).trim();
  check(expectedH1 === undefined || h1 === expectedH1, `the page's h1 says ${JSON.stringify(h1)}, not ${JSON.stringify(expectedH1)}`);
  const options = page.locator("input[name=price_id]");
  check((await options.count()) === 2, `two price options, found ${await options.count()}`);
  await fitsTheScreen(pagePath);
  if (screenshot) {
    step = "taking the screenshot";
    await page.screenshot({ path: screenshot, fullPage: true });
  }
  noProblems("the checkout page");

  step = "submitting an email the browser refuses";
  await fillDetails("not-an-email");
  const email_input = page.locator("input[name=email]");
  check(await email_input.evaluate((el) => el.matches(":invalid")), "type=email marks 'not-an-email' :invalid");
  const browserMessage = await email_input.evaluate((el) => el.validationMessage);
  check(browserMessage.length > 0, "the browser explains the invalid email");
  await submitButton().click();
  await page.waitForTimeout(300);
  check(checkoutPosts.length === 0, `the browser posted the form anyway: ${checkoutPosts}`);
  check(new URL(page.url()).pathname === pagePath, `still on ${pagePath}, not ${page.url()}`);

  step = "submitting an email only the server refuses";
  await email_input.fill("jane@localhost");
  check(await email_input.evaluate((el) => el.matches(":valid")), "the browser accepts jane@localhost");
  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith(`${pagePath}/checkout`)),
    submitButton().click(),
  ]);
  await page.waitForLoadState("load");
  check(refused.status() === 422, `the server answered ${refused.status()} to jane@localhost, not 422`);
  const field = page.locator(".field", { has: page.locator("input[name=email]") });
  check(await field.evaluate((el) => el.classList.contains("invalid")), "the email field is marked invalid");
  const error = field.locator("small.error");
  check(await error.isVisible(), "the server's error is shown beside the email field");
  const serverMessage = (await error.innerText()).trim();
  check(/email address/.test(serverMessage), `the error says what is wrong: ${serverMessage}`);
  const input = page.locator("input[name=email]");
  check((await input.getAttribute("aria-invalid")) === "true", "aria-invalid on the email input");
  check((await input.getAttribute("aria-describedby")) === (await error.getAttribute("id")), "the input points at its error");
  check(await page.getByRole("alert").isVisible(), "the form says something is wrong");
  check((await page.locator("input[name=last_name]").inputValue()) === "Doe", "the form keeps what was typed");
  check((await page.locator("input[name=city]").inputValue()) === "Springfield", "the form keeps the address");
  await fitsTheScreen(`${pagePath}/checkout (422)`);
  noProblems("the refused checkout");

  step = "buying with the test gateway";
  await fillDetails(email);
  const firstOption = (await page.locator("input[name=price_id]").first().locator("xpath=..").innerText()).trim();
  await Promise.all([page.waitForURL((u) => u.pathname.startsWith("/pay/test/")), submitButton().click()]);
  const paymentPage = new URL(page.url()).pathname;
  await page.waitForLoadState("load");
  const gatewayText = await page.locator("main").innerText();
  check(gatewayText.includes("Pro Course"), "the payment page names the product");
  check(gatewayText.includes("$49.00"), `the payment page shows the first option's $49.00:\n${gatewayText}`);
  check(gatewayText.includes(email), "the payment page shows the buyer");
  await fitsTheScreen(paymentPage);
  noProblems("the test gateway's page");

  step = "completing the payment";
  await Promise.all([
    page.waitForURL((u) => u.href.startsWith(THANKS)),
    page.getByRole("button", { name: "Complete the payment" }).click(),
  ]);
  const finalUrl = page.url();
  check(finalUrl === THANKS, `landed on ${finalUrl}, not ${THANKS}`);
  check((await page.locator("body").innerText()).trim() === "thanks", "the thank-you page loaded");
  noProblems("the payment");

  clearTimeout(watchdog);
  console.log(
    JSON.stringify({
      ok: true,
      viewport: viewportName,
      email,
      page: pagePath,
      h1,
      browser: `chromium ${browser.version()}`,
      first_option: firstOption,
      browser_validation: browserMessage,
      server_validation: serverMessage,
      payment_page: paymentPage,
      final_url: finalUrl,
      layout: layout.map(({ page, scrollWidth, innerWidth, clientWidth }) => ({ page, scrollWidth, innerWidth, clientWidth })),
      problems: problems.length,
      screenshot: screenshot || null,
      ms: Date.now() - started,
    }),
  );
  await browser.close();
  process.exit(0);
} catch (err) {
  const reason = err instanceof Failure ? err.message : err.stack || String(err);
  console.error(`FAIL [${viewportName}] while ${step}: ${reason}`);
  if (problems.length && !(err instanceof Failure && err.message.includes(problems[0]))) {
    console.error(`browser problems so far:\n  ${problems.join("\n  ")}`);
  }
  try {
    await browser?.close();
  } catch {}
  process.exit(1);
}
