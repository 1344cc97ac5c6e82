"""Settings validation, the import cost of the entry point, and dependency pins kept in step."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from pydantic import ValidationError

from credrec.settings import Settings
from tests.conftest import REPO


def test_defaults_point_at_same_region_private_endpoints():
    s = Settings.from_mapping({})
    assert s.cloudauth_host == "cloudauth-intl-vpc.ap-southeast-1.aliyuncs.com"
    assert s.oss_read_endpoint == "oss-ap-southeast-1-internal.aliyuncs.com"
    assert s.oss_presign_endpoint == "oss-ap-southeast-1.aliyuncs.com"
    assert (s.doc_type, s.ocr_area, s.fraud_check) == ("01", "0101", True)
    assert s.http_token_sha256 is None


def test_env_names_and_mapping():
    names = Settings.env_names()
    assert "CREDREC_OTS_ENDPOINT" in names and all(n.startswith("CREDREC_") for n in names)
    s = Settings.from_mapping({"CREDREC_UPLOAD_PREFIX": "/in", "CREDREC_FRAUD_CHECK": "false", "OTHER": "x"})
    assert s.upload_prefix == "in/" and s.fraud_check is False


@pytest.mark.parametrize(
    "env",
    [{"CREDREC_HTTP_TOKEN_SHA256": "not-a-hash"}, {"CREDREC_PRESIGN_TTL_SECONDS": "3600"},
     {"CREDREC_DOC_TYPE": "x1"}, {"CREDREC_UPLOAD_PREFIX": "a/../b"}, {"CREDREC_BACKOFF_CAP_MS": "10"}],
)
def test_invalid_settings_fail_fast(env):
    with pytest.raises(ValidationError):
        Settings.from_mapping(env)


def test_secret_hash_is_not_printed():
    s = Settings.from_mapping({"CREDREC_HTTP_TOKEN_SHA256": "a" * 64})
    assert "a" * 64 not in repr(s) and "a" * 64 not in str(s.model_dump())


def test_entry_point_imports_no_sdk_and_nothing_local():
    code = (
        "import sys, credrec.index\n"
        "heavy = ('alibabacloud', 'Tea', 'darabonba', 'tablestore', 'credrec_local', 'pulumi', 'rapidocr', 'cv2',"
        " 'onnxruntime', 'numpy', 'PIL')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[;]", spec, maxsplit=1)[0].strip().lower().replace("_", "-")


def test_function_requirements_pin_exactly_the_runtime_dependencies():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+; the py3.10 run covers the runtime code only
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    declared = {_name(d) for d in project["dependencies"]}
    lines = [ln.strip() for ln in (REPO / "functions/requirements.txt").read_text().splitlines()]
    pins = {_name(ln): ln.split("==", 1)[1] for ln in lines if ln and not ln.startswith("#")}
    assert set(pins) == declared
    from importlib.metadata import version
    for name, pinned in pins.items():
        assert version(name) == pinned, f"{name}: installed {version(name)} but the FC package pins {pinned}"
