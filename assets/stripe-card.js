// The card form for Stripe: mounts Stripe.js's Card Element and confirms the PaymentIntent in
// the browser (3-D Secure included). The order is completed by Stripe's signed webhook, never
// by this script: on success it only moves the buyer on to the thank-you page.
(function () {
  var form = document.getElementById("card-form");
  if (!form || typeof Stripe === "undefined") return;
  var stripe = Stripe(form.dataset.publishableKey);
  var card = stripe.elements().create("card");
  card.mount("#card-element");
  var errors = document.getElementById("card-errors");
  var button = form.querySelector("button[type=submit]");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    errors.textContent = "";
    // A subscription that starts with a free trial has no payment yet: it saves the card instead.
    var secret = form.dataset.clientSecret;
    var confirm = secret.indexOf("seti_") === 0 ? stripe.confirmCardSetup : stripe.confirmCardPayment;
    confirm
      .call(stripe, secret, {
        payment_method: { card: card, billing_details: { email: form.dataset.email } },
      })
      .then(function (result) {
        if (result.error) {
          errors.textContent = result.error.message || "The payment did not go through.";
          button.disabled = false;
        } else {
          window.location.assign(form.dataset.next);
        }
      });
  });
})();
