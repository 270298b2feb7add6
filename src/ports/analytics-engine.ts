import type { AdapterDeps } from './deps.js';

/**
 * Column types of the Parquet lake. Kept to what DuckDB and Spark SQL read identically: no
 * dates or timestamps (calendar dates are text plus integer day numbers), no floats.
 */
export type LakeColumnType =
  | 'VARCHAR'
  | 'BOOLEAN'
  | 'INTEGER'
  | 'BIGINT'
  | 'DECIMAL(18,2)'
  | 'DECIMAL(18,4)'
  | 'DECIMAL(18,6)';

export interface LakeColumn {
  readonly name: string;
  readonly type: LakeColumnType;
}

/** A lake table: every `*.parquet` file below `path` (any depth), read with exactly these columns. */
export interface LakeTable {
  readonly name: string;
  readonly path: string;
  readonly columns: readonly LakeColumn[];
}

/** Every value crosses the port as text (or null): decimals stay exact, integers never pass through floats. */
export type SqlValue = string | null;
export type SqlRow = Readonly<Record<string, SqlValue>>;

export interface SqlStatement {
  /** Where the statement came from (the metric file), for error messages. */
  readonly name: string;
  readonly sql: string;
}

/**
 * One analytics job: register the lake tables as views, run the setup statements (temporary
 * views) in order, then each query; the result maps a query's name to its rows.
 */
export interface AnalyticsJob {
  readonly tables: readonly LakeTable[];
  readonly setup: readonly SqlStatement[];
  readonly queries: readonly SqlStatement[];
}

/** An engine that runs the shared metric SQL over the Parquet lake (DuckDB embedded, Spark SQL distributed). */
export interface AnalyticsEngine {
  readonly name: 'duckdb' | 'spark';
  readonly capabilities: {
    /** Runs inside this process (no JVM, no child process). */
    readonly embedded: boolean;
  };
  run(job: AnalyticsJob): Promise<Record<string, SqlRow[]>>;
  close(): Promise<void>;
}

/** Reads and writes single Parquet files (the lake writer and the serving tables use it). */
export interface ParquetFiles {
  /** Writes the rows atomically (temporary file, then rename); values are text cast to the column types. */
  write(path: string, columns: readonly LakeColumn[], rows: readonly (readonly SqlValue[])[]): Promise<void>;
  /** Reads one file, or every `*.parquet` below a folder, with the given columns. */
  read(path: string, columns: readonly LakeColumn[]): Promise<SqlRow[]>;
  close(): Promise<void>;
}

export interface AnalyticsEngineOptions {
  /** Spark: the python that has pyspark (default: the venv `scripts/pyspark` installs). */
  readonly python?: string;
  /** Spark: the master URL, `local[2]` by default. */
  readonly master?: string;
  /** Spark: where the job, results and Spark's scratch files go (default: the OS temp dir). */
  readonly workDir?: string;
  /** Upper bound on one job (Spark start-up included). */
  readonly timeoutMs?: number;
}

export type AnalyticsEngineFactory = (options: AnalyticsEngineOptions, deps: AdapterDeps) => Promise<AnalyticsEngine>;
export type ParquetFilesFactory = (deps: AdapterDeps) => Promise<ParquetFiles>;
