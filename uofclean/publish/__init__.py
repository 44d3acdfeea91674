"""The release chain: dedupe, validate, redact, apply the profile, disclosure control, scan, write."""
