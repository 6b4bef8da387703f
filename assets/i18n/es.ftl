# Páginas de compra en español (tuteo). Los mismos identificadores que en.ftl.

## The page frame (views::page)
page-secure-checkout = Pago seguro
page-your-order = Tu pedido

## Countdown section
countdown-label = La oferta termina en
countdown-ended = Esta oferta ha terminado.
countdown-ends = Termina el { $date } UTC
countdown-less-than-minute = menos de un minuto
countdown-days = { $count ->
    [one] 1 día
   *[other] { $count } días
}
countdown-hours = { $count ->
    [one] 1 hora
   *[other] { $count } horas
}
countdown-minutes = { $count ->
    [one] 1 minuto
   *[other] { $count } minutos
}
countdown-unit-days = días
countdown-unit-hours = horas
countdown-unit-minutes = minutos
countdown-unit-seconds = segundos

## Video section
video-default-title = Vídeo
video-play-label = Reproducir vídeo: { $title } (se reproduce desde { $provider })
video-plays-from = Se reproduce desde { $provider }

## Checkout form errors, after the field's label
checkout-required = es obligatorio
checkout-too-long = debe tener como máximo { $max } caracteres
checkout-single-line = debe ocupar una sola línea
checkout-email = debe ser un correo electrónico como name@example.com
checkout-name-markup = no puede contener < > = {"{"} {"}"} [ ] ni \
checkout-phone = solo puede contener dígitos, espacios y + - ( ) .
checkout-price = elige una de las opciones que se muestran
checkout-gateway = elige uno de los métodos de pago que se muestran

## Card payment (Stripe)
card-title = Pagar con tarjeta
card-label = Tarjeta
card-pay = Pagar { $amount }
card-needs-javascript = El pago con tarjeta necesita JavaScript. Actívalo o elige otro método de pago.
card-goes-to-stripe = Los datos de tu tarjeta van directamente a Stripe; tagcart nunca los ve.
card-declined = El pago no se ha completado.
card-subscription-failed = No se pudo iniciar la suscripción.

## The test gateway's payment page
test-pay-title = Pago de prueba
test-pay-badge = Pasarela de prueba: no se mueve dinero
test-pay-buyer = Comprador:
test-pay-status = Estado del pedido:
test-pay-renewal = Renovación:
test-pay-failing-since = fallida desde el { $date }
test-pay-access-ends = El acceso pagado termina:
test-pay-plan = Pago a plazos:
test-pay-paid-in-full = pagado por completo
test-pay-plan-end-keeps-access = (al terminar se mantiene el acceso)
test-pay-nothing-more = Ya no pasará nada más con este pedido en el procesador de pagos.
test-pay-each-button = Cada botón envía un evento firmado al webhook de prueba de este tagcart, igual que lo haría un procesador de pagos.
test-pay-complete = Completar el pago
test-pay-pending = Dejar pendiente
test-pay-decline = Rechazar el pago
test-pay-renew = Renovación pagada
test-pay-renewal-fails = Falla la renovación
test-pay-recover = Se recupera la renovación
test-pay-refund = Reembolsar
test-pay-cancel-at-period-end = Cancelar al final del periodo
test-pay-cancel-now = Cancelar ahora
