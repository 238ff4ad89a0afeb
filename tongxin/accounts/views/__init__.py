"""The account pages, one module per sub-domain: login, otp, units, users."""
