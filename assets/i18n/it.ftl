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
card-title = Pagamento
card-pay = Paga { $amount }
card-needs-javascript = Il pagamento richiede JavaScript. Attivalo o scegli un altro metodo di pagamento.
card-goes-to-stripe = I tuoi dati di pagamento vanno direttamente a Stripe; tagcart non li vede mai.
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

## The shop's footer (Settings → Shop)
shop-questions = Domande?
shop-terms = Termini
shop-privacy = Privacy

## Error pages a buyer may see (views::errors::buyer)
error-not-found-title = Pagina non trovata
error-not-found = Questa pagina non esiste o non accetta ordini.
error-too-many-title = Troppe richieste
error-too-many = Troppi tentativi in poco tempo. Attendi un minuto e riprova.
error-request-title = Qualcosa non va
error-request = Non è stato possibile elaborare questa richiesta. Torna indietro e riprova.
error-unavailable-title = Servizio di pagamento non disponibile
error-unavailable = Il servizio di pagamento non ha risposto. Riprova tra un minuto.
error-server-title = Si è verificato un errore
error-server = Si è verificato un errore da parte nostra. Riprova tra un minuto.
error-need-help = Hai bisogno di aiuto? Scrivi a

## The checkout form (views::page::form)
form-checkout = Pagamento
form-closed = Al momento questa pagina non accetta pagamenti. Riprova più tardi.
form-choose-option = Scegli un'opzione
form-your-details = I tuoi dati
form-billing-address = Indirizzo di fatturazione
form-pay-with = Paga con
form-email = Email
form-first-name = Nome
form-last-name = Cognome
form-phone = Telefono
form-address = Indirizzo
form-city = Città
form-zip = CAP / codice postale
form-state = Provincia / regione
form-country = Paese
form-optional = (facoltativo)
form-check-fields = Controlla i campi evidenziati.
form-field-problem = { $field }: { $problem }
form-preview-button = Il pulsante funzionerà dopo la pubblicazione della pagina.
gateway-test = Pagamento di prova (nessun addebito reale)
gateway-card = Carta, Apple Pay, Google Pay e altro
gateway-paypal = PayPal

## The pay button: the amount due today, after the merchant's words if any
pay-button = Paga { $amount }
pay-button-trial = Inizia la prova gratuita · { $amount } oggi
pay-button-with-words = { $words } · { $amount }
pay-button-with-words-trial = { $words } · { $amount } oggi

## The coupon field (views::page::coupon)
coupon-have = Hai un codice sconto?
coupon-code = Codice sconto
coupon-apply = Applica
# $code is shown in bold.
coupon-applied = Codice { $code } applicato: { $discount }
coupon-unknown = Il codice sconto { $code } non è valido; controlla di averlo scritto correttamente.
coupon-paused = Il codice sconto { $code } è sospeso e al momento non può essere usato.
coupon-expired = Il codice sconto { $code } è scaduto.
coupon-used-up = Il codice sconto { $code } ha raggiunto il limite di utilizzi.
coupon-not-for-product = Il codice sconto { $code } non è valido per questo prodotto.
coupon-other-currency = Il codice sconto { $code } vale solo per prezzi in { $currency }, non nella valuta di questo prezzo.

## What a discount takes off
discount-percent = { $percent }% di sconto
discount-amount = { $amount } di sconto
discount-once = { $off } sul primo pagamento
discount-forever = { $off } su ogni pagamento
discount-months = { $off } per { $months ->
    [one] 1 mese
   *[other] { $months } mesi
}

## Prices in words: "$19.00 every month", "free for 14 days, then $19.00 every month"
every-day = { $count ->
    [one] al giorno
   *[other] ogni { $count } giorni
}
every-week = { $count ->
    [one] a settimana
   *[other] ogni { $count } settimane
}
every-month = { $count ->
    [one] al mese
   *[other] ogni { $count } mesi
}
every-year = { $count ->
    [one] all'anno
   *[other] ogni { $count } anni
}
price-recurring = { $amount } { $every }
price-trial = { $days ->
    [one] 1 giorno
   *[other] { $days } giorni
} gratis, poi { $amount } { $every }
price-plan = { $count } × { $amount } { $every }

## What follows today's charge, joined with ", ": "then $15.99 for 2 more months, then $19.99 every month"
then-forever = poi { $amount } { $every }
then-payments = poi { $count ->
    [one] 1 rata
   *[other] { $count } rate
} da { $amount } { $every }
then-more-payments = poi { $count ->
    [one] un'altra rata
   *[other] altre { $count } rate
} da { $amount } { $every }
then-for = poi { $amount } per { $duration }
then-times = poi { $amount } { $every }, per { $count ->
    [one] 1 volta
   *[other] { $count } volte
}
then-more-times = poi { $amount } { $every }, per { $count ->
    [one] un'altra volta
   *[other] altre { $count } volte
}
duration-day = { $count ->
    [one] 1 giorno
   *[other] { $count } giorni
}
duration-more-day = { $count ->
    [one] un altro giorno
   *[other] altri { $count } giorni
}
duration-week = { $count ->
    [one] 1 settimana
   *[other] { $count } settimane
}
duration-more-week = { $count ->
    [one] un'altra settimana
   *[other] altre { $count } settimane
}
duration-month = { $count ->
    [one] 1 mese
   *[other] { $count } mesi
}
duration-more-month = { $count ->
    [one] un altro mese
   *[other] altri { $count } mesi
}
duration-year = { $count ->
    [one] 1 anno
   *[other] { $count } anni
}
duration-more-year = { $count ->
    [one] un altro anno
   *[other] altri { $count } anni
}

## The order summary (views::page::summary), also on the receipt
summary-free-trial = Prova gratuita
summary-discount = Sconto
summary-due-today = Da pagare oggi
summary-paid = Pagato
# $amount is shown in bold.
summary-trial-ends = Oggi non paghi nulla. La tua prova gratuita termina il { $date }, con il primo addebito di { $amount }.

## The receipt (views::checkout); $email and $amount are shown in bold
receipt-paid-title = Grazie!
receipt-paid = Il pagamento è andato a buon fine e il tuo ordine è completo.
receipt-trial-title = La tua prova gratuita è iniziata
receipt-trial = Il tuo ordine è completo.
receipt-pending-title = Stiamo confermando il pagamento
receipt-pending = Stiamo confermando il pagamento con il processore di pagamento. Questa pagina si aggiorna da sola; puoi anche chiuderla: l'accesso ti verrà inviato a { $email } non appena il pagamento sarà confermato.
receipt-processing-title = Il pagamento è in elaborazione
receipt-processing = La tua banca sta elaborando il pagamento; un addebito diretto può richiedere alcuni giorni lavorativi. Puoi chiudere questa pagina: l'accesso ti verrà inviato a { $email } non appena il pagamento sarà accreditato.
receipt-declined-title = Pagamento rifiutato
receipt-declined = Il pagamento non è andato a buon fine e non ti è stato addebitato nulla. Riprova o usa un altro metodo di pagamento. Ordine per { $email }.
receipt-closed-title = Ordine chiuso
receipt-closed = Questo ordine è stato rimborsato o annullato. Ordine per { $email }.
receipt-order-number = Numero d'ordine
receipt-date = Data
receipt-email = Email
receipt-next-charge = Prossimo addebito: { $amount } il { $date }.
receipt-what-next = Cosa succede ora
receipt-login = Kartra ti invierà i dati di accesso a { $email }. Se non arrivano entro qualche minuto, controlla la cartella dello spam.
receipt-contact = Domande sul tuo ordine? Contatta { $seller } all'indirizzo { $email }.
receipt-the-seller = il venditore
receipt-sold-by = Venduto da { $seller }.
receipt-continue = Continua
receipt-back-to-checkout = Torna al pagamento

# Order bumps and one-click upsells
checkout-bump = questa offerta non si può aggiungere all'opzione scelta
bump-add = Sì, aggiungilo al mio ordine per { $amount }
upsell-title = Ancora una cosa prima della ricevuta
upsell-paid = Il tuo pagamento è andato a buon fine.
upsell-accept = Sì, aggiungilo · { $amount }
upsell-decline = No, grazie
upsell-one-click-card = Viene addebitato sulla carta appena usata; non devi inserirla di nuovo.
upsell-one-click-approve = Approvi questo pagamento ancora una volta presso il gestore.
upsell-pending = Attendiamo la conferma del pagamento; questa pagina si ricarica da sola.
upsell-expired = Questa offerta è scaduta.
upsell-declined = Il pagamento di questa offerta è stato rifiutato e non è stato addebitato nulla. Il tuo primo ordine resta valido.
card-saved-for-offer = La tua carta viene salvata presso il gestore dei pagamenti, così un'offerta dopo questo pagamento si aggiunge con un clic.
receipt-added = Aggiunto dopo l'acquisto
card-confirm-saved = La tua banca ti chiede di confermare questo pagamento con la carta appena usata.

# Tax and VAT (shown only while tax is on)
checkout-vat-id-format = non è una partita IVA del paese scelto
checkout-vat-id-outside-eu = è richiesta solo agli acquirenti nell'UE
checkout-vat-id-not-registered = non è registrata nel VIES dell'UE: controllala o lascia il campo vuoto per pagare con IVA
form-business = Acquisti come azienda?
form-company = Ragione sociale
form-vat-id = Partita IVA
summary-net = Imponibile
summary-vat = IVA { $rate }
summary-vat-included = IVA inclusa { $rate }
summary-vat-country = L'IVA è quella del paese che scegli.
summary-reverse-charge = Inversione contabile: IVA a carico del cliente.

# Invoices and credit notes (PDF)
invoice-title = Fattura
invoice-credit-note-title = Nota di credito
invoice-number = Numero
invoice-date = Data
invoice-order = Ordine
invoice-cancels = Storna la fattura { $number }
invoice-seller = Venditore
invoice-bill-to = Intestata a
invoice-vat-id = Partita IVA
invoice-description = Descrizione
invoice-amount = Importo
invoice-total = Totale
invoice-paid = Pagata per intero. Grazie.
invoice-download = Fattura { $number } (PDF)

# Emails to buyers
email-receipt-subject = La tua ricevuta per { $product }
email-receipt-body = Grazie per il tuo ordine, { $name }. Abbiamo ricevuto { $amount } per { $product }.
email-renewal-subject = Il tuo pagamento per { $product }
email-renewal-body = Grazie, { $name }. Il tuo pagamento di { $amount } per { $product } è andato a buon fine.
email-failed-subject = Il tuo pagamento per { $product } non è andato a buon fine
email-failed-body = Ciao { $name }, il tuo ultimo pagamento per { $product } non è andato a buon fine. Verrà ritentato; per pagare con un'altra carta, cambiala nel tuo account.
email-failed-update-card = Cambia la carta
email-cancelled-subject = Il tuo abbonamento a { $product } è annullato
email-cancelled-body = Ciao { $name }, il tuo abbonamento a { $product } è annullato. Il tuo accesso termina il { $date }.
email-refund-subject = Il tuo rimborso per { $product }
email-refund-body = Ciao { $name }, abbiamo rimborsato { $amount } per { $product }.
email-invoice-attached = In allegato la fattura { $number }.
email-credit-note-attached = In allegato la nota di credito { $number }.
email-terms = Hai accettato i termini ({ $url }) il { $date }.
email-waiver = Il { $date } hai confermato: «{ $waiver }»
email-questions = Domande? Scrivi a { $email }.
email-view-order = Vedi il tuo ordine
email-sign-in-subject = Accedi al tuo account { $shop }
email-sign-in-subject-plain = Il tuo link di accesso
email-sign-in-body = Usa il pulsante qui sotto per accedere e vedere i tuoi ordini. Il link funziona una volta, per 30 minuti.
email-sign-in-not-you = Se non hai chiesto di accedere, ignora questa email: non cambia nulla.
email-sign-in-button = Accedi

## The customer portal (views::account)
account-title = Il tuo account
account-sign-in-intro = Scrivi l'indirizzo email con cui hai ordinato. Ti inviamo un link per accedere: nessuna password.
account-email = Email
account-send-link = Inviami un link di accesso
account-link-sent = Controlla la tua casella di posta
account-link-sent-body = Se { $email } ha ordini qui, è in arrivo un link di accesso. Funziona una volta, per 30 minuti.
account-too-many = Troppe richieste di accesso da qui. Riprova tra 15 minuti.
account-link-title = Accedi
account-link-body = Continua verso i tuoi ordini.
account-link-button = Accedi
account-link-invalid = Questo link di accesso è scaduto o è già stato usato. Chiedine uno nuovo.
account-signed-in-as = Accesso effettuato come { $email }
account-sign-out = Esci
account-orders = I tuoi ordini
account-no-orders = Non ci sono ancora ordini per questo indirizzo email.
account-order-placed = Ordinato il { $date }
account-status-completed = Attivo
account-status-cancelled = Disdetto
account-status-refunded = Rimborsato
account-status-pending = In attesa di pagamento
account-status-processing = Pagamento in elaborazione
account-status-failed = Pagamento non riuscito
account-refunded-part = { $amount } rimborsati
account-access-ends = Disdetto: accesso fino al { $date }
account-cancel-scheduled = Termina il { $date }
account-renewal-failing = Il tuo ultimo pagamento non è andato a buon fine. Cambia la carta per mantenere l'accesso.
account-invoices = Fatture
account-cancel = Disdici l'abbonamento
account-cancel-title = Disdire il tuo abbonamento a { $product }?
account-cancel-body = Non viene addebitato più nulla. Il tuo accesso dura fino alla fine del periodo pagato.
account-cancel-confirm = Sì, disdici
account-cancel-keep = Mantieni l'abbonamento
account-cancelled-notice = Il tuo abbonamento è disdetto. Mantieni l'accesso fino alla fine del periodo pagato.
account-update-card = Cambia la carta
account-card-title = Cambia la carta per { $product }
account-card-body = I prossimi pagamenti vengono addebitati su questa carta. Un pagamento non riuscito viene ritentato subito con questa.
account-card-save = Salva la carta
account-card-updated = La tua carta è stata aggiornata.
account-card-retried = La tua carta è stata aggiornata e il pagamento non riuscito è stato addebitato su di essa.
account-paypal-manage = Gestisci su PayPal
account-session-ended = La tua sessione è scaduta. Accedi di nuovo.
account-back = Torna ai tuoi ordini

# Consent checkboxes on the checkout
checkout-consent = spunta questa casella per continuare
consent-terms = Accetto i { $terms }.
consent-terms-link = termini e condizioni
consent-waiver = Chiedo l'accesso immediato e comprendo di perdere il mio diritto di recesso.
