"""The deployment samples (deploy/) name only settings Tiaki reads, and the
systemd units pass systemd-analyze verify where it is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
#: Where Tiaki reads settings, and gunicorn's configuration.
READERS = [
    ROOT / "tiaki/config/settings.py",
    ROOT / "tiaki/config/serving.py",
    ROOT / "tiaki/config/gunicorn.py",
    ROOT / "tiaki/audit/migrations/0001_initial.py",
]


def _read_settings() -> set[str]:
    text = "\n".join(path.read_text() for path in READERS)
    names = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', text))
    names |= set(re.findall(r'(?:environ\.get|env\.get|_int\(env,)\(?\s*"([A-Z_]+)"', text))
    return names


def _named(text: str) -> set[str]:
    return {name.removesuffix("_FILE") for name in re.findall(r"^#?([A-Z][A-Z_]+)=", text, re.MULTILINE)}


def test_the_env_example_names_only_settings_that_exist():
    known = _read_settings()
    assert {"SECRET_KEY", "TIAKI_MODE", "TIAKI_METRICS_TOKEN", "TIAKI_GUNICORN_WORKERS"} <= known
    named = _named((DEPLOY / "tiaki.env.example").read_text())
    assert named - known == set()


def test_the_env_example_lists_every_production_setting():
    named = _named((DEPLOY / "tiaki.env.example").read_text())
    assert _read_settings() - named == set()


def test_the_units_name_only_settings_that_exist_and_the_env_file():
    known = _read_settings()
    for unit in UNITS:
        text = unit.read_text()
        assert "EnvironmentFile=/etc/tiaki/tiaki.env" in text
        assert "User=tiaki" in text
        for line in ("NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=/var/lib/tiaki", "PrivateTmp=yes"):
            assert line in text, (unit.name, line)
        assert set(re.findall(r"\b(TIAKI_[A-Z_]+)\b", text)) <= known
    assert "ExecReload=/bin/kill -HUP $MAINPID" in (DEPLOY / "systemd/tiaki-web.service").read_text()


def test_nginx_keeps_the_probes_and_metrics_off_the_internet():
    text = (DEPLOY / "nginx/tiaki.conf").read_text()
    for path in ("/metrics", "/readyz"):
        assert f"location = {path} {{ return 404; }}" in text.replace("  ", " ").replace("  ", " ")
    assert "X-Forwarded-Proto $scheme" in text
    assert "client_max_body_size 21m" in text


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_the_units_verify(unit, tmp_path):
    # The virtualenv is not installed here: the unit is checked with this interpreter in its place.
    copy = tmp_path / unit.name
    copy.write_text(unit.read_text().replace("/opt/tiaki/venv/bin/tiaki", sys.executable))
    analyze = shutil.which("systemd-analyze") or "systemd-analyze"
    result = subprocess.run(  # noqa: S603 - systemd's own tool on our own file
        [analyze, "verify", str(copy)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert unit.name not in result.stderr, result.stderr
