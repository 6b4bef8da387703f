# Buyer pages in English. Every id here is in each {lang}.ftl beside this file (a test checks).
# Keep them short, in the words a checkout uses.

## The page frame (views::page)
page-secure-checkout = Secure checkout
page-your-order = Your order

## Countdown section
countdown-label = Offer ends in
countdown-ended = This offer has ended.
countdown-ends = Ends { $date } UTC
countdown-less-than-minute = less than a minute
countdown-days = { $count ->
    [one] 1 day
   *[other] { $count } days
}
countdown-hours = { $count ->
    [one] 1 hour
   *[other] { $count } hours
}
countdown-minutes = { $count ->
    [one] 1 minute
   *[other] { $count } minutes
}
# Under the running clock's numbers (page.js).
countdown-unit-days = days
countdown-unit-hours = hours
countdown-unit-minutes = minutes
countdown-unit-seconds = seconds

## Video section
video-default-title = Video
video-play-label = Play video: { $title } (plays from { $provider })
video-plays-from = Plays from { $provider }

## Checkout form errors, after the field's label (domain::checkout::Problem)
checkout-required = is required
checkout-too-long = must be at most { $max } characters
checkout-single-line = must be a single line
checkout-email = must be an email address like name@example.com
checkout-name-markup = must not contain < > = {"{"} {"}"} [ ] or \
checkout-phone = may hold only digits, spaces and + - ( ) .
checkout-price = choose one of the options shown
checkout-gateway = choose one of the payment methods shown

## Card payment (Stripe)
card-title = Pay by card
card-label = Card
card-pay = Pay { $amount }
card-needs-javascript = Card payments need JavaScript. Please enable it, or choose another payment method.
card-goes-to-stripe = Card details go straight to Stripe; tagcart never sees them.
card-declined = The payment did not go through.
card-subscription-failed = The subscription could not be started.

## The test gateway's payment page
test-pay-title = Test payment
test-pay-badge = Test gateway: no money moves
test-pay-buyer = Buyer:
test-pay-status = Order status:
test-pay-renewal = Renewal:
test-pay-failing-since = failing since { $date }
test-pay-access-ends = Paid access ends:
test-pay-plan = Payment plan:
test-pay-paid-in-full = paid in full
test-pay-plan-end-keeps-access = (its end keeps access)
test-pay-nothing-more = Nothing more happens to this order at the processor.
test-pay-each-button = Each button sends a signed event to this tagcart's test webhook, exactly as a processor would.
test-pay-complete = Complete the payment
test-pay-pending = Leave it pending
test-pay-decline = Decline the payment
test-pay-renew = Renewal paid
test-pay-renewal-fails = Renewal fails
test-pay-recover = Renewal recovers
test-pay-refund = Refund
test-pay-cancel-at-period-end = Cancel at period end
test-pay-cancel-now = Cancel now

## The shop's footer (Settings → Shop)
shop-questions = Questions?
shop-terms = Terms
shop-privacy = Privacy

## Error pages a buyer may see (views::errors::buyer)
error-not-found-title = Page not found
error-not-found = This page does not exist, or it is not open for orders.
error-too-many-title = Too many requests
error-too-many = Too many tries in a short time. Wait a minute, then try again.
error-request-title = Something is not right
error-request = This request could not be handled. Go back and try again.
error-unavailable-title = Payment service unavailable
error-unavailable = The payment service did not answer. Try again in a minute.
error-server-title = Something went wrong
error-server = Something went wrong on our side. Try again in a minute.
error-need-help = Need help? Write to
