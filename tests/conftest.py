"""Fixtures shared by test modules in several folders."""

import subprocess

import pytest
from hypothesis import HealthCheck, settings

# Property tests judge answers, not speed: a shared 2-core CI machine under load must not turn
# a slow example into a failure (timings belong in scripts/bench_*.py).
settings.register_profile(
    "shared-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("shared-machine")


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 256 KB file system (tmpfs) that fills up; skipped where mounting one needs a
    root this machine does not give."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright for the whole run: its sync API allows only one running at a time, so
    the browser, hub and dashboard tests all launch their Chromium from this one."""
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    yield driver
    driver.stop()
