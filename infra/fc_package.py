"""Build the Function Compute code package: ``functions/credrec`` + its runtime dependencies.

Contract of :func:`build_package`:

* dependencies are the pinned distributions of ``functions/fc-closure.txt``, each installed by pip
  ``--no-deps`` *for the FC platform* (``manylinux2014_x86_64``, CPython 3.10, binary wheels only),
  never from the local interpreter. The list is checked against the metadata of what it installs:
  every dependency a shipped distribution declares for the runtime is shipped too, unless it is in
  :data:`EXCLUDED_DISTRIBUTIONS` with the reason it never runs; every requirement of
  ``functions/requirements.txt`` is shipped at a version it allows (:class:`PackagingError` otherwise);
* files of shipped distributions that never run on FC (:data:`PRUNED_FILES`) are left out;
* the archive holds exactly those dependencies and the ``credrec`` package - no ``credrec_local``,
  tests, infra or dev tools (checked, :class:`PackagingError` otherwise);
* it is deterministic: entries sorted, fixed timestamps and permissions, no ``__pycache__``, so two
  builds from the same inputs are byte-identical and the content hash is a stable object key;
* it carries its SHA-256 (object key), base64 MD5 (OSS upload integrity) and CRC-64 (FC ``checksum``);
* it fits :data:`MAX_ZIP_BYTES`.

The dependency install is cached under ``build/fc/deps/<key>`` where the key hashes the requirements
and closure files and the platform arguments, so ``pulumi up`` and the tests only pay for pip once.

Adding a runtime dependency to the function: pin it in ``pyproject.toml`` ``[project].dependencies``
and ``functions/requirements.txt``, then run ``python -m infra.fc_package --resolve``: it resolves
the full closure for the FC platform and prints it, pinned, without the excluded distributions -
paste the lines that are new into ``functions/fc-closure.txt``. The build refuses a closure that
misses a dependency, so a forgotten line fails ``make test``, not the deployed function.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from infra.checksum import crc64

REPO_ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS_DIR = REPO_ROOT / "functions"
BUILD_DIR = REPO_ROOT / "build" / "fc"

#: The FC runtime this package targets (python3.10 is Debian 10, x86_64 only).
RUNTIME = "python3.10"
HANDLER = "credrec.index.handler"
PLATFORM_ARGS: tuple[str, ...] = (
    "--platform",
    "manylinux2014_x86_64",
    "--implementation",
    "cp",
    "--python-version",
    "3.10",
    "--only-binary=:all:",
)

#: The FC runtime as PEP 508 marker values. pip evaluates dependency markers against the interpreter
#: running it, not against ``--python-version`` (pypa/pip#11010, #13296): run from Python 3.11 it
#: skips e.g. aiohttp's ``async-timeout; python_version < "3.11"``. We re-evaluate them for the target.
TARGET_MARKERS = {
    "python_version": "3.10",
    "python_full_version": "3.10.0",
    "implementation_name": "cpython",
    "implementation_version": "3.10.0",
    "platform_python_implementation": "CPython",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "os_name": "posix",
}
# Bump when the install procedure changes, so cached installs made the old way are not reused.
_INSTALL_RECIPE = "3"

#: Every distribution the zip ships, pinned (``name==version`` per line).
CLOSURE_FILE = FUNCTIONS_DIR / "fc-closure.txt"

#: Dependencies that shipped distributions declare but that never run in the function, and why.
#: The closure check accepts their absence; any other missing dependency fails the build.
EXCLUDED_DISTRIBUTIONS: Mapping[str, str] = {
    "numpy": "tablestore declares it for its time-series flatbuffer codec, which credrec never calls; "
    "flatbuffers.compat.import_numpy treats numpy as optional (61 MB unzipped, ~0.5 s of cold import)",
    "future": "Python 2 compatibility layer; tablestore's `from builtins import int` is the stdlib on Python 3",
}

#: Files of shipped distributions that never run on FC (``fnmatch`` patterns on archive names), and why.
PRUNED_FILES: tuple[tuple[str, str], ...] = (
    ("tablestore/ots_sdk/*.so", "tablestore's optional C++ client is built for CPython 3.12 only (it fails to "
     "load on 3.10 with undefined symbols) and the SDK falls back to its Python codec"),
    ("*/tests/*", "dependencies' own test suites"),
    ("*.pyx", "Cython sources (the compiled modules ship beside them)"),
    ("*.pxd", "Cython declarations"),
    ("*.c", "C sources (the compiled modules ship beside them)"),
    # Optional C speed-ups whose packages fall back to their pure-Python code when the extension is
    # absent. aiohttp and its helpers are imported by the SDKs (async clients) but never called.
    ("aiohttp/*.so", "aiohttp's parser/writer speed-ups; pure-Python fallback"),
    ("multidict/*.so", "multidict's C implementation; pure-Python fallback"),
    ("frozenlist/*.so", "frozenlist's C implementation; pure-Python fallback"),
    ("propcache/*.so", "propcache's C helpers; pure-Python fallback"),
    ("yarl/*.so", "yarl's C quoting; pure-Python fallback"),
    ("yaml/_yaml*.so", "libyaml bindings; PyYAML's pure-Python loader reads the (small) policy files"),
    ("rapidfuzz/*_avx2*.so", "rapidfuzz's AVX2 builds; it falls back to its baseline x86-64 build"),
)

#: Our budget (FC itself accepts 500 MB through OSS, 100 MB inline). A small package is a faster
#: cold start and upload; see the README's "FC package" section for what is in it.
MAX_ZIP_BYTES = 20_000_000

#: Top-level names that must never be shipped: the offline mode, IaC, tests and dev/ML tooling.
FORBIDDEN_TOP_LEVEL = frozenset(
    {
        "credrec_local",
        "infra",
        "tests",
        "pulumi",
        "pulumi_alicloud",
        "pytest",
        "_pytest",
        "rapidocr",
        "onnxruntime",
        "cv2",
    }
)

# Fixed metadata for every entry: the earliest date a zip can hold, a regular file rw-r--r--,
# created on Unix (so the permission bits are honoured by unzip tools).
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_ZIP_FILE_MODE = 0o100644
_ZIP_CREATE_SYSTEM_UNIX = 3
_ZIP_LEVEL = 6


class PackagingError(RuntimeError):
    """The package cannot be built, or the result breaks one of the contract's rules."""


@dataclass(frozen=True)
class FunctionPackage:
    """A built archive and the digests the infrastructure needs."""

    path: Path
    sha256: str
    md5_base64: str
    crc64: str
    size: int
    unzipped_size: int
    entries: tuple[str, ...]

    @property
    def object_key(self) -> str:
        """Content-addressed key: a code change is always a new key, so FC always redeploys."""
        return f"code/{self.sha256}.zip"

    @property
    def top_level(self) -> frozenset[str]:
        return frozenset(entry.split("/", 1)[0] for entry in self.entries)


def build_package(
    *,
    requirements: Path | None = None,
    closure: Path | None = None,
    source_dir: Path | None = None,
    out_dir: Path | None = None,
    cache_dir: Path | None = None,
    max_zip_bytes: int = MAX_ZIP_BYTES,
) -> FunctionPackage:
    """Build (or rebuild) ``<out_dir>/credrec-fc.zip`` and return its description."""
    requirements = requirements or FUNCTIONS_DIR / "requirements.txt"
    closure = closure or CLOSURE_FILE
    source_dir = source_dir or FUNCTIONS_DIR / "credrec"
    out_dir = out_dir or BUILD_DIR
    cache_dir = cache_dir or BUILD_DIR / "deps"

    deps_dir = install_dependencies(requirements, cache_dir, closure=closure)
    files = {name: path for name, path in _tree(deps_dir, skip_top_level={"bin"}) if not is_pruned(name)}
    package_files = dict(_tree(source_dir, prefix=source_dir.name + "/"))
    clash = sorted(set(files) & set(package_files))
    if clash:
        raise PackagingError(f"a dependency ships files that collide with credrec: {clash[:5]}")
    files.update(package_files)
    check_contents(files)

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "credrec-fc.zip"
    handle, tmp_name = tempfile.mkstemp(prefix=".credrec-fc.", suffix=".zip", dir=out_dir)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        unzipped = write_deterministic_zip(files, tmp)
        size = tmp.stat().st_size
        if size > max_zip_bytes:
            raise PackagingError(f"package is {size} bytes, over the budget of {max_zip_bytes} bytes")
        sha256, md5_b64, crc = _digests(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return FunctionPackage(
        path=target,
        sha256=sha256,
        md5_base64=md5_b64,
        crc64=str(crc),
        size=size,
        unzipped_size=unzipped,
        entries=tuple(sorted(files)),
    )


def check_contents(files: Mapping[str, Path]) -> None:
    """Refuse local-only or dev modules, and a package without its handler module."""
    top = {name.split("/", 1)[0] for name in files}
    top_modules = {name.removesuffix(".py") for name in top}
    forbidden = sorted(top_modules & FORBIDDEN_TOP_LEVEL)
    if forbidden:
        raise PackagingError(f"local-only or dev modules would be shipped: {forbidden}")
    handler_module = HANDLER.rsplit(".", 1)[0].replace(".", "/") + ".py"
    if handler_module not in files:
        raise PackagingError(f"handler module {handler_module} is missing from the package")


def is_pruned(arcname: str) -> bool:
    return any(fnmatch.fnmatchcase(arcname, pattern) for pattern, _reason in PRUNED_FILES)


def install_dependencies(requirements: Path, cache_dir: Path, *, closure: Path | None = None) -> Path:
    """pip-install the pinned ``closure`` (``--no-deps``) for the FC platform into a cache keyed by its
    inputs, and check it against ``requirements`` and the installed metadata (:func:`closure_problems`)."""
    closure = closure or CLOSURE_FILE
    for path in (requirements, closure):
        if not path.is_file():
            raise PackagingError(f"requirements file not found: {path}")
    recipe = "\0".join((_INSTALL_RECIPE, *PLATFORM_ARGS, *sorted(EXCLUDED_DISTRIBUTIONS))).encode()
    key = hashlib.sha256(requirements.read_bytes() + b"\0" + closure.read_bytes() + recipe).hexdigest()[:24]
    target = cache_dir / key
    if (target / ".complete").is_file():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=cache_dir))
    try:
        pinned = _pinned_lines(closure)
        commands = [_pip_install(staging, ["--no-deps", *pinned])] if pinned else []
        problems = closure_problems(staging, requirements)
        if problems:
            raise PackagingError(
                f"{closure.name} is not the dependency closure of {requirements.name}: " + "; ".join(problems)
                + " (python -m infra.fc_package --resolve prints the full closure)")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    (staging / ".complete").write_text("\n".join(" ".join(c) for c in commands) + "\n")
    try:
        staging.rename(target)
    except OSError:
        # Another build finished the same key first; its result is equivalent.
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _pinned_lines(path: Path) -> list[str]:
    lines = [line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    unpinned = [line for line in lines if "==" not in line or line.startswith("-")]
    if unpinned and path.name == CLOSURE_FILE.name:
        raise PackagingError(f"{path.name} must pin every distribution as name==version: {unpinned}")
    return lines


def _installed(site: Path) -> dict[str, str]:
    """canonical name -> version of the distributions installed in ``site``."""
    from email.parser import Parser

    from packaging.utils import canonicalize_name

    out: dict[str, str] = {}
    for path in site.glob("*.dist-info/METADATA"):
        meta = Parser().parsestr(path.read_text(encoding="utf-8"))
        out[canonicalize_name(meta["Name"])] = meta["Version"]
    return out


def closure_problems(site: Path, requirements: Path) -> list[str]:
    """Why the distributions installed in ``site`` are not a complete runtime closure of ``requirements``."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    installed = _installed(site)
    problems = [f"missing {r} (needed by a shipped distribution)"
                for r in missing_for_target(site) if canonicalize_name(Requirement(r).name) not in EXCLUDED_DISTRIBUTIONS]
    problems += [f"{name} is excluded but installed" for name in sorted(EXCLUDED_DISTRIBUTIONS) if name in installed]
    for line in _pinned_lines(requirements):
        requirement = Requirement(line)
        version = installed.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"missing {line} (a requirement of the function)")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement.name}=={version} does not satisfy {line}")
    return problems


def resolve_closure(requirements: Path) -> list[str]:
    """The full runtime closure of ``requirements`` for the FC platform, pinned, minus the excluded."""
    with tempfile.TemporaryDirectory(prefix="credrec-resolve-") as tmp:
        site = Path(tmp)
        _pip_install(site, ["-r", str(requirements)])
        # Close over dependencies pip skipped because their markers did not match *this* interpreter.
        for _ in range(10):
            missing = missing_for_target(site)
            if not missing:
                break
            _pip_install(site, ["--no-deps", *missing])
        else:
            raise PackagingError(f"dependency closure for the FC runtime did not settle: {missing}")
        installed = _installed(site)
    return [f"{name}=={version}" for name, version in sorted(installed.items()) if name not in EXCLUDED_DISTRIBUTIONS]


def _pip_install(target: Path, arguments: list[str]) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-compile",  # no __pycache__: bytecode would be for this interpreter, not the runtime
        "--target",
        str(target),
        *PLATFORM_ARGS,
        *arguments,
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = "\n".join(line for line in result.stderr.splitlines() if "is ignored" not in line)
        raise PackagingError(f"pip could not install {arguments} for the FC platform:\n{detail}")
    return command[3:]


def missing_for_target(site: Path) -> list[str]:
    """Requirements of the distributions in ``site`` that apply on the FC runtime but are absent."""
    from email.parser import Parser

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    metadata = [Parser().parsestr(path.read_text(encoding="utf-8")) for path in site.glob("*.dist-info/METADATA")]
    installed = {canonicalize_name(meta["Name"]) for meta in metadata}
    missing: dict[str, str] = {}
    for meta in metadata:
        for line in meta.get_all("Requires-Dist") or []:
            requirement = Requirement(line)
            if requirement.marker is not None and not requirement.marker.evaluate({**TARGET_MARKERS, "extra": ""}):
                continue
            name = canonicalize_name(requirement.name)
            if name not in installed:
                requirement.marker = None
                missing[name] = str(requirement)
    return [missing[name] for name in sorted(missing)]


def write_deterministic_zip(files: Mapping[str, Path], dest: Path) -> int:
    """Write ``files`` (arcname -> path) to ``dest`` reproducibly; return the unzipped size."""
    total = 0
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for arcname in sorted(files):
            data = files[arcname].read_bytes()
            info = zipfile.ZipInfo(arcname, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = _ZIP_CREATE_SYSTEM_UNIX
            info.external_attr = _ZIP_FILE_MODE << 16
            archive.writestr(info, data, compresslevel=_ZIP_LEVEL)
            total += len(data)
    return total


def _tree(root: Path, prefix: str = "", skip_top_level: frozenset[str] | set[str] = frozenset()) -> Iterator[tuple[str, Path]]:
    """Files under ``root`` as (arcname, path), without bytecode, caches or hidden files."""
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        parts = relative.parts
        if parts[0] in skip_top_level or parts[0] == ".complete":
            continue
        if any(part == "__pycache__" or part.startswith(".") for part in parts):
            continue
        if path.suffix in {".pyc", ".pyo"} or not path.is_file():
            continue
        yield prefix + relative.as_posix(), path


def _digests(path: Path) -> tuple[str, str, int]:
    sha256 = hashlib.sha256()
    md5 = hashlib.md5()  # noqa: S324 - OSS Content-MD5 integrity header, not a security use
    crc = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            sha256.update(chunk)
            md5.update(chunk)
            crc = crc64(chunk, crc)
    return sha256.hexdigest(), base64.b64encode(md5.digest()).decode(), crc


def main(argv: list[str] | None = None) -> None:
    """``python -m infra.fc_package``: build ``build/fc/credrec-fc.zip`` and describe it.
    ``--resolve``: print the pinned runtime closure of ``functions/requirements.txt`` instead."""
    import json

    args = sys.argv[1:] if argv is None else argv
    if args == ["--resolve"]:
        print("\n".join(resolve_closure(FUNCTIONS_DIR / "requirements.txt")))
        return
    package = build_package()
    print(
        json.dumps(
            {
                "path": str(package.path.relative_to(REPO_ROOT)),
                "object_key": package.object_key,
                "sha256": package.sha256,
                "crc64": package.crc64,
                "size_bytes": package.size,
                "unzipped_bytes": package.unzipped_size,
                "entries": len(package.entries),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
