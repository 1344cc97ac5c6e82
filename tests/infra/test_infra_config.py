"""Stack configuration: read once, validated, documented; bad values stop the run up front."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import yaml
from infra.config import CONFIG_KEYS, ConfigError, StackConfig, default_name_prefix, load_config
from infra.environment import environment_variables, function_settings
from infra.naming import Names
from infra.stack import StackError, choose_zone
from pydantic import ValidationError

from credrec.settings import Settings
from tests.infra.conftest import BASE_CONFIG, HTTP_TOKEN, REPO_ROOT, SECRET_KEYS, set_config
from tests.infra.infra_mocks import ACCOUNT_ID


@pytest.fixture
def configure() -> Iterator:
    """Set the process-wide Pulumi config for one test, then clear it."""

    def apply(extra: dict[str, str] | None = None, secret_keys: list[str] | None = None, token: bool = True):
        values = dict(BASE_CONFIG) if token else {}
        values.update({f"credrec:{k}": v for k, v in (extra or {}).items()})
        set_config(values, SECRET_KEYS if secret_keys is None else secret_keys)

    yield apply
    set_config({}, [])


def test_defaults(configure):
    configure()
    cfg = load_config(stack="dev")
    assert cfg.region == "ap-southeast-1"
    assert cfg.name_prefix == "credrec-dev"
    assert cfg.upload_prefix == "uploads/"
    assert (cfg.image_retention_days, cfg.log_retention_days) == (7, 30)
    assert cfg.record_retention_days == 1825  # #10 row 9: stated, not "never"
    assert (cfg.function_memory_mb, cfg.cpu, cfg.function_timeout_seconds, cfg.function_concurrency) == (1024, 0.5, 120, 10)
    assert (cfg.async_retry_attempts, cfg.max_deliveries, cfg.async_max_event_age_seconds) == (3, 4, 86400)
    assert cfg.http_token.get_secret_value() == HTTP_TOKEN
    assert cfg.tablestore_allow_internet is False and cfg.function_internet_access is False
    assert HTTP_TOKEN not in repr(cfg)


def test_values_are_parsed_from_config_strings(configure):
    configure({"functionMemoryMb": "2048", "asyncRetryAttempts": "0", "tablestoreAllowInternet": "true",
               "uploadPrefix": "in/coming/", "zoneId": "ap-southeast-1b", "functionCpu": "1.5"})
    cfg = load_config(stack="dev")
    assert (cfg.function_memory_mb, cfg.async_retry_attempts, cfg.max_deliveries) == (2048, 0, 1)
    assert cfg.tablestore_allow_internet is True and cfg.upload_prefix == "in/coming/"
    assert (cfg.zone_id, cfg.cpu) == ("ap-southeast-1b", 1.5)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("region", "singapore", "region"),
        ("namePrefix", "Credrec", "namePrefix"),
        ("namePrefix", "a-very-long-prefix-over-twenty", "namePrefix"),
        ("uploadPrefix", "uploads", "uploadPrefix"),
        ("uploadPrefix", "/uploads/", "uploadPrefix"),
        ("imageRetentionDays", "0", "imageRetentionDays"),
        ("recordRetentionDays", "0", "recordRetentionDays"),
        ("recordRetentionDays", "-2", "recordRetentionDays"),
        ("recordRetentionDays", "30000", "recordRetentionDays"),
        ("functionMemoryMb", "1000", "functionMemoryMb"),
        ("functionTimeoutSeconds", "5", "functionTimeoutSeconds"),
        ("functionTimeoutSeconds", "90000", "functionTimeoutSeconds"),
        ("functionConcurrency", "0", "functionConcurrency"),
        ("asyncRetryAttempts", "9", "asyncRetryAttempts"),
        ("asyncMaxEventAgeSeconds", "700000", "asyncMaxEventAgeSeconds"),
        ("vpcCidr", "8.8.0.0/16", "vpcCidr"),
        ("vswitchCidr", "10.99.0.0/24", "not inside"),
        ("functionCpu", "2.5", "ratio"),
        ("functionCpu", "0.33", "multiple of 0.05"),
        ("logLevel", "TRACE", "logLevel"),
        ("tablestoreAllowInternet", "maybe", "tablestoreAllowInternet"),
    ],
)
def test_bad_values_are_rejected_naming_the_key(configure, key, value, message):
    configure({key: value})
    with pytest.raises(ConfigError, match=message):
        load_config(stack="dev")


def test_unknown_keys_are_rejected(configure):
    configure({"uploadprefix": "x/"})
    with pytest.raises(ConfigError, match="credrec:uploadprefix"):
        load_config(stack="dev")


def test_token_is_required(configure):
    configure(token=False)
    with pytest.raises(ConfigError, match="httpToken is required"):
        load_config(stack="dev")


def test_token_must_be_a_pulumi_secret(configure):
    configure(secret_keys=[])
    with pytest.raises(ConfigError, match="must be stored as a secret"):
        load_config(stack="dev")


def test_token_must_be_long(configure):
    set_config({"credrec:httpToken": "short"}, SECRET_KEYS)
    try:
        with pytest.raises(ConfigError, match="at least 32"):
            load_config(stack="dev")
    finally:
        set_config({}, [])


def test_default_prefix_follows_the_stack_name():
    assert default_name_prefix("dev") == "credrec-dev"
    assert default_name_prefix("Prod_EU") == "credrec-prod-eu"
    assert len(default_name_prefix("a-really-long-stack-name")) <= 20


def test_zone_must_be_a_function_compute_zone():
    assert choose_zone(None, ["ap-southeast-1c", "ap-southeast-1a"]) == "ap-southeast-1a"
    assert choose_zone("ap-southeast-1c", ["ap-southeast-1c", "ap-southeast-1a"]) == "ap-southeast-1c"
    with pytest.raises(StackError, match="not a Function Compute zone"):
        choose_zone("ap-southeast-1z", ["ap-southeast-1a"])
    with pytest.raises(StackError):
        choose_zone(None, [])


def _cfg(**overrides) -> StackConfig:
    return StackConfig.model_validate({"namePrefix": "credrec-dev", "httpToken": HTTP_TOKEN, **overrides})


def test_settings_the_function_would_reject_stop_the_run():
    """Values only the function's own model checks (DocType digits) fail before any resource."""
    names = Names.derive(_cfg(), ACCOUNT_ID)
    with pytest.raises(ValidationError, match="digits"):
        function_settings(_cfg(docType="x1"), names)


def test_settings_do_not_leak_from_the_deployers_shell(monkeypatch):
    monkeypatch.setenv("CREDREC_READ_TIMEOUT_MS", "999")
    monkeypatch.setenv("CREDREC_REGION", "eu-central-1")
    env = environment_variables(function_settings(_cfg(), Names.derive(_cfg(), ACCOUNT_ID)))
    assert env["CREDREC_READ_TIMEOUT_MS"] == str(Settings.model_fields["read_timeout_ms"].default)
    assert env["CREDREC_REGION"] == "ap-southeast-1"


def test_function_timeout_must_cover_one_recognition_attempt():
    per_attempt = (Settings.model_fields["connect_timeout_ms"].default
                   + Settings.model_fields["read_timeout_ms"].default) / 1000
    short = _cfg(functionTimeoutSeconds=int(per_attempt) - 5)
    with pytest.raises(ValueError, match="functionTimeoutSeconds"):
        function_settings(short, Names.derive(short, ACCOUNT_ID))
    enough = _cfg(functionTimeoutSeconds=int(per_attempt) + 5)
    assert function_settings(enough, Names.derive(enough, ACCOUNT_ID)).read_timeout_ms > 0


# --- documentation ------------------------------------------------------------------------------

def test_example_stack_file_lists_every_key_and_is_valid(configure):
    text = (REPO_ROOT / "Pulumi.dev.yaml.example").read_text()
    mentioned = set(re.findall(r"^\s*#?\s*credrec:([A-Za-z]+):", text, flags=re.MULTILINE))
    assert mentioned == set(CONFIG_KEYS)
    values = yaml.safe_load(text)["config"]
    assert "credrec:httpToken" not in values  # only ever set with --secret, never in clear text
    configure({key.split(":", 1)[1]: value for key, value in values.items()})
    cfg = load_config(stack="dev")  # the example, as written, is a valid configuration
    assert cfg.name_prefix == "credrec-dev" and cfg.region == "ap-southeast-1"


def test_readme_deploy_section_documents_every_key():
    readme = (REPO_ROOT / "README.md").read_text()
    section = readme.split("<!-- section:deploy -->", 1)[1].split("<!-- /section:deploy -->", 1)[0]
    documented = set(re.findall(r"^\| `([A-Za-z]+)` \|", section, flags=re.MULTILINE))
    assert documented == set(CONFIG_KEYS)


# --- decision policy ----------------------------------------------------------------------------

def test_policy_file_is_validated_and_deployed_as_compact_json(tmp_path):
    from credrec.decide import load_policy, parse_policy

    policy = tmp_path / "strict.yaml"
    policy.write_text("# stricter\nname: strict\nversion: '3'\nage:\n  max_days: 31\n")
    cfg = _cfg(policyFile=str(policy))
    env = environment_variables(function_settings(cfg, Names.derive(cfg, ACCOUNT_ID)))
    deployed = parse_policy(env["CREDREC_POLICY"])
    assert deployed.name == "strict" and deployed.age.max_days == 31
    assert deployed.ref == load_policy(env["CREDREC_POLICY"]).ref  # what the function will read
    default_env = environment_variables(function_settings(_cfg(), Names.derive(_cfg(), ACCOUNT_ID)))
    assert default_env["CREDREC_POLICY"] == ""  # the function reads its shipped default


@pytest.mark.parametrize("text", ["name: x\n", "name: x\nversion: '1'\nage: {max_days: -3}\n"])
def test_an_invalid_policy_file_stops_the_run_naming_the_key(configure, tmp_path, text):
    policy = tmp_path / "bad.yaml"
    policy.write_text(text)
    configure({"policyFile": str(policy)})
    with pytest.raises(ConfigError, match="credrec:policyFile"):
        load_config(stack="dev")
    configure({"policyFile": str(tmp_path / "missing.yaml")})
    with pytest.raises(ConfigError, match="cannot be read"):
        load_config(stack="dev")


def test_a_policy_too_big_for_the_environment_is_refused(tmp_path):
    policy = tmp_path / "big.yaml"
    policy.write_text("name: big\nversion: '1'\ndescription: '" + "x" * 3000 + "'\n")
    with pytest.raises(ValidationError, match="at most 2048"):
        _cfg(policyFile=str(policy))


# --- review workbench reviewers -------------------------------------------------------------------

REVIEWERS = '{"ana": "' + "ab" * 32 + '"}'


def test_reviewers_reach_the_function_as_hashes_only_and_must_be_a_secret(configure):
    configure({"reviewers": REVIEWERS}, secret_keys=[*SECRET_KEYS, "credrec:reviewers"])
    cfg = load_config(stack="dev")
    settings = function_settings(cfg, Names.derive(cfg, ACCOUNT_ID))
    assert settings.reviewer_hashes == {"ana": "ab" * 32}
    assert environment_variables(settings)["CREDREC_REVIEWER_TOKENS_SHA256"] == '{"ana":"' + "ab" * 32 + '"}'
    configure({"reviewers": REVIEWERS})  # set in clear text
    with pytest.raises(ConfigError, match="reviewers must be stored as a secret"):
        load_config(stack="dev")


@pytest.mark.parametrize("value", ['{"ana": "not-a-hash"}', '["ana"]', '{"a b": "' + "ab" * 32 + '"}', "nope"])
def test_bad_reviewer_maps_stop_the_run(configure, value):
    configure({"reviewers": value}, secret_keys=[*SECRET_KEYS, "credrec:reviewers"])
    with pytest.raises(ConfigError, match="reviewers"):
        load_config(stack="dev")


def test_without_reviewers_the_function_gets_an_empty_map(configure):
    configure()
    cfg = load_config(stack="dev")
    assert function_settings(cfg, Names.derive(cfg, ACCOUNT_ID)).reviewer_hashes == {}
