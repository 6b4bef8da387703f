# Bestelpagina's in het Nederlands (je-vorm). Dezelfde ids als en.ftl.

## The page frame (views::page)
page-secure-checkout = Veilig afrekenen
page-your-order = Je bestelling

## Countdown section
countdown-label = Aanbieding eindigt over
countdown-ended = Deze aanbieding is verlopen.
countdown-ends = Eindigt op { $date } UTC
countdown-less-than-minute = minder dan een minuut
countdown-days = { $count ->
    [one] 1 dag
   *[other] { $count } dagen
}
countdown-hours = { $count ->
    [one] 1 uur
   *[other] { $count } uur
}
countdown-minutes = { $count ->
    [one] 1 minuut
   *[other] { $count } minuten
}
countdown-unit-days = dagen
countdown-unit-hours = uur
countdown-unit-minutes = minuten
countdown-unit-seconds = seconden

## Video section
video-default-title = Video
video-play-label = Video afspelen: { $title } (speelt af via { $provider })
video-plays-from = Speelt af via { $provider }

## Checkout form errors, after the field's label
checkout-required = is verplicht
checkout-too-long = mag maximaal { $max } tekens bevatten
checkout-single-line = moet op één regel passen
checkout-email = moet een e-mailadres zijn zoals name@example.com
checkout-name-markup = mag geen < > = {"{"} {"}"} [ ] of \ bevatten
checkout-phone = mag alleen cijfers, spaties en + - ( ) . bevatten
checkout-price = kies een van de getoonde opties
checkout-gateway = kies een van de getoonde betaalmethoden

## Card payment (Stripe)
card-title = Betalen met kaart
card-label = Kaart
card-pay = { $amount } betalen
card-needs-javascript = Voor kaartbetalingen is JavaScript nodig. Zet het aan of kies een andere betaalmethode.
card-goes-to-stripe = Je kaartgegevens gaan rechtstreeks naar Stripe; tagcart ziet ze nooit.
card-declined = De betaling is niet gelukt.
card-subscription-failed = Het abonnement kon niet worden gestart.

## The test gateway's payment page
test-pay-title = Testbetaling
test-pay-badge = Testgateway: er wordt geen geld overgemaakt
test-pay-buyer = Koper:
test-pay-status = Bestelstatus:
test-pay-renewal = Verlenging:
test-pay-failing-since = mislukt sinds { $date }
test-pay-access-ends = Betaalde toegang eindigt:
test-pay-plan = Betaling in termijnen:
test-pay-paid-in-full = volledig betaald
test-pay-plan-end-keeps-access = (de toegang blijft daarna)
test-pay-nothing-more = Met deze bestelling gebeurt bij de betaalprovider niets meer.
test-pay-each-button = Elke knop stuurt een ondertekende gebeurtenis naar de testwebhook van deze tagcart, precies zoals een betaalprovider dat doet.
test-pay-complete = Betaling voltooien
test-pay-pending = In behandeling laten
test-pay-decline = Betaling weigeren
test-pay-renew = Verlenging betaald
test-pay-renewal-fails = Verlenging mislukt
test-pay-recover = Verlenging hersteld
test-pay-refund = Terugbetalen
test-pay-cancel-at-period-end = Opzeggen per einde periode
test-pay-cancel-now = Nu opzeggen
