// A stand-in for the Payment Element calls tagcart's pages make (assets/stripe-payment.js), on
// top of localstripe's own Stripe.js stand-in, which has the Card Element, confirmCardSetup and
// confirmCardPayment's 3-D Secure but no Payment Element. Served with localstripe's script by
// tests/it/stripe_js.rs, which sets LOCALSTRIPE_API before both.
//
// Faithful to what the page relies on, and strict about it:
// - stripe.elements({clientSecret, locale}) is the Payment Element's group (a clientSecret is
//   required, as Stripe requires it or a mode); create("payment") renders card inputs;
// - elements.submit() checks the inputs are filled, answering {} or {error};
// - confirmSetup({elements, confirmParams: {return_url}, redirect: "if_required"}) saves the
//   card (localstripe's confirmCardSetup) and answers {setupIntent} without leaving the page;
// - confirmPayment({elements, confirmParams: {return_url}}) pays the PaymentIntent and, as
//   Stripe does after a successful confirmation without `redirect: "if_required"`, sends the
//   browser to return_url with payment_intent, payment_intent_client_secret and redirect_status;
//   an error answers {error} and stays.
// Stripe confirms with the publishable key and the client secret; localstripe confirms a
// PaymentIntent only with the secret key, so the stand-in's server does it for the browser
// (`POST /confirm`), as Stripe's server does.
(function () {
  var localStripe = Stripe;
  var standIn = new URL(document.currentScript.src).origin;

  function form(fields) {
    return Object.keys(fields)
      .map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(fields[k]); })
      .join("&");
  }

  // A simple form POST: no preflight.
  async function post(path, fields) {
    var response = await fetch(standIn + path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: form(fields),
    });
    var body = await response.json();
    if (!response.ok || body.error) throw body.error || new Error("the stand-in answered " + response.status);
    return body;
  }

  function expect(condition, what) {
    if (!condition) throw new Error("Payment Element stand-in: " + what);
  }

  Stripe = function (publishableKey, options) {
    var stripe = localStripe(publishableKey, options);
    var cardElements = stripe.elements;

    stripe.elements = function (options) {
      if (!options || !options.clientSecret) return cardElements(options);
      var group = cardElements();
      var createCard = group.create;
      group.clientSecret = options.clientSecret;
      group.create = function (type, elementOptions) {
        expect(type === "payment", "no '" + type + "' element here");
        return createCard.call(group, "card", elementOptions);
      };
      group.submit = async function () {
        var card = group.getElement("card");
        var value = card && card.value && card.value.card;
        if (!value || value.number.length < 16 || !value.cvc) {
          return { error: { type: "validation_error", message: "Your card number is incomplete." } };
        }
        return {};
      };
      return group;
    };

    stripe.confirmSetup = async function (params) {
      expect(params.elements && params.elements.clientSecret.indexOf("seti_") === 0, "confirmSetup needs a SetupIntent's elements");
      expect(/^https?:\/\//.test(params.confirmParams.return_url), "return_url must be absolute");
      expect(params.redirect === "if_required", "a card setup is expected to stay on the page");
      var card = params.elements.getElement("card");
      return stripe.confirmCardSetup(params.elements.clientSecret, { payment_method: { card: card } });
    };

    stripe.confirmPayment = async function (params) {
      var elements = params.elements;
      expect(elements && elements.clientSecret.indexOf("pi_") === 0, "confirmPayment needs a PaymentIntent's elements");
      var returnUrl = params.confirmParams && params.confirmParams.return_url;
      expect(/^https?:\/\//.test(returnUrl || ""), "return_url must be absolute");
      var intent = elements.clientSecret.match(/^(pi_\w+)_secret_/)[1];
      var card = elements.getElement("card").value.card;
      try {
        var confirmed = await post("/confirm", {
          client_secret: elements.clientSecret,
          number: card.number,
          exp_month: card.exp_month,
          exp_year: card.exp_year,
          cvc: card.cvc,
        });
        if (confirmed.status === "requires_action") {
          var authenticated = await stripe.confirmCardPayment(elements.clientSecret);
          if (authenticated.error) return { error: authenticated.error };
        } else if (confirmed.status !== "succeeded" && confirmed.status !== "processing") {
          return { error: confirmed.last_payment_error || { message: "Your card was declined." } };
        }
      } catch (error) {
        return { error: error };
      }
      var back = new URL(returnUrl);
      back.searchParams.set("payment_intent", intent);
      back.searchParams.set("payment_intent_client_secret", elements.clientSecret);
      back.searchParams.set("redirect_status", "succeeded");
      window.location.assign(back.href);
      return new Promise(function () {});
    };

    return stripe;
  };
})();
