from incidents.schemas import IncidentCreate

from bench.discovery import discover
from bench.incidents_data import check_generator
from bench.incidents_import_bench import acled_rows
from bench.runner import BENCH_DIR


class TestDiscovery:
    def test_the_create_paths_and_the_lists_are_separate_benchmarks(self) -> None:
        names = discover(BENCH_DIR)
        assert {"incidents", "incidents_import"} <= set(names)
        assert "incidents_data" not in names


class TestAcledRows:
    def test_rows_validate_and_name_distinct_origins(self) -> None:
        check_generator()
        rows = acled_rows(200, seed=3)
        for row in rows:
            IncidentCreate.model_validate(row)
        keys = {(r["origin"]["org"], r["origin"]["external_id"]) for r in rows}
        assert len(keys) == 200
        assert {org for org, _ in keys} == {"ACLED"}

    def test_seeds_give_other_ids(self) -> None:
        first = {r["origin"]["external_id"] for r in acled_rows(50, seed=1)}
        second = {r["origin"]["external_id"] for r in acled_rows(50, seed=2)}
        assert not first & second
