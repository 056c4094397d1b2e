// CSV text <-> columns, for RuleSet.simulate's speed (docs/performance.md,
// "Python"): pandas' to_csv and read_csv cost several times the engine's own
// run on a million claims, so the binding writes the claims' CSV from Python
// column lists and splits the engine's result CSV straight into typed arrays.
// Both follow RFC 4180 as the engine's readers and writer do.
#include "columns.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <stdexcept>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "odenek/date.h"

namespace odenek_py {
namespace {

bool NeedsQuotes(absl::string_view s) {
  return s.find_first_of(",\"\r\n") != absl::string_view::npos;
}

void AppendField(std::string& out, absl::string_view s) {
  if (!NeedsQuotes(s)) {
    out.append(s.data(), s.size());
    return;
  }
  out.push_back('"');
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

// One cell as claim text: None and NaN are empty (unknown), booleans
// true/false, whole floats as integers (a day count in a float column),
// everything else its str().
void AppendValue(std::string& out, PyObject* v) {
  if (v == Py_None) return;
  if (PyUnicode_Check(v)) {
    Py_ssize_t n = 0;
    const char* s = PyUnicode_AsUTF8AndSize(v, &n);
    if (s == nullptr) throw py::error_already_set();
    AppendField(out, absl::string_view(s, static_cast<size_t>(n)));
    return;
  }
  if (PyBool_Check(v)) {
    out.append(v == Py_True ? "true" : "false");
    return;
  }
  if (PyFloat_Check(v)) {
    const double d = PyFloat_AS_DOUBLE(v);
    if (std::isnan(d)) return;
    if (std::floor(d) == d && std::fabs(d) < 9007199254740992.0) {
      out.append(std::to_string(static_cast<int64_t>(d)));
      return;
    }
  }
  py::str text = py::reinterpret_steal<py::str>(PyObject_Str(v));
  if (!text) throw py::error_already_set();
  Py_ssize_t n = 0;
  const char* s = PyUnicode_AsUTF8AndSize(text.ptr(), &n);
  if (s == nullptr) throw py::error_already_set();
  AppendField(out, absl::string_view(s, static_cast<size_t>(n)));
}

// Splits one CSV record starting at `pos` into `fields`; returns the
// position after its line end. Unquoted fields (nearly all the engine
// writes) are views into `text`; a quoted one is unescaped into `scratch`
// (a deque, so earlier views stay valid). Quoted fields may hold newlines.
size_t SplitRecord(absl::string_view text, size_t pos, std::vector<absl::string_view>& fields,
                   std::deque<std::string>& scratch) {
  fields.clear();
  scratch.clear();
  while (true) {
    if (pos < text.size() && text[pos] == '"') {
      std::string& field = scratch.emplace_back();
      ++pos;
      for (; pos < text.size(); ++pos) {
        if (text[pos] == '"') {
          if (pos + 1 < text.size() && text[pos + 1] == '"') {
            field.push_back('"');
            ++pos;
          } else {
            ++pos;
            break;
          }
        } else {
          field.push_back(text[pos]);
        }
      }
      fields.emplace_back(field);
    } else {
      size_t end = pos;
      while (end < text.size() && text[end] != ',' && text[end] != '\n' && text[end] != '\r') {
        ++end;
      }
      fields.push_back(text.substr(pos, end - pos));
      pos = end;
    }
    if (pos >= text.size()) return pos;
    const char c = text[pos++];
    if (c == ',') continue;
    if (c == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
    return pos;  // end of the line
  }
}

template <typename T>
py::array_t<T> ToArray(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  if (!v.empty()) std::memcpy(a.mutable_data(), v.data(), v.size() * sizeof(T));
  return a;
}

enum class Kind { kText, kStr, kDecimal, kInt, kFloat, kBool, kDate, kCategory, kSkip };

Kind ParseKind(const std::string& k) {
  static const std::pair<const char*, Kind> kKinds[] = {
      {"text", Kind::kText}, {"str", Kind::kStr},     {"decimal", Kind::kDecimal},
      {"int", Kind::kInt},   {"float", Kind::kFloat}, {"bool", Kind::kBool},
      {"date", Kind::kDate}, {"category", Kind::kCategory}, {"skip", Kind::kSkip}};
  for (const auto& [name, kind] : kKinds) {
    if (k == name) return kind;
  }
  throw std::invalid_argument("unknown column kind " + k);
}

const char* KindText(Kind k) {
  switch (k) {
    case Kind::kText: return "text";
    case Kind::kStr: return "str";
    case Kind::kDecimal: return "decimal";
    case Kind::kInt: return "int";
    case Kind::kFloat: return "float";
    case Kind::kBool: return "bool";
    case Kind::kDate: return "date";
    case Kind::kCategory: return "category";
    case Kind::kSkip: return "skip";
  }
  return "text";
}

struct Unfit : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A column being filled (see ParseColumns).
struct Column {
  Kind kind = Kind::kText;
  std::vector<PyObject*> objects;  // text, str, decimal (owned references)
  std::vector<int64_t> ints;       // int; bool; date (day numbers)
  std::vector<double> floats;      // float
  std::vector<int8_t> codes;       // category
  std::vector<uint8_t> mask;       // int, bool, date: 1 = missing
  std::vector<std::string> categories;
  // Values repeat (programme ids, empty reasons, kuruş amounts): one Python
  // object per distinct text, shared (they are immutable), up to a bound.
  absl::flat_hash_map<std::string, PyObject*> interned;

  ~Column() {
    for (PyObject* o : objects) Py_XDECREF(o);
    for (auto& [text, o] : interned) Py_DECREF(o);
  }

  int64_t lookups = 0;
  int64_t hits = 0;
  bool interning = true;

  PyObject* Object(absl::string_view s, PyObject* decimal) {
    if (interning) {
      auto it = interned.find(s);
      ++lookups;
      if (it != interned.end()) {
        ++hits;
        Py_INCREF(it->second);
        return it->second;
      }
      // A column of distinct values (ids) is not worth the lookups.
      if (lookups == 10000 && hits < lookups / 2) interning = false;
    }
    PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), nullptr);
    if (o == nullptr) throw py::error_already_set();
    if (kind == Kind::kDecimal) {
      PyObject* d = PyObject_CallOneArg(decimal, o);
      Py_DECREF(o);
      if (d == nullptr) throw py::error_already_set();
      o = d;
    }
    if (interning && interned.size() < 100000) {
      Py_INCREF(o);
      interned.emplace(std::string(s), o);
    }
    return o;
  }

  void Add(absl::string_view s, PyObject* decimal) {
    switch (kind) {
      case Kind::kSkip:
        return;
      case Kind::kText:  // keeps "" (reasons: none)
        objects.push_back(Object(s, decimal));
        return;
      case Kind::kStr:
      case Kind::kDecimal:  // money: "" is missing
        if (s.empty()) {
          Py_INCREF(Py_None);
          objects.push_back(Py_None);
        } else {
          objects.push_back(Object(s, decimal));
        }
        return;
      case Kind::kInt: {
        int64_t v = 0;
        if (!s.empty() && !absl::SimpleAtoi(s, &v)) throw Unfit(std::string(s));
        ints.push_back(v);
        mask.push_back(s.empty());
        return;
      }
      case Kind::kFloat: {
        double v = std::numeric_limits<double>::quiet_NaN();
        if (!s.empty() && !absl::SimpleAtod(s, &v)) throw Unfit(std::string(s));
        floats.push_back(v);
        return;
      }
      case Kind::kBool:
        if (!s.empty() && s != "true" && s != "false") throw Unfit(std::string(s));
        ints.push_back(s == "true");
        mask.push_back(s.empty());
        return;
      case Kind::kDate: {
        int64_t day = 0;
        if (!s.empty()) {
          absl::StatusOr<odenek::Date> d = odenek::Date::Parse(s);
          if (!d.ok()) throw Unfit(std::string(s));
          day = d->day_number();
        }
        ints.push_back(day);
        mask.push_back(s.empty());
        return;
      }
      case Kind::kCategory: {
        int8_t code = -1;
        for (size_t i = 0; i < categories.size(); ++i) {
          if (categories[i] == s) code = static_cast<int8_t>(i);
        }
        if (code < 0 && !s.empty()) throw Unfit(std::string(s));
        codes.push_back(code);
        return;
      }
    }
  }

  // The filled column for Python; takes the object references.
  py::object Payload() {
    switch (kind) {
      case Kind::kFloat:
        return ToArray(floats);
      case Kind::kInt:
      case Kind::kBool:
      case Kind::kDate:
        return py::make_tuple(ToArray(ints), ToArray(mask));
      case Kind::kCategory:
        return ToArray(codes);
      case Kind::kSkip:
        return py::none();
      default: {
        // A numpy object array, filled with our references: np.array(list)
        // would probe every Decimal for being a sequence (seconds a million).
        py::array array(py::dtype("O"),
                        std::vector<py::ssize_t>{static_cast<py::ssize_t>(objects.size())});
        auto** cells = static_cast<PyObject**>(array.mutable_data());
        for (size_t i = 0; i < objects.size(); ++i) {
          Py_XDECREF(cells[i]);     // numpy may have filled it (NULL or None)
          cells[i] = objects[i];    // takes our reference
        }
        objects.clear();
        return array;
      }
    }
  }
};

}  // namespace

py::str RowsToCsv(const py::list& columns, py::ssize_t start, py::ssize_t stop,
                  const py::object& header) {
  std::string out;
  const size_t ncol = columns.size();
  std::vector<PyObject*> lists(ncol);
  for (size_t c = 0; c < ncol; ++c) {
    lists[c] = columns[c].ptr();
    if (!PyList_Check(lists[c])) throw py::type_error("columns must be lists");
    if (PyList_GET_SIZE(lists[c]) < stop) throw py::value_error("a column is too short");
  }
  if (!header.is_none()) {
    bool first = true;
    for (py::handle h : header) {
      if (!first) out.push_back(',');
      first = false;
      AppendValue(out, h.ptr());
    }
    out.push_back('\n');
  }
  out.reserve(out.size() + static_cast<size_t>(stop - start) * ncol * 8);
  for (py::ssize_t r = start; r < stop; ++r) {
    for (size_t c = 0; c < ncol; ++c) {
      if (c > 0) out.push_back(',');
      AppendValue(out, PyList_GET_ITEM(lists[c], r));
    }
    out.push_back('\n');
  }
  return py::str(out);
}

py::object ParseColumns(const py::bytes& data, const py::dict& kinds,
                        const py::dict& categories) {
  char* buffer = nullptr;
  Py_ssize_t size = 0;
  if (PyBytes_AsStringAndSize(data.ptr(), &buffer, &size) != 0) throw py::error_already_set();
  const absl::string_view text(buffer, static_cast<size_t>(size));
  std::vector<absl::string_view> fields;
  std::deque<std::string> scratch;
  size_t pos = SplitRecord(text, 0, fields, scratch);
  const std::vector<std::string> header(fields.begin(), fields.end());
  std::vector<Column> cols(header.size());
  for (size_t c = 0; c < header.size(); ++c) {
    py::str name(header[c]);
    cols[c].kind = kinds.contains(name) ? ParseKind(kinds[name].cast<std::string>()) : Kind::kText;
    if (cols[c].kind == Kind::kCategory) {
      cols[c].categories = categories[name].cast<std::vector<std::string>>();
    }
  }
  // Room for every row up front: growing ten vectors of a million cells
  // costs page faults and copies.
  const size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  for (Column& col : cols) {
    switch (col.kind) {
      case Kind::kFloat: col.floats.reserve(lines); break;
      case Kind::kCategory: col.codes.reserve(lines); break;
      case Kind::kSkip: break;
      case Kind::kInt: case Kind::kBool: case Kind::kDate:
        col.ints.reserve(lines);
        col.mask.reserve(lines);
        break;
      default: col.objects.reserve(lines);
    }
  }
  py::object decimal = py::module_::import("decimal").attr("Decimal");
  int64_t rows = 0;
  try {
    while (pos < text.size()) {
      pos = SplitRecord(text, pos, fields, scratch);
      if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
      if (fields.size() != cols.size()) throw Unfit("a row with the wrong field count");
      for (size_t c = 0; c < cols.size(); ++c) cols[c].Add(fields[c], decimal.ptr());
      ++rows;
    }
  } catch (const Unfit&) {
    return py::none();  // the caller reads the text another way
  }
  py::list out;
  for (size_t c = 0; c < cols.size(); ++c) {
    out.append(py::make_tuple(header[c], KindText(cols[c].kind), cols[c].Payload()));
  }
  return py::make_tuple(rows, out);
}

}  // namespace odenek_py
