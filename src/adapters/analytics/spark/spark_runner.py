"""Runs one Ledgerpulse analytics job on Spark SQL and writes the results as JSON.

Usage: python spark_runner.py JOB.json RESULT.json

JOB.json (written by engine.ts):
  {"master": "local[2]", "workDir": "/tmp/lp-spark-x",
   "tables":  [{"name": "lake_invoice", "path": "/lake/invoice", "columns": [{"name": "id", "type": "VARCHAR"}, ...]}],
   "setup":   [{"name": "00_facts.sql#1", "sql": "CREATE OR REPLACE TEMPORARY VIEW ..."}],
   "queries": [{"name": "cell_stats", "sql": "WITH ... SELECT ..."}]}

RESULT.json: {"results": {"cell_stats": [{"col": "text or null", ...}]}, "timings": {...}}
or, when a statement fails: {"error": {"statement": "...", "message": "..."}} and exit code 3.

Every value is written as text: DECIMAL exactly (never through a float), integers in full,
booleans as "true"/"false", so the TypeScript side sees the same values DuckDB gives it.
"""

import decimal
import json
import os
import re
import sys
import time


def spark_type(name):
    from pyspark.sql import types as T

    simple = {
        "VARCHAR": T.StringType(),
        "BOOLEAN": T.BooleanType(),
        "INTEGER": T.IntegerType(),
        "BIGINT": T.LongType(),
    }
    if name in simple:
        return simple[name]
    m = re.fullmatch(r"DECIMAL\((\d+),(\d+)\)", name)
    if m:
        return T.DecimalType(int(m.group(1)), int(m.group(2)))
    raise ValueError("unsupported lake column type " + name)


def parquet_files(path):
    if os.path.isfile(path):
        return [path] if path.endswith(".parquet") else []
    found = []
    for root, _dirs, files in os.walk(path):
        for f in files:
            if f.endswith(".parquet"):
                found.append(os.path.join(root, f))
    return sorted(found)


def as_text(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


VIEW_NAME = re.compile(r"CREATE\s+OR\s+REPLACE\s+TEMPORARY\s+VIEW\s+(\w+)", re.IGNORECASE)


def reused_views(setup, queries):
    """Names of set-up views referenced by two or more of the statements after them."""
    statements = [s["sql"] for s in setup] + [q["sql"] for q in queries]
    names = []
    for i, sql in enumerate(statements[: len(setup)]):
        m = VIEW_NAME.search(sql)
        if not m:
            continue
        word = re.compile(r"\b" + re.escape(m.group(1)) + r"\b")
        if sum(1 for later in statements[i + 1 :] if word.search(later)) >= 2:
            names.append(m.group(1))
    return names


def main(job_path, result_path):
    with open(job_path, encoding="utf-8") as fh:
        job = json.load(fh)
    started = time.time()
    from pyspark.sql import SparkSession
    from pyspark.sql import types as T

    work = job["workDir"]
    spark = (
        SparkSession.builder.master(job.get("master") or "local[2]")
        .appName("ledgerpulse-signals")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        # Tuned for local mode on small lakes: few shuffle partitions, no adaptive re-planning,
        # file listing on the driver (a listing job per table costs more than it saves).
        .config("spark.sql.shuffle.partitions", job.get("shufflePartitions") or "2")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "100000")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.driver.memory", job.get("driverMemory") or "1g")
        .config("spark.local.dir", os.path.join(work, "local"))
        .config("spark.sql.warehouse.dir", os.path.join(work, "warehouse"))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    timings = {"start_s": round(time.time() - started, 3)}
    current = "spark start-up"
    try:
        for table in job["tables"]:
            current = "lake table " + table["name"]
            schema = T.StructType([T.StructField(c["name"], spark_type(c["type"]), True) for c in table["columns"]])
            files = parquet_files(table["path"])
            if files:
                df = spark.read.schema(schema).parquet(*files)
            else:
                df = spark.createDataFrame([], schema)
            df.createOrReplaceTempView(table["name"])
        for statement in job["setup"]:
            current = statement["name"]
            spark.sql(statement["sql"])
        # Spark recomputes a view at every reference; views that later statements use more than
        # once are cached (lazily, on first use). An engine-side choice: the SQL stays shared.
        for name in [] if job.get("noCache") else reused_views(job["setup"], job["queries"]):
            spark.catalog.cacheTable(name)
        results = {}
        for query in job["queries"]:
            current = query["name"]
            t0 = time.time()
            df = spark.sql(query["sql"])
            names = df.columns
            results[query["name"]] = [{n: as_text(v) for n, v in zip(names, row)} for row in df.collect()]
            timings[query["name"] + "_s"] = round(time.time() - t0, 3)
    except Exception as error:  # noqa: BLE001 - reported to the caller with the statement name
        with open(result_path, "w", encoding="utf-8") as fh:
            json.dump({"error": {"statement": current, "message": str(error)[:4000]}}, fh)
        spark.stop()
        return 3
    timings["total_s"] = round(time.time() - started, 3)
    with open(result_path, "w", encoding="utf-8") as fh:
        json.dump({"results": results, "timings": timings}, fh)
    spark.stop()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
