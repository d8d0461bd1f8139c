"""Listing, filtering, full-text search (Latin and Cyrillic) and keyset pagination."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.incidents.factories import Callers, incident_payload


async def create(client: httpx.AsyncClient, callers: Callers, **fields: Any) -> dict[str, Any]:
    """Create an incident as a Centre analyst and return it."""
    country = fields.pop("country", "KGZ")
    response = await client.post(
        "/api/v1/incidents", json=incident_payload(country, **fields), headers=callers.analyst
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def titles(client: httpx.AsyncClient, callers: Callers, **params: Any) -> list[str]:
    """Return the titles of the first page listed with ``params``."""
    response = await client.get("/api/v1/incidents", params=params, headers=callers.analyst)
    assert response.status_code == 200, response.text
    return sorted(item["title"] for item in response.json()["items"])


class TestFullTextSearch:
    @pytest.mark.parametrize("query", ["Ош", "ОШ", "ош", "ош базар"])
    async def test_cyrillic_case_folds(
        self, client: httpx.AsyncClient, callers: Callers, query: str
    ) -> None:
        await create(client, callers, title="Столкновение на рынке в ОШ", language="ru")
        await create(client, callers, title="Протест в городе Бишкек", language="ru")
        await create(client, callers, title="Столкновение возле базара Ош")
        found = await titles(client, callers, q=query)
        expected = {"ош базар": ["Столкновение возле базара Ош"]}.get(
            query, ["Столкновение возле базара Ош", "Столкновение на рынке в ОШ"]
        )
        assert found == expected

    async def test_latin_prefix_and_diacritics(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        await create(client, callers, title="Shelling near Hérat border post", country="AFG")
        await create(client, callers, title="Protest in Almaty", country="KAZ")
        assert await titles(client, callers, q="herat") == ["Shelling near Hérat border post"]
        assert await titles(client, callers, q="SHELL bord") == ["Shelling near Hérat border post"]
        assert await titles(client, callers, q="nothing-like-this") == []

    async def test_finds_by_reference_and_translation(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        translated = [{"language": "ru", "title": "Перестрелка на границе", "summary": ""}]
        created = await create(client, callers, title="Border shooting", translations=translated)
        assert await titles(client, callers, q="перестрелка") == ["Border shooting"]
        assert await titles(client, callers, q=created["reference"]) == ["Border shooting"]

    async def test_updates_keep_the_index_in_sync(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        created = await create(client, callers, title="Old title about Khujand")
        response = await client.patch(
            f"/api/v1/incidents/{created['id']}",
            json={"title": "New title about Isfara"},
            headers=callers.analyst | {"If-Match": '"1"'},
        )
        assert response.status_code == 200, response.text
        assert await titles(client, callers, q="khujand") == []
        assert await titles(client, callers, q="isfara") == ["New title about Isfara"]


class TestFilters:
    async def test_filters_combine(self, client: httpx.AsyncClient, callers: Callers) -> None:
        await create(client, callers, title="A", severity=5, category="terrorism")
        await create(client, callers, title="B", severity=2)
        await create(client, callers, title="C", country="KAZ", severity=5)
        assert await titles(client, callers, country="KGZ") == ["A", "B"]
        assert await titles(client, callers, severity_min=4) == ["A", "C"]
        assert await titles(client, callers, category="terrorism") == ["A"]
        assert await titles(client, callers, admin1="Almaty") == ["C"]
        assert await titles(client, callers, status="verified") == []
        assert await titles(client, callers, bbox="72,40,73,41") == ["A", "B"]
        assert await titles(client, callers, event_type="Riots", country=["KAZ", "KGZ"]) == [
            "A",
            "B",
            "C",
        ]

    async def test_time_window(self, client: httpx.AsyncClient, callers: Callers) -> None:
        await create(client, callers, title="Early", occurred_at="2026-01-10T08:00:00+00:00")
        await create(client, callers, title="Late", occurred_at="2026-03-10T08:00:00+05:00")
        window = {"occurred_from": "2026-01-01T00:00:00Z", "occurred_to": "2026-02-01T00:00:00Z"}
        assert await titles(client, callers, **window) == ["Early"]

    async def test_count_matches_list(self, client: httpx.AsyncClient, callers: Callers) -> None:
        for name in ("A", "B", "C"):
            await create(client, callers, title=name)
        response = await client.get(
            "/api/v1/incidents/count", params={"country": "KGZ"}, headers=callers.analyst
        )
        assert response.status_code == 200, response.text
        assert response.json() == {"count": 3}

    async def test_bad_bbox_is_refused(self, client: httpx.AsyncClient, callers: Callers) -> None:
        response = await client.get(
            "/api/v1/incidents", params={"bbox": "1,2,3"}, headers=callers.analyst
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"


class TestPagination:
    async def test_pages_stay_stable_while_rows_are_inserted(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        original = {
            (
                await create(
                    client,
                    callers,
                    title=f"Original {n}",
                    occurred_at=f"2026-02-{n + 1:02d}T10:00:00Z",
                )
            )["id"]
            for n in range(7)
        }
        seen: list[str] = []
        cursor: str | None = None
        inserted = 0
        while True:
            params: dict[str, Any] = {"limit": 2}
            if cursor:
                params["cursor"] = cursor
            response = await client.get("/api/v1/incidents", params=params, headers=callers.analyst)
            assert response.status_code == 200, response.text
            page = response.json()
            seen += [item["id"] for item in page["items"]]
            await create(
                client,
                callers,
                title=f"Inserted {inserted}",
                occurred_at=f"2026-02-{inserted + 1:02d}T10:00:00Z",
            )
            inserted += 1
            cursor = page["next_cursor"]
            if cursor is None:
                break
            assert response.headers["link"].endswith('rel="next"')
        assert len(seen) == len(set(seen))
        assert original <= set(seen)

    async def test_sorted_ascending_by_creation(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        ids = [(await create(client, callers, title=f"T{n}"))["id"] for n in range(3)]
        response = await client.get(
            "/api/v1/incidents", params={"sort": "created_at"}, headers=callers.analyst
        )
        assert [i["id"] for i in response.json()["items"]] == ids

    async def test_cursor_of_another_order_is_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        for n in range(3):
            await create(client, callers, title=f"T{n}")
        first = await client.get("/api/v1/incidents", params={"limit": 1}, headers=callers.analyst)
        cursor = first.json()["next_cursor"]
        response = await client.get(
            "/api/v1/incidents",
            params={"limit": 1, "cursor": cursor, "sort": "created_at"},
            headers=callers.analyst,
        )
        assert response.status_code == 400, response.text
