// Column helpers of odenek._odenek (columns.cc).
#ifndef ODENEK_PYTHON_COLUMNS_H_
#define ODENEK_PYTHON_COLUMNS_H_

#include <pybind11/pybind11.h>

namespace py = pybind11;

namespace odenek_py {

// Rows [start, stop) of `columns` (lists of equal length) as CSV text, the
// header row first unless `header` is None. See AppendValue for the cells.
py::str RowsToCsv(const py::list& columns, py::ssize_t start, py::ssize_t stop,
                  const py::object& header);

// The engine's result CSV split into columns: [(name, kind, payload)] where
// kind comes from `kinds` (default "text"): text/str/decimal → a list of
// objects; int/bool/date → (int64 values or day numbers, uint8 missing mask);
// float → float64 with NaN; category → int8 codes into `categories[name]`
// (-1 missing); skip → None (the column is not wanted). Returns (rows, columns), or None when a value does not fit
// its kind (the caller then reads the text with pandas).
py::object ParseColumns(const py::bytes& data, const py::dict& kinds,
                        const py::dict& categories);

}  // namespace odenek_py

#endif  // ODENEK_PYTHON_COLUMNS_H_
