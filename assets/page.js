// tagcart buyer pages: optional enhancements. Every page works without this file.
(() => {
  "use strict";

  // Videos: nothing comes from the provider until the buyer presses play.
  for (const link of document.querySelectorAll("a.video-play[data-embed]")) {
    link.setAttribute("role", "button");
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const frame = document.createElement("iframe");
      frame.src = link.dataset.embed;
      frame.title = link.dataset.title || "Video";
      frame.allow = "autoplay; fullscreen; picture-in-picture";
      link.replaceWith(frame);
      frame.focus();
    });
  }

  // Countdowns: the time left, to the second.
  // The unit names come in the page's language (data-units), as does data-ended.
  const UNITS = [[86400, "days"], [3600, "hours"], [60, "minutes"], [1, "seconds"]];
  const clocks = [];
  for (const box of document.querySelectorAll(".countdown[data-deadline]")) {
    const deadline = Date.parse(box.dataset.deadline);
    const out = box.querySelector(".countdown-remaining");
    if (!out || Number.isNaN(deadline)) continue;
    const names = (box.dataset.units || "").split("|");
    out.textContent = "";
    const numbers = UNITS.map(([, name], i) => {
      const unit = document.createElement("span");
      const n = document.createElement("b");
      unit.className = "unit";
      unit.append(n, " " + (names[i] || name));
      out.append(unit);
      return n;
    });
    clocks.push({ box, out, deadline, numbers, ended: box.dataset.ended || "This offer has ended." });
  }
  function tick() {
    for (const c of clocks) {
      let left = Math.floor((c.deadline - Date.now()) / 1000);
      if (left <= 0) {
        if (!c.box.classList.contains("ended")) {
          c.box.classList.add("ended");
          c.box.replaceChildren(c.out);
          c.out.textContent = c.ended;
        }
        continue;
      }
      UNITS.forEach(([size], i) => {
        const n = Math.floor(left / size);
        left -= n * size;
        c.numbers[i].textContent = String(n).padStart(2, "0");
      });
    }
  }
  if (clocks.length) {
    tick();
    setInterval(tick, 1000);
  }

  // Two columns: the order stays in view; a form taller than the window scrolls until its
  // end shows, then stays.
  const side = document.querySelector(".two-column .col-side");
  if (side) {
    const fit = () => {
      side.style.top = Math.min(24, window.innerHeight - side.offsetHeight - 24) + "px";
    };
    side.classList.add("sticky");
    fit();
    window.addEventListener("resize", fit);
    if (window.ResizeObserver) new ResizeObserver(fit).observe(side);
  }

  // Price options and the order bump: show the summary and the pay button's words the server
  // wrote for the option picked, with or without the bump (the page carries one of each, all
  // but one hidden). The bump's box shows only beside the options it fits.
  const options = document.querySelectorAll('input[name="price_id"][type="radio"]');
  const bump = document.getElementById("f-bump");
  const bumpBox = document.getElementById("f-bump-box");
  const follow = () => {
    const picked =
      document.querySelector('input[name="price_id"]:checked') ||
      document.querySelector('input[name="price_id"][type="hidden"]');
    if (!picked) return;
    let ticked = false;
    if (bump && bumpBox) {
      const fits = bumpBox.dataset.prices.split(" ").includes(picked.value);
      bumpBox.hidden = !fits;
      bump.disabled = !fits;
      ticked = fits && bump.checked;
    }
    for (const el of document.querySelectorAll("[data-price]")) {
      const bumped = el.dataset.bump === undefined || (el.dataset.bump === "1") === ticked;
      el.hidden = el.dataset.price !== picked.value || !bumped;
    }
  };
  for (const option of options) option.addEventListener("change", follow);
  if (bump) bump.addEventListener("change", follow);
  if (options.length || bump) follow();

  // Tax: the summary and the pay button show the chosen country's rate. The server renders
  // them for that country (`?country=XX`); this swaps them in. Without script the amount
  // charged is still the right one, and the processor's page shows it.
  const taxed = document.querySelector("form[data-taxed]");
  const country = taxed && taxed.querySelector('select[name="country"]');
  if (country) {
    let asked = 0;
    country.addEventListener("change", async () => {
      const mine = ++asked;
      const query = new URLSearchParams({ country: country.value || "" });
      const code = taxed.querySelector('input[name="coupon"]');
      if (code && document.querySelector(".coupon-applied")) query.set("coupon", code.value);
      try {
        const res = await fetch(location.pathname + "?" + query, { credentials: "same-origin" });
        if (!res.ok || mine !== asked) return;
        const page = new DOMParser().parseFromString(await res.text(), "text/html");
        for (const selector of [".s-summary", "button.pay"]) {
          const now = document.querySelector(selector);
          const fresh = page.querySelector(selector);
          if (now && fresh) now.innerHTML = fresh.innerHTML;
        }
        follow();
      } catch (_) {
        // Offline or refused: the summary keeps the last country's; the charge is the server's.
      }
    });
  }
})();
