// odenek._odenek: the pybind11 layer under the `odenek` Python package.
//
// Deliberately thin: it wraps the public C++ API (engine/include/odenek/) and
// hands text across (the engine's own JSON and CSV), so every message, number
// and column is the engine's, byte for byte. The Python package (python/odenek/)
// turns that text into Result objects and pandas DataFrames.
//
// Threads: every call that evaluates releases the GIL; a RuleSet is immutable
// (odenek/rule_set.h), so one object serves any number of Python threads.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "columns.h"
#include "odenek/odenek.h"

namespace py = pybind11;

namespace {

// The exception classes (odenek.OdenekError and its subclasses), created at
// import. Plain handles: the module keeps them alive.
PyObject* g_odenek_error = nullptr;
PyObject* g_rules_error = nullptr;
PyObject* g_claim_error = nullptr;
PyObject* g_usage_error = nullptr;

[[noreturn]] void Raise(PyObject* type, const std::string& message) {
  PyErr_SetString(type, message.c_str());
  throw py::error_already_set();
}

// A rule set that failed to load: NotFound (no such folder or reform) and
// InvalidArgument (every diagnostic, "file:line:col: error: ...") alike.
template <typename T>
T RulesOrRaise(absl::StatusOr<T> value) {
  if (!value.ok()) Raise(g_rules_error, std::string(value.status().message()));
  return *std::move(value);
}

std::optional<odenek::Date> ParseAsOf(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  absl::StatusOr<odenek::Date> d = odenek::Date::Parse(*text);
  if (!d.ok()) Raise(g_usage_error, "date: " + std::string(d.status().message()));
  return *d;
}

const char* KindName(odenek::OutputValue::Kind kind) {
  using K = odenek::OutputValue::Kind;
  switch (kind) {
    case K::kMoney: return "money";
    case K::kNumber: return "number";
    case K::kInteger: return "integer";
    case K::kBool: return "bool";
    case K::kDate: return "date";
    case K::kMonth: return "month";
    case K::kString: return "string";
  }
  return "string";
}

py::dict InputToDict(const odenek::InputInfo& in) {
  py::list fields;
  for (const odenek::InputInfo& f : in.fields) fields.append(InputToDict(f));
  py::dict d;
  d["name"] = in.name;
  d["type"] = in.type;
  d["description"] = in.description;
  d["derived"] = in.derived;
  if (!in.fields.empty()) d["fields"] = fields;
  return d;
}

py::list Programs(const odenek::RuleSet& rules) {
  py::list out;
  for (const odenek::ProgramInfo& p : rules.programs()) {
    py::list inputs, conditions;
    for (const odenek::InputInfo& in : p.inputs) inputs.append(InputToDict(in));
    for (const odenek::ConditionInfo& c : p.conditions) {
      py::dict cd;
      cd["id"] = c.id;
      cd["message"] = c.message;
      cd["reference"] = c.reference;
      conditions.append(cd);
    }
    py::dict d;
    d["id"] = p.id;
    d["title"] = p.title;
    d["reference"] = p.reference;
    d["description"] = p.description;
    d["inputs"] = inputs;
    d["conditions"] = conditions;
    d["outputs"] = p.outputs;
    out.append(d);
  }
  return out;
}

py::list Parameters(const odenek::RuleSet& rules) {
  py::list out;
  for (const odenek::ParameterInfo& p : rules.parameters()) {
    py::list values;
    for (const odenek::ParameterValueInfo& v : p.values) {
      py::dict vd;
      vd["from"] = v.from;
      vd["value"] = v.value;
      vd["reference"] = v.reference;
      values.append(vd);
    }
    py::dict d;
    d["name"] = p.name;
    d["kind"] = p.kind;
    d["unit"] = p.unit;
    d["description"] = p.description;
    d["reference"] = p.reference;
    d["end"] = p.end.empty() ? py::object(py::none()) : py::object(py::str(p.end));
    d["values"] = values;
    out.append(d);
  }
  return out;
}

// One result for Python: the engine's JSON (CONTRACT §4) and each value's kind,
// which the JSON alone does not tell (money and a date are both strings).
struct PyResult {
  std::string json;
  std::vector<std::pair<std::string, std::string>> kinds;
};

std::vector<PyResult> Evaluate(const odenek::RuleSet& rules, const odenek::Claim& claim,
                               const std::string& program,
                               const std::optional<std::string>& as_of, bool why_not,
                               bool explain) {
  odenek::EvaluateOptions options;
  options.program = program;
  options.as_of = ParseAsOf(as_of);
  options.why_not = why_not;
  options.explain = explain;
  absl::StatusOr<std::vector<odenek::Result>> results;
  std::vector<PyResult> out;
  {
    py::gil_scoped_release release;
    results = rules.Evaluate(claim, options);
    if (results.ok()) {
      for (const odenek::Result& r : *results) {
        PyResult p;
        p.json = odenek::ResultToJson(r);
        for (const auto& [name, value] : r.values) p.kinds.emplace_back(name, KindName(value.kind));
        out.push_back(std::move(p));
      }
    }
  }
  if (!results.ok()) {
    const std::string message(results.status().message());
    // NotFound: an unknown programme, a usage error as in the CLI (exit 2).
    if (results.status().code() == absl::StatusCode::kNotFound) Raise(g_usage_error, message);
    // As `odenek check`: a runtime error names the claim by id, not its
    // source; prefix the source so every message says where to look.
    if (!absl::StartsWith(message, claim.file_name())) {
      Raise(g_claim_error, claim.file_name() + ": " + message);
    }
    Raise(g_claim_error, message);
  }
  return out;
}

// A ClaimSource that pulls text from a Python iterator of str or bytes, so a
// DataFrame or a generator of dicts streams into Simulate without the whole
// file in memory. Read runs on Simulate's reading thread with the GIL
// released, so it takes the GIL for each piece.
class IteratorSource final : public odenek::ClaimSource {
 public:
  IteratorSource(py::iterator it, std::string name) : it_(std::move(it)), name_(std::move(name)) {}
  ~IteratorSource() override {
    py::gil_scoped_acquire gil;
    it_ = py::iterator();
  }

  absl::StatusOr<size_t> Read(char* buffer, size_t size) override {
    while (offset_ == pending_.size()) {
      if (done_) return 0;
      py::gil_scoped_acquire gil;
      try {
        if (it_ == py::iterator::sentinel()) {
          done_ = true;
          return 0;
        }
        py::handle piece = *it_;
        if (py::isinstance<py::bytes>(piece)) {
          pending_ = piece.cast<std::string>();
        } else {
          pending_ = piece.cast<py::str>().cast<std::string>();  // UTF-8
        }
        ++it_;
        offset_ = 0;
      } catch (py::error_already_set& e) {
        // Kept to re-raise once Simulate returns (with the GIL held).
        error_ = std::make_unique<py::error_already_set>(std::move(e));
        done_ = true;
        return absl::CancelledError("the Python input iterator raised");
      } catch (py::cast_error&) {
        done_ = true;
        cast_failed_ = true;
        return absl::InvalidArgumentError("the input iterator must yield str or bytes");
      }
    }
    const size_t n = std::min(size, pending_.size() - offset_);
    std::copy_n(pending_.data() + offset_, n, buffer);
    offset_ += n;
    return n;
  }
  const std::string& name() const override { return name_; }

  std::unique_ptr<py::error_already_set> error_;
  bool cast_failed_ = false;

 private:
  py::iterator it_;
  std::string name_;
  std::string pending_;
  size_t offset_ = 0;
  bool done_ = false;
};

struct SimulateOutput {
  py::bytes results;
  py::bytes errors;
  std::string summary;
  std::vector<std::string> ignored_columns;
};

// One bulk run: the library's Simulate with its CSV or JSONL result text and
// its errors as JSON lines (the CLI's --errors file), plus SummaryToJson.
SimulateOutput RunSimulate(const odenek::RuleSet& rules, py::iterable chunks,
                           const std::string& input_format, const std::string& result_format,
                           const std::string& name, const std::vector<std::string>& programs,
                           std::optional<std::pair<std::string, odenek::RuleSet>> scenario,
                           const std::vector<std::string>& reforms, int threads,
                           const std::optional<std::string>& as_of, bool allow_unknown) {
  odenek::SimulateOptions options;
  if (input_format == "csv") {
    options.format = odenek::RecordFormat::kCsv;
  } else if (input_format == "jsonl") {
    options.format = odenek::RecordFormat::kJsonl;
  } else {
    Raise(g_usage_error, "input format must be csv or jsonl, not " + input_format);
  }
  if (result_format == "csv") {
    options.results = odenek::ResultFormat::kCsv;
  } else if (result_format == "jsonl") {
    options.results = odenek::ResultFormat::kJsonl;
  } else if (result_format == "none") {
    options.results = odenek::ResultFormat::kNone;
  } else {
    Raise(g_usage_error, "result format must be csv, jsonl or none, not " + result_format);
  }
  options.threads = threads;
  options.programs = programs;
  options.allow_unknown = allow_unknown;
  options.as_of = ParseAsOf(as_of);
  if (scenario) options.scenarios.push_back({scenario->first, scenario->second});

  // Ctrl-C in a notebook stops the run: the writing thread looks for a
  // pending signal after each chunk and cancels.
  std::atomic<bool> cancel{false};
  bool interrupted = false;
  options.cancel = &cancel;
  options.on_progress = [&](const odenek::SimulateProgress&) {
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) {
      interrupted = true;
      cancel.store(true);
    }
  };

  IteratorSource source(py::iter(chunks), name);
  std::string results_text, errors_text;
  absl::StatusOr<odenek::SimulateReport> report;
  {
    std::unique_ptr<odenek::TextSink> results_sink = odenek::TextSink::ToString(&results_text);
    std::unique_ptr<odenek::TextSink> errors_sink = odenek::TextSink::ToString(&errors_text);
    py::gil_scoped_release release;
    report = odenek::Simulate(rules, source, results_sink.get(), errors_sink.get(), options);
  }
  if (source.error_) throw std::move(*source.error_);
  if (interrupted) throw py::error_already_set();  // the KeyboardInterrupt pending
  if (!report.ok()) {
    const std::string message(report.status().message());
    if (report.status().code() == absl::StatusCode::kNotFound) Raise(g_usage_error, message);
    Raise(g_claim_error, message);
  }
  report->summary.reforms = reforms;
  SimulateOutput out{py::bytes(results_text), py::bytes(errors_text),
                     odenek::SummaryToJson(report->summary), report->ignored_columns};
  return out;
}

}  // namespace

PYBIND11_MODULE(_odenek, m) {
  m.doc() = "odenek's C++ engine (use the `odenek` package, not this module)";
  m.attr("__version__") = ODENEK_VERSION_STRING;
  m.attr("MAX_CLAIM_BYTES") = odenek::kMaxClaimBytes;

  // Subclasses of ValueError: a bad claim or rule file is a bad value.
  g_odenek_error = PyErr_NewExceptionWithDoc(
      "odenek.OdenekError", "Base class of odenek's errors (a ValueError).",
      PyExc_ValueError, nullptr);
  g_rules_error = PyErr_NewExceptionWithDoc(
      "odenek.RulesError",
      "The rule set or a reform could not be loaded; the message lists every "
      "problem as file:line:column.",
      g_odenek_error, nullptr);
  g_claim_error = PyErr_NewExceptionWithDoc(
      "odenek.ClaimError",
      "A claim is malformed or has a value of the wrong type; the message names "
      "the claim's source, line and column (or key) and what was expected.",
      g_odenek_error, nullptr);
  g_usage_error = PyErr_NewExceptionWithDoc(
      "odenek.UsageError",
      "A bad argument: an unknown programme, a bad date option, several "
      "programmes where one is needed.",
      g_odenek_error, nullptr);
  m.attr("OdenekError") = py::handle(g_odenek_error);
  m.attr("RulesError") = py::handle(g_rules_error);
  m.attr("ClaimError") = py::handle(g_claim_error);
  m.attr("UsageError") = py::handle(g_usage_error);

  py::class_<odenek::Claim>(m, "Claim")
      .def_static(
          "parse",
          [](const std::string& text, const std::string& file_name) {
            absl::StatusOr<odenek::Claim> c = odenek::Claim::Parse(text, file_name);
            if (!c.ok()) Raise(g_claim_error, std::string(c.status().message()));
            return *std::move(c);
          },
          py::arg("text"), py::arg("file_name"))
      .def_static("from_fields", &odenek::Claim::FromFields, py::arg("id"), py::arg("fields"))
      .def(
          "check_id",
          [](const odenek::Claim& claim) {
            // The id rule of every reader (CONTRACT §3a), with its place.
            if (absl::Status s = claim.CheckId(); !s.ok()) {
              Raise(g_claim_error, std::string(s.message()));
            }
          })
      .def_property_readonly("id", &odenek::Claim::id)
      .def_property_readonly("file_name", &odenek::Claim::file_name);

  py::class_<odenek::RuleSet>(m, "RuleSet")
      .def_static(
          "load",
          [](const std::string& dir, const std::vector<std::string>& reforms) {
            odenek::LoadOptions options;
            options.reforms = reforms;
            absl::StatusOr<odenek::RuleSet> rules;
            {
              py::gil_scoped_release release;  // loading compiles: let other threads run
              rules = odenek::RuleSet::Load(dir, options);
            }
            return RulesOrRaise(std::move(rules));
          },
          py::arg("dir"), py::arg("reforms") = std::vector<std::string>{})
      .def_static(
          "load_from_texts",
          [](const std::vector<std::pair<std::string, std::string>>& files,
             const std::vector<std::string>& reforms) {
            odenek::LoadOptions options;
            options.reforms = reforms;
            absl::StatusOr<odenek::RuleSet> rules;
            {
              py::gil_scoped_release release;
              rules = odenek::RuleSet::LoadFromTexts(files, options);
            }
            return RulesOrRaise(std::move(rules));
          },
          py::arg("files"), py::arg("reforms") = std::vector<std::string>{})
      .def_property_readonly("hash", &odenek::RuleSet::hash)
      .def("warnings",
           [](const odenek::RuleSet& rules) {
             std::vector<std::string> out;
             for (const odenek::Diagnostic& d : rules.warnings()) {
               out.push_back(odenek::FormatDiagnostic(d));
             }
             return out;
           })
      .def("programs", &Programs)
      .def("parameters", &Parameters)
      .def(
          "evaluate",
          [](const odenek::RuleSet& rules, const odenek::Claim& claim, const std::string& program,
             const std::optional<std::string>& as_of, bool why_not, bool explain) {
            std::vector<py::tuple> out;
            for (PyResult& r : Evaluate(rules, claim, program, as_of, why_not, explain)) {
              out.push_back(py::make_tuple(py::str(r.json), r.kinds));
            }
            return out;
          },
          py::arg("claim"), py::arg("program") = "", py::arg("as_of") = py::none(),
          py::arg("why_not") = false, py::arg("explain") = false);

  m.def(
      "simulate",
      [](const odenek::RuleSet& rules, py::iterable chunks, const std::string& input_format,
         const std::string& result_format, const std::string& name,
         const std::vector<std::string>& programs,
         std::optional<std::pair<std::string, odenek::RuleSet>> scenario,
         const std::vector<std::string>& reforms, int threads,
         const std::optional<std::string>& as_of, bool allow_unknown) {
        SimulateOutput out = RunSimulate(rules, chunks, input_format, result_format, name,
                                         programs, std::move(scenario), reforms, threads, as_of,
                                         allow_unknown);
        return py::make_tuple(out.results, out.errors, out.summary, out.ignored_columns);
      },
      py::arg("rules"), py::arg("chunks"), py::arg("input_format"), py::arg("result_format"),
      py::arg("name"), py::arg("programs"), py::arg("scenario"), py::arg("reforms"),
      py::arg("threads"), py::arg("as_of"), py::arg("allow_unknown"),
      "Runs odenek::Simulate over the text `chunks` yields; returns (results, errors, "
      "summary_json, ignored_columns).");
  m.def("rows_to_csv", &odenek_py::RowsToCsv, py::arg("columns"), py::arg("start"),
        py::arg("stop"), py::arg("header"));
  m.def("parse_columns", &odenek_py::ParseColumns, py::arg("data"), py::arg("kinds"),
        py::arg("categories"));
}
