import pytest
from django.core.exceptions import ImproperlyConfigured

from tongxin.lib.env import env_bool, env_int, env_list, env_str


def test_env_str_prefers_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-file\n", encoding="utf-8")
    monkeypatch.setenv("SOME_KEY", "from-env")
    monkeypatch.setenv("SOME_KEY_FILE", str(secret))
    assert env_str("SOME_KEY") == "from-file"


def test_env_str_reports_an_unreadable_file(monkeypatch, tmp_path):
    monkeypatch.setenv("SOME_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="SOME_KEY_FILE"):
        env_str("SOME_KEY")


@pytest.mark.parametrize("raw,expected", [("1", True), ("true", True), ("off", False), ("", False)])
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG") is expected


def test_env_bool_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", True) is True


def test_env_int_rejects_garbage_and_small_values(monkeypatch):
    monkeypatch.setenv("N", "ten")
    with pytest.raises(ImproperlyConfigured, match="N must be an integer"):
        env_int("N", 1)
    monkeypatch.setenv("N", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("N", 1, minimum=1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert env_list("HOSTS") == ["a.example", "b.example"]
