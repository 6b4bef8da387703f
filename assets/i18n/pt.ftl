# Páginas de compra em português (do Brasil). Os mesmos identificadores de en.ftl.

## The page frame (views::page)
page-secure-checkout = Pagamento seguro
page-your-order = Seu pedido

## Countdown section
countdown-label = A oferta termina em
countdown-ended = Esta oferta terminou.
countdown-ends = Termina em { $date } UTC
countdown-less-than-minute = menos de um minuto
countdown-days = { $count ->
    [one] { $count } dia
   *[other] { $count } dias
}
countdown-hours = { $count ->
    [one] { $count } hora
   *[other] { $count } horas
}
countdown-minutes = { $count ->
    [one] { $count } minuto
   *[other] { $count } minutos
}
countdown-unit-days = dias
countdown-unit-hours = horas
countdown-unit-minutes = minutos
countdown-unit-seconds = segundos

## Video section
video-default-title = Vídeo
video-play-label = Reproduzir vídeo: { $title } (reproduzido pelo { $provider })
video-plays-from = Reproduzido pelo { $provider }

## Checkout form errors, after the field's label
checkout-required = é obrigatório
checkout-too-long = deve ter no máximo { $max } caracteres
checkout-single-line = deve caber em uma única linha
checkout-email = deve ser um e-mail como name@example.com
checkout-name-markup = não pode conter < > = {"{"} {"}"} [ ] ou \
checkout-phone = pode conter apenas dígitos, espaços e + - ( ) .
checkout-price = escolha uma das opções exibidas
checkout-gateway = escolha uma das formas de pagamento exibidas

## Card payment (Stripe)
card-title = Pagar com cartão
card-label = Cartão
card-pay = Pagar { $amount }
card-needs-javascript = O pagamento com cartão precisa de JavaScript. Ative-o ou escolha outra forma de pagamento.
card-goes-to-stripe = Os dados do seu cartão vão direto para a Stripe; o tagcart nunca os vê.
card-declined = O pagamento não foi concluído.
card-subscription-failed = Não foi possível iniciar a assinatura.

## The test gateway's payment page
test-pay-title = Pagamento de teste
test-pay-badge = Gateway de teste: nenhum dinheiro é movimentado
test-pay-buyer = Comprador:
test-pay-status = Status do pedido:
test-pay-renewal = Renovação:
test-pay-failing-since = falhando desde { $date }
test-pay-access-ends = O acesso pago termina em:
test-pay-plan = Parcelamento:
test-pay-paid-in-full = totalmente pago
test-pay-plan-end-keeps-access = (o acesso continua depois do fim)
test-pay-nothing-more = Nada mais acontece com este pedido no processador de pagamentos.
test-pay-each-button = Cada botão envia um evento assinado ao webhook de teste deste tagcart, exatamente como um processador de pagamentos faria.
test-pay-complete = Concluir o pagamento
test-pay-pending = Deixar pendente
test-pay-decline = Recusar o pagamento
test-pay-renew = Renovação paga
test-pay-renewal-fails = Renovação falha
test-pay-recover = Renovação recuperada
test-pay-refund = Reembolsar
test-pay-cancel-at-period-end = Cancelar no fim do período
test-pay-cancel-now = Cancelar agora
