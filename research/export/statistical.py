"""SPSS (.sav) and Stata (.dta) copies of the bundle's CSV files, with variable and value labels.

Coded text columns (arm, status, timepoint, ...) become numbers 1..k whose value labels are the
CSV codes, so a .sav/.dta file reads with the same codes as the CSV. pyreadstat writes a whole
data frame at once: these formats hold each file in memory (CSV stays the constant-memory way).
"""

from pathlib import Path

from research.export.base import Variable

FORMATS = {"spss": ".sav", "stata": ".dta"}
STATA_LABEL_LENGTH = 80


def _frame(csv_path: Path, variables: list[Variable]):
    import pandas as pd  # heavy: imported only when a statistical format is asked for

    dtypes = {v.name: str for v in variables if v.type in ("text", "datetime")}
    frame = pd.read_csv(csv_path, dtype=dtypes, keep_default_na=False, na_values={})
    value_labels = {}
    for variable in variables:
        column = frame[variable.name]
        if variable.value_labels:
            codes = {code: number for number, code in enumerate(variable.value_labels, 1)}
            frame[variable.name] = column.map(codes).astype("float64")
            value_labels[variable.name] = {number: code for code, number in codes.items()}
        elif variable.type == "datetime":
            parsed = pd.to_datetime(column.replace("", None), format="ISO8601", utc=True)
            frame[variable.name] = parsed.dt.tz_localize(None)
        elif variable.type in ("integer", "decimal"):
            frame[variable.name] = pd.to_numeric(column.replace("", None)).astype("float64")
        else:
            frame[variable.name] = column.astype(str)
    return frame, value_labels


def write_statistical(*, csv_path: Path, variables: list[Variable], file_format: str) -> Path:
    """Write the .sav or .dta twin of one CSV file next to it; returns its path."""
    import pyreadstat

    suffix = FORMATS[file_format]
    target = csv_path.with_suffix(suffix)
    frame, value_labels = _frame(csv_path, variables)
    labels = {v.name: v.label for v in variables}
    if file_format == "spss":
        pyreadstat.write_sav(
            frame, str(target), column_labels=labels, variable_value_labels=value_labels
        )
    else:
        labels = {name: label[:STATA_LABEL_LENGTH] for name, label in labels.items()}
        pyreadstat.write_dta(
            frame, str(target), column_labels=labels, variable_value_labels=value_labels
        )
    return target
