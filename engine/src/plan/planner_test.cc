#include "plan/planner.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "check/checker.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "load/yaml_loader.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Loads, checks and plans `files`; the checked and loaded rules live as long
// as the fixture, since plans are built from (not pointing into) them.
class PlannerTest : public ::testing::Test {
 protected:
  const PlannedRuleSet& Plan(std::vector<std::pair<std::string, std::string>> files) {
    loaded_ = LoadRuleTexts(files, ids_);
    EXPECT_THAT(loaded_.diagnostics, IsEmpty());
    std::vector<Diagnostic> diags = CheckRuleSet(loaded_.rules, checked_);
    for (const Diagnostic& d : diags) {
      EXPECT_NE(d.severity, Severity::kError) << FormatDiagnostic(d);
    }
    planned_ = PlanRuleSet(checked_);
    return *planned_;
  }

  static const Instr* Producer(const internal::Plan& plan, Slot slot) {
    for (const Instr& i : plan.instrs) {
      if (i.dst == slot) return &i;
    }
    return nullptr;
  }
  static std::vector<const Instr*> All(const internal::Plan& plan, Op op) {
    std::vector<const Instr*> out;
    for (const Instr& i : plan.instrs) {
      if (i.op == op) out.push_back(&i);
    }
    return out;
  }

  NodeIdAllocator ids_;
  LoadResult loaded_;
  CheckedRuleSet checked_;
  std::unique_ptr<PlannedRuleSet> planned_;
};

constexpr char kGiven[] = R"yaml(program: p
title: P
reference: m
inputs:
  kazanc: {type: money}
  gun: {type: gun, min: 0, max: 100}
  gunluk: {type: money}
variables:
  gunluk:
    expr: kazanc / gun * 30 gun
    reference: m
conditions:
  - id: c
    expr: gunluk > 0.00 TL
    message: m
    reference: m
outputs: [gunluk]
)yaml";

TEST_F(PlannerTest, GivenFactWinsAndItsFormulaRunsOnlyWhereItIsMissing) {
  const PlannedRuleSet& planned = Plan({{"p.yaml", kGiven}});
  ASSERT_EQ(planned.plans.size(), 1u);
  const internal::Plan& plan = planned.plans[0];
  // gunluk = coalesce(input gunluk, formula): the claim's value first.
  ASSERT_EQ(plan.outputs.size(), 1u);
  const Instr* coalesce = Producer(plan, plan.outputs[0].slot);
  ASSERT_NE(coalesce, nullptr);
  ASSERT_EQ(coalesce->op, Op::kCoalesce);
  const Instr* input = Producer(plan, coalesce->a);
  ASSERT_NE(input, nullptr);
  EXPECT_EQ(input->op, Op::kInput);
  EXPECT_EQ(planned.schema.scalars[input->aux].name, "gunluk");

  // The division that can fail is guarded by "gunluk not given".
  std::vector<const Instr*> divs = All(plan, Op::kDiv);
  ASSERT_EQ(divs.size(), 1u);
  const Instr* guard = Producer(plan, divs[0]->guard);
  ASSERT_NE(guard, nullptr);
  ASSERT_EQ(guard->op, Op::kNot);
  const Instr* known = Producer(plan, guard->a);
  ASSERT_NE(known, nullptr);
  EXPECT_EQ(known->op, Op::kIsKnown);
  EXPECT_EQ(known->a, coalesce->a);
}

constexpr char kBranches[] = R"yaml(program: p
title: P
reference: m
inputs:
  a: {type: money}
  b: {type: gun}
  c: {type: bool}
variables:
  x:
    expr: if c then a / b * 30 gun else a + 30.00 TL - 30.00 TL
    reference: m
conditions:
  - id: k
    expr: x > 0.00 TL and b > 30 gun
    message: m
    reference: m
outputs: [x]
)yaml";

TEST_F(PlannerTest, BranchInstructionsCarryTheBranchGuard) {
  const internal::Plan& plan = Plan({{"p.yaml", kBranches}}).plans[0];
  std::vector<const Instr*> divs = All(plan, Op::kDiv);
  ASSERT_EQ(divs.size(), 1u);
  ASSERT_NE(divs[0]->guard, kNoSlot);
  // The guard is `c` itself: the then-branch of a top-level if.
  const Instr* c = Producer(plan, divs[0]->guard);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->op, Op::kInput);
  // The else side's arithmetic is guarded by `not c`.
  std::vector<const Instr*> adds = All(plan, Op::kAdd);
  ASSERT_EQ(adds.size(), 1u);
  const Instr* not_c = Producer(plan, adds[0]->guard);
  ASSERT_NE(not_c, nullptr);
  EXPECT_EQ(not_c->op, Op::kNot);
  EXPECT_EQ(not_c->a, divs[0]->guard);
}

TEST_F(PlannerTest, EqualConstantsShareOneSlot) {
  const internal::Plan& plan = Plan({{"p.yaml", kBranches}}).plans[0];
  // 30 gun (twice) and 30.00 TL (twice) are one raw number: units were
  // checked already, so the plan keeps one constant slot for all four.
  int thirty = 0;
  for (const auto& [slot, raw] : plan.constants) thirty += raw == 30 * Decimal::kOne;
  EXPECT_EQ(thirty, 1);
}

TEST_F(PlannerTest, MissingDependenciesStopAtInputs) {
  const internal::Plan& plan = Plan({{"p.yaml", kBranches}}).plans[0];
  ASSERT_EQ(plan.conditions.size(), 1u);
  const PlanCondition& k = plan.conditions[0];
  EXPECT_EQ(k.id, "k");
  // k reads x and b; x reads a, b, c: the leaves are the inputs a, b, c.
  std::vector<std::string> leaves;
  std::vector<int32_t> stack = {k.dependency_root};
  while (!stack.empty()) {
    const DependencyNode& n = plan.dependency_nodes[stack.back()];
    stack.pop_back();
    if (n.is_input && std::find(leaves.begin(), leaves.end(), n.name) == leaves.end()) {
      leaves.push_back(n.name);
    }
    for (int32_t c : n.children) stack.push_back(c);
  }
  std::sort(leaves.begin(), leaves.end());
  EXPECT_THAT(leaves, ElementsAre("a", "b", "c"));
}

constexpr char kSecond[] = R"yaml(program: q
title: Q
reference: m
inputs:
  gun: {type: gun, min: 10, max: 200}
  yas: {type: int}
conditions:
  - id: k
    expr: gun > 30 gun and yas > 18
    message: m
    reference: m
)yaml";

TEST_F(PlannerTest, SchemaIsTheUnionOfInputsWithTheTightestBounds) {
  const PlannedRuleSet& planned = Plan({{"p.yaml", kGiven}, {"q.yaml", kSecond}});
  ASSERT_EQ(planned.plans.size(), 2u);
  EXPECT_EQ(planned.FindPlan("q"), 1);
  EXPECT_EQ(planned.FindPlan("r"), -1);
  const int gun = planned.schema.FindScalar("gun");
  ASSERT_GE(gun, 0);
  EXPECT_GE(planned.schema.FindScalar("yas"), 0);
  EXPECT_GE(planned.schema.FindScalar("kazanc"), 0);
  ASSERT_GT(planned.schema.bounds.size(), static_cast<size_t>(gun));
  const ColumnBounds& b = planned.schema.bounds[gun];
  ASSERT_TRUE(b.min.has_value());
  ASSERT_TRUE(b.max.has_value());
  EXPECT_EQ(*b.min, 10 * Decimal::kOne);   // q's min
  EXPECT_EQ(*b.max, 100 * Decimal::kOne);  // p's max
}

}  // namespace
}  // namespace odenek::internal
