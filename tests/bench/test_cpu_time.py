import os

from bench.cpu_time import cpu_seconds


class TestCpuSeconds:
    def test_reads_this_process(self) -> None:
        sum(i * i for i in range(200_000))
        used = cpu_seconds(os.getpid())
        assert 0 < used <= sum(os.times()[:2]) + 0.02

    def test_a_gone_process_used_nothing(self) -> None:
        assert cpu_seconds(2**22 + 12345) == 0.0
