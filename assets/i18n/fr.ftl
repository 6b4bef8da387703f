# Pages d'achat en français (vouvoiement). Mêmes identifiants que en.ftl.
# French typography: a no-break space (U+00A0) before ":" and a narrow one (U+202F) before "?", "!" and ";".

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
video-play-label = Lire la vidéo : { $title } (lue depuis { $provider })
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
card-title = Paiement
card-pay = Payer { $amount }
card-needs-javascript = Le paiement nécessite JavaScript. Activez-le ou choisissez un autre moyen de paiement.
card-goes-to-stripe = Vos données de paiement vont directement à Stripe ; tagcart ne les voit jamais.
card-declined = Le paiement n'a pas abouti.
card-subscription-failed = L'abonnement n'a pas pu démarrer.

## The test gateway's payment page
test-pay-title = Paiement de test
test-pay-badge = Passerelle de test : aucun argent n'est débité
test-pay-buyer = Acheteur :
test-pay-status = Statut de la commande :
test-pay-renewal = Renouvellement :
test-pay-failing-since = en échec depuis le { $date }
test-pay-access-ends = Fin de l'accès payé :
test-pay-plan = Paiement échelonné :
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

## The shop's footer (Settings → Shop)
shop-questions = Des questions ?
shop-terms = CGV
shop-privacy = Confidentialité

## Error pages a buyer may see (views::errors::buyer)
error-not-found-title = Page introuvable
error-not-found = Cette page n'existe pas ou n'accepte pas de commandes.
error-too-many-title = Trop de requêtes
error-too-many = Trop de tentatives en peu de temps. Patientez une minute, puis réessayez.
error-request-title = Quelque chose ne va pas
error-request = Cette requête n'a pas pu être traitée. Revenez en arrière et réessayez.
error-unavailable-title = Service de paiement indisponible
error-unavailable = Le service de paiement n'a pas répondu. Réessayez dans une minute.
error-server-title = Une erreur s'est produite
error-server = Une erreur s'est produite de notre côté. Réessayez dans une minute.
error-need-help = Besoin d'aide ? Écrivez à

## The checkout form (views::page::form)
form-checkout = Paiement
form-closed = Cette page n'accepte pas de paiements pour le moment. Revenez bientôt.
form-choose-option = Choisissez votre formule
form-your-details = Vos coordonnées
form-billing-address = Adresse de facturation
form-pay-with = Payer avec
form-email = E-mail
form-first-name = Prénom
form-last-name = Nom
form-phone = Téléphone
form-address = Adresse
form-city = Ville
form-zip = Code postal
form-state = État / région
form-country = Pays
form-optional = (facultatif)
form-check-fields = Veuillez vérifier les champs signalés.
form-field-problem = { $field } { $problem }
form-preview-button = Le bouton fonctionnera une fois la page publiée.
gateway-test = Paiement de test (aucun argent n'est débité)
gateway-card = Carte, Apple Pay, Google Pay et plus
gateway-paypal = PayPal

## The pay button: the amount due today, after the merchant's words if any
pay-button = Payer { $amount }
pay-button-trial = Commencer l'essai gratuit · { $amount } aujourd'hui
pay-button-with-words = { $words } · { $amount }
pay-button-with-words-trial = { $words } · { $amount } aujourd'hui

## The coupon field (views::page::coupon)
coupon-have = Vous avez un code promo ?
coupon-code = Code promo
coupon-apply = Appliquer
# $code is shown in bold.
coupon-applied = Code promo { $code } appliqué : { $discount }
coupon-unknown = Le code promo { $code } est inconnu ; vérifiez son orthographe.
coupon-paused = Le code promo { $code } est suspendu et ne peut pas être utilisé pour le moment.
coupon-expired = Le code promo { $code } a expiré.
coupon-used-up = Le code promo { $code } a atteint sa limite d'utilisation.
coupon-not-for-product = Le code promo { $code } ne s'applique pas à ce produit.
coupon-other-currency = Le code promo { $code } n'est valable que pour les prix en { $currency }, pas dans la devise de ce prix.

## What a discount takes off
discount-percent = { $percent } % de réduction
discount-amount = { $amount } de réduction
discount-once = { $off } sur le premier paiement
discount-forever = { $off } sur chaque paiement
discount-months = { $off } pendant { $months ->
    [one] { $months } mois
   *[other] { $months } mois
}

## Prices in words: "$19.00 every month", "free for 14 days, then $19.00 every month"
every-day = { $count ->
    [one] par jour
   *[other] tous les { $count } jours
}
every-week = { $count ->
    [one] par semaine
   *[other] toutes les { $count } semaines
}
every-month = { $count ->
    [one] par mois
   *[other] tous les { $count } mois
}
every-year = { $count ->
    [one] par an
   *[other] tous les { $count } ans
}
price-recurring = { $amount } { $every }
price-trial = { $days ->
    [one] { $days } jour d'essai gratuit
   *[other] { $days } jours d'essai gratuit
}, puis { $amount } { $every }
price-plan = { $count } × { $amount } { $every }

## What follows today's charge, joined with ", ": "then $15.99 for 2 more months, then $19.99 every month"
then-forever = puis { $amount } { $every }
then-payments = puis { $count ->
    [one] { $count } paiement
   *[other] { $count } paiements
} de { $amount } { $every }
then-more-payments = puis { $count ->
    [one] { $count } autre paiement
   *[other] { $count } autres paiements
} de { $amount } { $every }
then-for = puis { $amount } pendant { $duration }
then-times = puis { $amount } { $every }, { $count ->
    [one] { $count } fois
   *[other] { $count } fois
}
then-more-times = puis { $amount } { $every }, encore { $count ->
    [one] { $count } fois
   *[other] { $count } fois
}
duration-day = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}
duration-more-day = { $count ->
    [one] { $count } jour supplémentaire
   *[other] { $count } jours supplémentaires
}
duration-week = { $count ->
    [one] { $count } semaine
   *[other] { $count } semaines
}
duration-more-week = { $count ->
    [one] { $count } semaine supplémentaire
   *[other] { $count } semaines supplémentaires
}
duration-month = { $count ->
    [one] { $count } mois
   *[other] { $count } mois
}
duration-more-month = { $count ->
    [one] { $count } mois supplémentaire
   *[other] { $count } mois supplémentaires
}
duration-year = { $count ->
    [one] { $count } an
   *[other] { $count } ans
}
duration-more-year = { $count ->
    [one] { $count } an supplémentaire
   *[other] { $count } ans supplémentaires
}

## The order summary (views::page::summary), also on the receipt
summary-free-trial = Essai gratuit
summary-discount = Réduction
summary-due-today = À payer aujourd'hui
summary-paid = Payé
# $amount is shown in bold.
summary-trial-ends = Rien n'est débité aujourd'hui. Votre essai gratuit se termine le { $date }, avec un premier prélèvement de { $amount }.

## The receipt (views::checkout); $email and $amount are shown in bold
receipt-paid-title = Merci !
receipt-paid = Votre paiement a été accepté et votre commande est finalisée.
receipt-trial-title = Votre essai gratuit a commencé
receipt-trial = Votre commande est finalisée.
receipt-pending-title = Confirmation de votre paiement
receipt-pending = Nous confirmons votre paiement auprès du prestataire de paiement. Cette page se met à jour automatiquement ; vous pouvez aussi la fermer : votre accès sera envoyé à { $email } dès que le paiement sera confirmé.
receipt-processing-title = Votre paiement est en cours de traitement
receipt-processing = Votre banque traite le paiement ; un prélèvement peut prendre quelques jours ouvrés. Vous pouvez fermer cette page : votre accès sera envoyé à { $email } dès que le paiement sera encaissé.
receipt-declined-title = Paiement refusé
receipt-declined = Le paiement n'a pas abouti et rien n'a été débité. Réessayez ou utilisez un autre moyen de paiement. Commande pour { $email }.
receipt-closed-title = Commande clôturée
receipt-closed = Cette commande a été remboursée ou annulée. Commande pour { $email }.
receipt-order-number = Numéro de commande
receipt-date = Date
receipt-email = E-mail
receipt-next-charge = Prochain prélèvement : { $amount } le { $date }.
receipt-what-next = Prochaines étapes
receipt-login = Kartra va vous envoyer vos identifiants à { $email }. S'ils ne sont pas arrivés d'ici quelques minutes, vérifiez votre dossier de courriers indésirables (spam).
receipt-contact = Une question sur votre commande ? Contactez { $seller } à l'adresse { $email }.
receipt-the-seller = le vendeur
receipt-sold-by = Vendu par { $seller }.
receipt-continue = Continuer
receipt-back-to-checkout = Retour au paiement

# Order bumps and one-click upsells
checkout-bump = cette offre ne peut pas être ajoutée à l'option choisie
bump-add = Oui, l'ajouter à ma commande pour { $amount }
upsell-title = Encore une chose avant votre reçu
upsell-paid = Votre paiement a été accepté.
upsell-accept = Oui, l'ajouter · { $amount }
upsell-decline = Non merci
upsell-one-click-card = Le montant est débité de la carte que vous venez d'utiliser, sans la saisir à nouveau.
upsell-one-click-approve = Vous approuvez ce paiement une fois de plus auprès du prestataire.
upsell-pending = Nous attendons la confirmation de votre paiement ; cette page se recharge d'elle-même.
upsell-expired = Cette offre a expiré.
upsell-declined = Le paiement de cette offre a été refusé et rien n'a été débité. Votre première commande reste valable.
card-saved-for-offer = Votre carte est enregistrée auprès du prestataire de paiement afin qu'une offre après ce paiement puisse être ajoutée en un clic.
receipt-added = Ajouté après la commande
card-confirm-saved = Votre banque vous demande de confirmer ce paiement avec la carte que vous venez d'utiliser.

# Tax and VAT (shown only while tax is on)
checkout-vat-id-format = n'est pas un numéro de TVA du pays choisi
checkout-vat-id-outside-eu = n'est demandé qu'aux acheteurs de l'UE
checkout-vat-id-not-registered = n'est pas enregistré dans le VIES de l'UE : vérifiez-le, ou laissez-le vide pour payer la TVA
form-business = Vous achetez pour une entreprise ?
form-company = Nom de l'entreprise
form-vat-id = Numéro de TVA
summary-net = Hors taxes
summary-vat = TVA { $rate }
summary-vat-included = Dont TVA { $rate }
summary-vat-country = La TVA est celle du pays que vous choisissez.
summary-reverse-charge = Autoliquidation : TVA due par le preneur.

# Invoices and credit notes (PDF)
invoice-title = Facture
invoice-credit-note-title = Avoir
invoice-number = Numéro
invoice-date = Date
invoice-order = Commande
invoice-cancels = Annule la facture { $number }
invoice-seller = Vendeur
invoice-bill-to = Facturé à
invoice-vat-id = N° TVA
invoice-description = Désignation
invoice-amount = Montant
invoice-total = Total
invoice-paid = Payée intégralement. Merci.
invoice-download = Facture { $number } (PDF)

# Emails to buyers
email-receipt-subject = Votre reçu pour { $product }
email-receipt-body = Merci pour votre commande, { $name }. Nous avons reçu { $amount } pour { $product }.
email-renewal-subject = Votre paiement pour { $product }
email-renewal-body = Merci, { $name }. Votre paiement de { $amount } pour { $product } a été accepté.
email-failed-subject = Votre paiement pour { $product } n'a pas abouti
email-failed-body = Bonjour { $name }, votre dernier paiement pour { $product } n'a pas abouti. Il sera retenté ; pour payer avec une autre carte, changez-la dans votre compte.
email-failed-update-card = Changer de carte
email-cancelled-subject = Votre abonnement à { $product } est résilié
email-cancelled-body = Bonjour { $name }, votre abonnement à { $product } est résilié. Votre accès prend fin le { $date }.
email-refund-subject = Votre remboursement pour { $product }
email-refund-body = Bonjour { $name }, nous avons remboursé { $amount } pour { $product }.
email-invoice-attached = Votre facture { $number } est jointe.
email-credit-note-attached = L'avoir { $number } est joint.
email-terms = Vous avez accepté les conditions ({ $url }) le { $date }.
email-waiver = Le { $date }, vous avez confirmé : « { $waiver } »
email-questions = Des questions ? Écrivez à { $email }.
email-view-order = Voir votre commande
email-sign-in-subject = Connexion à votre compte { $shop }
email-sign-in-subject-plain = Votre lien de connexion
email-sign-in-body = Utilisez le bouton ci-dessous pour vous connecter et voir vos commandes. Le lien fonctionne une fois, pendant 30 minutes.
email-sign-in-not-you = Si vous n'avez pas demandé à vous connecter, ignorez cet e-mail : rien ne change.
email-sign-in-button = Se connecter

## The customer portal (views::account)
account-title = Votre compte
account-sign-in-intro = Saisissez l'adresse e-mail utilisée pour commander. Nous vous envoyons un lien de connexion : pas besoin de mot de passe.
account-email = E-mail
account-send-link = M'envoyer un lien de connexion
account-link-sent = Consultez votre boîte de réception
account-link-sent-body = Si { $email } a des commandes ici, un lien de connexion est en route. Il fonctionne une fois, pendant 30 minutes.
account-too-many = Trop de demandes de connexion depuis cet endroit. Réessayez dans 15 minutes.
account-link-title = Connexion
account-link-body = Continuez vers vos commandes.
account-link-button = Se connecter
account-link-invalid = Ce lien de connexion a expiré ou a déjà servi. Demandez-en un nouveau.
account-signed-in-as = Connecté en tant que { $email }
account-sign-out = Se déconnecter
account-orders = Vos commandes
account-no-orders = Il n'y a pas encore de commande pour cette adresse e-mail.
account-order-placed = Commandé le { $date }
account-status-completed = Actif
account-status-cancelled = Résilié
account-status-refunded = Remboursé
account-status-pending = En attente de paiement
account-status-processing = Paiement en cours
account-status-failed = Paiement échoué
account-refunded-part = { $amount } remboursés
account-access-ends = Résilié : accès jusqu'au { $date }
account-cancel-scheduled = Prend fin le { $date }
account-renewal-failing = Votre dernier paiement n'a pas abouti. Changez de carte pour garder votre accès.
account-invoices = Factures
account-cancel = Résilier l'abonnement
account-cancel-title = Résilier votre abonnement à { $product } ?
account-cancel-body = Plus rien n'est prélevé. Votre accès dure jusqu'à la fin de la période payée.
account-cancel-confirm = Oui, résilier
account-cancel-keep = Garder mon abonnement
account-cancelled-notice = Votre abonnement est résilié. Vous gardez l'accès jusqu'à la fin de la période payée.
account-update-card = Changer de carte
account-card-title = Changer la carte pour { $product }
account-card-body = Vos prochains paiements seront prélevés sur cette carte. Un paiement échoué est retenté avec elle dès maintenant.
account-card-save = Enregistrer la carte
account-card-updated = Votre carte a été mise à jour.
account-card-retried = Votre carte a été mise à jour, et le paiement qui avait échoué a été prélevé dessus.
account-paypal-manage = Gérer dans PayPal
account-session-ended = Votre session a expiré. Reconnectez-vous.
account-back = Retour à vos commandes

# Consent checkboxes on the checkout
checkout-consent = cochez cette case pour continuer
consent-terms = J'accepte les { $terms }.
consent-terms-link = conditions générales
consent-waiver = Je demande un accès immédiat et je comprends que je perds mon droit de rétractation.
