// `odenek programs`.
#include <iostream>
#include <string>

#include "commands.h"

namespace odenek::cli {
namespace {

void PrintInput(const InputInfo& in, int indent) {
  std::cout << std::string(static_cast<size_t>(indent), ' ') << in.name << " (" << in.type
            << ")";
  if (in.derived) std::cout << " (hesaplanabilir)";
  if (!in.description.empty()) std::cout << " — " << in.description;
  std::cout << "\n";
  for (const InputInfo& f : in.fields) PrintInput(f, indent + 4);
}

}  // namespace

int RunPrograms(const ProgramsOptions& options) {
  std::optional<RuleSet> rules = LoadRules(options.global);
  if (!rules) return 1;
  bool first = true;
  for (const ProgramInfo& p : rules->programs()) {
    if (!first) std::cout << "\n";
    first = false;
    std::cout << p.id << " — " << p.title << "\n";
    if (!p.reference.empty()) std::cout << "  Dayanak: " << p.reference << "\n";
    if (!p.description.empty()) std::cout << "  " << p.description << "\n";
    std::cout << "  Girdiler:\n";
    for (const InputInfo& in : p.inputs) PrintInput(in, 4);
    std::cout << "  Koşullar:\n";
    for (const ConditionInfo& c : p.conditions) {
      std::cout << "    " << c.id;
      if (!c.reference.empty()) std::cout << " [" << c.reference << "]";
      if (!c.message.empty()) std::cout << " — " << c.message;
      std::cout << "\n";
    }
    std::cout << "  Çıktılar:\n";
    for (const std::string& o : p.outputs) std::cout << "    " << o << "\n";
  }
  return 0;
}

}  // namespace odenek::cli
