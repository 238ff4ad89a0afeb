from tongxin.text.bench import run_bench


def test_bench_reports_every_stage(seed_path):
    result = run_bench(min_bytes=50_000, seed_path=seed_path)
    for key in ("clean_mbps", "simplify_mbps", "claims_mbps", "pipeline_mbps", "opencc_mbps"):
        assert result[key] > 0
    assert result["input_bytes"] >= 50_000
    assert result["claims_found"] > 0
