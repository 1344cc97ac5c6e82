"""The README stays true: quick start first, and every setting documented."""

from __future__ import annotations

import re

from credrec.settings import Settings
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_first_screen_has_the_two_commands():
    first_screen = "\n".join(README.splitlines()[:25])
    assert "make demo" in first_screen and "make test" in first_screen


def test_configuration_table_lists_every_setting():
    section = re.search(r"<!-- section:configuration -->(.*?)<!-- /section:configuration -->", README, re.S).group(1)
    documented = set(re.findall(r"`(CREDREC_[A-Z0-9_]+)`", section))
    assert set(Settings.env_names()) <= documented
