"""The OpenAPI 3.1 document of /api/v1, served by the app; a test checks every answer against
it."""

from typing import Any

DATE = {"type": "string", "format": "date"}
MOMENT = {"type": ["string", "null"], "format": "date-time"}
TEXT = {"type": "string"}
COUNT = {"type": ["integer", "null"], "minimum": 0}
NULL_TEXT = {"type": ["string", "null"]}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _array(name: str) -> dict[str, Any]:
    return {"type": "array", "items": _ref(name)}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required if required is not None else list(properties),
    }


SCHEMAS: dict[str, Any] = {
    "Error": _object({"error": TEXT, "status": {"type": "integer"}}),
    "Period": _object({"key": TEXT, "start": DATE, "end": DATE}),
    "Organization": _object(
        {"slug": TEXT, "name": TEXT, "country": TEXT, "language": TEXT, "timezone": TEXT}
    ),
    "OrganizationDetail": {
        "allOf": [
            _ref("Organization"),
            _object({"periods": _array("Period")}),
        ]
    },
    "Unit": _object(
        {
            "product": TEXT,
            "product_area_ha": NULL_TEXT,
            "hives": COUNT,
            "certifications": {"type": "array", "items": TEXT},
        }
    ),
    "Member": _object(
        {
            "number": TEXT,
            "given_names": TEXT,
            "surnames": TEXT,
            "sex": {"enum": ["female", "male", "other", "not_stated"]},
            "birth_year": {"type": ["integer", "null"]},
            "community": TEXT,
            "group": TEXT,
            "joined_on": DATE,
            "status": {"enum": ["active", "suspended", "withdrawn", "excluded", "deceased"]},
            "in_good_standing": {"type": "boolean"},
            "units": _array("Unit"),
        }
    ),
    "MemberPage": _object(
        {
            "items": _array("Member"),
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": 1000},
            "total": {"type": "integer", "minimum": 0},
        }
    ),
    "Assembly": _object(
        {
            "id": {"type": "integer"},
            "kind": {"enum": ["ordinary", "extraordinary", "delegate"]},
            "title": TEXT,
            "date": DATE,
            "starts_at": {"type": "string", "format": "date-time"},
            "place": TEXT,
            "status": TEXT,
            "notice_given_on": {"type": ["string", "null"], "format": "date"},
            "notice_channels": {"type": "array", "items": TEXT},
            "opened_at_call": COUNT,
            "eligible": COUNT,
            "present": COUNT,
            "represented": COUNT,
            "quorum_required": COUNT,
        }
    ),
    "AgendaItem": _object(
        {
            "position": {"type": "integer"},
            "title": TEXT,
            "kind": TEXT,
            "decision_kind": TEXT,
            "added_in_session": {"type": "boolean"},
        }
    ),
    "AttendanceLine": _object(
        {
            "member_number": TEXT,
            "arrived_at": {"type": "string", "format": "date-time"},
            "departed_at": MOMENT,
            "source": {"enum": ["door", "paper"]},
        }
    ),
    "AssemblyDetail": {
        "allOf": [
            _ref("Assembly"),
            _object({"agenda": _array("AgendaItem"), "attendance": _array("AttendanceLine")}),
        ]
    },
    "OptionResult": _object(
        {"key": TEXT, "label": TEXT, "votes": {"type": "integer"}, "elected": {"type": "boolean"}}
    ),
    "Vote": _object(
        {
            "id": {"type": "integer"},
            "item_position": {"type": "integer"},
            "item_title": TEXT,
            "decision_kind": TEXT,
            "kind": {"enum": ["motion", "choice", "election"]},
            "question": TEXT,
            "secret": {"type": "boolean"},
            "channels": {"type": "array", "items": TEXT},
            "open": {"type": "boolean"},
            "seats": {"type": "integer"},
            "results": _array("OptionResult"),
            "blank": {"type": "integer"},
            "spoiled": {"type": "integer"},
            "outcome": NULL_TEXT,
            "majority_rule": TEXT,
            "present": COUNT,
            "represented": COUNT,
            "eligible": COUNT,
            "quorum_required": COUNT,
            "abstained_by_law": {"type": "integer"},
            "closed_at": MOMENT,
        }
    ),
    "Minutes": _object(
        {
            "number": {"type": ["integer", "null"]},
            "assembly_id": {"type": "integer"},
            "approved_at": MOMENT,
            "locale": NULL_TEXT,
            "html_sha256": NULL_TEXT,
            "pdf_sha256": NULL_TEXT,
        }
    ),
    "Link": _object(
        {
            "kind": TEXT,
            "id": {"type": ["integer", "null"]},
            "parent": {"type": ["integer", "null"]},
            "label": TEXT,
        }
    ),
    "Finding": _object(
        {
            "code": TEXT,
            "ok": {"type": "boolean"},
            "values": {"type": "object"},
            "links": _array("Link"),
        }
    ),
    "Check": _object(
        {
            "number": {"type": "integer", "minimum": 1, "maximum": 14},
            "code": TEXT,
            "status": {"enum": ["met", "not_met", "not_enough_data"]},
            "reason": TEXT,
            "figures": {"type": "object"},
            "findings": _array("Finding"),
        }
    ),
    "Evidence": _object(
        {
            "period": _ref("Period"),
            "chain_head": _object(
                {
                    "seq": {"type": "integer"},
                    "hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                }
            ),
            "settings": {"type": "object"},
            "checks": {"type": "array", "items": _ref("Check"), "minItems": 14, "maxItems": 14},
            "years": {"type": "array", "items": {"type": "object"}},
            "assemblies": {"type": "array", "items": {"type": "object"}},
        }
    ),
}

SLUG = {"name": "slug", "in": "path", "required": True, "schema": TEXT}
ASSEMBLY = {"name": "assembly_id", "in": "path", "required": True, "schema": {"type": "integer"}}
PERIOD_QUERY = {
    "name": "period",
    "in": "query",
    "required": False,
    "description": "fy-YYYY (the financial year closing in YYYY) or last-12-months (default)",
    "schema": TEXT,
}
PERIOD_PATH = {**PERIOD_QUERY, "in": "path", "required": True}
PERIOD_PATH.pop("description")
PAGING = [
    {"name": "page", "in": "query", "required": False, "schema": {"type": "integer"}},
    {"name": "per_page", "in": "query", "required": False, "schema": {"type": "integer"}},
]


def _get(summary: str, schema: dict[str, Any], parameters: list[Any]) -> dict[str, Any]:
    error = {"content": {"application/json": {"schema": _ref("Error")}}}
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "security": [{"token": []}],
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
                "401": {"description": "No valid token", **error},
                "404": {"description": "Not this token's to see", **error},
            },
        }
    }


def document() -> dict[str, Any]:
    """The OpenAPI document of the API."""
    base = "/organizations/{slug}"
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "coop — governance record (read-only)",
            "version": "1",
            "description": (
                "What a certifier sees of one organization, for their systems: a token per "
                "certifier, expiring with their access, limited to their periods."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
        "paths": {
            "/organizations": _get("The organization of the token", _array("Organization"), []),
            base: _get(
                "The organization and the periods open to the token",
                _ref("OrganizationDetail"),
                [SLUG],
            ),
            f"{base}/members": _get(
                "The register, without sensitive fields", _ref("MemberPage"), [SLUG, *PAGING]
            ),
            f"{base}/assemblies": _get(
                "The assemblies of a period", _array("Assembly"), [SLUG, PERIOD_QUERY]
            ),
            f"{base}/assemblies/{{assembly_id}}": _get(
                "An assembly with its agenda and attendance",
                _ref("AssemblyDetail"),
                [SLUG, ASSEMBLY],
            ),
            f"{base}/assemblies/{{assembly_id}}/votes": _get(
                "The votes of an assembly and their results", _array("Vote"), [SLUG, ASSEMBLY]
            ),
            f"{base}/minutes": _get(
                "The approved minutes of a period", _array("Minutes"), [SLUG, PERIOD_QUERY]
            ),
            f"{base}/evidence/{{period}}": _get(
                "The evidence checks of a period", _ref("Evidence"), [SLUG, PERIOD_PATH]
            ),
        },
    }
