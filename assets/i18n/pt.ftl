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
card-title = Pagamento
card-pay = Pagar { $amount }
card-needs-javascript = O pagamento precisa de JavaScript. Ative-o ou escolha outra forma de pagamento.
card-goes-to-stripe = Seus dados de pagamento vão direto para a Stripe; o tagcart nunca os vê.
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

## The shop's footer (Settings → Shop)
shop-questions = Dúvidas?
shop-terms = Termos
shop-privacy = Privacidade

## Error pages a buyer may see (views::errors::buyer)
error-not-found-title = Página não encontrada
error-not-found = Esta página não existe ou não está aceitando pedidos.
error-too-many-title = Muitas solicitações
error-too-many = Muitas tentativas em pouco tempo. Aguarde um minuto e tente novamente.
error-request-title = Algo não está certo
error-request = Não foi possível processar esta solicitação. Volte e tente novamente.
error-unavailable-title = Serviço de pagamento indisponível
error-unavailable = O serviço de pagamento não respondeu. Tente novamente em um minuto.
error-server-title = Algo deu errado
error-server = Algo deu errado do nosso lado. Tente novamente em um minuto.
error-need-help = Precisa de ajuda? Escreva para

## The checkout form (views::page::form)
form-checkout = Finalizar compra
form-closed = Esta página não está aceitando pagamentos no momento. Volte em breve.
form-choose-option = Escolha sua opção
form-your-details = Seus dados
form-billing-address = Endereço de cobrança
form-pay-with = Pagar com
form-email = E-mail
form-first-name = Nome
form-last-name = Sobrenome
form-phone = Telefone
form-address = Endereço
form-city = Cidade
form-zip = CEP / código postal
form-state = Estado / região
form-country = País
form-optional = (opcional)
form-check-fields = Verifique os campos destacados.
form-field-problem = { $field }: { $problem }
form-preview-button = O botão funcionará quando a página for publicada.
gateway-test = Pagamento de teste (nenhum dinheiro é movimentado)
gateway-card = Cartão, Apple Pay, Google Pay e mais
gateway-paypal = PayPal

## The pay button: the amount due today, after the merchant's words if any
pay-button = Pagar { $amount }
pay-button-trial = Começar teste grátis · { $amount } hoje
pay-button-with-words = { $words } · { $amount }
pay-button-with-words-trial = { $words } · { $amount } hoje

## The coupon field (views::page::coupon)
coupon-have = Tem um cupom?
coupon-code = Código do cupom
coupon-apply = Aplicar
# $code is shown in bold.
coupon-applied = Cupom { $code } aplicado: { $discount }
coupon-unknown = Não encontramos o cupom { $code }; verifique se ele foi digitado corretamente.
coupon-paused = O cupom { $code } está pausado e não pode ser usado no momento.
coupon-expired = O cupom { $code } expirou.
coupon-used-up = O cupom { $code } atingiu o limite de usos.
coupon-not-for-product = O cupom { $code } não é válido para este produto.
coupon-other-currency = O cupom { $code } só vale para preços em { $currency }, não na moeda deste preço.

## What a discount takes off
discount-percent = { $percent }% de desconto
discount-amount = { $amount } de desconto
discount-once = { $off } no primeiro pagamento
discount-forever = { $off } em todos os pagamentos
discount-months = { $off } por { $months ->
    [one] { $months } mês
   *[other] { $months } meses
}

## Prices in words: "$19.00 every month", "free for 14 days, then $19.00 every month"
every-day = { $count ->
    [one] por dia
   *[other] a cada { $count } dias
}
every-week = { $count ->
    [one] por semana
   *[other] a cada { $count } semanas
}
every-month = { $count ->
    [one] por mês
   *[other] a cada { $count } meses
}
every-year = { $count ->
    [one] por ano
   *[other] a cada { $count } anos
}
price-recurring = { $amount } { $every }
price-trial = { $days ->
    [one] { $days } dia grátis
   *[other] { $days } dias grátis
}, depois { $amount } { $every }
price-plan = { $count } × { $amount } { $every }

## What follows today's charge, joined with ", ": "then $15.99 for 2 more months, then $19.99 every month"
then-forever = depois { $amount } { $every }
then-payments = depois { $count ->
    [one] { $count } pagamento
   *[other] { $count } pagamentos
} de { $amount } { $every }
then-more-payments = depois mais { $count ->
    [one] { $count } pagamento
   *[other] { $count } pagamentos
} de { $amount } { $every }
then-for = depois { $amount } por { $duration }
then-times = depois { $amount } { $every }, { $count ->
    [one] { $count } vez
   *[other] { $count } vezes
}
then-more-times = depois { $amount } { $every }, mais { $count ->
    [one] { $count } vez
   *[other] { $count } vezes
}
duration-day = { $count ->
    [one] { $count } dia
   *[other] { $count } dias
}
duration-more-day = { $count ->
    [one] mais { $count } dia
   *[other] mais { $count } dias
}
duration-week = { $count ->
    [one] { $count } semana
   *[other] { $count } semanas
}
duration-more-week = { $count ->
    [one] mais { $count } semana
   *[other] mais { $count } semanas
}
duration-month = { $count ->
    [one] { $count } mês
   *[other] { $count } meses
}
duration-more-month = { $count ->
    [one] mais { $count } mês
   *[other] mais { $count } meses
}
duration-year = { $count ->
    [one] { $count } ano
   *[other] { $count } anos
}
duration-more-year = { $count ->
    [one] mais { $count } ano
   *[other] mais { $count } anos
}

## The order summary (views::page::summary), also on the receipt
summary-free-trial = Teste grátis
summary-discount = Desconto
summary-due-today = A pagar hoje
summary-paid = Pago
# $amount is shown in bold.
summary-trial-ends = Nada será cobrado hoje. Seu teste grátis termina em { $date }, com a primeira cobrança de { $amount }.

## The receipt (views::checkout); $email and $amount are shown in bold
receipt-paid-title = Obrigado!
receipt-paid = Seu pagamento foi aprovado e seu pedido está concluído.
receipt-trial-title = Seu teste grátis começou
receipt-trial = Seu pedido está concluído.
receipt-pending-title = Confirmando seu pagamento
receipt-pending = Estamos confirmando seu pagamento com o processador de pagamentos. Esta página se atualiza sozinha; você também pode fechá-la: seu acesso será enviado para { $email } assim que o pagamento for confirmado.
receipt-processing-title = Seu pagamento está sendo processado
receipt-processing = Seu banco está processando o pagamento; um débito direto pode levar alguns dias úteis. Você pode fechar esta página: seu acesso será enviado para { $email } assim que o pagamento for compensado.
receipt-declined-title = Pagamento recusado
receipt-declined = O pagamento não foi concluído e nada foi cobrado. Tente novamente ou use outra forma de pagamento. Pedido para { $email }.
receipt-closed-title = Pedido encerrado
receipt-closed = Este pedido foi reembolsado ou cancelado. Pedido para { $email }.
receipt-order-number = Número do pedido
receipt-date = Data
receipt-email = E-mail
receipt-next-charge = Próxima cobrança: { $amount } em { $date }.
receipt-what-next = Próximos passos
receipt-login = A Kartra enviará seu login para { $email }. Se ele não chegar em alguns minutos, verifique sua pasta de spam.
receipt-contact = Dúvidas sobre seu pedido? Fale com { $seller } pelo e-mail { $email }.
receipt-the-seller = o vendedor
receipt-sold-by = Vendido por { $seller }.
receipt-continue = Continuar
receipt-back-to-checkout = Voltar ao pagamento

# Order bumps and one-click upsells
checkout-bump = esta oferta não pode ser adicionada à opção escolhida
bump-add = Sim, adicionar ao meu pedido por { $amount }
upsell-title = Só mais uma coisa antes do seu recibo
upsell-paid = O seu pagamento foi aceite.
upsell-accept = Sim, adicionar · { $amount }
upsell-decline = Não, obrigado
upsell-one-click-card = É cobrado no cartão que acabou de usar; não precisa de o introduzir novamente.
upsell-one-click-approve = Aprova este pagamento mais uma vez no processador de pagamentos.
upsell-pending = Estamos à espera da confirmação do seu pagamento; esta página recarrega sozinha.
upsell-expired = Esta oferta expirou.
upsell-declined = O pagamento desta oferta foi recusado e nada foi cobrado. O seu primeiro pedido mantém-se.
card-saved-for-offer = O seu cartão fica guardado no processador de pagamentos para que uma oferta após este pagamento possa ser adicionada com um clique.
receipt-added = Adicionado após a compra
card-confirm-saved = O seu banco pede-lhe que confirme este pagamento com o cartão que acabou de usar.

# Tax and VAT (shown only while tax is on)
checkout-vat-id-format = não é um número de IVA do país escolhido
checkout-vat-id-outside-eu = só é pedido a compradores na UE
checkout-vat-id-not-registered = não está registado no VIES da UE: verifique-o, ou deixe-o vazio para pagar com IVA
form-business = Está a comprar como empresa?
form-company = Nome da empresa
form-vat-id = Número de IVA
summary-net = Líquido
summary-vat = IVA { $rate }
summary-vat-included = Inclui IVA { $rate }
summary-vat-country = O IVA é o do país que escolher.
summary-reverse-charge = Autoliquidação: IVA a liquidar pelo cliente.

# Invoices and credit notes (PDF)
invoice-title = Fatura
invoice-credit-note-title = Nota de crédito
invoice-number = Número
invoice-date = Data
invoice-order = Encomenda
invoice-cancels = Anula a fatura { $number }
invoice-seller = Vendedor
invoice-bill-to = Faturar a
invoice-vat-id = N.º IVA
invoice-description = Descrição
invoice-amount = Valor
invoice-total = Total
invoice-paid = Paga na totalidade. Obrigado.
invoice-download = Fatura { $number } (PDF)

# Emails to buyers
email-receipt-subject = O seu recibo de { $product }
email-receipt-body = Obrigado pela sua encomenda, { $name }. Recebemos { $amount } por { $product }.
email-renewal-subject = O seu pagamento de { $product }
email-renewal-body = Obrigado, { $name }. O seu pagamento de { $amount } por { $product } foi concluído.
email-failed-subject = O seu pagamento de { $product } falhou
email-failed-body = Olá { $name }, o seu último pagamento de { $product } falhou. Será tentado de novo; para pagar com outro cartão, altere-o na sua conta.
email-failed-update-card = Alterar o cartão
email-cancelled-subject = A sua assinatura de { $product } foi cancelada
email-cancelled-body = Olá { $name }, a sua assinatura de { $product } foi cancelada. O seu acesso termina em { $date }.
email-refund-subject = O seu reembolso de { $product }
email-refund-body = Olá { $name }, reembolsámos { $amount } por { $product }.
email-invoice-attached = A sua fatura { $number } segue em anexo.
email-credit-note-attached = A nota de crédito { $number } segue em anexo.
email-terms = Aceitou os termos ({ $url }) em { $date }.
email-waiver = Em { $date } confirmou: «{ $waiver }»
email-questions = Dúvidas? Escreva para { $email }.
email-view-order = Ver a sua encomenda
email-sign-in-subject = Entrar na sua conta { $shop }
email-sign-in-subject-plain = O seu link de acesso
email-sign-in-body = Use o botão abaixo para entrar e ver as suas encomendas. O link funciona uma vez, durante 30 minutos.
email-sign-in-not-you = Se não pediu para entrar, ignore este email: nada muda.
email-sign-in-button = Entrar

## The customer portal (views::account)
account-title = A sua conta
account-sign-in-intro = Escreva o email com que fez a encomenda. Enviamos-lhe um link para entrar: não precisa de palavra-passe.
account-email = Email
account-send-link = Enviar-me um link de acesso
account-link-sent = Veja a sua caixa de entrada
account-link-sent-body = Se { $email } tiver encomendas aqui, um link de acesso está a caminho. Funciona uma vez, durante 30 minutos.
account-too-many = Demasiados pedidos de acesso a partir daqui. Tente de novo daqui a 15 minutos.
account-link-title = Entrar
account-link-body = Continue para as suas encomendas.
account-link-button = Entrar
account-link-invalid = Este link de acesso expirou ou já foi usado. Peça um novo.
account-signed-in-as = Sessão iniciada como { $email }
account-sign-out = Terminar sessão
account-orders = As suas encomendas
account-no-orders = Ainda não há encomendas para este email.
account-order-placed = Encomendado a { $date }
account-status-completed = Ativa
account-status-cancelled = Cancelada
account-status-refunded = Reembolsada
account-status-pending = A aguardar pagamento
account-status-processing = Pagamento em processamento
account-status-failed = Pagamento falhado
account-refunded-part = { $amount } reembolsados
account-access-ends = Cancelada: acesso até { $date }
account-cancel-scheduled = Termina a { $date }
account-renewal-failing = O seu último pagamento falhou. Altere o cartão para manter o acesso.
account-invoices = Faturas
account-cancel = Cancelar a assinatura
account-cancel-title = Cancelar a sua assinatura de { $product }?
account-cancel-body = Não é cobrado mais nada. O seu acesso dura até ao fim do período pago.
account-cancel-confirm = Sim, cancelar
account-cancel-keep = Manter a assinatura
account-cancelled-notice = A sua assinatura está cancelada. Mantém o acesso até ao fim do período pago.
account-update-card = Alterar o cartão
account-card-title = Alterar o cartão de { $product }
account-card-body = Os próximos pagamentos são cobrados neste cartão. Um pagamento que falhou é tentado de novo com ele agora.
account-card-save = Guardar o cartão
account-card-updated = O seu cartão foi alterado.
account-card-retried = O seu cartão foi alterado, e o pagamento que falhou foi cobrado nele.
account-paypal-manage = Gerir no PayPal
account-session-ended = A sua sessão terminou. Entre de novo.
account-back = Voltar às suas encomendas

# Consent checkboxes on the checkout
checkout-consent = marque esta caixa para continuar
consent-terms = Aceito os { $terms }.
consent-terms-link = termos e condições
consent-waiver = Peço o acesso imediato e compreendo que perco o meu direito de livre resolução.
