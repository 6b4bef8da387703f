# Pages d'achat en français (vouvoiement). Mêmes identifiants que en.ftl.

## The page frame (views::page)
page-secure-checkout = Paiement sécurisé
page-your-order = Votre commande

## Countdown section
countdown-label = L'offre se termine dans
countdown-ended = Cette offre est terminée.
countdown-ends = Fin le { $date } UTC
countdown-less-than-minute = moins d'une minute
countdown-days = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}
countdown-hours = { $count ->
    [one] { $count } heure
   *[other] { $count } heures
}
countdown-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
countdown-unit-days = jours
countdown-unit-hours = heures
countdown-unit-minutes = minutes
countdown-unit-seconds = secondes

## Video section
video-default-title = Vidéo
video-play-label = Lire la vidéo : { $title } (lue depuis { $provider })
video-plays-from = Lue depuis { $provider }

## Checkout form errors, after the field's label
checkout-required = est obligatoire
checkout-too-long = ne doit pas dépasser { $max } caractères
checkout-single-line = doit tenir sur une seule ligne
checkout-email = doit être une adresse e-mail comme name@example.com
checkout-name-markup = ne doit pas contenir < > = {"{"} {"}"} [ ] ou \
checkout-phone = ne peut contenir que des chiffres, des espaces et + - ( ) .
checkout-price = choisissez l'une des options proposées
checkout-gateway = choisissez l'un des moyens de paiement proposés

## Card payment (Stripe)
card-title = Payer par carte
card-label = Carte
card-pay = Payer { $amount }
card-needs-javascript = Le paiement par carte nécessite JavaScript. Activez-le ou choisissez un autre moyen de paiement.
card-goes-to-stripe = Vos données de carte vont directement à Stripe ; tagcart ne les voit jamais.
card-declined = Le paiement n'a pas abouti.
card-subscription-failed = L'abonnement n'a pas pu démarrer.

## The test gateway's payment page
test-pay-title = Paiement de test
test-pay-badge = Passerelle de test : aucun argent n'est débité
test-pay-buyer = Acheteur :
test-pay-status = Statut de la commande :
test-pay-renewal = Renouvellement :
test-pay-failing-since = en échec depuis le { $date }
test-pay-access-ends = Fin de l'accès payé :
test-pay-plan = Paiement échelonné :
test-pay-paid-in-full = entièrement payé
test-pay-plan-end-keeps-access = (l'accès reste acquis à la fin)
test-pay-nothing-more = Plus rien ne se passera pour cette commande chez le prestataire de paiement.
test-pay-each-button = Chaque bouton envoie un événement signé au webhook de test de ce tagcart, exactement comme le ferait un prestataire de paiement.
test-pay-complete = Valider le paiement
test-pay-pending = Laisser en attente
test-pay-decline = Refuser le paiement
test-pay-renew = Renouvellement payé
test-pay-renewal-fails = Renouvellement en échec
test-pay-recover = Renouvellement rétabli
test-pay-refund = Rembourser
test-pay-cancel-at-period-end = Résilier en fin de période
test-pay-cancel-now = Résilier maintenant
