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
card-title = Pago
card-pay = Pagar { $amount }
card-needs-javascript = El pago necesita JavaScript. Actívalo o elige otro método de pago.
card-goes-to-stripe = Tus datos de pago van directamente a Stripe; tagcart nunca los ve.
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

## The shop's footer (Settings → Shop)
shop-questions = ¿Preguntas?
shop-terms = Condiciones
shop-privacy = Privacidad

## Error pages a buyer may see (views::errors::buyer)
error-not-found-title = Página no encontrada
error-not-found = Esta página no existe o no acepta pedidos.
error-too-many-title = Demasiadas solicitudes
error-too-many = Demasiados intentos en poco tiempo. Espera un minuto y vuelve a intentarlo.
error-request-title = Algo no va bien
error-request = No se ha podido procesar esta solicitud. Vuelve atrás e inténtalo de nuevo.
error-unavailable-title = Servicio de pago no disponible
error-unavailable = El servicio de pago no ha respondido. Vuelve a intentarlo en un minuto.
error-server-title = Algo ha salido mal
error-server = Algo ha salido mal por nuestra parte. Vuelve a intentarlo en un minuto.
error-need-help = ¿Necesitas ayuda? Escribe a

## The checkout form (views::page::form)
form-checkout = Finalizar compra
form-closed = Esta página no acepta pagos en este momento. Vuelve pronto.
form-choose-option = Elige tu opción
form-your-details = Tus datos
form-billing-address = Dirección de facturación
form-pay-with = Pagar con
form-email = Correo electrónico
form-first-name = Nombre
form-last-name = Apellidos
form-phone = Teléfono
form-address = Dirección
form-city = Ciudad
form-zip = Código postal
form-state = Provincia / región
form-country = País
form-optional = (opcional)
form-check-fields = Revisa los campos marcados.
form-field-problem = { $field }: { $problem }
form-preview-button = El botón funcionará cuando se publique la página.
gateway-test = Pago de prueba (no se mueve dinero)
gateway-card = Tarjeta, Apple Pay, Google Pay y más
gateway-paypal = PayPal

## The pay button: the amount due today, after the merchant's words if any
pay-button = Pagar { $amount }
pay-button-trial = Empezar prueba gratuita · { $amount } hoy
pay-button-with-words = { $words } · { $amount }
pay-button-with-words-trial = { $words } · { $amount } hoy

## The coupon field (views::page::coupon)
coupon-have = ¿Tienes un cupón?
coupon-code = Código del cupón
coupon-apply = Aplicar
# $code is shown in bold.
coupon-applied = Cupón { $code } aplicado: { $discount }
coupon-unknown = No reconocemos el cupón { $code }; comprueba que esté bien escrito.
coupon-paused = El cupón { $code } está en pausa y no se puede usar en este momento.
coupon-expired = El cupón { $code } ha caducado.
coupon-used-up = El cupón { $code } ya se ha agotado.
coupon-not-for-product = El cupón { $code } no es válido para este producto.
coupon-other-currency = El cupón { $code } solo es válido para precios en { $currency }, no en la moneda de este precio.

## What a discount takes off
discount-percent = { $percent } % de descuento
discount-amount = { $amount } de descuento
discount-once = { $off } en el primer pago
discount-forever = { $off } en cada pago
discount-months = { $off } durante { $months ->
    [one] 1 mes
   *[other] { $months } meses
}

## Prices in words: "$19.00 every month", "free for 14 days, then $19.00 every month"
every-day = { $count ->
    [one] al día
   *[other] cada { $count } días
}
every-week = { $count ->
    [one] a la semana
   *[other] cada { $count } semanas
}
every-month = { $count ->
    [one] al mes
   *[other] cada { $count } meses
}
every-year = { $count ->
    [one] al año
   *[other] cada { $count } años
}
price-recurring = { $amount } { $every }
price-trial = { $days ->
    [one] 1 día gratis
   *[other] { $days } días gratis
}, luego { $amount } { $every }
price-plan = { $count } × { $amount } { $every }

## What follows today's charge, joined with ", ": "then $15.99 for 2 more months, then $19.99 every month"
then-forever = luego { $amount } { $every }
then-payments = luego { $count ->
    [one] 1 pago
   *[other] { $count } pagos
} de { $amount } { $every }
then-more-payments = luego { $count ->
    [one] 1 pago más
   *[other] { $count } pagos más
} de { $amount } { $every }
then-for = luego { $amount } durante { $duration }
then-times = luego { $amount } { $every }, { $count ->
    [one] 1 vez
   *[other] { $count } veces
}
then-more-times = luego { $amount } { $every }, { $count ->
    [one] 1 vez más
   *[other] { $count } veces más
}
duration-day = { $count ->
    [one] 1 día
   *[other] { $count } días
}
duration-more-day = { $count ->
    [one] 1 día más
   *[other] { $count } días más
}
duration-week = { $count ->
    [one] 1 semana
   *[other] { $count } semanas
}
duration-more-week = { $count ->
    [one] 1 semana más
   *[other] { $count } semanas más
}
duration-month = { $count ->
    [one] 1 mes
   *[other] { $count } meses
}
duration-more-month = { $count ->
    [one] 1 mes más
   *[other] { $count } meses más
}
duration-year = { $count ->
    [one] 1 año
   *[other] { $count } años
}
duration-more-year = { $count ->
    [one] 1 año más
   *[other] { $count } años más
}

## The order summary (views::page::summary), also on the receipt
summary-free-trial = Prueba gratuita
summary-discount = Descuento
summary-due-today = A pagar hoy
summary-paid = Pagado
# $amount is shown in bold.
summary-trial-ends = Hoy no se cobra nada. Tu prueba gratuita termina el { $date }, con un primer cargo de { $amount }.

## The receipt (views::checkout); $email and $amount are shown in bold
receipt-paid-title = ¡Gracias!
receipt-paid = Tu pago se ha realizado correctamente y tu pedido está completo.
receipt-trial-title = Tu prueba gratuita ha comenzado
receipt-trial = Tu pedido está completo.
receipt-pending-title = Confirmando tu pago
receipt-pending = Estamos confirmando tu pago con el procesador de pagos. Esta página se actualiza sola; también puedes cerrarla: te enviaremos el acceso a { $email } en cuanto se confirme el pago.
receipt-processing-title = Tu pago se está procesando
receipt-processing = Tu banco está procesando el pago; un adeudo directo puede tardar unos días hábiles. Puedes cerrar esta página: te enviaremos el acceso a { $email } en cuanto se complete el pago.
receipt-declined-title = Pago rechazado
receipt-declined = El pago no se ha completado y no se ha cobrado nada. Vuelve a intentarlo o usa otro método de pago. Pedido para { $email }.
receipt-closed-title = Pedido cerrado
receipt-closed = Este pedido se ha reembolsado o cancelado. Pedido para { $email }.
receipt-order-number = Número de pedido
receipt-date = Fecha
receipt-email = Correo electrónico
receipt-next-charge = Próximo cargo: { $amount } el { $date }.
receipt-what-next = Próximos pasos
receipt-login = Kartra enviará tus datos de acceso a { $email }. Si no te llegan en unos minutos, revisa tu carpeta de spam.
receipt-contact = ¿Tienes dudas sobre tu pedido? Contacta con { $seller } en { $email }.
receipt-the-seller = el vendedor
receipt-sold-by = Vendido por { $seller }.
receipt-continue = Continuar
receipt-back-to-checkout = Volver al pago

# Order bumps and one-click upsells
checkout-bump = esta oferta no se puede añadir a la opción elegida
bump-add = Sí, añádelo a mi pedido por { $amount }
upsell-title = Una cosa más antes de tu recibo
upsell-paid = Tu pago se ha completado.
upsell-accept = Sí, añádelo · { $amount }
upsell-decline = No, gracias
upsell-one-click-card = Se cobra en la tarjeta que acabas de usar; no tienes que volver a introducirla.
upsell-one-click-approve = Apruebas este pago una vez más en el procesador de pagos.
upsell-pending = Esperamos la confirmación de tu pago; esta página se recarga sola.
upsell-expired = Esta oferta ha caducado.
upsell-declined = El pago de esta oferta fue rechazado y no se cobró nada. Tu primer pedido sigue en pie.
card-saved-for-offer = Tu tarjeta se guarda en el procesador de pagos para que una oferta tras este pago pueda añadirse con un clic.
receipt-added = Añadido después del pago
card-confirm-saved = Tu banco te pide confirmar este pago con la tarjeta que acabas de usar.

# Tax and VAT (shown only while tax is on)
checkout-vat-id-format = no es un NIF-IVA del país elegido
checkout-vat-id-outside-eu = solo se pide a compradores de la UE
checkout-vat-id-not-registered = no está registrado en el VIES de la UE: revísalo o déjalo vacío para pagar con IVA
form-business = ¿Compras como empresa?
form-company = Nombre de la empresa
form-vat-id = NIF-IVA
summary-net = Neto
summary-vat = IVA { $rate }
summary-vat-included = IVA incluido { $rate }
summary-vat-country = El IVA se cobra al tipo del país que elijas.
summary-reverse-charge = Inversión del sujeto pasivo: el IVA lo declara el cliente.

# Invoices and credit notes (PDF)
invoice-title = Factura
invoice-credit-note-title = Factura rectificativa
invoice-number = Número
invoice-date = Fecha
invoice-order = Pedido
invoice-cancels = Anula la factura { $number }
invoice-seller = Vendedor
invoice-bill-to = Facturar a
invoice-vat-id = NIF-IVA
invoice-description = Descripción
invoice-amount = Importe
invoice-total = Total
invoice-paid = Pagado en su totalidad. Gracias.
invoice-download = Factura { $number } (PDF)

# Emails to buyers
email-receipt-subject = Tu recibo de { $product }
email-receipt-body = Gracias por tu pedido, { $name }. Hemos recibido { $amount } por { $product }.
email-renewal-subject = Tu pago de { $product }
email-renewal-body = Gracias, { $name }. Tu pago de { $amount } por { $product } se ha realizado.
email-failed-subject = Tu pago de { $product } no se ha realizado
email-failed-body = Hola { $name }, tu último pago de { $product } no se ha realizado. Se volverá a intentar; para pagar con otra tarjeta, cámbiala en tu cuenta.
email-failed-update-card = Cambiar la tarjeta
email-cancelled-subject = Tu suscripción a { $product } está cancelada
email-cancelled-body = Hola { $name }, tu suscripción a { $product } está cancelada. Tu acceso termina el { $date }.
email-refund-subject = Tu reembolso de { $product }
email-refund-body = Hola { $name }, te hemos reembolsado { $amount } por { $product }.
email-invoice-attached = Adjuntamos tu factura { $number }.
email-credit-note-attached = Adjuntamos la factura rectificativa { $number }.
email-terms = Aceptaste los términos ({ $url }) el { $date }.
email-waiver = El { $date } confirmaste: «{ $waiver }»
email-questions = ¿Preguntas? Escribe a { $email }.
email-view-order = Ver tu pedido
email-sign-in-subject = Inicia sesión en tu cuenta de { $shop }
email-sign-in-subject-plain = Tu enlace de acceso
email-sign-in-body = Usa el botón de abajo para iniciar sesión y ver tus pedidos. El enlace funciona una vez, durante 30 minutos.
email-sign-in-not-you = Si no pediste iniciar sesión, ignora este correo: no cambia nada.
email-sign-in-button = Iniciar sesión

## The customer portal (views::account)
account-title = Tu cuenta
account-sign-in-intro = Escribe el correo electrónico con el que hiciste tu pedido. Te enviamos un enlace para iniciar sesión: no hace falta contraseña.
account-email = Correo electrónico
account-send-link = Enviarme un enlace de acceso
account-link-sent = Revisa tu bandeja de entrada
account-link-sent-body = Si { $email } tiene pedidos aquí, te hemos enviado un enlace de acceso. Funciona una vez, durante 30 minutos.
account-too-many = Demasiadas solicitudes de acceso desde aquí. Inténtalo de nuevo en 15 minutos.
account-link-title = Iniciar sesión
account-link-body = Continúa a tus pedidos.
account-link-button = Iniciar sesión
account-link-invalid = Este enlace de acceso ha caducado o ya se usó. Pide uno nuevo.
account-signed-in-as = Sesión iniciada como { $email }
account-sign-out = Cerrar sesión
account-orders = Tus pedidos
account-no-orders = Todavía no hay pedidos para este correo electrónico.
account-order-placed = Pedido el { $date }
account-status-completed = Activo
account-status-cancelled = Cancelado
account-status-refunded = Reembolsado
account-status-pending = Pendiente de pago
account-status-processing = Pago en proceso
account-status-failed = Pago fallido
account-refunded-part = { $amount } reembolsados
account-access-ends = Cancelado: acceso hasta el { $date }
account-cancel-scheduled = Termina el { $date }
account-renewal-failing = Tu último pago no se ha realizado. Cambia tu tarjeta para mantener tu acceso.
account-invoices = Facturas
account-cancel = Cancelar la suscripción
account-cancel-title = ¿Cancelar tu suscripción a { $product }?
account-cancel-body = No se cobra nada más. Tu acceso dura hasta el final del periodo pagado.
account-cancel-confirm = Sí, cancelar
account-cancel-keep = Mantener mi suscripción
account-cancelled-notice = Tu suscripción está cancelada. Mantienes el acceso hasta el final del periodo pagado.
account-update-card = Cambiar la tarjeta
account-card-title = Cambiar la tarjeta de { $product }
account-card-body = Tus próximos pagos se cobran en esta tarjeta. Un pago fallido se vuelve a intentar con ella ahora.
account-card-save = Guardar la tarjeta
account-card-updated = Tu tarjeta se ha actualizado.
account-card-retried = Tu tarjeta se ha actualizado y el pago fallido se ha cobrado con ella.
account-paypal-manage = Gestionar en PayPal
account-session-ended = Tu sesión ha terminado. Vuelve a iniciar sesión.
account-back = Volver a tus pedidos

# Consent checkboxes on the checkout
checkout-consent = marca esta casilla para continuar
consent-terms = Acepto los { $terms }.
consent-terms-link = términos y condiciones
consent-waiver = Solicito el acceso inmediato y entiendo que pierdo mi derecho de desistimiento.
