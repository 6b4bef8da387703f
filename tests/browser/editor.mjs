// An admin builds a checkout page in the dashboard's editor, in Debian's Chromium:
//
//   node tests/browser/editor.mjs <base_url> <admin_email> <admin_password> <slug> [screenshot_dir]
//
// Signs in through /admin/login; creates a page "Launch Week Offer" at <slug> from the
// "Two columns" template (with the first product); in the editor rewrites the headline, moves
// the testimonial above the bullet points with "Move up", adds a "Questions and answers"
// section before the order summary and gives it a second question; presses "Publish" while the
// testimonial and bullet points still hold the template's sample text and expects the refusal
// naming the testimonial, then writes real ones; checks the order in the
// sections list and in the preview iframe; checks that a buyer (another browser context, no
// admin cookie) gets a 404 at /p/<slug> before publishing; presses "Publish", expects the
// "Published" pill, and checks the buyer's page: the new headline, the new order, and the
// order in an <aside> beside the offer on a desktop. Fails on any console error, uncaught error,
// CSP violation or request to another origin. Prints one line of JSON on success.
// tests/it/browser.rs runs it; `npm ci --prefix tests/browser` installs playwright-core.

import { check, fitsTheScreen, launch, noProblems, run, VIEWPORTS, watchedContext } from "./common.mjs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const TITLE = "Launch Week Offer";
const HEADLINE = "Ship your first course this month";
const SUBHEADING = "A four-week live cohort: plan, record and sell your first online course.";
const QUESTION = "Do I need any experience?";
const ANSWER = "No. Week one starts from a blank page; all you need is something you know well.";
// The sections' labels in the editor, from the two-column template, then after each change.
const TEMPLATE = ["Headline", "Bullet points", "Testimonial", "Guarantee", "Order summary", "Checkout form"];
const REORDERED = ["Headline", "Testimonial", "Bullet points", "Guarantee", "Order summary", "Checkout form"];
const BUILT = ["Headline", "Testimonial", "Bullet points", "Guarantee", "Questions and answers", "Order summary", "Checkout form"];
// Text from each of BUILT's sections, in that order, as the preview and the buyer see them.
const QUOTE = "I launched my course in week four and sold 40 seats before the cohort ended.";
const AUTHOR = "Maya Lind, baker and course creator";
const POINTS = "Four live workshops\nA course outline template\nFeedback on your sales page";
const MARKERS = [HEADLINE, QUOTE, "What you get", "30-day money-back guarantee",
  QUESTION, "Your order", "Pay with"];

const [base, adminEmail, adminPassword, slug, screenshotDir] = process.argv.slice(2);
if (!base || !adminEmail || !adminPassword || !slug) {
  console.error("usage: node editor.mjs <base_url> <admin_email> <admin_password> <slug> [screenshot_dir]");
  process.exit(2);
}
const origin = new URL(base).origin;
const started = Date.now();
const problems = [];
const state = { step: "start", problems, browser: null };
if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });

await run("editor", 90, state, async () => {
  state.step = "launching Chromium";
  const browser = (state.browser = await launch());
  // Only the buyer's 404 before publishing is an expected console error.
  const expected404 = (text, url) => url === `${origin}/p/${slug}` && text.includes("status of 404");
  // ...and the refused publish of the template's samples (its 422 is checked where it happens).
  const refusedPublish = (text, url) => url.endsWith("/publish") && text.includes("status of 422");
  const admin = await (await watchedContext(browser, base, problems, { viewport: { width: 1280, height: 900 } }, refusedPublish))
    .newPage();
  const buyerContext = await watchedContext(browser, base, problems, VIEWPORTS.desktop, expected404);
  const buyer = await buyerContext.newPage();

  // The main frame's last document: its status, whatever redirects led there.
  let documentStatus = 0;
  admin.on("response", (r) => {
    if (r.request().isNavigationRequest() && r.frame() === admin.mainFrame() && r.status() < 300) {
      documentStatus = r.status();
    }
  });
  // Presses a button (or link) that loads another page, and waits for it; the editor's pages
  // must show no error (the dashboard's overview may warn that the test gateway is on).
  async function press(control, what) {
    documentStatus = 0;
    const navigated = admin.waitForEvent("framenavigated", { predicate: (f) => f === admin.mainFrame() });
    await control.click();
    await navigated;
    await admin.waitForLoadState("load");
    const alert = admin.locator(".alert.error, p.error");
    const inEditor = new URL(admin.url()).pathname.startsWith("/admin/pages");
    const said = inEditor && (await alert.count()) ? (await alert.first().innerText()).trim() : "";
    check(documentStatus === 200 && !said, `${what}: answered ${documentStatus} on ${admin.url()} ${said}`);
    noProblems(problems, what);
  }
  const kinds = () => admin.locator("ol.sections > li summary .kind").allInnerTexts();
  const pill = () => admin.locator(".heading h1 .pill").innerText();
  async function sectionsAre(expected, when) {
    const found = await kinds();
    check(JSON.stringify(found) === JSON.stringify(expected), `sections ${when}: ${JSON.stringify(found)}, expected ${JSON.stringify(expected)}`);
  }
  // Opens a section's form, unless the editor opened it already (as it does a section just added).
  async function openSection(li) {
    if (!(await li.locator("details").evaluate((d) => d.open))) await li.locator("summary").click();
  }
  // Where each marker first appears in `text`; fails unless all appear, in order.
  function inOrder(text, where) {
    const at = MARKERS.map((m) => text.indexOf(m));
    const missing = MARKERS.filter((_, i) => at[i] < 0);
    check(missing.length === 0, `${where} lacks ${JSON.stringify(missing)}:\n${text}`);
    check(at.every((p, i) => i === 0 || at[i - 1] < p), `${where} is out of order (${at.join(", ")}):\n${text}`);
    return at;
  }

  state.step = "signing in";
  await admin.goto(`${base}/admin/login`);
  await admin.getByLabel("Email").fill(adminEmail);
  await admin.getByLabel("Password").fill(adminPassword);
  await press(admin.getByRole("button", { name: "Sign in" }), "signing in");
  check(!new URL(admin.url()).pathname.startsWith("/admin/login"), `still on ${admin.url()} after signing in`);

  state.step = "creating the page from the two-column template";
  await admin.goto(`${base}/admin/pages`);
  await press(admin.getByRole("link", { name: "New page" }), "opening the new-page form");
  await admin.getByLabel("Title").fill(TITLE);
  await admin.getByLabel("Slug").fill(slug);
  const product = admin.getByLabel("Product");
  const productName = (await product.locator("option:checked").innerText()).trim();
  await admin.getByRole("radio", { name: /^Two columns/ }).check();
  await press(admin.getByRole("button", { name: "Create page" }), "creating the page");
  const path = new URL(admin.url()).pathname;
  const id = Number(/^\/admin\/pages\/(\d+)$/.exec(path)?.[1]);
  check(id > 0, `"Create page" led to ${admin.url()}, not the editor`);
  check((await pill()) === "Draft", `a new page is a draft, the pill says ${await pill()}`);
  await sectionsAre(TEMPLATE, "from the template");

  state.step = "rewriting the headline";
  const headline = admin.locator("#section-0");
  await openSection(headline);
  await headline.getByLabel("Headline", { exact: true }).fill(HEADLINE);
  await headline.getByLabel("Subheading").fill(SUBHEADING);
  await press(headline.getByRole("button", { name: "Save section" }), "saving the headline");
  const excerpt = (await admin.locator("#section-0 summary .excerpt").innerText()).trim();
  check(excerpt.startsWith(HEADLINE), `the headline's excerpt says ${JSON.stringify(excerpt)}`);
  check((await pill()) === "Draft", "saving a section leaves the page a draft");

  state.step = "moving the testimonial up";
  await press(admin.getByRole("button", { name: "Move up: Testimonial 3" }), "moving the testimonial up");
  await sectionsAre(REORDERED, "after moving the testimonial up");
  check(await admin.getByRole("button", { name: "Move up: Headline 1" }).isDisabled(), "the first section cannot move up");
  check(await admin.getByRole("button", { name: "Move down: Checkout form 6" }).isDisabled(), "the last section cannot move down");

  state.step = "adding questions and answers before the order summary";
  await admin.getByLabel("New section").selectOption({ label: "Questions and answers" });
  await admin.getByLabel("Where").selectOption({ label: "Before 5. Order summary" });
  await press(admin.getByRole("button", { name: "Add section" }), "adding a section");
  await sectionsAre(BUILT, "after adding questions and answers");
  const faq = admin.locator("#section-4");
  check(await faq.locator("details").evaluate((d) => d.open), "the section just added is open, ready for its text");
  await faq.getByLabel("Question 1").fill(QUESTION);
  await faq.getByLabel("Answer 1").fill(ANSWER);
  await faq.getByLabel("Question 2").fill("How long do I have access?");
  await faq.getByLabel("Answer 2").fill("For life, including every future cohort's recordings.");
  await press(faq.getByRole("button", { name: "Save section" }), "saving the questions");
  await sectionsAre(BUILT, "after saving the questions");

  state.step = "publishing with the template's sample text";
  {
    const refused = admin.waitForResponse((r) => r.url().endsWith("/publish"));
    await admin.getByRole("button", { name: "Publish", exact: true }).click();
    const answer = await refused;
    await admin.waitForLoadState("load");
    check(answer.status() === 422, `publishing samples answered ${answer.status()}, not 422`);
    const said = (await admin.locator(".alert.error").first().innerText()).trim();
    check(said === "The Testimonial section (2nd) still holds the template's sample text: replace it or remove the section",
      `the editor said ${JSON.stringify(said)}`);
    check((await pill()) === "Draft", "a refused publish leaves the page a draft");
  }

  state.step = "writing the testimonial and the bullet points";
  const testimonial = admin.locator("#section-1");
  await openSection(testimonial);
  await testimonial.getByRole("textbox", { name: "Quote" }).fill(QUOTE);
  await testimonial.getByRole("textbox", { name: "Who said it" }).fill(AUTHOR);
  await press(testimonial.getByRole("button", { name: "Save section" }), "saving the testimonial");
  const bullets = admin.locator("#section-2");
  await openSection(bullets);
  await bullets.getByRole("textbox", { name: "Points" }).fill(POINTS);
  await press(bullets.getByRole("button", { name: "Save section" }), "saving the bullet points");
  await sectionsAre(BUILT, "after writing the samples over");

  state.step = "reading the preview";
  const frameElement = admin.locator('iframe[title="Preview of the draft"]');
  await frameElement.scrollIntoViewIfNeeded();
  const preview = admin.frameLocator('iframe[title="Preview of the draft"]');
  await preview.locator("main.page.two-column aside").waitFor();
  const previewText = await preview.locator("main.page").innerText();
  const previewOrder = inOrder(previewText, "the preview");
  check((await preview.locator("h1").innerText()).trim() === HEADLINE, "the preview's h1 is the new headline");
  check(await preview.locator("button.pay").isDisabled(), "the preview's form cannot be sent");
  noProblems(problems, "the editor and its preview");
  if (screenshotDir) {
    // From the top: a full-page picture of a scrolled page shows the sticky nav mid-page.
    await admin.evaluate(() => window.scrollTo(0, 0));
    await admin.screenshot({ path: join(screenshotDir, "editor.png"), fullPage: true });
  }

  state.step = "checking that a buyer cannot see the draft";
  const before = await buyer.goto(`${base}/p/${slug}`);
  check(before && before.status() === 404, `before publishing, /p/${slug} answered ${before && before.status()}, not 404`);
  noProblems(problems, "the draft's 404");

  state.step = "publishing";
  await press(admin.getByRole("button", { name: "Publish", exact: true }), "publishing");
  check((await pill()) === "Published", `after publishing the pill says ${await pill()}`);
  check(await admin.getByRole("link", { name: `/p/${slug}` }).isVisible(), "the editor links to the live page");
  check((await admin.getByRole("button", { name: "Publish", exact: true }).count()) === 0, "nothing left to publish");

  state.step = "opening the published page as a buyer";
  const after = await buyer.goto(`${base}/p/${slug}`);
  check(after && after.status() === 200, `after publishing, /p/${slug} answered ${after && after.status()}`);
  check((await buyer.locator("h1").innerText()).trim() === HEADLINE, "the buyer's h1 is the new headline");
  const buyerOrder = inOrder(await buyer.locator("main.page").innerText(), "the buyer's page");
  check((await buyer.locator(".preview-banner").count()) === 0, "no preview banner for buyers");
  const main = await buyer.locator("main.page .col-main").first().boundingBox();
  const aside = await buyer.locator("main.page aside").boundingBox();
  check(main && aside && aside.x >= main.x + main.width - 1 && aside.y < main.y + main.height,
    `on a desktop the order sits beside the offer: main ${JSON.stringify(main)}, aside ${JSON.stringify(aside)}`);
  await fitsTheScreen(buyer, `/p/${slug}`, VIEWPORTS.desktop.viewport.width);
  if (screenshotDir) await buyer.screenshot({ path: join(screenshotDir, "published-desktop.png"), fullPage: true });
  noProblems(problems, "the published page");

  return {
    ok: true,
    page_id: id,
    editor: path,
    product: productName,
    sections: await kinds(),
    status: await pill(),
    preview_order: previewOrder,
    buyer_order: buyerOrder,
    problems: problems.length,
    ms: Date.now() - started,
  };
});
