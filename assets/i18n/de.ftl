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
card-title = Bezahlen
card-pay = { $amount } bezahlen
card-needs-javascript = Die Zahlung braucht JavaScript. Bitte aktivieren Sie es oder wählen Sie eine andere Zahlungsart.
card-goes-to-stripe = Ihre Zahlungsdaten gehen direkt an Stripe; tagcart sieht sie nie.
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

## The shop's footer (Settings → Shop)
shop-questions = Fragen?
shop-terms = AGB
shop-privacy = Datenschutz

## Error pages a buyer may see (views::errors::buyer)
error-not-found-title = Seite nicht gefunden
error-not-found = Diese Seite existiert nicht oder nimmt keine Bestellungen an.
error-too-many-title = Zu viele Anfragen
error-too-many = Zu viele Versuche in kurzer Zeit. Bitte warten Sie eine Minute und versuchen Sie es dann erneut.
error-request-title = Etwas stimmt nicht
error-request = Diese Anfrage konnte nicht verarbeitet werden. Gehen Sie zurück und versuchen Sie es erneut.
error-unavailable-title = Zahlungsdienst nicht erreichbar
error-unavailable = Der Zahlungsdienst hat nicht geantwortet. Versuchen Sie es in einer Minute erneut.
error-server-title = Etwas ist schiefgelaufen
error-server = Bei uns ist etwas schiefgelaufen. Versuchen Sie es in einer Minute erneut.
error-need-help = Brauchen Sie Hilfe? Schreiben Sie an

## The checkout form (views::page::form)
form-checkout = Kasse
form-closed = Auf dieser Seite sind derzeit keine Zahlungen möglich. Bitte schauen Sie bald wieder vorbei.
form-choose-option = Wählen Sie Ihre Option
form-your-details = Ihre Angaben
form-billing-address = Rechnungsadresse
form-pay-with = Bezahlen mit
form-email = E-Mail
form-first-name = Vorname
form-last-name = Nachname
form-phone = Telefon
form-address = Adresse
form-city = Ort
form-zip = Postleitzahl
form-state = Bundesland / Region
form-country = Land
form-optional = (optional)
form-check-fields = Bitte prüfen Sie die markierten Felder.
form-field-problem = { $field } { $problem }
form-preview-button = Die Schaltfläche funktioniert, sobald die Seite veröffentlicht ist.
gateway-test = Testzahlung (es fließt kein Geld)
gateway-card = Karte, Apple Pay, Google Pay und mehr
gateway-paypal = PayPal

## The pay button: the amount due today, after the merchant's words if any
pay-button = { $amount } bezahlen
pay-button-trial = Kostenlos testen · heute { $amount }
pay-button-with-words = { $words } · { $amount }
pay-button-with-words-trial = { $words } · heute { $amount }

## The coupon field (views::page::coupon)
coupon-have = Haben Sie einen Gutschein?
coupon-code = Gutscheincode
coupon-apply = Einlösen
# $code is shown in bold.
coupon-applied = Gutschein { $code } eingelöst: { $discount }
coupon-unknown = Den Gutscheincode { $code } gibt es nicht; bitte prüfen Sie die Schreibweise.
coupon-paused = Der Gutschein { $code } ist pausiert und kann derzeit nicht eingelöst werden.
coupon-expired = Der Gutschein { $code } ist abgelaufen.
coupon-used-up = Der Gutschein { $code } ist bereits aufgebraucht.
coupon-not-for-product = Der Gutschein { $code } gilt nicht für dieses Produkt.
coupon-other-currency = Der Gutschein { $code } gilt nur für Preise in { $currency }, nicht in der Währung dieses Preises.

## What a discount takes off
discount-percent = { $percent } % Rabatt
discount-amount = { $amount } Rabatt
discount-once = { $off } auf die erste Zahlung
discount-forever = { $off } auf jede Zahlung
discount-months = { $off } für { $months ->
    [one] 1 Monat
   *[other] { $months } Monate
}

## Prices in words: "$19.00 every month", "free for 14 days, then $19.00 every month"
every-day = { $count ->
    [one] täglich
   *[other] alle { $count } Tage
}
every-week = { $count ->
    [one] wöchentlich
   *[other] alle { $count } Wochen
}
every-month = { $count ->
    [one] monatlich
   *[other] alle { $count } Monate
}
every-year = { $count ->
    [one] jährlich
   *[other] alle { $count } Jahre
}
price-recurring = { $amount } { $every }
price-trial = { $days ->
    [one] 1 Tag
   *[other] { $days } Tage
} kostenlos, danach { $amount } { $every }
price-plan = { $count } × { $amount } { $every }

## What follows today's charge, joined with ", ": "then $15.99 for 2 more months, then $19.99 every month"
then-forever = danach { $amount } { $every }
then-payments = danach { $count ->
    [one] 1 Zahlung
   *[other] { $count } Zahlungen
} von { $amount } { $every }
then-more-payments = danach { $count ->
    [one] 1 weitere Zahlung
   *[other] { $count } weitere Zahlungen
} von { $amount } { $every }
then-for = danach { $amount } für { $duration }
then-times = danach { $count ->
    [one] einmal
   *[other] { $count }-mal
} { $amount } { $every }
then-more-times = danach noch { $count ->
    [one] einmal
   *[other] { $count }-mal
} { $amount } { $every }
duration-day = { $count ->
    [one] 1 Tag
   *[other] { $count } Tage
}
duration-more-day = { $count ->
    [one] 1 weiteren Tag
   *[other] { $count } weitere Tage
}
duration-week = { $count ->
    [one] 1 Woche
   *[other] { $count } Wochen
}
duration-more-week = { $count ->
    [one] 1 weitere Woche
   *[other] { $count } weitere Wochen
}
duration-month = { $count ->
    [one] 1 Monat
   *[other] { $count } Monate
}
duration-more-month = { $count ->
    [one] 1 weiteren Monat
   *[other] { $count } weitere Monate
}
duration-year = { $count ->
    [one] 1 Jahr
   *[other] { $count } Jahre
}
duration-more-year = { $count ->
    [one] 1 weiteres Jahr
   *[other] { $count } weitere Jahre
}

## The order summary (views::page::summary), also on the receipt
summary-free-trial = Kostenlose Testphase
summary-discount = Rabatt
summary-due-today = Heute fällig
summary-paid = Bezahlt
# $amount is shown in bold.
summary-trial-ends = Heute wird nichts berechnet. Ihre kostenlose Testphase endet am { $date }, dann wird die erste Zahlung von { $amount } fällig.

## The receipt (views::checkout); $email and $amount are shown in bold
receipt-paid-title = Vielen Dank!
receipt-paid = Ihre Zahlung ist eingegangen und Ihre Bestellung ist abgeschlossen.
receipt-trial-title = Ihre kostenlose Testphase hat begonnen
receipt-trial = Ihre Bestellung ist abgeschlossen.
receipt-pending-title = Ihre Zahlung wird bestätigt
receipt-pending = Wir lassen Ihre Zahlung gerade vom Zahlungsanbieter bestätigen. Diese Seite aktualisiert sich von selbst; Sie können sie auch schließen: Ihr Zugang wird an { $email } gesendet, sobald die Zahlung bestätigt ist.
receipt-processing-title = Ihre Zahlung wird bearbeitet
receipt-processing = Ihre Bank bearbeitet die Zahlung; eine Lastschrift kann einige Werktage dauern. Sie können diese Seite schließen: Ihr Zugang wird an { $email } gesendet, sobald die Zahlung eingegangen ist.
receipt-declined-title = Zahlung abgelehnt
receipt-declined = Die Zahlung ist nicht durchgegangen, es wurde nichts abgebucht. Versuchen Sie es erneut oder wählen Sie eine andere Zahlungsart. Bestellung für { $email }.
receipt-closed-title = Bestellung geschlossen
receipt-closed = Diese Bestellung wurde erstattet oder storniert. Bestellung für { $email }.
receipt-order-number = Bestellnummer
receipt-date = Datum
receipt-email = E-Mail
receipt-next-charge = Nächste Abbuchung: { $amount } am { $date }.
receipt-what-next = So geht es weiter
receipt-login = Kartra sendet Ihre Zugangsdaten per E-Mail an { $email }. Falls sie nicht in wenigen Minuten ankommen, sehen Sie bitte in Ihrem Spam-Ordner nach.
receipt-contact = Fragen zu Ihrer Bestellung? Wenden Sie sich an { $seller } unter { $email }.
receipt-the-seller = den Verkäufer
receipt-sold-by = Verkauft von { $seller }.
receipt-continue = Weiter
receipt-back-to-checkout = Zurück zur Kasse

# Order bumps and one-click upsells
checkout-bump = dieses Angebot lässt sich nicht zur gewählten Option hinzufügen
bump-add = Ja, für { $amount } zu meiner Bestellung hinzufügen
upsell-title = Noch eine Sache vor Ihrer Quittung
upsell-paid = Ihre Zahlung ist eingegangen.
upsell-accept = Ja, hinzufügen · { $amount }
upsell-decline = Nein, danke
upsell-one-click-card = Es wird von der soeben verwendeten Karte abgebucht; Sie geben sie nicht erneut ein.
upsell-one-click-approve = Sie bestätigen diese Zahlung noch einmal beim Zahlungsanbieter.
upsell-pending = Wir warten auf die Bestätigung Ihrer Zahlung; diese Seite lädt sich von selbst neu.
upsell-expired = Dieses Angebot ist abgelaufen.
upsell-declined = Die Zahlung für dieses Angebot wurde abgelehnt; dafür wurde nichts abgebucht. Ihre erste Bestellung bleibt bestehen.
card-saved-for-offer = Ihre Karte wird beim Kartenanbieter gespeichert, damit ein Angebot nach dieser Zahlung mit einem Klick hinzugefügt werden kann.
receipt-added = Nach dem Kauf hinzugefügt
card-confirm-saved = Ihre Bank bittet Sie, diese Zahlung mit der soeben verwendeten Karte zu bestätigen.

# Tax and VAT (shown only while tax is on)
checkout-vat-id-format = ist keine USt-IdNr. des gewählten Landes
checkout-vat-id-outside-eu = wird nur von Käufern in der EU erfragt
checkout-vat-id-not-registered = ist im VIES der EU nicht registriert: prüfen Sie sie oder lassen Sie das Feld leer, um mit MwSt. zu zahlen
form-business = Kaufen Sie als Unternehmen?
form-company = Firmenname
form-vat-id = USt-IdNr.
summary-net = Netto
summary-vat = MwSt. { $rate }
summary-vat-included = Enthält MwSt. { $rate }
summary-vat-country = Die MwSt. richtet sich nach dem Land, das Sie wählen.
summary-reverse-charge = Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge).

# Invoices and credit notes (PDF)
invoice-title = Rechnung
invoice-credit-note-title = Gutschrift
invoice-number = Nummer
invoice-date = Datum
invoice-order = Bestellung
invoice-cancels = Storniert Rechnung { $number }
invoice-seller = Verkäufer
invoice-bill-to = Rechnung an
invoice-vat-id = USt-IdNr.
invoice-description = Beschreibung
invoice-amount = Betrag
invoice-total = Gesamt
invoice-paid = Vollständig bezahlt. Vielen Dank.
invoice-download = Rechnung { $number } (PDF)

# Emails to buyers
email-receipt-subject = Ihre Quittung für { $product }
email-receipt-body = Vielen Dank für Ihre Bestellung, { $name }. Wir haben { $amount } für { $product } erhalten.
email-renewal-subject = Ihre Zahlung für { $product }
email-renewal-body = Vielen Dank, { $name }. Ihre Zahlung von { $amount } für { $product } ist eingegangen.
email-failed-subject = Ihre Zahlung für { $product } ist fehlgeschlagen
email-failed-body = Hallo { $name }, Ihre letzte Zahlung für { $product } ist fehlgeschlagen. Sie wird erneut versucht; um mit einer anderen Karte zu zahlen, ändern Sie sie in Ihrem Konto.
email-failed-update-card = Karte ändern
email-cancelled-subject = Ihr Abonnement für { $product } ist gekündigt
email-cancelled-body = Hallo { $name }, Ihr Abonnement für { $product } ist gekündigt. Ihr Zugang endet am { $date }.
email-refund-subject = Ihre Erstattung für { $product }
email-refund-body = Hallo { $name }, wir haben { $amount } für { $product } erstattet.
email-invoice-attached = Ihre Rechnung { $number } ist angehängt.
email-credit-note-attached = Die Gutschrift { $number } ist angehängt.
email-terms = Sie haben die AGB ({ $url }) am { $date } akzeptiert.
email-waiver = Am { $date } haben Sie bestätigt: „{ $waiver }“
email-questions = Fragen? Schreiben Sie an { $email }.
email-view-order = Bestellung ansehen
email-sign-in-subject = Ihr Anmeldelink für { $shop }
email-sign-in-subject-plain = Ihr Anmeldelink
email-sign-in-body = Melden Sie sich mit der Schaltfläche unten an, um Ihre Bestellungen zu sehen. Der Link funktioniert einmal, 30 Minuten lang.
email-sign-in-not-you = Wenn Sie keine Anmeldung angefordert haben, ignorieren Sie diese E-Mail: Es ändert sich nichts.
email-sign-in-button = Anmelden

## The customer portal (views::account)
account-title = Ihr Konto
account-sign-in-intro = Geben Sie die E-Mail-Adresse ein, mit der Sie bestellt haben. Wir senden Ihnen einen Anmeldelink: Sie brauchen kein Passwort.
account-email = E-Mail
account-send-link = Anmeldelink senden
account-link-sent = Sehen Sie in Ihrem Postfach nach
account-link-sent-body = Wenn es zu { $email } Bestellungen gibt, ist ein Anmeldelink unterwegs. Er funktioniert einmal, 30 Minuten lang.
account-too-many = Zu viele Anmeldeanfragen von hier. Versuchen Sie es in 15 Minuten erneut.
account-link-title = Anmelden
account-link-body = Weiter zu Ihren Bestellungen.
account-link-button = Anmelden
account-link-invalid = Dieser Anmeldelink ist abgelaufen oder wurde schon benutzt. Fordern Sie einen neuen an.
account-signed-in-as = Angemeldet als { $email }
account-sign-out = Abmelden
account-orders = Ihre Bestellungen
account-no-orders = Zu dieser E-Mail-Adresse gibt es noch keine Bestellungen.
account-order-placed = Bestellt am { $date }
account-status-completed = Aktiv
account-status-cancelled = Gekündigt
account-status-refunded = Erstattet
account-status-pending = Zahlung ausstehend
account-status-processing = Zahlung in Bearbeitung
account-status-failed = Zahlung fehlgeschlagen
account-refunded-part = { $amount } erstattet
account-access-ends = Gekündigt: Zugang bis { $date }
account-cancel-scheduled = Endet am { $date }
account-renewal-failing = Ihre letzte Zahlung ist fehlgeschlagen. Ändern Sie Ihre Karte, um Ihren Zugang zu behalten.
account-invoices = Rechnungen
account-cancel = Abo kündigen
account-cancel-title = Ihr Abo für { $product } kündigen?
account-cancel-body = Es wird nichts mehr abgebucht. Ihr Zugang bleibt bis zum Ende des bezahlten Zeitraums.
account-cancel-confirm = Ja, kündigen
account-cancel-keep = Abo behalten
account-cancelled-notice = Ihr Abo ist gekündigt. Ihr Zugang bleibt bis zum Ende des bezahlten Zeitraums.
account-update-card = Karte ändern
account-card-title = Karte für { $product } ändern
account-card-body = Ihre nächsten Zahlungen werden von dieser Karte abgebucht. Eine fehlgeschlagene Zahlung wird jetzt mit ihr erneut versucht.
account-card-save = Karte speichern
account-card-updated = Ihre Karte wurde geändert.
account-card-retried = Ihre Karte wurde geändert und die fehlgeschlagene Zahlung von ihr abgebucht.
account-paypal-manage = Bei PayPal verwalten
account-session-ended = Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an.
account-back = Zurück zu Ihren Bestellungen

# Consent checkboxes on the checkout
checkout-consent = setzen Sie dieses Häkchen, um fortzufahren
consent-terms = Ich akzeptiere die { $terms }.
consent-terms-link = Allgemeinen Geschäftsbedingungen
consent-waiver = Ich verlange den sofortigen Zugang und weiß, dass ich dadurch mein Widerrufsrecht verliere.
