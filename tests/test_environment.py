"""The pin list has two entry points (pyproject.toml for pip, environment.yml for conda): they agree."""
import tomllib

import yaml

from jzlib import paths


def pins_pip():
    deps = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return sorted(d.replace(" ", "").lower() for d in deps)


def pins_conda():
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    return sorted(d.replace(" ", "").lower() for d in pip)


def test_every_dependency_is_pinned_exactly():
    assert pins_pip() and all("==" in d for d in pins_pip())


def test_environment_yml_mirrors_pyproject():
    assert pins_conda() == pins_pip()


def test_environment_yml_is_python_311():
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "python=3.11" in env["dependencies"]


def test_every_pin_has_a_reason():
    lines = (paths.ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    pinned = [l for l in lines if l.strip().startswith('"') and "==" in l]
    assert pinned and all("#" in l and len(l.split("#", 1)[1].strip()) >= 8 for l in pinned)


def test_the_notebook_checks_say_when_the_reports_changed(tmp_path, shipped_interim):
    # a user adds a report beside the shipped ones: one line names it and says what to run
    import shutil
    from jzlib.export import data_changed
    from conftest import FIXTURE_RAW
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURE_RAW, raw)
    assert data_changed(raw, shipped_interim) is None
    (raw / "luoyang-2018.txt").write_text("2018年洛阳市政府工作报告\n各位代表：\n", encoding="utf-8")
    (raw / "jiaozuo-2016.md").unlink()
    msg = data_changed(raw, shipped_interim)
    assert msg == ("the committed notebooks were run on other reports than data/raw holds now: "
                   "1 new or changed (luoyang-2018.txt); 1 no longer there (jiaozuo-2016.md). Run `make all` "
                   "(then commit notebooks/, data/ and figures/) before the notebook checks; "
                   "`make unit` does not depend on data/")
