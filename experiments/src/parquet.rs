//! CSV to Parquet with polars, at the end of a run: the CSV stays the record written row by
//! row; the Parquet is its typed copy for analysis tools.

use fairshard_results::FileError;
use polars::prelude::*;
use std::path::Path;

/// The float columns of a [`fairshard_harness::RunRecord`] file. Given to polars so that a
/// column empty in every row (e.g. no run had a bound) is still typed as a float.
pub const FLOAT_COLUMNS: [&str; 16] = [
    "gamma1_cap",
    "gamma2_cap",
    "time_limit_s",
    "time_limit_eff_s",
    "mip_gap_eff",
    "gamma1",
    "gamma2",
    "gamma1_excess",
    "gamma2_excess",
    "workload_diff",
    "profit_diff",
    "objective",
    "bound",
    "gap",
    "build_s",
    "solve_s",
];

fn polars_error(path: &Path, e: PolarsError) -> FileError {
    FileError::invalid(path, format!("polars: {e}"))
}

/// Reads the CSV at `csv` (every row used for type inference, [`FLOAT_COLUMNS`] forced to
/// Float64 and `seed` to UInt64 where present) and writes it as Parquet at `out`. Returns the row count.
pub fn csv_to_parquet(csv: &Path, out: &Path) -> Result<usize, FileError> {
    let header = std::fs::read_to_string(csv).map_err(|e| FileError::io(csv, e))?;
    let header = header.lines().next().unwrap_or("");
    let mut schema = Schema::default();
    let has = |c: &str| header.split(',').any(|h| h == c);
    for col in FLOAT_COLUMNS.iter().filter(|c| has(c)) {
        schema.with_column((*col).into(), DataType::Float64);
    }
    if has("seed") {
        // Seeds use all 64 bits.
        schema.with_column("seed".into(), DataType::UInt64);
    }
    let mut df = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(None)
        .with_schema_overwrite(Some(Arc::new(schema)))
        .try_into_reader_with_file_path(Some(csv.to_owned()))
        .and_then(|r| r.finish())
        .map_err(|e| polars_error(csv, e))?;
    let file = std::fs::File::create(out).map_err(|e| FileError::io(out, e))?;
    ParquetWriter::new(file)
        .finish(&mut df)
        .map_err(|e| polars_error(out, e))?;
    Ok(df.height())
}

/// Reads a Parquet file back (for checks and analysis).
pub fn read_parquet(path: &Path) -> Result<DataFrame, FileError> {
    let file = std::fs::File::open(path).map_err(|e| FileError::io(path, e))?;
    ParquetReader::new(file).finish().map_err(|e| polars_error(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::record;
    use fairshard_results::write_records;

    #[test]
    fn parquet_holds_the_csv_rows_with_float_columns_typed() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("t.csv");
        let pq = dir.path().join("t.parquet");
        write_records(&csv, &[record(0), record(1)]).unwrap();
        assert_eq!(csv_to_parquet(&csv, &pq).unwrap(), 2);
        let df = read_parquet(&pq).unwrap();
        assert_eq!(df.height(), 2);
        let header = std::fs::read_to_string(&csv).unwrap();
        let names: Vec<String> = df.get_column_names().iter().map(|s| s.to_string()).collect();
        assert_eq!(names.join(","), header.lines().next().unwrap());
        for col in FLOAT_COLUMNS {
            assert_eq!(df.column(col).unwrap().dtype(), &DataType::Float64, "{col}");
        }
        assert_eq!(df.column("seed").unwrap().dtype(), &DataType::UInt64);
        let g1 = df.column("gamma1").unwrap().f64().unwrap().get(0).unwrap();
        assert_eq!(Some(g1), record(0).gamma1);
    }
}
