"""Writes to accounts, one module per sub-domain: units, users, login (lockout and
throttling), otp (the second factor)."""
