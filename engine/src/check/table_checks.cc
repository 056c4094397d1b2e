// The programme checker's tables (docs/rules.md §3): every row gives the same
// type, rows do not overlap, and a gap between rows needs a `default:`.
#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "check/program_checker.h"

namespace odenek::internal {

Type ProgramChecker::TypeTable(const TableDef& table) {
  Type in = Infer(table.input, *table.input.expr);
  if (!in.is_error() && !in.is_number()) {
    ErrorAt(table.input, *table.input.expr, "type-mismatch",
            absl::StrCat("table input must be a number, found ", in.ToString()));
  }
  Type result = Type::Error();
  auto merge = [&](const ExprSource& src) {
    Type t = Infer(src, *src.expr);
    if (t.is_error()) return;
    if (result.is_error()) {
      result = t;
    } else if (!result.SameAs(t)) {
      ErrorAt(src, *src.expr, "type-mismatch",
              absl::StrCat("table rows give different types: ", result.ToString(),
                           " and ", t.ToString()));
    }
  };
  for (const TableRow& row : table.rows) merge(row.then);
  if (table.default_value) merge(*table.default_value);
  CheckIntervals(table);
  return result;
}

// Rows must not overlap; gaps need a default.
void ProgramChecker::CheckIntervals(const TableDef& table) {
  struct Bound { const TableRow* row; };
  std::vector<const TableRow*> rows;
  for (const TableRow& r : table.rows) rows.push_back(&r);
  auto lo_less = [](const TableRow* a, const TableRow* b) {
    if (!a->when.lo) return b->when.lo.has_value();
    if (!b->when.lo) return false;
    if (*a->when.lo != *b->when.lo) return *a->when.lo < *b->when.lo;
    return a->when.lo_inclusive && !b->when.lo_inclusive;
  };
  std::sort(rows.begin(), rows.end(), lo_less);
  for (size_t i = 0; i < rows.size(); ++i) {
    const Interval& w = rows[i]->when;
    if (w.lo && w.hi &&
        (*w.hi < *w.lo || (*w.hi == *w.lo && !(w.lo_inclusive && w.hi_inclusive)))) {
      Error(rows[i]->location, "empty-interval",
            absl::StrCat("table row ", w.text, " matches nothing"));
    }
    if (i + 1 == rows.size()) break;
    const Interval& next = rows[i + 1]->when;
    if (!w.hi) {
      Error(rows[i + 1]->location, "table-overlap",
            absl::StrCat("table rows ", w.text, " and ", next.text, " overlap"));
      continue;
    }
    if (!next.lo) continue;  // sorted: only the first can be open below
    bool overlap = *next.lo < *w.hi ||
                   (*next.lo == *w.hi && w.hi_inclusive && next.lo_inclusive);
    bool gap = *next.lo > *w.hi ||
               (*next.lo == *w.hi && !w.hi_inclusive && !next.lo_inclusive);
    if (overlap) {
      Error(rows[i + 1]->location, "table-overlap",
            absl::StrCat("table rows ", w.text, " and ", next.text, " overlap"));
    } else if (gap && !table.default_value) {
      Error(rows[i + 1]->location, "table-gap",
            absl::StrCat("table has a gap between ", w.text, " and ", next.text,
                         "; add the missing row or a `default:`"));
    }
  }
  if (!rows.empty() && !table.default_value &&
      (rows.front()->when.lo || rows.back()->when.hi)) {
    Warning(table.location, "table-open",
            "table does not cover every value and has no `default:`; a value "
            "outside its rows leaves the variable unknown");
  }
}

}  // namespace odenek::internal
