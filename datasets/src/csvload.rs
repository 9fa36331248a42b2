//! The CSV loader for user files and the embedded data: every row validated, every problem
//! reported as `file:line:column` with the field and what was expected, never a panic.

use crate::memory::Budget;
use fairshard_harness::{Instance, InstanceError, Task};
use std::fmt;
use std::path::Path;
use thiserror::Error;

/// Which columns hold the workload and the rate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvOptions {
    /// Header of the workload column (gas used).
    pub workload_column: String,
    /// Header of the rate column (gas price).
    pub rate_column: String,
    /// Field delimiter.
    pub delimiter: u8,
}

impl Default for CsvOptions {
    /// The columns of the embedded Ethereum files: `gas_used` and `gas_price_wei`, comma-separated.
    fn default() -> Self {
        Self {
            workload_column: "gas_used".into(),
            rate_column: "gas_price_wei".into(),
            delimiter: b',',
        }
    }
}

/// What is wrong at a place in a CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file has no header (or nothing at all).
    EmptyFile,
    /// A header but no data rows.
    NoRows,
    /// A required column is not in the header.
    MissingColumn {
        /// The column asked for.
        name: String,
        /// The header as found.
        header: Vec<String>,
    },
    /// A header name appears twice.
    DuplicateHeader {
        /// The repeated name.
        name: String,
    },
    /// A row has the wrong number of fields.
    FieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in the row.
        found: usize,
    },
    /// A value that is not a whole number.
    NotANumber {
        /// The text found.
        found: String,
    },
    /// A negative value.
    Negative {
        /// The text found.
        found: String,
    },
    /// Zero, where a positive value is required.
    Zero,
    /// More than 64 bits.
    Overflow {
        /// The text found.
        found: String,
    },
    /// The CSV syntax itself is broken (e.g. an unterminated quote), or the file is unreadable.
    Syntax(String),
    /// The rows are valid one by one but the instance is not (totals overflow 128 bits).
    Instance(InstanceError),
    /// More rows than fit in memory: the first row too many, against the budget.
    TooManyRows {
        /// Rows read, this one included.
        rows: u64,
        /// The memory there is.
        budget: Budget,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::EmptyFile => write!(f, "the file is empty: expected a header line naming the columns"),
            Problem::NoRows => write!(
                f,
                "the file has a header but no data rows: expected at least one contract"
            ),
            Problem::MissingColumn { name, header } => {
                write!(f, "missing column `{name}`: the header has [{}]", header.join(", "))
            }
            Problem::DuplicateHeader { name } => write!(f, "column `{name}` appears twice in the header"),
            Problem::FieldCount { expected, found } => {
                write!(f, "expected {expected} fields as in the header, found {found}")
            }
            Problem::NotANumber { found } => write!(f, "expected a positive whole number, found `{found}`"),
            Problem::Negative { found } => write!(f, "expected a positive whole number, found negative `{found}`"),
            Problem::Zero => write!(f, "expected a positive whole number, found 0"),
            Problem::Overflow { found } => {
                write!(
                    f,
                    "expected a whole number below 2^64, found `{found}`, which does not fit in 64 bits"
                )
            }
            Problem::Syntax(s) => write!(f, "{s}"),
            Problem::Instance(e) => write!(f, "{e}"),
            Problem::TooManyRows { rows, budget } => {
                write!(f, "more rows than fit in memory: {rows} {}", budget.shortfall(*rows))
            }
        }
    }
}

/// A problem at a place: `file:line[:column] [field `name`]: problem`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct LoadError {
    /// File path or embedded dataset name.
    pub file: String,
    /// 1-based line (0 when the problem concerns the whole file).
    pub line: u64,
    /// 1-based field number, when the problem is in one field.
    pub column: Option<usize>,
    /// The field's header name, when known.
    pub field: Option<String>,
    /// What is wrong (boxed: errors stay small on the happy path).
    pub problem: Box<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if let Some(c) = self.column {
            write!(f, ":{c}")?;
        }
        if let Some(name) = &self.field {
            write!(f, ": field `{name}`")?;
        }
        write!(f, ": {}", self.problem)
    }
}

/// Parses a positive u64, or says what is wrong.
fn parse_positive(text: &str) -> Result<u64, Problem> {
    let t = text.trim();
    if t.is_empty() || !t.trim_start_matches(['-', '+']).bytes().all(|b| b.is_ascii_digit()) || t == "-" || t == "+" {
        return Err(Problem::NotANumber { found: t.to_owned() });
    }
    if let Some(rest) = t.strip_prefix('-') {
        return if rest.bytes().all(|b| b == b'0') {
            Err(Problem::Zero)
        } else {
            Err(Problem::Negative { found: t.to_owned() })
        };
    }
    match t.trim_start_matches('+').parse::<u64>() {
        Ok(0) => Err(Problem::Zero),
        Ok(v) => Ok(v),
        Err(_) => Err(Problem::Overflow { found: t.to_owned() }),
    }
}

/// Loads the workload and rate columns of CSV text; `source` names it in errors and becomes
/// the instance name.
pub fn load_str(source: &str, text: &str, opts: &CsvOptions) -> Result<Instance, LoadError> {
    load_reader(source, text.as_bytes(), opts)
}

/// Loads a CSV file from disk.
pub fn load_path(path: &Path, opts: &CsvOptions) -> Result<Instance, LoadError> {
    let file = path.display().to_string();
    let reader = std::fs::File::open(path).map_err(|e| LoadError {
        file: file.clone(),
        line: 0,
        column: None,
        field: None,
        problem: Box::new(Problem::Syntax(format!("cannot read the file: {e}"))),
    })?;
    load_reader(&file, std::io::BufReader::new(reader), opts)
}

/// Loads from any reader, streaming row by row (memory: the tasks only, refused at the first
/// row beyond what [`Budget::available`] holds).
pub fn load_reader<R: std::io::Read>(source: &str, reader: R, opts: &CsvOptions) -> Result<Instance, LoadError> {
    load_within(source, reader, opts, Budget::available())
}

/// [`load_reader`] with the memory budget given.
fn load_within<R: std::io::Read>(
    source: &str,
    reader: R,
    opts: &CsvOptions,
    budget: Budget,
) -> Result<Instance, LoadError> {
    let err = |line: u64, column: Option<usize>, field: Option<&str>, problem: Problem| LoadError {
        file: source.to_owned(),
        line,
        column,
        field: field.map(str::to_owned),
        problem: Box::new(problem),
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(opts.delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(reader);
    let mut records = rdr.byte_records();
    let header = match records.next() {
        None => return Err(err(0, None, None, Problem::EmptyFile)),
        Some(Err(e)) => return Err(err(1, None, None, Problem::Syntax(e.to_string()))),
        Some(Ok(h)) => h,
    };
    let header: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_owned())
        .collect();
    if header.iter().all(String::is_empty) {
        return Err(err(1, None, None, Problem::EmptyFile));
    }
    for (i, name) in header.iter().enumerate() {
        if header[..i].contains(name) {
            return Err(err(
                1,
                Some(i + 1),
                Some(name),
                Problem::DuplicateHeader { name: name.clone() },
            ));
        }
    }
    let find = |name: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            err(
                1,
                None,
                None,
                Problem::MissingColumn {
                    name: name.to_owned(),
                    header: header.clone(),
                },
            )
        })
    };
    let wcol = find(&opts.workload_column)?;
    let rcol = find(&opts.rate_column)?;
    let mut tasks = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            err(line, None, None, Problem::Syntax(e.to_string()))
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        if rec.len() == 1 && rec.get(0).is_some_and(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // blank line
        }
        if rec.len() != header.len() {
            return Err(err(
                line,
                None,
                None,
                Problem::FieldCount {
                    expected: header.len(),
                    found: rec.len(),
                },
            ));
        }
        let field = |col: usize| -> Result<u64, LoadError> {
            let text = String::from_utf8_lossy(rec.get(col).unwrap_or_default());
            parse_positive(&text).map_err(|p| err(line, Some(col + 1), Some(&header[col]), p))
        };
        let task = Task::new(field(wcol)?, field(rcol)?);
        if tasks.len() as u64 >= budget.max_tasks() {
            let rows = tasks.len() as u64 + 1;
            return Err(err(line, None, None, Problem::TooManyRows { rows, budget }));
        }
        tasks.push(task);
    }
    if tasks.is_empty() {
        return Err(err(0, None, None, Problem::NoRows));
    }
    Instance::new(source, tasks).map_err(|e| err(0, None, None, Problem::Instance(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Instance, LoadError> {
        load_str("t.csv", text, &CsvOptions::default())
    }

    #[test]
    fn loads_valid_rows() {
        let inst = load("gas_used,gas_price_wei,x\n21000,20000000000,a\n\n50000,1,b\n").unwrap();
        assert_eq!(inst.len(), 2);
        assert_eq!(inst.tasks()[1], Task::new(50000, 1));
    }

    #[test]
    fn every_kind_of_bad_input_names_its_place() {
        let cases: &[(&str, &str)] = &[
            ("", "t.csv: the file is empty"),
            (
                "gas_used,gas_price_wei\n",
                "t.csv: the file has a header but no data rows",
            ),
            (
                "gas,gas_price_wei\n1,1\n",
                "t.csv:1: missing column `gas_used`: the header has [gas, gas_price_wei]",
            ),
            (
                "gas_used,gas_used,gas_price_wei\n1,1,1\n",
                "t.csv:1:2: field `gas_used`: column `gas_used` appears twice",
            ),
            (
                "gas_used,gas_price_wei\n1,1\n2,x\n",
                "t.csv:3:2: field `gas_price_wei`: expected a positive whole number, found `x`",
            ),
            (
                "gas_used,gas_price_wei\n-5,1\n",
                "t.csv:2:1: field `gas_used`: expected a positive whole number, found negative `-5`",
            ),
            (
                "gas_used,gas_price_wei\n0,1\n",
                "t.csv:2:1: field `gas_used`: expected a positive whole number, found 0",
            ),
            (
                "gas_used,gas_price_wei\n1.5,1\n",
                "t.csv:2:1: field `gas_used`: expected a positive whole number, found `1.5`",
            ),
            (
                "gas_used,gas_price_wei\n1,18446744073709551616\n",
                "t.csv:2:2: field `gas_price_wei`: expected a whole number below 2^64",
            ),
            (
                "gas_used,gas_price_wei\n1,1,1\n",
                "t.csv:2: expected 2 fields as in the header, found 3",
            ),
            (
                "gas_used,gas_price_wei\n1,\n",
                "t.csv:2:2: field `gas_price_wei`: expected a positive whole number, found ``",
            ),
        ];
        for (text, want) in cases {
            let got = load(text).expect_err(text).to_string();
            assert!(got.starts_with(want), "input {text:?}\n got: {got}\nwant: {want}");
        }
    }

    #[test]
    fn custom_columns_and_delimiters() {
        let opts = CsvOptions {
            workload_column: "w".into(),
            rate_column: "r".into(),
            delimiter: b';',
        };
        let inst = load_str("f", "r;w\n3;4\n", &opts).unwrap();
        assert_eq!(inst.tasks()[0], Task::new(4, 3));
    }

    /// A CSV with more rows than fit in memory is refused at the first row too many, with
    /// the file, the line and what the rows would need, instead of an abort on allocation.
    #[test]
    fn an_instance_too_large_for_memory_is_a_clear_error() {
        let budget = Budget {
            bytes: 3 * crate::memory::BYTES_PER_TASK,
            source: "test",
        };
        let text = "gas_used,gas_price_wei\n1,1\n2,2\n3,3\n4,4\n5,5\n";
        let e = load_within("big.csv", text.as_bytes(), &CsvOptions::default(), budget)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "big.csv:5: more rows than fit in memory: 4 tasks need about 256 B (64 bytes per task for \
             the instance and a solve), more than the 192 B of memory available (test); at most 3 tasks fit"
        );
        let three = "gas_used,gas_price_wei\n1,1\n2,2\n3,3\n";
        assert_eq!(
            load_within("ok.csv", three.as_bytes(), &CsvOptions::default(), budget)
                .unwrap()
                .len(),
            3
        );
    }

    #[test]
    fn totals_that_overflow_are_an_error_not_a_wrap() {
        let max = u64::MAX;
        let text = format!("gas_used,gas_price_wei\n{max},{max}\n{max},{max}\n");
        assert!(matches!(*load(&text).unwrap_err().problem, Problem::Instance(_)));
    }
}
