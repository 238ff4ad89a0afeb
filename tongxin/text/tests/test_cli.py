import io
import json

from tongxin.text.cli import decode, main

RAW = "協調解決困難問題70余件,舉辦800余場(chǎng)次活動。"


def run(argv, data: bytes):
    out = io.StringIO()
    code = main(argv, stdin=io.BytesIO(data), stdout=out)
    return code, out.getvalue()


def test_clean_prints_the_cleaned_text():
    assert run(["clean", "-"], RAW.encode()) == (0, "協調解決困難問題70余件,舉辦800余場次活動。")


def test_claims_json_keeps_chinese_unescaped():
    code, out = run(["claims", "-", "--json"], RAW.encode())
    assert code == 0
    assert "场次" in out
    claims = json.loads(out)
    assert [(c["value"], c["unit"], c["marker"]) for c in claims] == [
        (70, "件", "余"),
        (800, "场次", "余"),
    ]


def test_gb18030_input_is_decoded():
    code, out = run(["claims", "-"], "新增10家台资企业".encode("gb18030"))
    assert code == 0
    assert "10家\t10\t家\texact" in out


def test_a_utf8_bom_is_dropped():
    assert decode("\ufeff统战".encode()) == "统战"


def test_article_reads_a_file(seed_path):
    out = io.StringIO()
    assert main(["article", str(seed_path), "--json"], stdout=out) == 0
    assert json.loads(out.getvalue())["editor"] == "韓金雨"


def test_a_missing_file_is_an_error(tmp_path):
    assert main(["claims", str(tmp_path / "nope.txt")], stdout=io.StringIO()) == 1


def test_a_bad_command_is_a_usage_error(capsys):
    assert main(["frobnicate"], stdout=io.StringIO()) == 2
