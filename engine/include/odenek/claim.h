// Claims: one person's case, as the rules read it.
//
// A claim is a JSON-like object: the flat facts form (`fesih_tarihi`,
// `prim_gun_3_yil`, ...) or the history form with nested records (`primler`,
// `sozlesmeler`); see docs/claims.md. A Claim only holds the document; its keys
// and values are checked against a rule set's inputs when it is evaluated, so
// errors name the programme input that was expected.
#ifndef ODENEK_CLAIM_H_
#define ODENEK_CLAIM_H_

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace odenek {

// The most records one history list of a claim (`primler`, `sozlesmeler`)
// may hold; a claim with more is refused with InvalidArgument naming the list
// ("primler: 10001 records; at most 10000 ..."), by every reader: check,
// explain, simulate, BatchEvaluator::AddClaim. An engine limit, not law: a
// working life of monthly premiums from several employers stays far below it,
// and it bounds the memory a hostile claim can take (a 1 MiB bulk line of
// empty records `{}` would otherwise be 350 000 of them, times 1024 claims in
// an evaluation chunk). docs/security.md lists every limit.
inline constexpr int kMaxHistoryRecords = 10000;

// The most bytes one claim's text may hold: a bulk record (a CSV row or a
// JSONL line of `odenek simulate`) and a claim file of `check` / `explain`
// alike, so a claim one command accepts the other does not refuse for its
// size. Checked before the text is read (a file's size, or at most this many
// bytes plus one from a pipe), so /dev/zero or a huge file costs nothing. An
// engine limit, not law: a claim with a few full history lists is far below it.
inline constexpr size_t kMaxClaimBytes = size_t{1} << 20;  // 1 MiB

// The rule for a claim id, the same in every reader (check, explain, the CSV,
// JSONL and YAML readers of simulate, BatchEvaluator): non-empty UTF-8 text
// without control characters (U+0000..U+001F, U+007F..U+009F). The id names
// the claim in results and error files, and a tab, a NUL or a stray byte
// there would corrupt CSV and JSON output or make two ids look alike.
// OK, or InvalidArgument saying what was expected and what was found, for
// the caller to prefix with the place and key ("id: expected a non-empty
// claim id, found \"\""): every reader gives the same text.
absl::Status CheckClaimId(absl::string_view id);

// A claim document. Cheap to copy (shares its immutable document). Thread-safe
// for concurrent reads.
//
// Example:
//   absl::StatusOr<odenek::Claim> claim = odenek::Claim::Parse(
//       R"({"id": "B-1", "fesih_tarihi": "2023-06-30", "prim_gun_3_yil": 900})",
//       "inline.json");
class Claim {
 public:
  // Parses a YAML or JSON document holding one object. InvalidArgument naming
  // `file_name:line:column` on a syntax error, a duplicate key or a non-object.
  // A text that starts with `{` is read as JSON first (ParseJson); if JSON
  // refuses it but YAML takes it (a YAML flow map such as `{id: B-1}`), the
  // YAML reading stands; if both refuse it, a text that looks like JSON
  // (`{"...`) gets ParseJson's message, anything else YAML's.
  static absl::StatusOr<Claim> Parse(absl::string_view text, const std::string& file_name);

  // Parses one JSON object (RFC 8259), as the bulk JSONL reader and the HTTP
  // API read a claim. InvalidArgument `file_name:line:column: invalid JSON:
  // ...` in JSON's own terms (never YAML's), or for a duplicate key, a
  // non-object or nesting deeper than 32 levels.
  static absl::StatusOr<Claim> ParseJson(absl::string_view text, const std::string& file_name);

  // Builds a claim in code: keys are input names (dotted for nested objects),
  // values as they would be written in a claim file ("2023-06-30", "10008.00").
  // Returns a new claim; the original is unchanged.
  static Claim FromFields(const std::string& id,
                          const std::vector<std::pair<std::string, std::string>>& fields);

  // The claim's `id` ("" when it has none).
  const std::string& id() const { return id_; }
  // OK if the claim carries an id that CheckClaimId accepts, else
  // InvalidArgument naming the place: "claim.yaml:1:5: id: expected a
  // non-empty claim id, found null". check, explain and the bulk readers
  // require an id (CONTRACT §3a); RuleSet::Evaluate does not (a test case's
  // input has none) but refuses an id that is there and breaks the rule.
  absl::Status CheckId() const;
  // The file the claim came from, for error messages.
  const std::string& file_name() const { return file_name_; }


 private:
  // The parsed document. Defined in the library, which reaches it through
  // ClaimAccess (engine/src/api/claim_access.h).
  struct Impl;
  friend class ClaimAccess;
  Claim() = default;
  std::shared_ptr<const Impl> impl_;
  std::string id_;
  std::string file_name_;
};

}  // namespace odenek

#endif  // ODENEK_CLAIM_H_
