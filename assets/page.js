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

  // Price options: show the summary and the pay button's words the server wrote for the
  // option picked (the page carries one of each per option, all but one hidden).
  const options = document.querySelectorAll('input[name="price_id"][type="radio"]');
  const follow = () => {
    const picked = document.querySelector('input[name="price_id"]:checked');
    if (!picked) return;
    for (const el of document.querySelectorAll("[data-price]")) {
      el.hidden = el.dataset.price !== picked.value;
    }
  };
  for (const option of options) option.addEventListener("change", follow);
  if (options.length) follow();
})();
