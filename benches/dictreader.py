"""What a user would write today: Python's csv.DictReader over a reconciliation file, keeping
one record per subscription with its partner, reseller and customer. For comparison with
`csp-studio import` on the same file (see the README's import section):

    time python3 benches/dictreader.py InvoiceReconciliation.csv
"""
import csv
import sys

subscriptions = {}
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    rows = 0
    for row in csv.DictReader(f):
        rows += 1
        sub = row["SubscriptionId"]
        if sub not in subscriptions:
            subscriptions[sub] = (row["PartnerId"], row["MpnId"], row["ResellerMpnId"], row["CustomerId"])
print(f"{rows} rows, {len(subscriptions)} subscriptions")
