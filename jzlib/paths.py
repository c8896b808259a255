"""Where things live: every path the package, notebooks and CLI use comes from here."""
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
RESOURCES = PACKAGE / "resources"
ROOT = PACKAGE.parent
DATA = ROOT / "data"
RAW = DATA / "raw"
INTERIM = DATA / "interim"
PROCESSED = DATA / "processed"
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"


def resource(name: str) -> Path:
    """Path of a resource file shipped inside the package (dictionaries, patterns)."""
    return RESOURCES / name


def sections(name: str) -> dict[str, list[str]]:
    """The sections of a resource file written as "[section]" lines followed by one entry a
    line ("#" starts a comment line), in file order; read and checked by `jzlib.rules`."""
    from .rules import sections as checked
    return checked(name)


def raw_files(raw_dir: Path = RAW) -> list[Path]:
    """The report files under a directory (walked recursively), sorted; see `read.find_inputs`."""
    from .read import find_inputs
    return find_inputs([raw_dir])[0]
