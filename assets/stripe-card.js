// The card form for Stripe: mounts Stripe.js's Card Element and confirms the payment in the
// browser (3-D Secure included). The order is completed by Stripe's signed webhook, never by
// this script: on success it only moves the buyer on to the thank-you page.
//
// One-time prices: a PaymentIntent (`pi_...` secret), confirmCardPayment.
// Subscriptions and payment plans: card first. A SetupIntent (`seti_...` secret) saves the card
// (confirmCardSetup), then a POST to our `data-subscribe` URL makes the subscription; its answer
// is {"next": url} or, when the first payment needs 3-D Secure, {"confirm": pi_secret, "next"}.
// An upsell whose bank wants 3-D Secure (`data-saved-card`, the saved card's PaymentMethod id):
// it is confirmed with that card, with no card field.
(function () {
  var form = document.getElementById("card-form");
  if (!form || typeof Stripe === "undefined") return;
  var stripe = Stripe(form.dataset.publishableKey);
  var savedCard = form.dataset.savedCard;
  // Stripe writes the card field's own words and errors in the page's language.
  var card = null;
  if (!savedCard) {
    card = stripe.elements({ locale: form.dataset.locale || "auto" }).create("card");
    card.mount("#card-element");
  }
  var errors = document.getElementById("card-errors");
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

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    errors.textContent = "";
    var secret = form.dataset.clientSecret;
    var setup = secret.indexOf("seti_") === 0;
    var confirm = setup ? stripe.confirmCardSetup : stripe.confirmCardPayment;
    var data = savedCard
      ? { payment_method: savedCard }
      : { payment_method: { card: card, billing_details: { email: form.dataset.email } } };
    confirm
      .call(stripe, secret, data)
      .then(function (result) {
        var saved = result.error && result.error.setup_intent && result.error.setup_intent.status === "succeeded";
        if (result.error && !(setup && saved)) return fail(result.error.message);
        // A reload after the card was saved: Stripe refuses a second confirmCardSetup; go on.
        if (setup && form.dataset.subscribe) return subscribe();
        window.location.assign(form.dataset.next);
      })
      .catch(function (error) {
        fail(error && error.message);
      });
  });
})();
