"""The load test (`tongxin loadtest`): a fresh database with the demo and a synthetic
ledger, `tongxin serve` (gunicorn) on it, and locust driving a mixed workload of
logged-in staff. See docs/benchmarks.md ("Load")."""
