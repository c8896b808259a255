"""Before the notebook checks (make nbval, make check): were the committed notebooks run on the
reports now in data/raw? If not, say so in one line instead of pages of output differences."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent


def pytest_sessionstart(session):
    opt = session.config.option
    if getattr(opt, "nbval", False) or getattr(opt, "markexpr", "") == "slow":
        from jzlib.export import data_changed
        msg = data_changed(ROOT / "data" / "raw", ROOT / "data" / "interim")
        if msg:
            pytest.exit(msg, returncode=1)
