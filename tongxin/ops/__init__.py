"""Operations above the domain apps: demo data, benchmarks, load test, backup and restore."""
