#include "io/claim_row.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "odenek/claim.h"
#include "odenek/date.h"
#include "odenek/decimal.h"
#include "odenek/diagnostic.h"
#include "util/status_macros.h"

namespace odenek::internal {
namespace {

// Every name a claim may carry (scalars and lists), for "did you mean".
std::vector<std::string> KnownNames(const BatchSchema& schema) {
  std::vector<std::string> names;
  for (const auto& s : schema.scalars) names.push_back(s.name);
  for (const auto& l : schema.lists) names.push_back(l.name);
  return names;
}

// `text` in machine form when it reads as a number written the Turkish way
// (thousands grouped by '.', decimals after ','): "40.032,00" gives
// "40032.00", "1.234.567" gives "1234567", "12,5" gives "12.5"; "" when it
// does not. Called only for text the machine grammar refused, so a lone dot
// group ("40.032" as money, "1.200" as a whole number) is read as thousands.
std::string TurkishToMachine(absl::string_view text) {
  size_t i = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
  std::string out(text.substr(0, i));
  size_t digits = 0;  // in the current group
  bool grouped = false;
  for (; i < text.size() && text[i] != ','; ++i) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) {
      out += text[i];
      ++digits;
    } else if (text[i] == '.' && digits > 0 && (!grouped ? digits <= 3 : digits == 3)) {
      grouped = true;
      digits = 0;
    } else {
      return "";
    }
  }
  if (digits == 0 || (grouped && digits != 3)) return "";
  const bool comma = i < text.size();
  if (!comma) return grouped ? out : "";
  const absl::string_view decimals = text.substr(i + 1);
  if (decimals.empty()) return "";
  for (char c : decimals) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return "";
  }
  return absl::StrCat(out, ".", decimals);
}

// What to add to a refused number's message when it was written the Turkish
// way: why it is refused and the accepted form (money with its 2 decimals),
// e.g. ": ... write 40032.00". "" otherwise.
std::string TurkishFormHint(absl::string_view text, bool money) {
  std::string machine = TurkishToMachine(text);
  if (machine.empty()) return "";
  const size_t dot = machine.find('.');
  if (money && dot == std::string::npos) machine += ".00";
  if (money && dot != std::string::npos && machine.size() - dot == 2) machine += "0";
  return absl::StrCat(
      ": this looks like a number written the Turkish way (thousands separated by '.', "
      "decimals after ','); input numbers are in machine form, with no thousands separator "
      "and a decimal point: write ", machine);
}

}  // namespace
namespace {

std::string Place(const ClaimValue& v) {
  std::string p = v.location.ToString();
  return p.empty() ? "" : absl::StrCat(p, ": ");
}

absl::Status BadValue(const ClaimValue& v, const std::string& key,
                      absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(Place(v), key, ": ", message));
}

// Flattens nested objects to dotted keys and types each leaf.
class RowBuilder {
 public:
  RowBuilder(const ClaimRowOptions& options, ClaimBatch& batch,
             std::vector<std::string>* unknown)
      : options_(options), batch_(batch), unknown_(unknown) {}

  absl::Status Object(const ClaimValue& obj, const std::string& prefix) {
    for (const auto& [key, value] : obj.object) {
      std::string name = prefix.empty() ? key : absl::StrCat(prefix, ".", key);
      if (prefix.empty() && key == "id") continue;  // CheckIdOf's
      ODENEK_RETURN_IF_ERROR(Value(value, name));
    }
    return absl::OkStatus();
  }

 private:
  absl::Status Value(const ClaimValue& v, const std::string& name) {
    const BatchSchema& schema = batch_.schema();
    int list = schema.FindList(name);
    if (list >= 0) return List(v, name, list);
    int col = schema.FindScalar(name);
    if (col < 0) {
      if (v.kind == ClaimValue::Kind::kObject) return Object(v, name);
      if (options_.allow_unknown) {
        if (unknown_ != nullptr) unknown_->push_back(name);
        return absl::OkStatus();
      }
      return BadValue(v, name,
                      absl::StrCat("unknown key: no programme declares this input",
                                   DidYouMean(name, KnownNames(schema))));
    }
    if (v.kind == ClaimValue::Kind::kNull) return absl::OkStatus();  // unknown
    if (v.kind != ClaimValue::Kind::kScalar) {
      return BadValue(v, name,
                      absl::StrCat("expected a single ", schema.scalars[col].type.ToString(),
                                   " value, found ",
                                   v.kind == ClaimValue::Kind::kList ? "a list" : "an object"));
    }
    absl::StatusOr<int64_t> x =
        ParseClaimScalar(v.scalar, v.quoted, schema.scalars[col].type, batch_);
    if (!x.ok()) return BadValue(v, name, x.status().message());
    if (absl::Status s = CheckBounds(schema, col, *x); !s.ok()) {
      return BadValue(v, name, s.message());
    }
    batch_.Set(col, *x);
    return absl::OkStatus();
  }

  absl::Status List(const ClaimValue& v, const std::string& name, int list) {
    if (v.kind == ClaimValue::Kind::kNull) return absl::OkStatus();
    if (v.kind != ClaimValue::Kind::kList) {
      return BadValue(v, name, "expected a list of records");
    }
    if (v.list.size() > static_cast<size_t>(kMaxHistoryRecords)) {
      return BadValue(v, name,
                      absl::StrCat(v.list.size(), " records; at most ", kMaxHistoryRecords,
                                   " are allowed in one history list (an engine limit)"));
    }
    const ListSpec& spec = batch_.schema().lists[list];
    batch_.MarkListPresent(list);
    for (size_t i = 0; i < v.list.size(); ++i) {
      const ClaimValue& rec = v.list[i];
      std::string rname = absl::StrCat(name, "[", i, "]");
      if (rec.kind != ClaimValue::Kind::kObject) {
        return BadValue(rec, rname, "expected a record (an object)");
      }
      int r = batch_.AddRecord(list);
      for (const auto& [key, fv] : rec.object) {
        int field = -1;
        for (size_t f = 0; f < spec.fields.size(); ++f) {
          if (spec.fields[f].name == key) field = static_cast<int>(f);
        }
        std::string fname = absl::StrCat(rname, ".", key);
        if (field < 0) {
          if (options_.allow_unknown) {
            if (unknown_ != nullptr) unknown_->push_back(fname);
            continue;
          }
          std::string fields;
          for (const ColumnSpec& c : spec.fields) {
            absl::StrAppend(&fields, fields.empty() ? "" : ", ", c.name);
          }
          return BadValue(fv, fname, absl::StrCat("unknown field; expected one of: ", fields));
        }
        if (fv.kind == ClaimValue::Kind::kNull) continue;
        if (fv.kind != ClaimValue::Kind::kScalar) {
          return BadValue(fv, fname, "expected a single value");
        }
        absl::StatusOr<int64_t> x =
            ParseClaimScalar(fv.scalar, fv.quoted, spec.fields[field].type, batch_);
        if (!x.ok()) return BadValue(fv, fname, x.status().message());
        batch_.SetField(list, field, r, *x);
      }
    }
    return absl::OkStatus();
  }

  const ClaimRowOptions& options_;
  ClaimBatch& batch_;
  std::vector<std::string>* unknown_;
};

}  // namespace

absl::StatusOr<int64_t> ParseClaimScalar(absl::string_view text, bool quoted,
                                         const Type& type, ClaimBatch& batch) {
  switch (type.kind) {
    case TypeKind::kBool: {
      if (text == "true" || text == "1") return 1;
      if (text == "false" || text == "0") return 0;
      return absl::InvalidArgumentError(
          absl::StrCat("expected true/false (or 1/0), found \"", text, "\""));
    }
    case TypeKind::kDate: {
      absl::StatusOr<Date> d = Date::Parse(text);
      if (!d.ok()) return d.status();
      return d->day_number();
    }
    case TypeKind::kMonth: {
      absl::StatusOr<Month> m = Month::Parse(text);
      if (!m.ok()) return m.status();
      return m->month_number();
    }
    case TypeKind::kString:
      return batch.InternString(text);
    case TypeKind::kNumber: {
      absl::StatusOr<Decimal> d = type.unit == Unit::Tl()
                                      ? Decimal::ParseWithMaxPlaces(text, kMoneyPlaces)
                                      : Decimal::Parse(text);
      if (!d.ok()) {
        const char* expected = type.unit == Unit::Tl() ? "an amount in TL"
                               : type.integral        ? "a whole number"
                                                      : "a decimal number";
        // A well-formed number too large for the engine is told apart from a
        // malformed one: "at most 2 decimals" would send the user looking for
        // decimals in -99999999999999999999.00.
        if (absl::IsOutOfRange(d.status())) {
          return absl::InvalidArgumentError(
              absl::StrCat("expected ", expected, " of magnitude at most ",
                           Decimal::Max().ToString(), " (the engine's number range), found \"",
                           text, "\""));
        }
        return absl::InvalidArgumentError(absl::StrCat(
            "expected ", expected, type.unit == Unit::Tl() ? " with at most 2 decimals" : "",
            ", found \"", text, "\"", TurkishFormHint(text, type.unit == Unit::Tl())));
      }
      if (type.integral && d->raw() % Decimal::kOne != 0) {
        return absl::InvalidArgumentError(absl::StrCat("expected a whole number, found \"", text,
                                                       "\"", TurkishFormHint(text, false)));
      }
      return d->raw();
    }
    default:
      break;
  }
  (void)quoted;
  return absl::InvalidArgumentError(absl::StrCat("cannot read a ", type.ToString()));
}

absl::Status CheckBounds(const BatchSchema& schema, int column_index, int64_t value) {
  if (static_cast<size_t>(column_index) >= schema.bounds.size()) return absl::OkStatus();
  const ColumnBounds& column = schema.bounds[column_index];
  if (column.min && value < *column.min) {
    return absl::InvalidArgumentError(absl::StrCat("expected at least ",
                                                   Decimal::FromRaw(*column.min).ToString(),
                                                   ", found ", Decimal::FromRaw(value).ToString()));
  }
  if (column.max && value > *column.max) {
    return absl::InvalidArgumentError(absl::StrCat("expected at most ",
                                                   Decimal::FromRaw(*column.max).ToString(),
                                                   ", found ", Decimal::FromRaw(value).ToString()));
  }
  return absl::OkStatus();
}

std::string ClaimId(const ClaimValue& claim) {
  for (const auto& [key, value] : claim.object) {
    if (key == "id" && value.kind == ClaimValue::Kind::kScalar) return value.scalar;
  }
  return "";
}

absl::Status CheckIdOf(const ClaimValue& claim, bool required) {
  // The message always starts "id: expected a non-empty claim id": the same
  // in every reader, so a user can search the error file for it.
  constexpr absl::string_view kExpected = "expected a non-empty claim id, found ";
  for (const auto& [key, value] : claim.object) {
    if (key != "id") continue;
    switch (value.kind) {
      case ClaimValue::Kind::kList:
        return BadValue(value, "id", absl::StrCat(kExpected, "a list"));
      case ClaimValue::Kind::kObject:
        return BadValue(value, "id", absl::StrCat(kExpected, "an object"));
      case ClaimValue::Kind::kNull:
        if (!required) return absl::OkStatus();
        return BadValue(value, "id", absl::StrCat(kExpected, "null"));
      case ClaimValue::Kind::kScalar:
        break;
    }
    if (value.scalar.empty() && !required) return absl::OkStatus();
    absl::Status s = CheckClaimId(value.scalar);
    if (!s.ok()) return BadValue(value, "id", s.message());
    return absl::OkStatus();
  }
  if (!required) return absl::OkStatus();
  return BadValue(claim, "id", absl::StrCat(kExpected, "none (the claim has no \"id\" key)"));
}

absl::Status AppendClaimRow(const ClaimValue& claim, const ClaimRowOptions& options,
                            ClaimBatch& batch, std::vector<std::string>* unknown_keys) {
  if (claim.kind != ClaimValue::Kind::kObject) {
    return absl::InvalidArgumentError(
        absl::StrCat(Place(claim), "expected a claim object ({...})"));
  }
  ODENEK_RETURN_IF_ERROR(CheckIdOf(claim, options.require_id));
  batch.AddRow(ClaimId(claim));
  absl::Status s = RowBuilder(options, batch, unknown_keys).Object(claim, "");
  if (!s.ok()) batch.DropLastRow();
  return s;
}

}  // namespace odenek::internal
