"""Benchmarks: each runs in a fresh database in a child process and prints JSON."""
