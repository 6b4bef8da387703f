// What the browser scripts share: Debian's Chromium through playwright-core (no browser
// download), and a browser context that notes everything a page complains about.
// purchase.mjs keeps its own launch and CSP listener (it also watches the processor's origin).

import { chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const VIEWPORTS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
};

export class Failure extends Error {}
export function check(ok, message) {
  if (!ok) throw new Failure(message);
}

export async function launch() {
  return chromium.launch({
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
}

/// A new context whose pages (and their frames) report into `problems`: console errors,
/// uncaught errors, CSP violations, and any request to another origin than `base`'s, which is
/// refused rather than left to hang. `allow(text, url)` lets a script expect a console error
/// (a 404 it asked for).
export async function watchedContext(browser, base, problems, options = {}, allow = () => false) {
  const origin = new URL(base).origin;
  const context = await browser.newContext({ locale: "en-US", ...options });
  await context.exposeBinding("__tagcartCspViolation", ({ frame }, v) => {
    problems.push(`CSP violation on ${frame.url()}: ${v}`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__tagcartCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile || "?"}:${e.lineNumber})`,
      );
    });
  });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("data:") || new URL(url).origin === origin) return route.continue();
    problems.push(`request to another origin: ${url}`);
    return route.abort("blockedbyclient");
  });
  context.on("page", (page) => {
    page.setDefaultTimeout(15_000);
    page.on("console", (msg) => {
      if (msg.type() !== "error") return;
      const text = msg.text();
      const where = msg.location();
      if (allow(text, where.url || "")) return;
      problems.push(`console error on ${page.url()}: ${text}${where.url ? ` (${where.url}:${where.lineNumber})` : ""}`);
    });
    page.on("pageerror", (err) => problems.push(`uncaught error on ${page.url()}: ${err.message}`));
  });
  return context;
}

export function noProblems(problems, when) {
  check(problems.length === 0, `${when}:\n  ${problems.join("\n  ")}`);
}

/// The document's widths, and what sticks out past the screen's right edge.
export async function widths(page) {
  return page.evaluate(() => {
    const de = document.documentElement;
    const limit = Math.min(window.innerWidth, de.clientWidth);
    const wide = [...document.body.querySelectorAll("*")]
      .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
      .map((el) => {
        const r = el.getBoundingClientRect();
        const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") +
          [...el.classList].map((c) => `.${c}`).join("");
        return `${name} (left ${Math.round(r.left)}, right ${Math.round(r.right)})`;
      })
      .slice(0, 8);
    return { scrollWidth: de.scrollWidth, innerWidth: window.innerWidth, clientWidth: de.clientWidth, wide };
  });
}

/// Fails unless the page fits `width` without scrolling sideways (with isMobile, Chrome zooms
/// out to fit a too-wide page, which widens innerWidth: compare with the device width too).
/// The checkout page's visible order summary (one per price option, the picked one shown) as
/// text, and the pay button's words.
export async function shown(page) {
  const quotes = page.locator(".s-summary .quote:visible");
  check((await quotes.count()) === 1, `one summary shown, found ${await quotes.count()}`);
  return {
    summary: (await quotes.innerText()).replace(/\s+/g, " ").trim(),
    button: (await page.locator("button.pay").innerText()).trim(),
  };
}

export async function fitsTheScreen(page, what, width) {
  const m = await widths(page);
  check(
    m.scrollWidth <= m.innerWidth && m.scrollWidth <= m.clientWidth && m.innerWidth <= width,
    `${what} scrolls sideways on a ${width}px screen: scrollWidth ${m.scrollWidth}, ` +
      `innerWidth ${m.innerWidth}, clientWidth ${m.clientWidth}; too wide: ${m.wide.join(", ") || "?"}`,
  );
  return m;
}

/// Runs `main` with a watchdog; prints `FAIL [label] while <step>: reason` and exits 1 on failure.
/// `state.step` says what the script is doing; `state.browser` is closed either way.
export async function run(label, seconds, state, main) {
  const watchdog = setTimeout(() => {
    console.error(`FAIL [${label}] timed out after ${seconds} s during: ${state.step}`);
    process.exit(1);
  }, seconds * 1000);
  try {
    const summary = await main();
    clearTimeout(watchdog);
    console.log(JSON.stringify(summary));
    await state.browser?.close();
    process.exit(0);
  } catch (err) {
    const reason = err instanceof Failure ? err.message : err.stack || String(err);
    console.error(`FAIL [${label}] while ${state.step}: ${reason}`);
    const problems = state.problems || [];
    if (problems.length && !(err instanceof Failure && err.message.includes(problems[0]))) {
      console.error(`browser problems so far:\n  ${problems.join("\n  ")}`);
    }
    try {
      await state.browser?.close();
    } catch {}
    process.exit(1);
  }
}
