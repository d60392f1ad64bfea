"""The API's published description says what the API does (issue 7, finding 9; issue 13), and nothing more."""

from django.conf import settings

WRITES = {
    ("/api/v1/performance/returns/", "post"),
    ("/api/v1/performance/returns/{force_code}/{period_slug}/", "put"),
    ("/api/v1/performance/returns/{force_code}/{period_slug}/approve/", "post"),
    ("/api/v1/performance/returns/{force_code}/{period_slug}/send-back/", "post"),
    ("/api/v1/plans/{id}/", "put"),
    ("/api/v1/plans/{id}/send-for-signoff/", "post"),
    ("/api/v1/plans/{id}/sign-off/", "post"),
    ("/api/v1/plans/{id}/send-back/", "post"),
    ("/api/v1/plans/{id}/submit/", "post"),
    ("/api/v1/plans/{id}/return/", "post"),
    ("/api/v1/plans/{id}/approve/", "post"),
    ("/api/v1/plans/{id}/actions/", "post"),
    ("/api/v1/plans/{id}/actions/{action_pk}/", "patch"),
    ("/api/v1/plans/{id}/actions/{action_pk}/updates/", "post"),
    ("/api/v1/plans/{id}/comments/{comment_pk}/answer/", "post"),
    ("/api/v1/reports/", "post"),
}


def test_the_schema_lists_only_what_the_description_promises(anonymous):
    schema = anonymous.get("/api/v1/schema/", {"format": "json"}).json()
    operations = {
        (path, method) for path, methods in schema["paths"].items() for method in methods if method != "parameters"
    }
    writes = {(path, method) for path, method in operations if method != "get"}
    assert writes == WRITES
    description = schema["info"]["description"]
    assert description == settings.SPECTACULAR_SETTINGS["DESCRIPTION"]
    for promise in ("forces", "frameworks", "toolkit", "action plans", "progress updates", "review comments",
                    "send for sign-off", "returns", "report jobs", "CSV exports", "Bearer", "problem details",
                    "If-Match", "Idempotency-Key", "updated_since", "Versioning"):
        assert promise in description, promise
    prefixes = ("/api/v1/forces/", "/api/v1/frameworks/", "/api/v1/toolkit/", "/api/v1/plans/",
                "/api/v1/performance/", "/api/v1/reports/", "/api/v1/exports/")
    assert all(path.startswith(prefixes) for path, _ in operations)


def test_every_operation_documents_its_problem_answers(anonymous):
    schema = anonymous.get("/api/v1/schema/", {"format": "json"}).json()
    assert schema["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status", "detail", "instance"]
    assert set(schema["components"]["securitySchemes"]) == {"bearerAuth", "cookieAuth"}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            responses = operation["responses"]
            for code in ("400", "401", "403", "404", "429", "500"):
                assert list(responses[code]["content"]) == ["application/problem+json"], (path, method, code)
            if method != "get":
                for code in ("409", "412", "428"):
                    assert code in responses, (path, method, code)
