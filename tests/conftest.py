from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from minplan.rulebook import Corpus, load_corpus


def pytest_configure(config: pytest.Config) -> None:
    """Tests write corpora of their own in temporary folders: keep their parsed copies out of the user's cache."""
    if "MINPLAN_CACHE" not in os.environ and config.cache is not None:
        os.environ["MINPLAN_CACHE"] = str(config.cache.mkdir("minplan"))


ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
if not SEEDS.is_dir():
    SEEDS = ROOT.parent.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("the source plans (shared/seeds) are not beside this checkout")
    return SEEDS


@pytest.fixture
def read_only_folder(tmp_path: Path):
    """A folder nothing can be written in (a read-only file system where the tests run as root)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    # root writes in any folder whatever its mode: a file system mounted read-only
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a read-only file system here")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)
