"""The FC code package: built for the platform, deterministic, within budget, nothing local inside.

``fc_package`` is the real build (pip for manylinux2014_x86_64 / CPython 3.10, cached); the rules'
failure paths are proven on small synthetic trees so they run in milliseconds.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from infra.fc_package import (
    FORBIDDEN_TOP_LEVEL,
    MAX_ZIP_BYTES,
    FunctionPackage,
    PackagingError,
    build_package,
    check_contents,
    closure_problems,
    is_pruned,
    missing_for_target,
    write_deterministic_zip,
)

from infra import checksum
from tests.infra.conftest import REPO_ROOT


def test_package_holds_credrec_and_its_dependencies(fc_package: FunctionPackage):
    entries = set(fc_package.entries)
    assert "credrec/index.py" in entries and "credrec/settings.py" in entries
    shipped = {p.relative_to(REPO_ROOT / "functions").as_posix() for p in (REPO_ROOT / "functions/credrec").rglob("*.py")
               if "__pycache__" not in p.parts}
    assert shipped <= entries  # every module of the function core is inside
    # the review workbench's page is served by the function itself: its assets travel in the package
    assets = {p.relative_to(REPO_ROOT / "functions").as_posix()
              for p in (REPO_ROOT / "functions/credrec/review/static").iterdir()}
    assert {"credrec/review/static/index.html", "credrec/review/static/app.js"} <= assets <= entries
    for dependency in ("pydantic", "pydantic_core", "pydantic_settings", "tablestore", "alibabacloud_oss_v2",
                       "alibabacloud_cloudauth_intl20220809", "alibabacloud_tea_openapi"):
        assert dependency in fc_package.top_level, dependency


def test_package_is_free_of_local_only_and_dev_modules(fc_package: FunctionPackage):
    names = {name.removesuffix(".py") for name in fc_package.top_level}
    for forbidden in ("credrec_local", "pulumi", "pytest", "rapidocr", "onnxruntime", "cv2", "infra", "tests"):
        assert forbidden not in names
    assert not any(name.startswith(("credrec_local", "pulumi_alicloud", "_pytest")) for name in names)
    assert not any("__pycache__" in e or e.endswith((".pyc", ".pyo")) for e in fc_package.entries)
    assert "bin" not in names  # console scripts with this machine's interpreter in their shebang


def test_dependencies_are_wheels_for_the_fc_platform(fc_package: FunctionPackage):
    with zipfile.ZipFile(fc_package.path) as archive:
        wheel_files = [n for n in archive.namelist() if n.endswith(".dist-info/WHEEL")]
        assert len(wheel_files) >= 20
        tags = {
            line.split(":", 1)[1].strip()
            for name in wheel_files
            for line in archive.read(name).decode().splitlines()
            if line.startswith("Tag:")
        }
        extensions = [n for n in archive.namelist() if n.endswith(".so")]
    for tag in tags:
        _python, abi, platform = tag.split("-")
        assert platform == "any" or (platform.startswith("manylinux") and platform.endswith("x86_64")), tag
        assert abi in {"none", "abi3", "cp310"}, tag
    # Compiled extensions of platform wheels are built for CPython 3.10 on x86_64 Linux. (Pure
    # wheels may carry foreign binaries of their own - tablestore ships a darwin .so it never loads
    # on Linux - so only CPython-versioned Linux extensions are judged here.)
    assert any(re.fullmatch(r"pydantic_core/_pydantic_core\.cpython-310-x86_64-linux-gnu\.so", n) for n in extensions)
    assert "cryptography/hazmat/bindings/_rust.abi3.so" in extensions
    wrong_python = [n for n in extensions if re.search(r"\.cpython-3(?!10-)\d+-[a-z0-9_]+-linux-gnu\.so$", n)]
    assert wrong_python == []


def test_archive_metadata_is_fixed_and_entries_sorted(fc_package: FunctionPackage):
    with zipfile.ZipFile(fc_package.path) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names) == list(fc_package.entries)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
    assert sum(i.file_size for i in infos) == fc_package.unzipped_size


def test_digests_describe_the_file(fc_package: FunctionPackage):
    data = fc_package.path.read_bytes()
    assert len(data) == fc_package.size <= MAX_ZIP_BYTES
    assert hashlib.sha256(data).hexdigest() == fc_package.sha256
    assert fc_package.object_key == f"code/{fc_package.sha256}.zip"
    assert fc_package.crc64 == str(checksum.crc64(data))  # crc64 == crc64_pure: see the last test
    assert base64.b64decode(fc_package.md5_base64) == hashlib.md5(data).digest()  # noqa: S324


def test_same_inputs_give_the_same_bytes(tmp_path: Path):
    """Two builds of one source snapshot (so edits elsewhere in the tree cannot interfere)."""
    source = tmp_path / "credrec"
    shutil.copytree(REPO_ROOT / "functions/credrec", source, ignore=shutil.ignore_patterns("__pycache__"))
    first = build_package(source_dir=source, out_dir=tmp_path / "one")
    os.utime(source / "index.py", (1_900_000_000, 1_900_000_000))  # a touched file changes nothing
    second = build_package(source_dir=source, out_dir=tmp_path / "two")
    assert first.sha256 == second.sha256
    assert first.path.read_bytes() == second.path.read_bytes()


def _python310() -> str | None:
    candidates = [os.environ.get("CREDREC_PY310"), shutil.which("python3.10")]
    candidates += sorted(str(p) for p in Path("/root/.pyenv/versions").glob("3.10.*/bin/python3.10"))
    for candidate in filter(None, candidates):
        probe = subprocess.run(  # noqa: S603 - probing candidate interpreters
            [candidate, "-c", "import platform,sys; print(sys.version_info[:2] == (3, 10) and platform.machine())"],
            capture_output=True, text=True, check=False,
        )
        if probe.returncode == 0 and probe.stdout.strip() == "x86_64":
            return candidate
    return None


def test_package_imports_on_cpython_310_with_nothing_but_its_own_contents(fc_package: FunctionPackage, tmp_path: Path):
    """The FC runtime's interpreter version, no site-packages: only the zip and the stdlib."""
    python = _python310()
    if python is None:
        pytest.skip("no CPython 3.10 on x86_64 here (set CREDREC_PY310 to one)")
    with zipfile.ZipFile(fc_package.path) as archive:
        archive.extractall(tmp_path)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import pydantic_core, tablestore, alibabacloud_oss_v2, cryptography.hazmat.bindings._rust\n"
        "import alibabacloud_cloudauth_intl20220809.client\n"
        "import credrec.index, credrec.settings\n"
        "assert callable(credrec.index.handler)\n"
        "print(sorted(m.split('.')[0] for m in sys.modules if m.split('.')[0] in "
        "('credrec_local', 'pulumi', 'pytest')))"
    )
    result = subprocess.run(  # noqa: S603 - the interpreter found above, our own code
        [python, "-I", "-S", "-c", code, str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "[]"


# --- the rules fail when they should --------------------------------------------------------

def _tree(tmp_path: Path, files: dict[str, bytes]) -> dict[str, Path]:
    out = {}
    for arcname, data in files.items():
        path = tmp_path / "src" / arcname
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        out[arcname] = path
    return out


@pytest.mark.parametrize("intruder", sorted(FORBIDDEN_TOP_LEVEL))
def test_local_or_dev_modules_are_refused(tmp_path: Path, intruder: str):
    files = _tree(tmp_path, {"credrec/index.py": b"def handler(e, c): ...\n", f"{intruder}/__init__.py": b""})
    with pytest.raises(PackagingError, match=intruder):
        check_contents(files)


def test_single_file_intruder_module_is_refused(tmp_path: Path):
    files = _tree(tmp_path, {"credrec/index.py": b"", "pytest.py": b""})
    with pytest.raises(PackagingError, match="pytest"):
        check_contents(files)


def test_a_package_without_the_handler_module_is_refused(tmp_path: Path):
    with pytest.raises(PackagingError, match=r"credrec/index\.py"):
        check_contents(_tree(tmp_path, {"credrec/settings.py": b""}))


def test_size_budget_is_enforced(tmp_path: Path):
    source = tmp_path / "credrec"
    source.mkdir()
    (source / "index.py").write_bytes(os.urandom(4096))  # incompressible
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("# nothing\n")
    with pytest.raises(PackagingError, match="over the budget"):
        build_package(requirements=requirements, closure=requirements, source_dir=source, out_dir=tmp_path / "out",
                      cache_dir=tmp_path / "cache", max_zip_bytes=2048)
    assert not list((tmp_path / "out").glob("*.zip"))  # nothing half-built is left for pulumi to upload


def test_zip_bytes_do_not_depend_on_file_times_or_modes(tmp_path: Path):
    files = _tree(tmp_path, {"b.py": b"b", "a/x.py": b"x"})
    first = tmp_path / "1.zip"
    write_deterministic_zip(files, first)
    for path in files.values():
        os.utime(path, (1_900_000_000, 1_900_000_000))
        path.chmod(0o700)
    second = tmp_path / "2.zip"
    write_deterministic_zip(files, second)
    assert first.read_bytes() == second.read_bytes()


def test_crc64_matches_the_xz_check_value_and_the_accelerated_path():
    assert checksum.crc64_pure(b"123456789") == 0x995DC9BBDF1939FA
    data = os.urandom(200_000)
    assert checksum.crc64(data) == checksum.crc64_pure(data)
    assert checksum.crc64(data[1000:], checksum.crc64(data[:1000])) == checksum.crc64(data)


def test_dependencies_are_resolved_for_the_runtime_python_not_this_one(tmp_path: Path):
    """pip judges markers by the interpreter running it; the build re-judges them for python3.10."""
    site = tmp_path / "site"
    for name, requires in {
        "aiohttp": [
            'async-timeout<6.0,>=4.0; python_version < "3.11"',
            'tomli; python_version >= "3.13"',
            'aiodns>=3.3.0; extra == "speedups"',
            "attrs>=17.3.0",
            'pywin32; sys_platform == "win32"',
        ],
        "attrs": [],
    }.items():
        info = site / f"{name}-1.0.dist-info"
        info.mkdir(parents=True)
        lines = ["Metadata-Version: 2.1", f"Name: {name}", "Version: 1.0", *(f"Requires-Dist: {r}" for r in requires)]
        (info / "METADATA").write_text("\n".join(lines) + "\n")
    assert missing_for_target(site) == ["async-timeout<6.0,>=4.0"]


def _site(root: Path, dists: dict[str, tuple[str, list[str]]]) -> Path:
    for name, (version, requires) in dists.items():
        info = root / f"{name}-{version}.dist-info"
        info.mkdir(parents=True)
        lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}", *(f"Requires-Dist: {r}" for r in requires)]
        (info / "METADATA").write_text("\n".join(lines) + "\n")
    return root


def test_closure_must_hold_every_runtime_dependency_except_the_excluded(tmp_path: Path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("tablestore==6.4.8\n")
    complete = _site(tmp_path / "ok", {"tablestore": ("6.4.8", ["numpy>=1.11", "future>=0.16", "six>=1.11"]),
                                       "six": ("1.17.0", [])})
    assert closure_problems(complete, requirements) == []  # numpy and future are excluded on purpose
    short = _site(tmp_path / "short", {"tablestore": ("6.4.8", ["numpy>=1.11", "six>=1.11"])})
    assert closure_problems(short, requirements) == ["missing six>=1.11 (needed by a shipped distribution)"]
    stale = _site(tmp_path / "stale", {"tablestore": ("6.4.7", []), "numpy": ("2.2.6", [])})
    assert closure_problems(stale, requirements) == ["numpy is excluded but installed",
                                                     "tablestore==6.4.7 does not satisfy tablestore==6.4.8"]
    requirements.write_text("tablestore==6.4.8\nrapidfuzz==3.14.1\n")
    assert closure_problems(complete, requirements) == ["missing rapidfuzz==3.14.1 (a requirement of the function)"]


def test_pruned_files_are_only_the_dead_ones():
    assert is_pruned("tablestore/ots_sdk/ots_sdk.so") and is_pruned("websocket/tests/test_app.py")
    assert not is_pruned("tablestore/ots_sdk/__init__.py") and not is_pruned("tablestore/client.py")
    assert not is_pruned("pydantic_core/_pydantic_core.cpython-310-x86_64-linux-gnu.so")


def test_fc_closure_pins_every_requirement_of_the_function():
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    closure = {}
    for line in (REPO_ROOT / "functions/fc-closure.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            closure[canonicalize_name(name)] = version
    for line in (REPO_ROOT / "functions/requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            assert canonicalize_name(requirement.name) in closure, line
            assert requirement.specifier.contains(closure[canonicalize_name(requirement.name)]), line
    assert "numpy" not in closure and "future" not in closure
