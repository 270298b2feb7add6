# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
NODE_DEPS := node_modules/.installed
LP := node bin/ledgerpulse.js
DEMO_ARGS ?=

.PHONY: demo test test-heavy lint typecheck unit services pyspark bench clean

$(NODE_DEPS): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

demo: $(NODE_DEPS)
	$(LP) demo $(DEMO_ARGS)

lint: $(NODE_DEPS)
	npx biome check src test bench
	npx depcruise src --config .dependency-cruiser.cjs

typecheck: $(NODE_DEPS)
	npx tsc -p tsconfig.json --noEmit

services:
	scripts/services

pyspark:
	scripts/pyspark

# Services first, so every run tests the distributed profile against real servers; PySpark next,
# so the Spark engine is tested too. Both install what they need (Debian packages, PyPI).
test: $(NODE_DEPS)
	@set -e; \
	if [ "$${LP_ADAPTERS:-}" != "sqlite,memory" ]; then \
	  env_lines="$$(scripts/services --print-env)" || { \
	    echo "make test: could not install or start PostgreSQL/MariaDB/Redis/RabbitMQ (see above)." >&2; \
	    echo "Point the tests at existing servers with LP_TEST_POSTGRES_URL, LP_TEST_MARIADB_URL," >&2; \
	    echo "LP_TEST_REDIS_URL and LP_TEST_AMQP_URL, or run only the embedded profile with LP_ADAPTERS=sqlite,memory." >&2; \
	    exit 1; }; \
	  eval "$$env_lines"; \
	fi; \
	if [ -z "$${LP_SKIP_SPARK:-}" ]; then \
	  LP_PYSPARK_PYTHON="$$(scripts/pyspark)" || { \
	    echo "make test: could not install PySpark (scripts/pyspark); LP_SKIP_SPARK=1 runs without Spark." >&2; exit 1; }; \
	  export LP_PYSPARK_PYTHON; \
	fi; \
	$(MAKE) --no-print-directory lint typecheck; \
	npx vitest run

# Issue 4's heavy-fault acceptance: 50 companies, a full and an incremental sync re-run until
# reconcile is clean. About 4 minutes of mostly idle wall time (the platforms' back-off), so not in `test`.
test-heavy: $(NODE_DEPS)
	LP_TEST_HEAVY=1 npx vitest run test/e2e/reconcile-heavy.test.ts

bench: $(NODE_DEPS)
	npx tsx bench/normalize-shopify.ts
	npx tsx bench/end-to-end.ts

clean:
	rm -rf node_modules dist .data
