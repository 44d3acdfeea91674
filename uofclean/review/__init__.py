"""The review step: rank records by risk (triage), build the restricted review page (page),
and the reviewer's decisions that the next redact, scan or publish obeys (decisions).

Everything here handles personal data on purpose: its outputs are restricted files, never a
release, a log or a report."""
