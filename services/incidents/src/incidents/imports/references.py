"""Reference numbers of an import: reserved up front, handed out in row order, the rest given back.

An import reserves, in one statement, as many numbers per country as its rows name, before it
knows which rows will pass. That statement locks the country's counter until the transaction
ends (a row lock on PostgreSQL, the write lock on SQLite), so nobody else takes numbers meanwhile;
the import hands them out in row order and at the end sets each counter back to the last number it
gave. References thus stay gapless and in row order, as with single creates, and no chunk of the
import has to wait for the database to learn its references. A country no row named up front
gets its numbers when first needed, the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from incidents.imports.repository import BulkRepository
from incidents.service import reference_of


class CounterMovedError(RuntimeError):
    """A counter this import holds locked moved under it (never expected)."""


class ReferenceBook:
    """The numbers one import holds, per country, for one year."""

    def __init__(self, repo: BulkRepository, year: int) -> None:
        self.repo = repo
        self.year = year
        self.next: dict[str, int] = {}
        self.last: dict[str, int] = {}

    def available(self, country: str) -> int:
        """Return how many numbers of ``country`` are held and not yet handed out."""
        if country not in self.next:
            return 0
        return self.last[country] - self.next[country] + 1

    def missing(self, countries: Sequence[str]) -> dict[str, int]:
        """Return how many more numbers each country needs to give one to each of ``countries``."""
        needed = Counter(countries)
        return {
            country: count - self.available(country)
            for country, count in needed.items()
            if count > self.available(country)
        }

    async def reserve(self, counts: Mapping[str, int]) -> None:
        """Hold ``counts[country]`` more numbers of each country (one statement)."""
        wanted = {(country, self.year): count for country, count in counts.items() if count > 0}
        last = await self.repo.allocate_references(wanted)
        for (country, _), value in last.items():
            first = value - counts[country] + 1
            if country not in self.next:
                self.next[country] = first
            elif first != self.last[country] + 1:
                raise CounterMovedError(f"the {country} {self.year} counter moved under a lock")
            self.last[country] = value

    def take(self, countries: Sequence[str]) -> list[str]:
        """Hand out one reference per entry of ``countries``, in order (all must be held)."""
        references: list[str] = []
        following, year = self.next, self.year
        for country in countries:
            number = following[country]
            following[country] = number + 1
            references.append(reference_of(country, year, number))
        return references

    async def release(self) -> None:
        """Set every counter with numbers left back to the last number handed out."""
        unused = {
            (country, self.year): number - 1
            for country, number in self.next.items()
            if number <= self.last[country]
        }
        await self.repo.set_references(unused)
        for country in self.next:
            self.last[country] = self.next[country] - 1
