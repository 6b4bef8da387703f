# Kaufseiten auf Deutsch (Sie-Form). Dieselben IDs wie en.ftl.

## The page frame (views::page)
page-secure-checkout = Sichere Bezahlung
page-your-order = Ihre Bestellung

## Countdown section
countdown-label = Angebot endet in
countdown-ended = Dieses Angebot ist abgelaufen.
countdown-ends = Endet am { $date } UTC
countdown-less-than-minute = weniger als eine Minute
countdown-days = { $count ->
    [one] 1 Tag
   *[other] { $count } Tage
}
countdown-hours = { $count ->
    [one] 1 Stunde
   *[other] { $count } Stunden
}
countdown-minutes = { $count ->
    [one] 1 Minute
   *[other] { $count } Minuten
}
countdown-unit-days = Tage
countdown-unit-hours = Stunden
countdown-unit-minutes = Minuten
countdown-unit-seconds = Sekunden

## Video section
video-default-title = Video
video-play-label = Video abspielen: { $title } (wird über { $provider } abgespielt)
video-plays-from = Wird über { $provider } abgespielt

## Checkout form errors, after the field's label
checkout-required = ist ein Pflichtfeld
checkout-too-long = darf höchstens { $max } Zeichen lang sein
checkout-single-line = darf keinen Zeilenumbruch enthalten
checkout-email = muss eine E-Mail-Adresse wie name@example.com sein
checkout-name-markup = darf kein < > = {"{"} {"}"} [ ] oder \ enthalten
checkout-phone = darf nur Ziffern, Leerzeichen und + - ( ) . enthalten
checkout-price = wählen Sie eine der angezeigten Optionen
checkout-gateway = wählen Sie eine der angezeigten Zahlungsarten

## Card payment (Stripe)
card-title = Mit Karte bezahlen
card-label = Karte
card-pay = { $amount } bezahlen
card-needs-javascript = Kartenzahlungen brauchen JavaScript. Bitte aktivieren Sie es oder wählen Sie eine andere Zahlungsart.
card-goes-to-stripe = Ihre Kartendaten gehen direkt an Stripe; tagcart sieht sie nie.
card-declined = Die Zahlung ist nicht durchgegangen.
card-subscription-failed = Das Abo konnte nicht gestartet werden.

## The test gateway's payment page
test-pay-title = Testzahlung
test-pay-badge = Test-Gateway: Es fließt kein Geld
test-pay-buyer = Käufer:
test-pay-status = Bestellstatus:
test-pay-renewal = Verlängerung:
test-pay-failing-since = fehlgeschlagen seit { $date }
test-pay-access-ends = Bezahlter Zugang endet:
test-pay-plan = Ratenzahlung:
test-pay-paid-in-full = vollständig bezahlt
test-pay-plan-end-keeps-access = (der Zugang bleibt danach bestehen)
test-pay-nothing-more = Mit dieser Bestellung passiert beim Zahlungsanbieter nichts mehr.
test-pay-each-button = Jede Schaltfläche sendet ein signiertes Ereignis an den Test-Webhook dieses tagcart, genau wie ein Zahlungsanbieter.
test-pay-complete = Zahlung abschließen
test-pay-pending = Offen lassen
test-pay-decline = Zahlung ablehnen
test-pay-renew = Verlängerung bezahlt
test-pay-renewal-fails = Verlängerung schlägt fehl
test-pay-recover = Verlängerung wieder bezahlt
test-pay-refund = Erstatten
test-pay-cancel-at-period-end = Zum Laufzeitende kündigen
test-pay-cancel-now = Sofort kündigen
