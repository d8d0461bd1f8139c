from pdp_common.migrations import run_migrations_env

from tests.shared.sample.service import Base

run_migrations_env(Base.metadata)
