"""The shipped CI examples work with the tools themselves: a real `pre-commit run` of the hook in a scratch
repository, and the GitHub Actions workflow linted by actionlint, its minplan command run."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from minplan.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "yanbian-gold.yaml").read_text(encoding="utf-8")
PASSING = EXAMPLE.replace("capacity: 2 万吨/年", "capacity: 4 万吨/年")
WORKFLOW = ROOT / "examples" / "ci" / "github-actions.yml"
GIT = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t"}
GIT |= {"GIT_COMMITTER_EMAIL": "t@example.invalid", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """This checkout as pre-commit sees a hook repository (a git clone of the working tree, at a commit), and a
    wheelhouse of minplan's dependencies, so that pre-commit builds minplan with no index."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = tmp_path_factory.mktemp("hook")
    source = base / "minplan"
    listed = git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z").split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    git(source, "init", "-q")
    git(source, "add", "-A")
    git(source, "commit", "-qm", "snapshot")
    rev = git(source, "rev-parse", "HEAD").strip()
    wheels = base / "wheels"
    pip = [sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "-w", str(wheels)]
    subprocess.run([*pip, str(source), "hatchling"], check=True, capture_output=True)
    return source, rev, wheels


def pre_commit(repo: Path, wheels: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL")}
    env |= GIT | {"PRE_COMMIT_HOME": str(home), "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheels)}
    env |= {"PIP_CONFIG_FILE": os.devnull, "MINPLAN_NO_CACHE": "1"}
    exe = Path(sys.executable).with_name("pre-commit")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "pre_commit"]
    return subprocess.run(
        [*command, "run", "--all-files"], cwd=repo, env=env, capture_output=True, text=True, timeout=900
    )


def test_pre_commit_judges_only_records(hook_repo: tuple[Path, str, Path], tmp_path: Path):
    source, rev, wheels = hook_repo
    repo = tmp_path / "bureau"
    (repo / "applications").mkdir(parents=True)
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "minplan.yml").write_text(WORKFLOW.read_text(encoding="utf-8"), encoding="utf-8")
    config = {"repos": [{"repo": str(source), "rev": rev, "hooks": [{"id": "minplan-check"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (repo / "applications" / "yb-001.yaml").write_text(EXAMPLE, encoding="utf-8")
    (repo / "notes.yaml").write_text("title: not a record\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    home = tmp_path / "cache"

    failed = pre_commit(repo, wheels, home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    judged = [line for line in failed.stdout.splitlines() if line.split(":")[0].endswith(".yaml")]
    assert judged and all(line.startswith("applications/yb-001.yaml:") for line in judged), failed.stdout
    assert "applications/yb-001.yaml:14:1: fail yanbian-2021/min-scale/gold" in failed.stdout
    assert "::error" not in failed.stdout  # workflow commands only under GitHub Actions
    findings = [line for line in failed.stdout.splitlines() if ": fail " in line or ": warn " in line]
    assert not [line for line in findings if ".pre-commit-config" in line or ".github" in line]
    assert "minplan.yml" not in failed.stdout  # excluded by the hook's pattern: not even handed over
    assert "notes.yaml" in failed.stdout  # handed over, not a record: named as not judged

    (repo / "applications" / "yb-001.yaml").write_text(PASSING, encoding="utf-8")
    git(repo, "add", "-A")
    passed = pre_commit(repo, wheels, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_pre_commit_hands_over_record_files_whatever_the_case_of_their_suffix():
    """pre-commit matches ``files:`` as written: A.YAML, a record check judges, was never handed to the hook, and
    pre-commit printed "Skipped" for it."""
    import re

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    for name in ("a.yaml", "A.YAML", "apps/b.Yml", "c.JSON", "with space/d.yml"):
        assert files.search(name) and not exclude.search(name), name
    for name in (".pre-commit-config.yaml", ".github/workflows/x.yml", "notes.txt"):
        assert not files.search(name) or exclude.search(name), name


def test_hook_with_config_counts_the_whole_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """With a config naming the folder, only the changed record is shown, and the batch is the whole folder
    (a duplicate id with an unchanged record is found)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    Path("applications").mkdir()
    Path("applications/a.yaml").write_text(PASSING, encoding="utf-8")
    Path("applications/b.yaml").write_text(PASSING, encoding="utf-8")
    Path("minplan.toml").write_text('paths = ["applications"]\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["hook", "applications/a.yaml", ".pre-commit-config.yaml", "minplan.toml"])
    assert result.exit_code == 1, result.output
    assert "duplicate-id" in result.output
    assert "applications/b.yaml:" not in result.output.replace("applications/b.yaml: ", "")  # b is not shown
    assert result.output.count("applications/a.yaml:") >= 1


@pytest.mark.parametrize(
    ("changed", "link"),
    [
        ("applications/.draft.yaml", None),  # hidden: the search of the folder passes over it
        (".drafts/a.yaml", None),  # in a hidden folder, the config's path the whole repository
        ("applications/z/a.yaml", ("applications/a", "z")),  # found first through a link, under the link's name
        ("elsewhere/a.yaml", ("applications/link", "../elsewhere")),  # under the paths only through a link
    ],
)
def test_hook_with_config_judges_a_changed_record_the_folder_search_names_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: str, link: tuple[str, str] | None
):
    """A changed record under the config's paths is judged however the search of the paths meets it: found under
    another name, or passed over as hidden, it was judged by no one, and the hook passed."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    Path("applications").mkdir()
    Path("applications/b.yaml").write_text(PASSING.replace("YB-2023-001", "YB-2023-002"), encoding="utf-8")
    Path(changed).parent.mkdir(parents=True, exist_ok=True)
    Path(changed).write_text(EXAMPLE, encoding="utf-8")
    if link is not None:
        Path(link[0]).symlink_to(link[1], target_is_directory=True)
    root = "." if changed.startswith(".") else "applications"
    Path("minplan.toml").write_text(f'paths = ["{root}"]\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["hook", changed])
    assert result.exit_code == 1, result.output
    assert f"{changed}:14:1: fail yanbian-2021/min-scale/gold" in result.output
    assert "duplicate-id" not in result.output  # taken once


@pytest.mark.parametrize("changed", ["applications/.draft.yaml", "applications/draft.yaml.txt"])
def test_a_changed_record_the_folder_search_passes_over_is_not_also_counted_as_not_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: str
):
    """Judged as changed, a hidden record (or one of another suffix) was still counted among the inputs not judged,
    the search of the folder having passed over it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    Path("applications").mkdir()
    Path("applications/b.yaml").write_text(PASSING.replace("YB-2023-001", "YB-2023-002"), encoding="utf-8")
    Path("applications/notes.txt").write_text("说明\n", encoding="utf-8")  # passed over, and counted so
    Path(changed).write_text(EXAMPLE, encoding="utf-8")
    Path("minplan.toml").write_text('paths = ["applications"]\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["hook", changed])
    assert result.exit_code == 1 and f"{changed}:14:1: fail yanbian-2021/min-scale/gold" in result.output
    assert "1 项输入未审查" in result.output, result.output  # notes.txt alone


def test_hook_with_config_names_a_changed_file_under_the_paths_with_no_record(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    Path("applications").mkdir()
    Path("applications/a.yaml").write_text(PASSING, encoding="utf-8")
    Path("applications/.notes.yaml").write_text("title: not a record\n", encoding="utf-8")
    Path("minplan.toml").write_text('paths = ["applications"]\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["hook", "applications/a.yaml", "applications/.notes.yaml"])
    assert result.exit_code == 0, result.output
    assert "not judged (no record in them): applications/.notes.yaml" in result.output


def test_hook_with_config_fails_where_a_path_of_the_config_cannot_be_read(tmp_path: Path, monkeypatch):
    """A folder of the config's paths that is missing or holds no record is the run's error (exit 2), as for
    check; the hook showed the changed files only, and passed."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    Path("applications").mkdir()
    Path("empty").mkdir()
    Path("applications/a.yaml").write_text(PASSING, encoding="utf-8")
    for other in ("aplications", "empty"):
        Path("minplan.toml").write_text(f'paths = ["applications", "{other}"]\n', encoding="utf-8")
        result = CliRunner().invoke(app, ["hook", "applications/a.yaml"])
        assert result.exit_code == 2, result.output
        assert f"{other}:1:1: error" in result.output


@pytest.mark.parametrize(
    "text",
    [
        "id: A\nrigth: 采矿权\napplication: 新立\nmineral: 岩金\n",  # a key misspelt
        "id: A\nright: 采矿权\nmineral: 岩金\nlocation: {county: 珲春市}\n",  # application left out
        "records:\n  - {id: A, right: 采矿权, application: 新立, mineral: 岩金}\n",  # a wrapper check refuses
        "- {id: A, right: 采矿权, application: 新立, mineral: 岩金}\n",  # a list of records
        "id: A\nright: [采矿权\n",  # not even YAML
        "id: A\nright: 采矿权\napplication: 新立\ncapacity: 2 万吨/年\ncapacity: 4 万吨/年\n",  # a key twice
        "id: A\nright: 采矿权\nvalue: !!python/object:os.system x\n",  # a tag the reader refuses
    ],
)
def test_the_hook_judges_a_broken_record_rather_than_skipping_it(tmp_path: Path, monkeypatch, text: str):
    """Without a config the hook picks what might be a record: a broken one is refused (exit 2), as check
    refuses it, where skipping it would let pre-commit print "Passed"."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    Path("r.yaml").write_text(text, encoding="utf-8")
    Path("notes.yaml").write_text("title: not a record\nauthor: me\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["hook", "--no-config", "r.yaml", "notes.yaml"])
    assert result.exit_code == 2, result.output
    assert "r.yaml:" in result.output and "not judged" in result.output and "notes.yaml" in result.output


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("mkdocs.yml", "site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n      f: !!python/name:a.b\n"),
        (".gitlab-ci.yml", "test:\n  script:\n    - !reference [.setup, script]\n"),
        ("pkg.json", '{"name": "a", "name": "b"}'),
        ("people.csv", "name,age\nA,3\n"),
    ],
)
def test_the_hook_leaves_other_files_it_cannot_read_alone(tmp_path: Path, monkeypatch, name: str, text: str):
    """A repository's own files with tags or keys minplan refuses are no records: named as not judged, exit 0."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    Path(name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["hook", "--no-config", name])
    assert result.exit_code == 0, result.output
    assert "not judged" in result.output


def test_hook_under_github_actions_annotates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    Path("x.yaml").write_text(EXAMPLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["hook", "--no-config", "x.yaml"])
    assert result.exit_code == 1
    assert "::error file=x.yaml,line=14,col=1,title=yanbian-2021/min-scale/gold::" in result.output


def test_github_workflow_lints_and_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    actionlint = Path(sys.executable).with_name("actionlint")
    if not actionlint.exists():
        actionlint = Path(shutil.which("actionlint") or "actionlint")
    linted = subprocess.run([str(actionlint), str(WORKFLOW)], capture_output=True, text=True)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["minplan"]["steps"]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert "github/codeql-action/upload-sarif@v4" in uses
    runs = [line.strip() for s in steps if "run" in s for line in s["run"].replace("\\\n", " ").splitlines()]
    [command] = [line for line in runs if line.startswith("minplan check")]
    monkeypatch.chdir(tmp_path)
    Path("applications").mkdir()
    Path("applications/a.yaml").write_text(EXAMPLE, encoding="utf-8")
    words = shlex.split(command.split("||")[0])
    result = CliRunner().invoke(app, ["check", "--no-config", *words[2:]])
    assert result.exit_code == 1, result.output
    for name in ("minplan.md", "minplan.sarif", "minplan-junit.xml"):
        assert Path(name).stat().st_size > 0


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("r.yaml", "id: A\nrigth: 采矿权\napplication: 新立\nmineral: 岩金\n".encode("utf-16")),  # UTF-16, a typo
        ("r.csv", "编号;权利类型;申请类型;开采矿种;所在县（市、区）;生产规摸\nA;采矿权;新立;岩金;珲春市;2\n".encode()),
    ],
    ids=["utf-16 yaml", "semicolon csv"],
)
def test_the_hook_reads_a_broken_record_as_the_readers_would(tmp_path: Path, monkeypatch, name: str, data: bytes):
    """What makes a broken file look like a record is read as check reads it: in UTF-16, or separated by
    semicolons; passed over, it would let pre-commit print "Passed"."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    Path(name).write_bytes(data)
    result = CliRunner().invoke(app, ["hook", "--no-config", name])
    assert result.exit_code == 2, result.output


def test_hook_without_config_judges_a_record_written_with_the_sheets_chinese_headers(tmp_path: Path, monkeypatch):
    """A YAML record whose keys are the sheets' Chinese headers (编号, 所在县 …) is no record minplan reads, but one
    it must refuse: passed over, pre-commit would pass it and hide the note."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    Path("a.yaml").write_text("编号: A-1\n所在县: 珲春市\n开采矿种: 岩金\n生产规模: 2万吨/年\n", encoding="utf-8")
    Path("ci.yaml").write_text("name: build\non: push\njobs: {}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["hook", "a.yaml", "ci.yaml", "--no-config"])
    assert result.exit_code == 2, result.output
    assert "a.yaml" in result.output and "编号" in result.output
    assert "not judged (no record in them, or configuration): ci.yaml" in result.output
