"""The OpenAPI 3.1 document (functions/credrec/openapi.json) describes exactly the HTTP API's routes,
JSON fields, headers and statuses. When you add a route or a field, a failure here says what to add
to the document and where."""

from __future__ import annotations

import json

from credrec import http_api
from credrec.models import Status
from tests.conftest import REPO

DOC_PATH = REPO / "functions" / "credrec" / "openapi.json"
HOW = f"edit {DOC_PATH.relative_to(REPO)} (then `GET /openapi.json` serves it and schemathesis fuzzes it)"


def _doc() -> dict:
    return json.loads(DOC_PATH.read_text(encoding="utf-8"))


def test_it_is_openapi_3_1_and_is_what_the_api_serves():
    doc = _doc()
    assert doc["openapi"].startswith("3.1"), doc["openapi"]
    assert http_api.openapi_document() == doc


def test_every_route_and_method_is_documented_and_nothing_else():
    documented = {path: sorted(op.upper() for op in ops if op in ("get", "head", "post", "put", "patch", "delete"))
                  for path, ops in _doc()["paths"].items()}
    served = {path: sorted(methods) for path, methods in http_api.ROUTES.items()}
    missing = [f"paths.{p}.{m.lower()}" for p, ms in served.items() for m in ms if m not in documented.get(p, [])]
    extra = [f"paths.{p}.{m.lower()}" for p, ms in documented.items() for m in ms if m not in served.get(p, [])]
    assert not missing, f"the API serves routes the document lacks: add {missing} ({HOW})"
    assert not extra, f"the document describes routes the API does not serve: remove {extra} or add them to " \
                      f"credrec.http_api.ROUTES"


def test_public_routes_are_the_ones_without_security():
    doc = _doc()
    public = {p for p, ops in doc["paths"].items() if all(op.get("security") == [] for op in ops.values())}
    assert public == set(http_api.PUBLIC_ROUTES), f"set security: [] on exactly {sorted(http_api.PUBLIC_ROUTES)}"
    assert doc["security"] == [{"bearer": []}]


def test_recognize_json_fields_match_the_api():
    schema = _doc()["components"]["schemas"]["RecognizeRequest"]
    documented = set(schema["properties"])
    missing = sorted(http_api.RECOGNIZE_KEYS - documented)
    extra = sorted(documented - http_api.RECOGNIZE_KEYS)
    assert not missing, (f"POST /recognize accepts JSON fields the document lacks: add {missing} under "
                         f"components.schemas.RecognizeRequest.properties ({HOW})")
    assert not extra, f"components.schemas.RecognizeRequest.properties lists {extra}, which the API refuses"
    assert schema["additionalProperties"] is False  # the API refuses unknown fields


def test_applicant_data_fields_and_headers_match():
    doc = _doc()
    expected = set(doc["components"]["schemas"]["Expected"]["properties"])
    assert expected == set(http_api.EXPECTED_HEADERS), (
        f"components.schemas.Expected.properties must be exactly {sorted(http_api.EXPECTED_HEADERS)} ({HOW})")
    headers = {p["name"].lower() for p in doc["paths"]["/recognize"]["post"]["parameters"] if p["in"] == "header"}
    missing = sorted(set(http_api.EXPECTED_HEADERS.values()) - headers)
    assert not missing, f"add header parameters {missing} to paths./recognize.post.parameters ({HOW})"


def test_record_statuses_match():
    doc = _doc()
    enums = [doc["components"]["schemas"]["Record"]["properties"]["status"]["enum"],
             next(p["schema"]["enum"] for p in doc["paths"]["/results"]["get"]["parameters"] if p["name"] == "status")]
    for enum in enums:
        assert sorted(enum) == sorted(s.value for s in Status), f"status enums must list {[s.value for s in Status]}"


def test_every_error_status_an_error_class_can_carry_on_recognize_is_documented():
    """A new error class with a new status must be documented where it can occur."""
    import inspect

    from credrec import errors

    statuses = {str(cls.http_status) for _, cls in inspect.getmembers(errors, inspect.isclass)
                if issubclass(cls, errors.CredrecError)}
    statuses -= {"405"}  # wrong method: not an operation of the document
    documented = set(_doc()["paths"]["/recognize"]["post"]["responses"])
    missing = sorted(statuses - documented)
    assert not missing, f"add responses {missing} to paths./recognize.post.responses ({HOW})"
