"""The JSON API against its own OpenAPI schema (schemathesis, property-based).

Generated requests, valid and invalid, must get a documented status code and a
body matching the declared response model, and never a 5xx. The archive is the
same small one the page tests use; examples are bounded to keep this well under
a minute.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from newsmon.storage.db import open_archive
from newsmon.web.app import create_app
from tests import webdata

TOKEN_ENV = "NEWSMON_TEST_SCHEMA_TOKEN"
TOKEN = "schema-test-token"
EXAMPLES = 25
"""Per operation and generation mode: enough to find edge cases, bounded to stay fast."""


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    url = f"sqlite:///{tmp_path_factory.mktemp('schema') / 'archive.db'}"
    engine = open_archive(url)
    webdata.populate(engine)
    app = create_app(webdata.settings(url, admin_token_env=TOKEN_ENV), engine)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(TOKEN_ENV, TOKEN)
        yield schemathesis.openapi.from_asgi("/api/openapi.json", app)
    engine.dispose()


def check_operation(operation: schemathesis.APIOperation, mode: GenerationMode) -> None:
    # A query language is not a JSON Schema: a schema-valid ``q`` with a syntax error is
    # rightly a (documented) 400, so "valid data must be accepted" cannot hold for search.
    excluded = [positive_data_acceptance] if operation.path == "/api/search" else []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,  # the same examples every run: CI must not flake
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case) -> None:
        # The admin token is sent so admin routes are exercised past the 401/403 gate.
        case.call_and_validate(
            headers={"Authorization": f"Bearer {TOKEN}"}, excluded_checks=excluded
        )

    check()


# schemathesis' own pytest loader (``schemathesis.pytest.from_fixture``) breaks on pytest 9,
# so each operation's strategy is driven by Hypothesis directly, in both generation modes.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_schema(
    api_schema: schemathesis.BaseSchema, mode: GenerationMode
) -> None:
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if mode == GenerationMode.NEGATIVE and not operation.definition.raw.get("parameters"):
            continue  # nothing to get wrong in a request without parameters
        check_operation(operation, mode)


def test_schema_describes_every_route(api_schema: schemathesis.BaseSchema) -> None:
    paths = set(api_schema.raw_schema["paths"])
    assert paths == {
        "/api/search",
        "/api/stories/{story_id}",
        "/api/topics",
        "/api/topics/{name}",
        "/api/topics/{name}/trend",
        "/api/sources",
        "/api/admin/match",
        "/api/admin/reindex",
    }
