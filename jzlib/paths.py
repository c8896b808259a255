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


def raw_files(raw_dir: Path = RAW) -> list[Path]:
    """The raw report files of a directory, sorted; documentation (*.md) is skipped."""
    return sorted(p for p in Path(raw_dir).iterdir()
                  if p.is_file() and not p.name.startswith(".") and p.suffix.lower() != ".md")
