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
    line ("#" starts a comment line), in file order. An entry's tabs are kept."""
    out: dict[str, list[str]] = {}
    current = None
    for line in resource(name).read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if s.startswith("[") and s.endswith("]"):
            current = out.setdefault(s[1:-1], [])
        elif current is None:
            raise ValueError(f"{resource(name)}: entry {s!r} before any [section] line")
        else:
            current.append(s)
    return out


def raw_files(raw_dir: Path = RAW) -> list[Path]:
    """The report files under a directory (walked recursively), sorted; see `read.find_inputs`."""
    from .read import find_inputs
    return find_inputs([raw_dir])[0]
