// The payment form for Stripe: mounts Stripe.js's Payment Element (cards, Apple Pay, Google Pay,
// Link, SEPA Debit, iDEAL, Klarna... whatever the merchant enabled in Stripe and the buyer can
// use) and confirms in the browser. The order is completed by Stripe's signed webhook or by our
// look-up when the buyer comes back, never by this script.
//
// One-time prices: a PaymentIntent (`pi_...` secret), confirmPayment. The buyer always comes
// back through `data-return` (/pay/stripe/return), straight away or after a redirect method's
// bank page, and tagcart settles the order there from the PaymentIntent.
// Subscriptions and payment plans: card first. A SetupIntent (`seti_...` secret) saves the card
// (confirmSetup), then a POST to our `data-subscribe` URL makes the subscription; its answer is
// {"next": url} or, when the first payment needs 3-D Secure, {"confirm": pi_secret, "next"}.
// The customer portal's card change is a SetupIntent too, with no `data-subscribe`.
// An upsell whose bank wants 3-D Secure (`data-saved-card`, the saved card's PaymentMethod id):
// it is confirmed with that card, with no element.
(function () {
  var form = document.getElementById("payment-form");
  if (!form || typeof Stripe === "undefined") return;
  var stripe = Stripe(form.dataset.publishableKey);
  var secret = form.dataset.clientSecret;
  var setup = secret.indexOf("seti_") === 0;
  var savedCard = form.dataset.savedCard;
  var elements = null;
  if (!savedCard) {
    // Stripe writes the element's own words and errors in the page's language.
    elements = stripe.elements({ clientSecret: secret, locale: form.dataset.locale || "auto" });
    var payment = elements.create("payment", {
      defaultValues: { billingDetails: { email: form.dataset.email } },
    });
    payment.mount("#payment-element");
  }
  var errors = document.getElementById("payment-errors");
  var button = form.querySelector("button[type=submit]");

  function fail(message) {
    errors.textContent = message || form.dataset.declined || "The payment did not go through.";
    button.disabled = false;
  }

  function subscribe() {
    return fetch(form.dataset.subscribe, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: "{}",
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) {
            throw new Error(answer.message || form.dataset.subscriptionFailed || "The subscription could not be started.");
          }
          return answer;
        });
      })
      .then(function (answer) {
        if (!answer.confirm) return window.location.assign(answer.next);
        return stripe.confirmCardPayment(answer.confirm).then(function (result) {
          if (result.error) return fail(result.error.message);
          window.location.assign(answer.next);
        });
      });
  }

  function saveCard() {
    return stripe
      .confirmSetup({
        elements: elements,
        // Cards need no redirect; Stripe still wants an absolute address should one come.
        confirmParams: { return_url: new URL(form.dataset.next, window.location.href).href },
        redirect: "if_required",
      })
      .then(function (result) {
        var saved = result.error && result.error.setup_intent && result.error.setup_intent.status === "succeeded";
        if (result.error && !saved) return fail(result.error.message);
        // A reload after the card was saved: Stripe refuses a second confirmation; go on.
        if (form.dataset.subscribe) return subscribe();
        window.location.assign(form.dataset.next);
      });
  }

  function pay() {
    if (savedCard) {
      return stripe.confirmCardPayment(secret, { payment_method: savedCard }).then(function (result) {
        if (result.error) return fail(result.error.message);
        window.location.assign(form.dataset.return);
      });
    }
    // Success leaves the page for `return_url`; only an error comes back here.
    return stripe
      .confirmPayment({ elements: elements, confirmParams: { return_url: form.dataset.return } })
      .then(function (result) {
        if (result.error) fail(result.error.message);
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    errors.textContent = "";
    var submitted = elements ? elements.submit() : Promise.resolve({});
    submitted
      .then(function (checked) {
        // The element shows what is missing beside its own fields.
        if (checked.error) return fail(checked.error.message);
        return setup ? saveCard() : pay();
      })
      .catch(function (error) {
        fail(error && error.message);
      });
  });
})();
