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
card-title = Payment
card-pay = Pay { $amount }
card-needs-javascript = Paying needs JavaScript. Please enable it, or choose another payment method.
card-goes-to-stripe = Your payment details go straight to Stripe; tagcart never sees them.
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

## The checkout form (views::page::form)
form-checkout = Checkout
form-closed = This page is not taking payments right now. Please check back soon.
form-choose-option = Choose your option
form-your-details = Your details
form-billing-address = Billing address
form-pay-with = Pay with
form-email = Email
form-first-name = First name
form-last-name = Last name
form-phone = Phone
form-address = Address
form-city = City
form-zip = ZIP / postal code
form-state = State / region
form-country = Country
form-optional = (optional)
form-check-fields = Please check the highlighted fields.
# In the list above the form: the field's label, then what is wrong with it.
form-field-problem = { $field } { $problem }
form-preview-button = The button works once the page is published.
gateway-test = Test payment (no money moves)
gateway-card = Card, Apple Pay, Google Pay and more
gateway-paypal = PayPal

## The pay button: the amount due today, after the merchant's words if any
pay-button = Pay { $amount }
pay-button-trial = Start free trial · { $amount } today
pay-button-with-words = { $words } · { $amount }
pay-button-with-words-trial = { $words } · { $amount } today

## The coupon field (views::page::coupon)
coupon-have = Have a coupon?
coupon-code = Coupon code
coupon-apply = Apply
# $code is shown in bold.
coupon-applied = Coupon { $code } applied: { $discount }
coupon-unknown = The coupon code { $code } is not known; check its spelling.
coupon-paused = The coupon { $code } is paused and cannot be used right now.
coupon-expired = The coupon { $code } has expired.
coupon-used-up = The coupon { $code } has been used up.
coupon-not-for-product = The coupon { $code } is not for this product.
coupon-other-currency = The coupon { $code } is only for prices in { $currency }, not in this price's currency.

## What a discount takes off
discount-percent = { $percent }% off
discount-amount = { $amount } off
discount-once = { $off } the first payment
discount-forever = { $off } every payment
discount-months = { $off } for { $months ->
    [one] 1 month
   *[other] { $months } months
}

## Prices in words: "$19.00 every month", "free for 14 days, then $19.00 every month"
every-day = { $count ->
    [one] every day
   *[other] every { $count } days
}
every-week = { $count ->
    [one] every week
   *[other] every { $count } weeks
}
every-month = { $count ->
    [one] every month
   *[other] every { $count } months
}
every-year = { $count ->
    [one] every year
   *[other] every { $count } years
}
price-recurring = { $amount } { $every }
price-trial = free for { $days ->
    [one] 1 day
   *[other] { $days } days
}, then { $amount } { $every }
price-plan = { $count } × { $amount } { $every }

## What follows today's charge, joined with ", ": "then $15.99 for 2 more months, then $19.99 every month"
then-forever = then { $amount } { $every }
then-payments = then { $count ->
    [one] 1 payment
   *[other] { $count } payments
} of { $amount } { $every }
then-more-payments = then { $count ->
    [one] 1 more payment
   *[other] { $count } more payments
} of { $amount } { $every }
then-for = then { $amount } for { $duration }
then-times = then { $amount } { $every }, { $count ->
    [one] 1 time
   *[other] { $count } times
}
then-more-times = then { $amount } { $every }, { $count ->
    [one] 1 more time
   *[other] { $count } more times
}
duration-day = { $count ->
    [one] 1 day
   *[other] { $count } days
}
duration-more-day = { $count ->
    [one] 1 more day
   *[other] { $count } more days
}
duration-week = { $count ->
    [one] 1 week
   *[other] { $count } weeks
}
duration-more-week = { $count ->
    [one] 1 more week
   *[other] { $count } more weeks
}
duration-month = { $count ->
    [one] 1 month
   *[other] { $count } months
}
duration-more-month = { $count ->
    [one] 1 more month
   *[other] { $count } more months
}
duration-year = { $count ->
    [one] 1 year
   *[other] { $count } years
}
duration-more-year = { $count ->
    [one] 1 more year
   *[other] { $count } more years
}

## The order summary (views::page::summary), also on the receipt
summary-free-trial = Free trial
summary-discount = Discount
summary-due-today = Due today
summary-paid = Paid
# $amount is shown in bold.
summary-trial-ends = Nothing is charged today. Your free trial ends on { $date }, with the first charge of { $amount }.

## The receipt (views::checkout); $email and $amount are shown in bold
receipt-paid-title = Thank you!
receipt-paid = Your payment went through and your order is complete.
receipt-trial-title = Your free trial has started
receipt-trial = Your order is complete.
receipt-pending-title = Confirming your payment
receipt-pending = We are confirming your payment with the payment processor. This page updates by itself; you can also close it: your access is sent to { $email } once the payment is confirmed.
receipt-processing-title = Your payment is processing
receipt-processing = Your bank is processing the payment; a direct debit can take a few working days. You can close this page: your access is sent to { $email } as soon as the payment clears.
receipt-declined-title = Payment declined
receipt-declined = The payment did not go through and nothing was charged. Try again, or use another payment method. Order for { $email }.
receipt-closed-title = Order closed
receipt-closed = This order was refunded or cancelled. Order for { $email }.
receipt-order-number = Order number
receipt-date = Date
receipt-email = Email
receipt-next-charge = Next charge: { $amount } on { $date }.
receipt-what-next = What happens next
receipt-login = Kartra will email your login to { $email }. If it has not arrived in a few minutes, check your spam folder.
receipt-contact = Questions about your order? Write to { $seller } at { $email }.
receipt-the-seller = the seller
receipt-sold-by = Sold by { $seller }.
receipt-continue = Continue
receipt-back-to-checkout = Back to checkout

# Order bumps and one-click upsells
checkout-bump = this offer cannot be added to the option chosen
bump-add = Yes, add it to my order for { $amount }
upsell-title = One more thing before your receipt
upsell-paid = Your payment went through.
upsell-accept = Yes, add it · { $amount }
upsell-decline = No thanks
upsell-one-click-card = It is charged to the card you just used; you do not enter it again.
upsell-one-click-approve = You approve this payment once more at the processor.
upsell-pending = We are waiting for the processor to confirm your payment; this page reloads by itself.
upsell-expired = This offer has expired.
upsell-declined = The payment for this offer was declined, and nothing was charged for it. Your first order stands.
card-saved-for-offer = Your card is saved with the card processor so that an offer after this payment can be added with one click.
receipt-added = Added after checkout
card-confirm-saved = Your bank asks you to confirm this payment with the card you just used.

# Tax and VAT (shown only while tax is on)
checkout-vat-id-format = is not a VAT ID of the country chosen
checkout-vat-id-outside-eu = is asked for only from buyers in the EU
checkout-vat-id-not-registered = is not registered in the EU's VIES: check it, or leave it empty to pay with VAT
form-business = Buying as a business?
form-company = Company name
form-vat-id = VAT ID
summary-net = Net
summary-vat = VAT { $rate }
summary-vat-included = Includes VAT { $rate }
summary-vat-country = VAT is charged at the rate of the country you choose.
summary-reverse-charge = Reverse charge: VAT to be accounted for by the customer.

# Invoices and credit notes (PDF)
invoice-title = Invoice
invoice-credit-note-title = Credit note
invoice-number = Number
invoice-date = Date
invoice-order = Order
invoice-cancels = Cancels invoice { $number }
invoice-seller = Seller
invoice-bill-to = Bill to
invoice-vat-id = VAT ID
invoice-description = Description
invoice-amount = Amount
invoice-total = Total
invoice-paid = Paid in full. Thank you.
invoice-download = Invoice { $number } (PDF)

# Emails to buyers
email-receipt-subject = Your receipt for { $product }
email-receipt-body = Thank you for your order, { $name }. We received { $amount } for { $product }.
email-renewal-subject = Your payment for { $product }
email-renewal-body = Thank you, { $name }. Your payment of { $amount } for { $product } went through.
email-failed-subject = Your payment for { $product } did not go through
email-failed-body = Hello { $name }, your latest payment for { $product } did not go through. It is tried again; to pay with another card, update it in your account.
email-failed-update-card = Update your card
email-cancelled-subject = Your subscription to { $product } is cancelled
email-cancelled-body = Hello { $name }, your subscription to { $product } is cancelled. Your access ends on { $date }.
email-refund-subject = Your refund for { $product }
email-refund-body = Hello { $name }, we refunded { $amount } for { $product }.
email-invoice-attached = Your invoice { $number } is attached.
email-credit-note-attached = Credit note { $number } is attached.
email-terms = You accepted the terms ({ $url }) on { $date }.
email-waiver = On { $date } you confirmed: “{ $waiver }”
email-questions = Questions? Write to { $email }.
email-view-order = View your order
email-sign-in-subject = Sign in to your { $shop } account
email-sign-in-subject-plain = Your sign-in link
email-sign-in-body = Use the button below to sign in and see your orders. The link works once, for 30 minutes.
email-sign-in-not-you = If you did not ask to sign in, ignore this email: nothing changes.
email-sign-in-button = Sign in

## The customer portal (views::account)
account-title = Your account
account-sign-in-intro = Type the email address you ordered with. We send you a link to sign in: no password needed.
account-email = Email
account-send-link = Email me a sign-in link
account-link-sent = Check your inbox
account-link-sent-body = If { $email } has orders here, a sign-in link is on its way. It works once, for 30 minutes.
account-too-many = Too many sign-in requests from here. Try again in 15 minutes.
account-link-title = Sign in
account-link-body = Continue to your orders.
account-link-button = Sign in
account-link-invalid = This sign-in link has expired or was used already. Ask for a new one.
account-signed-in-as = Signed in as { $email }
account-sign-out = Sign out
account-orders = Your orders
account-no-orders = There are no orders for this email address yet.
account-order-placed = Ordered { $date }
account-status-completed = Active
account-status-cancelled = Cancelled
account-status-refunded = Refunded
account-status-pending = Waiting for payment
account-status-processing = Payment processing
account-status-failed = Payment failed
account-refunded-part = { $amount } refunded
account-access-ends = Cancelled: access until { $date }
account-cancel-scheduled = Cancels on { $date }
account-renewal-failing = Your last payment did not go through. Update your card to keep your access.
account-invoices = Invoices
account-cancel = Cancel subscription
account-cancel-title = Cancel your subscription to { $product }?
account-cancel-body = Nothing more is charged. Your access lasts until the paid period ends.
account-cancel-confirm = Yes, cancel
account-cancel-keep = Keep my subscription
account-cancelled-notice = Your subscription is cancelled. You keep access until the paid period ends.
account-update-card = Update card
account-card-title = Update the card for { $product }
account-card-body = Your next payments are charged to this card. A payment that failed is tried again with it now.
account-card-save = Save card
account-card-updated = Your card is updated.
account-card-retried = Your card is updated, and the payment that failed was charged to it.
account-paypal-manage = Manage in PayPal
account-session-ended = Your session ended. Sign in again.
account-back = Back to your orders

# Consent checkboxes on the checkout
checkout-consent = tick this box to go on
consent-terms = I accept the { $terms }.
consent-terms-link = terms and conditions
consent-waiver = I ask for immediate access and understand I lose my right of withdrawal.
