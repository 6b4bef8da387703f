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
card-title = Betalen
card-pay = { $amount } betalen
card-needs-javascript = Voor betalen is JavaScript nodig. Zet het aan of kies een andere betaalmethode.
card-goes-to-stripe = Je betaalgegevens gaan rechtstreeks naar Stripe; tagcart ziet ze nooit.
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

## The shop's footer (Settings → Shop)
shop-questions = Vragen?
shop-terms = Voorwaarden
shop-privacy = Privacy

## Error pages a buyer may see (views::errors::buyer)
error-not-found-title = Pagina niet gevonden
error-not-found = Deze pagina bestaat niet of neemt geen bestellingen aan.
error-too-many-title = Te veel verzoeken
error-too-many = Te veel pogingen in korte tijd. Wacht een minuut en probeer het dan opnieuw.
error-request-title = Er klopt iets niet
error-request = Dit verzoek kon niet worden verwerkt. Ga terug en probeer het opnieuw.
error-unavailable-title = Betaaldienst niet beschikbaar
error-unavailable = De betaaldienst reageerde niet. Probeer het over een minuut opnieuw.
error-server-title = Er is iets misgegaan
error-server = Er is bij ons iets misgegaan. Probeer het over een minuut opnieuw.
error-need-help = Hulp nodig? Stuur een e-mail naar

## The checkout form (views::page::form)
form-checkout = Afrekenen
form-closed = Deze pagina neemt op dit moment geen betalingen aan. Probeer het later nog eens.
form-choose-option = Kies je optie
form-your-details = Je gegevens
form-billing-address = Factuuradres
form-pay-with = Betalen met
form-email = E-mail
form-first-name = Voornaam
form-last-name = Achternaam
form-phone = Telefoonnummer
form-address = Adres
form-city = Plaats
form-zip = Postcode
form-state = Provincie / regio
form-country = Land
form-optional = (optioneel)
form-check-fields = Controleer de gemarkeerde velden.
form-field-problem = { $field } { $problem }
form-preview-button = De knop werkt zodra de pagina is gepubliceerd.
gateway-test = Testbetaling (er wordt geen geld overgemaakt)
gateway-card = Kaart, Apple Pay, Google Pay en meer
gateway-paypal = PayPal

## The pay button: the amount due today, after the merchant's words if any
pay-button = { $amount } betalen
pay-button-trial = Gratis proefperiode starten · { $amount } vandaag
pay-button-with-words = { $words } · { $amount }
pay-button-with-words-trial = { $words } · { $amount } vandaag

## The coupon field (views::page::coupon)
coupon-have = Heb je een kortingscode?
coupon-code = Kortingscode
coupon-apply = Toepassen
# $code is shown in bold.
coupon-applied = Kortingscode { $code } toegepast: { $discount }
coupon-unknown = De kortingscode { $code } is onbekend; controleer de spelling.
coupon-paused = De kortingscode { $code } is gepauzeerd en kan nu niet worden gebruikt.
coupon-expired = De kortingscode { $code } is verlopen.
coupon-used-up = De kortingscode { $code } is opgebruikt.
coupon-not-for-product = De kortingscode { $code } geldt niet voor dit product.
coupon-other-currency = De kortingscode { $code } geldt alleen voor prijzen in { $currency }, niet in de valuta van deze prijs.

## What a discount takes off
discount-percent = { $percent }% korting
discount-amount = { $amount } korting
discount-once = { $off } op de eerste betaling
discount-forever = { $off } op elke betaling
discount-months = { $off } gedurende { $months ->
    [one] 1 maand
   *[other] { $months } maanden
}

## Prices in words: "$19.00 every month", "free for 14 days, then $19.00 every month"
every-day = { $count ->
    [one] per dag
   *[other] elke { $count } dagen
}
every-week = { $count ->
    [one] per week
   *[other] elke { $count } weken
}
every-month = { $count ->
    [one] per maand
   *[other] elke { $count } maanden
}
every-year = { $count ->
    [one] per jaar
   *[other] elke { $count } jaar
}
price-recurring = { $amount } { $every }
price-trial = { $days ->
    [one] 1 dag
   *[other] { $days } dagen
} gratis, daarna { $amount } { $every }
price-plan = { $count } × { $amount } { $every }

## What follows today's charge, joined with ", ": "then $15.99 for 2 more months, then $19.99 every month"
then-forever = daarna { $amount } { $every }
then-payments = daarna { $count ->
    [one] 1 termijn
   *[other] { $count } termijnen
} van { $amount } { $every }
then-more-payments = daarna nog { $count ->
    [one] 1 termijn
   *[other] { $count } termijnen
} van { $amount } { $every }
then-for = daarna { $duration } lang { $amount }
then-times = daarna { $count ->
    [one] 1 keer
   *[other] { $count } keer
} { $amount } { $every }
then-more-times = daarna nog { $count ->
    [one] 1 keer
   *[other] { $count } keer
} { $amount } { $every }
duration-day = { $count ->
    [one] 1 dag
   *[other] { $count } dagen
}
duration-more-day = { $count ->
    [one] nog 1 dag
   *[other] nog { $count } dagen
}
duration-week = { $count ->
    [one] 1 week
   *[other] { $count } weken
}
duration-more-week = { $count ->
    [one] nog 1 week
   *[other] nog { $count } weken
}
duration-month = { $count ->
    [one] 1 maand
   *[other] { $count } maanden
}
duration-more-month = { $count ->
    [one] nog 1 maand
   *[other] nog { $count } maanden
}
duration-year = { $count ->
    [one] 1 jaar
   *[other] { $count } jaar
}
duration-more-year = { $count ->
    [one] nog 1 jaar
   *[other] nog { $count } jaar
}

## The order summary (views::page::summary), also on the receipt
summary-free-trial = Gratis proefperiode
summary-discount = Korting
summary-due-today = Vandaag te betalen
summary-paid = Betaald
# $amount is shown in bold.
summary-trial-ends = Vandaag betaal je niets. Je gratis proefperiode eindigt op { $date }; dan betaal je voor het eerst { $amount }.

## The receipt (views::checkout); $email and $amount are shown in bold
receipt-paid-title = Bedankt!
receipt-paid = Je betaling is gelukt en je bestelling is afgerond.
receipt-trial-title = Je gratis proefperiode is begonnen
receipt-trial = Je bestelling is afgerond.
receipt-pending-title = We bevestigen je betaling
receipt-pending = We bevestigen je betaling bij de betaalprovider. Deze pagina werkt zichzelf bij; je kunt hem ook sluiten: zodra de betaling is bevestigd, sturen we je toegang naar { $email }.
receipt-processing-title = Je betaling wordt verwerkt
receipt-processing = Je bank verwerkt de betaling; een incasso kan een paar werkdagen duren. Je kunt deze pagina sluiten: zodra de betaling binnen is, sturen we je toegang naar { $email }.
receipt-declined-title = Betaling geweigerd
receipt-declined = De betaling is niet gelukt en er is niets afgeschreven. Probeer het opnieuw of kies een andere betaalmethode. Bestelling voor { $email }.
receipt-closed-title = Bestelling gesloten
receipt-closed = Deze bestelling is terugbetaald of geannuleerd. Bestelling voor { $email }.
receipt-order-number = Bestelnummer
receipt-date = Datum
receipt-email = E-mail
receipt-next-charge = Volgende betaling: { $amount } op { $date }.
receipt-what-next = Wat er nu gebeurt
receipt-login = Kartra stuurt je inloggegevens naar { $email }. Nog niets ontvangen na een paar minuten? Kijk dan in je spammap.
receipt-contact = Vragen over je bestelling? Neem contact op met { $seller } via { $email }.
receipt-the-seller = de verkoper
receipt-sold-by = Verkocht door { $seller }.
receipt-continue = Doorgaan
receipt-back-to-checkout = Terug naar afrekenen

# Order bumps and one-click upsells
checkout-bump = deze aanbieding kan niet bij de gekozen optie worden gevoegd
bump-add = Ja, voeg het toe aan mijn bestelling voor { $amount }
upsell-title = Nog één ding voor uw bon
upsell-paid = Uw betaling is gelukt.
upsell-accept = Ja, voeg toe · { $amount }
upsell-decline = Nee, bedankt
upsell-one-click-card = Het wordt afgeschreven van de kaart die u net gebruikte; u voert die niet opnieuw in.
upsell-one-click-approve = U keurt deze betaling nog één keer goed bij de betaaldienst.
upsell-pending = We wachten op de bevestiging van uw betaling; deze pagina laadt vanzelf opnieuw.
upsell-expired = Deze aanbieding is verlopen.
upsell-declined = De betaling voor deze aanbieding is geweigerd; er is niets afgeschreven. Uw eerste bestelling blijft staan.
card-saved-for-offer = Uw kaart wordt bij de betaaldienst bewaard, zodat een aanbieding na deze betaling met één klik kan worden toegevoegd.
receipt-added = Toegevoegd na het afrekenen
card-confirm-saved = Uw bank vraagt u deze betaling te bevestigen met de kaart die u net gebruikte.

# Tax and VAT (shown only while tax is on)
checkout-vat-id-format = is geen btw-nummer van het gekozen land
checkout-vat-id-outside-eu = wordt alleen gevraagd aan kopers in de EU
checkout-vat-id-not-registered = staat niet geregistreerd in VIES van de EU: controleer het, of laat het leeg om met btw te betalen
form-business = Koopt u zakelijk?
form-company = Bedrijfsnaam
form-vat-id = Btw-nummer
summary-net = Netto
summary-vat = Btw { $rate }
summary-vat-included = Inclusief btw { $rate }
summary-vat-country = De btw volgt het land dat u kiest.
summary-reverse-charge = Btw verlegd: de afnemer draagt de btw af.

# Invoices and credit notes (PDF)
invoice-title = Factuur
invoice-credit-note-title = Creditnota
invoice-number = Nummer
invoice-date = Datum
invoice-order = Bestelling
invoice-cancels = Crediteert factuur { $number }
invoice-seller = Verkoper
invoice-bill-to = Factuur aan
invoice-vat-id = Btw-nummer
invoice-description = Omschrijving
invoice-amount = Bedrag
invoice-total = Totaal
invoice-paid = Volledig betaald. Dank u.
invoice-download = Factuur { $number } (pdf)

# Emails to buyers
email-receipt-subject = Uw bon voor { $product }
email-receipt-body = Bedankt voor uw bestelling, { $name }. We hebben { $amount } ontvangen voor { $product }.
email-renewal-subject = Uw betaling voor { $product }
email-renewal-body = Bedankt, { $name }. Uw betaling van { $amount } voor { $product } is gelukt.
email-failed-subject = Uw betaling voor { $product } is mislukt
email-failed-body = Hallo { $name }, uw laatste betaling voor { $product } is mislukt. Ze wordt opnieuw geprobeerd; wilt u met een andere kaart betalen, wijzig die dan in uw account.
email-failed-update-card = Kaart wijzigen
email-cancelled-subject = Uw abonnement op { $product } is opgezegd
email-cancelled-body = Hallo { $name }, uw abonnement op { $product } is opgezegd. Uw toegang eindigt op { $date }.
email-refund-subject = Uw terugbetaling voor { $product }
email-refund-body = Hallo { $name }, we hebben { $amount } terugbetaald voor { $product }.
email-invoice-attached = Uw factuur { $number } is bijgevoegd.
email-credit-note-attached = Creditnota { $number } is bijgevoegd.
email-terms = U hebt de voorwaarden ({ $url }) op { $date } aanvaard.
email-waiver = Op { $date } bevestigde u: ‘{ $waiver }’
email-questions = Vragen? Schrijf naar { $email }.
email-view-order = Uw bestelling bekijken
email-sign-in-subject = Inloggen op uw account bij { $shop }
email-sign-in-subject-plain = Uw inloglink
email-sign-in-body = Log in met de knop hieronder om uw bestellingen te zien. De link werkt één keer, 30 minuten lang.
email-sign-in-not-you = Hebt u niet gevraagd om in te loggen? Negeer deze e-mail dan: er verandert niets.
email-sign-in-button = Inloggen

## The customer portal (views::account)
account-title = Je account
account-sign-in-intro = Vul het e-mailadres in waarmee je hebt besteld. We sturen je een inloglink: geen wachtwoord nodig.
account-email = E-mail
account-send-link = Stuur me een inloglink
account-link-sent = Kijk in je inbox
account-link-sent-body = Als { $email } hier bestellingen heeft, is er een inloglink onderweg. Die werkt één keer, 30 minuten lang.
account-too-many = Te veel inlogverzoeken vanaf hier. Probeer het over 15 minuten opnieuw.
account-link-title = Inloggen
account-link-body = Ga verder naar je bestellingen.
account-link-button = Inloggen
account-link-invalid = Deze inloglink is verlopen of al gebruikt. Vraag een nieuwe aan.
account-signed-in-as = Ingelogd als { $email }
account-sign-out = Uitloggen
account-orders = Je bestellingen
account-no-orders = Er zijn nog geen bestellingen voor dit e-mailadres.
account-order-placed = Besteld op { $date }
account-status-completed = Actief
account-status-cancelled = Opgezegd
account-status-refunded = Terugbetaald
account-status-pending = Wacht op betaling
account-status-processing = Betaling wordt verwerkt
account-status-failed = Betaling mislukt
account-refunded-part = { $amount } terugbetaald
account-access-ends = Opgezegd: toegang tot { $date }
account-cancel-scheduled = Stopt op { $date }
account-renewal-failing = Je laatste betaling is mislukt. Wijzig je kaart om je toegang te houden.
account-invoices = Facturen
account-cancel = Abonnement opzeggen
account-cancel-title = Je abonnement op { $product } opzeggen?
account-cancel-body = Er wordt niets meer afgeschreven. Je toegang loopt tot het einde van de betaalde periode.
account-cancel-confirm = Ja, opzeggen
account-cancel-keep = Abonnement houden
account-cancelled-notice = Je abonnement is opgezegd. Je houdt toegang tot het einde van de betaalde periode.
account-update-card = Kaart wijzigen
account-card-title = Kaart voor { $product } wijzigen
account-card-body = Je volgende betalingen worden van deze kaart afgeschreven. Een mislukte betaling wordt er nu opnieuw mee geprobeerd.
account-card-save = Kaart opslaan
account-card-updated = Je kaart is gewijzigd.
account-card-retried = Je kaart is gewijzigd en de mislukte betaling is ervan afgeschreven.
account-paypal-manage = Beheren bij PayPal
account-session-ended = Je sessie is verlopen. Log opnieuw in.
account-back = Terug naar je bestellingen

# Consent checkboxes on the checkout
checkout-consent = vink dit vakje aan om verder te gaan
consent-terms = Ik aanvaard de { $terms }.
consent-terms-link = algemene voorwaarden
consent-waiver = Ik vraag om onmiddellijke toegang en begrijp dat ik mijn herroepingsrecht verlies.
