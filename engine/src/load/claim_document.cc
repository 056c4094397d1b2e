// Claim documents (ParseClaimDocument in yaml_loader.h): one YAML or JSON
// claim → a ClaimValue tree, read with the same limits as rule files.
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "load/yaml_loader.h"
#include "load/yaml_tree.h"

namespace odenek::internal {

absl::StatusOr<ClaimValue> ParseClaimDocument(absl::string_view text,
                                              const std::string& file_name) {
  if (text.size() > kMaxFileBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        file_name, ": claim document is ", text.size(), " bytes; at most ",
        kMaxFileBytes, " (4 MiB) are allowed"));
  }
  ReadOutcome out = ReadYaml(text, "claim documents");
  if (!out.problems.empty()) {
    const ReadProblem& p = out.problems.front();
    return absl::InvalidArgumentError(
        absl::StrCat(SourceLocation{file_name, p.line, p.column}.ToString(),
                     ": ", p.message));
  }
  if (out.documents.size() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        SourceLocation{
            file_name,
            out.document_lines.size() > 1 ? out.document_lines[1] : 0, 1}
            .ToString(),
        ": expected one claim document, found a second one"));
  }
  if (out.documents.empty() || out.documents[0].kind == YNode::Kind::kNull) {
    return absl::InvalidArgumentError(
        absl::StrCat(file_name, ": expected a claim, found an empty document"));
  }
  return ToClaimValue(out.documents[0], file_name);
}

}  // namespace odenek::internal
