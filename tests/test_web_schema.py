"""schemathesis: generated requests for every operation in the OpenAPI document, with an editor's
API token, never get a server error."""

import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from hubscope.accounts import add_user, issue_token
from hubscope.store import Store
from hubscope.web import create_app


@pytest.fixture(scope="module")
def _app(tmp_path_factory, _initialised_file):
    path = tmp_path_factory.mktemp("schema") / "db.sqlite"
    shutil.copy(_initialised_file, path)
    store = Store(f"sqlite:///{path}")
    editor = add_user(store, "erin", "editor", "correct horse battery")
    _, secret = issue_token(store, editor, "schemathesis")
    app = create_app(store, check_every=0)
    app.state.test_token = secret
    yield app
    store.close()


def test_no_server_error(_app):
    from hypothesis import given

    schema = schemathesis.openapi.from_asgi("/openapi.json", _app)
    headers = {"Authorization": f"Bearer {_app.state.test_token}"}
    seen = []
    for result in schema.get_all_operations():
        operation = result.ok()
        seen.append(f"{operation.method.upper()} {operation.path}")

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            response = case.call(headers=headers)
            assert response.status_code < 500, (f"{case.method} {case.formatted_path}: {response.status_code} "
                                                f"{response.text[:300]}")
        check()
    assert {"POST /api/proposals", "POST /api/comments", "GET /api/observations"} <= set(seen)
