"""Benchmarks: a synthetic ledger generator and the ledger-vs-raw-baseline runner."""
