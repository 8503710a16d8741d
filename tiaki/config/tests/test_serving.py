"""The gunicorn settings derived from the machine (tiaki.config.serving) and
`tiaki serve --print-config`."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from tiaki.config.serving import MB, derive, workers_for


def test_workers_follow_the_cpus_capped_by_memory():
    assert workers_for(2, 64 * 1024 * MB) == 5
    assert workers_for(8, 2 * 1024 * MB) == 4  # half of 2 GB at 256 MB a worker
    assert workers_for(4, 100 * MB) == 1
    assert workers_for(1, None) == 3


def test_the_environment_overrides_the_machine():
    config = derive({"TIAKI_GUNICORN_WORKERS": "7", "TIAKI_GUNICORN_BIND": "127.0.0.1:9001"}, cpus=1, memory=None)
    assert (config.workers, config.bind, config.preload_app) == (7, "127.0.0.1:9001", False)
    assert (config.max_requests, config.max_requests_jitter) == (1000, 100)
    assert config.graceful_timeout < config.timeout


@pytest.mark.parametrize(("value", "message"), [("many", "whole number"), ("0", "at least 1")])
def test_a_bad_worker_count_is_named(value, message):
    with pytest.raises(ValueError, match=f"TIAKI_GUNICORN_WORKERS must be .*{message}"):
        derive({"TIAKI_GUNICORN_WORKERS": value}, cpus=1, memory=None)


def test_print_config_shows_the_derived_settings(capsys):
    call_command("serve", "--print-config", "--workers", "3", "--bind", "127.0.0.1:9002")
    out = capsys.readouterr().out
    assert "workers = 3" in out
    assert "bind = 127.0.0.1:9002" in out
    assert "preload_app = False" in out


def test_in_production_serve_refuses_without_collected_static_files(settings, tmp_path):
    settings.PRODUCTION = True
    settings.STATIC_ROOT = tmp_path
    with pytest.raises(CommandError, match="run tiaki collectstatic"):
        call_command("serve", "--check")


def test_a_bad_option_is_named():
    with pytest.raises(CommandError, match="--workers must be at least 1"):
        call_command("serve", "--check", "--workers", "0")
