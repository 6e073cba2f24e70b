"""Accounts without the admin (issue 14): staff manage users and their scope, deputies get their accounts
from the roster with a single-use activation link by SMS, and anyone with a mobile on their account logs in
with that number and a code sent to it. Part of the accounts room (liaison/), below the deputies and the
outbox: it imports neither (sms.py says how its two messages still leave)."""
