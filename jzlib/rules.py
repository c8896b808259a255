"""The one reader of the rule files in `jzlib/resources/`, which checks them as it reads.

Every list of words and patterns the package uses is a resource file, and every resource file
is read here. Each file has a format (below, `SPECS`); a line the format does not allow is an
error naming the file and the line, so an edit never silently does nothing:

- `lines`: one entry a line;
- `sections`: `[section]` lines, each followed by its entries; the section names a file may
  have are listed, and some sections are exclusive (a word cannot be a growth word and a fall
  word: growth_up/growth_down; a heading cannot open a review part and a plan part);
- `pairs`: `key | value` a line (`key: value` for `colon` files);
- `table`: fields separated by tabs, as many as the spec names, some with allowed values.

Everywhere: "#" starts a comment line, blank lines are skipped, an entry given twice in one
list is an error (it is almost always a typo for another word).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .errors import JzlibError
from .paths import resource


@dataclass(frozen=True)
class Spec:
    format: str                                  # lines, sections, pairs, colon, roles
    sections: tuple[str, ...] = ()
    exclusive: tuple[tuple[str, ...], ...] = ()  # sections no entry may share
    values: tuple[str, ...] = ()                 # allowed values of a pairs file (empty: any)
    roles: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()                 # a `table` file: its fields, separated by tabs
    choices: tuple[tuple[int, tuple[str, ...]], ...] = ()   # (field number, allowed values) of a table


GRAMMAR_SECTIONS = (
    "units", "count_units", "scales", "growth_up", "growth_down", "to_level", "link_verbs", "lead_verbs",
    "split_verbs", "clause_openers", "empty_heads", "fillers", "name_suffixes", "name_prefixes", "time_words", "commitments",
    "bounds_after", "bounds_before", "growth_nouns", "growth_nouns_down", "growth_bases", "percent_is_growth",
    "name_pairs", "each_words", "list_separators", "base_year_words", "from_words", "not_counted",
    "comparisons", "more_than", "less_than", "comparative_up", "comparative_down", "not_comparisons",
    "bare_measures", "totals_with_growth", "not_indicators", "minus_signs", "numeral_not_after", "tenths", "tenths_followed_by",
    "flat", "flat_bases", "flat_about", "figure_tails", "item_markers")

SPECS: dict[str, Spec] = {
    "indicator_grammar.txt": Spec("sections", GRAMMAR_SECTIONS,
                                  exclusive=(("growth_up", "growth_down"), ("more_than", "less_than"),
                                             ("comparative_up", "comparative_down", "growth_up", "growth_down"))),
    "part_kinds.txt": Spec("sections", ("review", "outlook", "plan", "government", "first_year", "plan_opener",
                                        "targets_statement", "targets_restated"),
                           exclusive=(("review", "outlook", "plan", "government"),)),
    "periods.txt": Spec("sections", ("years_back", "years_ahead", "term", "plan", "plan_heading", "plan_end",
                                     "since", "against_year", "span", "by_year", "year", "last_year", "this_year",
                                     "part_year", "average"),
                        exclusive=(("years_back", "years_ahead"), ("last_year", "this_year"))),
    "places.txt": Spec("sections", ("suffixes", "not_names", "national", "ethnic", "pinyin", "ids")),
    "stopwords.txt": Spec("lines"),
    "heading_endings.txt": Spec("lines"),
    "noise_patterns.txt": Spec("lines"),
    "policy_dict.txt": Spec("lines"),
    "compare_rules.txt": Spec("pairs", values=("floor", "ceiling", "about", "range")),
    "headline_indicators.txt": Spec("pairs"),
    "indicator_aliases.txt": Spec("colon"),
    "themes.txt": Spec("colon"),
    "structure.txt": Spec("roles", roles=("address", "speaker", "review", "lead", "official")),
    "target_rules.txt": Spec("sections", ("bands", "estimate")),
    "governments.txt": Spec("table", fields=("government", "level", "province"),
                            choices=((1, ("national", "province", "prefecture")),)),
}


def _where(name: str, n: int) -> str:
    return f"{resource(name)}:{n}"


def _numbered(name: str) -> list[tuple[int, str]]:
    """(line number, text) of the lines that are neither blank nor comments."""
    try:
        text = resource(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise JzlibError("resource file missing (reinstall jzlib, or restore it from git)", resource(name)) from None
    except UnicodeDecodeError:
        raise JzlibError("is not UTF-8; save it as UTF-8", resource(name)) from None
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.lstrip().startswith("#")]


def _no_repeats(name: str, entries, what: str = "") -> None:
    seen: dict[str, int] = {}
    for n, e in entries:
        if e in seen:
            raise JzlibError(f"{e!r} is listed twice{what} (line {seen[e]} and line {n}); keep one",
                             _where(name, n))
        seen[e] = n


def spec(name: str) -> Spec:
    if name not in SPECS:
        raise JzlibError(f"no resource file called {name!r} (known: {', '.join(sorted(SPECS))})")
    return SPECS[name]


def lines(name: str) -> tuple[str, ...]:
    """The entries of a `lines` file, in file order."""
    USED.add((name, ""))
    return _lines(name)


@lru_cache(maxsize=None)
def _lines(name: str) -> tuple[str, ...]:
    rows = _numbered(name)
    _no_repeats(name, rows)
    return tuple(e for _, e in rows)


@lru_cache(maxsize=None)
def numbered_sections(name: str) -> dict[str, tuple[tuple[int, str], ...]]:
    """section -> ((line number, entry), …) of a `sections` file, in file order, checked."""
    s = spec(name)
    out: dict[str, list[tuple[int, str]]] = {}
    current = None
    for n, line in _numbered(name):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            if s.sections and current not in s.sections:
                raise JzlibError(f"unknown section [{current}] (this file has: {', '.join(s.sections)}); "
                                 "check its spelling", _where(name, n))
            if current in out:
                raise JzlibError(f"section [{current}] appears twice; merge them", _where(name, n))
            out[current] = []
        elif current is None:
            raise JzlibError(f"entry {line!r} before any [section] line", _where(name, n))
        else:
            out[current].append((n, line))
    for section, entries in out.items():
        _no_repeats(name, entries, f" in [{section}]")
    for group in s.exclusive:
        owner: dict[str, tuple[str, int]] = {}
        for section in group:
            for n, e in out.get(section, ()):
                if e in owner and owner[e][0] != section:
                    raise JzlibError(f"{e!r} is in [{owner[e][0]}] (line {owner[e][1]}) and in [{section}]; "
                                     "a word belongs to one of them", _where(name, n))
                owner.setdefault(e, (section, n))
    return {k: tuple(v) for k, v in out.items()}


# which files and sections the code has read (a test checks that none is dead)
USED: set[tuple[str, str]] = set()


class Sections(dict):
    """The sections of one file; records each section the code looks up in `USED`. A
    section the file does not have reads as empty (a file may leave one out)."""

    def __init__(self, name: str, data: dict):
        super().__init__(data)
        self.name = name

    def __getitem__(self, key):
        USED.add((self.name, key))
        return super().get(key, ())

    def get(self, key, default=None):
        USED.add((self.name, key))
        return super().get(key, default)


def sections(name: str) -> Sections:
    """section -> entries of a `sections` file (see `numbered_sections`)."""
    USED.add((name, ""))
    return Sections(name, {k: [e for _, e in v] for k, v in numbered_sections(name).items()})


def pairs(name: str) -> tuple[tuple[str, str], ...]:
    """(key, value) of a `pairs` file ("key | value") or a `colon` file ("key: value")."""
    USED.add((name, ""))
    return _pairs(name)


@lru_cache(maxsize=None)
def _pairs(name: str) -> tuple[tuple[str, str], ...]:
    s = spec(name)
    sep = ":" if s.format == "colon" else "|"
    out, keys = [], []
    for n, line in _numbered(name):
        if sep not in line:
            raise JzlibError(f"line {line!r} has no '{sep}': write it as key {sep} value", _where(name, n))
        key, value = (x.strip() for x in line.split(sep, 1))
        if not key:
            raise JzlibError(f"line {line!r} has nothing before '{sep}'", _where(name, n))
        if s.values and value not in s.values:
            raise JzlibError(f"{value!r} is not one of {', '.join(s.values)}", _where(name, n))
        out.append((key, value))
        keys.append((n, key))
    _no_repeats(name, keys, " as a key")
    return tuple(out)


def roles(name: str) -> tuple[tuple[str, str], ...]:
    """(role, phrase) of a `roles` file ("role phrase", separated by a tab or spaces)."""
    USED.add((name, ""))
    return _roles(name)


@lru_cache(maxsize=None)
def _roles(name: str) -> tuple[tuple[str, str], ...]:
    s = spec(name)
    out = []
    for n, line in _numbered(name):
        parts = line.split(None, 1)
        if len(parts) != 2 or parts[0] not in s.roles:
            raise JzlibError(f"line {line!r} does not start with a role ({', '.join(s.roles)}) and a phrase",
                             _where(name, n))
        out.append((parts[0], parts[1].strip()))
    _no_repeats(name, [(n, f"{r} {p}") for n, (r, p) in zip((n for n, _ in _numbered(name)), out)])
    return tuple(out)


def table(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a `table` file: fields separated by tabs, as many as the file's spec names."""
    USED.add((name, ""))
    return _table(name)


@lru_cache(maxsize=None)
def _table(name: str) -> tuple[tuple[str, ...], ...]:
    s = spec(name)
    out, keys = [], []
    for n, line in _numbered(name):
        row = tuple(x.strip() for x in line.split("\t"))
        if len(row) != len(s.fields) or not all(row):
            raise JzlibError(f"line {line!r} is not {len(s.fields)} fields separated by tabs "
                             f"({', '.join(s.fields)})", _where(name, n))
        for i, allowed in s.choices:
            if row[i] not in allowed:
                raise JzlibError(f"{s.fields[i]} {row[i]!r} is not one of {', '.join(allowed)}", _where(name, n))
        out.append(row)
        keys.append((n, row[0]))
    _no_repeats(name, keys, " as a key")
    return tuple(out)


def check_all() -> list[str]:
    """Read every resource file; the names of those read (an error stops at the first bad line)."""
    readers = {"lines": _lines, "sections": numbered_sections, "pairs": _pairs, "colon": _pairs, "roles": _roles,
               "table": _table}
    for name, s in SPECS.items():
        readers[s.format](name)
    return sorted(SPECS)


def clear() -> None:
    """Forget what was read (after a resource file was edited in the same process)."""
    for f in (_lines, numbered_sections, _pairs, _roles, _table):
        f.cache_clear()
