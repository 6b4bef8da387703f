# Pagine d'acquisto in italiano (tu). Gli stessi identificatori di en.ftl.

## The page frame (views::page)
page-secure-checkout = Pagamento sicuro
page-your-order = Il tuo ordine

## Countdown section
countdown-label = L'offerta termina tra
countdown-ended = Questa offerta è terminata.
countdown-ends = Termina il { $date } UTC
countdown-less-than-minute = meno di un minuto
countdown-days = { $count ->
    [one] 1 giorno
   *[other] { $count } giorni
}
countdown-hours = { $count ->
    [one] 1 ora
   *[other] { $count } ore
}
countdown-minutes = { $count ->
    [one] 1 minuto
   *[other] { $count } minuti
}
countdown-unit-days = giorni
countdown-unit-hours = ore
countdown-unit-minutes = minuti
countdown-unit-seconds = secondi

## Video section
video-default-title = Video
video-play-label = Riproduci il video: { $title } (riprodotto da { $provider })
video-plays-from = Riprodotto da { $provider }

## Checkout form errors, after the field's label
checkout-required = è obbligatorio
checkout-too-long = deve avere al massimo { $max } caratteri
checkout-single-line = deve stare su una sola riga
checkout-email = deve essere un indirizzo email come name@example.com
checkout-name-markup = non deve contenere < > = {"{"} {"}"} [ ] o \
checkout-phone = può contenere solo cifre, spazi e + - ( ) .
checkout-price = scegli una delle opzioni mostrate
checkout-gateway = scegli uno dei metodi di pagamento mostrati

## Card payment (Stripe)
card-title = Paga con carta
card-label = Carta
card-pay = Paga { $amount }
card-needs-javascript = Il pagamento con carta richiede JavaScript. Attivalo o scegli un altro metodo di pagamento.
card-goes-to-stripe = I dati della carta vanno direttamente a Stripe; tagcart non li vede mai.
card-declined = Il pagamento non è andato a buon fine.
card-subscription-failed = Non è stato possibile attivare l'abbonamento.

## The test gateway's payment page
test-pay-title = Pagamento di prova
test-pay-badge = Gateway di prova: nessun addebito reale
test-pay-buyer = Acquirente:
test-pay-status = Stato dell'ordine:
test-pay-renewal = Rinnovo:
test-pay-failing-since = non riuscito dal { $date }
test-pay-access-ends = L'accesso pagato termina:
test-pay-plan = Pagamento a rate:
test-pay-paid-in-full = pagato per intero
test-pay-plan-end-keeps-access = (alla fine l'accesso resta)
test-pay-nothing-more = Per questo ordine non succede più nulla presso il processore di pagamento.
test-pay-each-button = Ogni pulsante invia un evento firmato al webhook di prova di questo tagcart, esattamente come farebbe un processore di pagamento.
test-pay-complete = Completa il pagamento
test-pay-pending = Lascia in sospeso
test-pay-decline = Rifiuta il pagamento
test-pay-renew = Rinnovo pagato
test-pay-renewal-fails = Rinnovo non riuscito
test-pay-recover = Rinnovo recuperato
test-pay-refund = Rimborsa
test-pay-cancel-at-period-end = Annulla a fine periodo
test-pay-cancel-now = Annulla ora
