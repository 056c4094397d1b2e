#include "plan/planner.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "ast/ast_walk.h"

namespace odenek::internal {
namespace {

// A planned expression: one slot, or two for a window (first and last key).
struct Val {
  Slot a = kNoSlot;
  Slot b = kNoSlot;
};

int64_t EncodeTypeKey(TypeKind k) { return static_cast<int64_t>(k); }

class ProgramPlanner {
 public:
  ProgramPlanner(const CheckedRuleSet& rules, const CheckedProgram& program,
                 PlannedRuleSet& out, Plan& plan)
      : rules_(rules), program_(program), out_(out), plan_(plan) {}

  void Run() {
    plan_.program = program_.def->id;
    null_slot_ = NewSlot(Type::Error());  // never written: always invalid
    // Every scalar input gets its slot first: variables read them by name.
    for (const InputDef& in : program_.def->inputs) {
      const Symbol& s = program_.symbols.at(in.name);
      if (s.is_list()) {
        PlanList l;
        l.name = in.name;
        l.batch_list = out_.schema.FindList(in.name);
        const ListSpec& spec = out_.schema.lists[l.batch_list];
        auto field_index = [&](const std::string& f) {
          for (size_t i = 0; i < spec.fields.size(); ++i) {
            if (spec.fields[i].name == f) return static_cast<int32_t>(i);
          }
          return -1;
        };
        if (!in.key.empty()) l.key_field = field_index(in.key);
        if (in.span) {
          l.span_start = field_index(in.span->first);
          l.span_end = field_index(in.span->second);
        }
        list_index_[in.name] = static_cast<int32_t>(plan_.lists.size());
        plan_.lists.push_back(std::move(l));
        continue;
      }
      Slot slot = NewSlot(s.type);
      Instr i{Op::kInput};
      i.dst = slot;
      i.aux = out_.schema.FindScalar(in.name);
      plan_.instrs.push_back(i);
      input_slot_[in.name] = slot;
      if (s.variable == nullptr) var_slot_[in.name] = slot;
    }
    for (const VariableDef* v : program_.variable_order) PlanVariableDef(*v);
    for (const ConditionDef& c : program_.def->conditions) {
      StartRule(c.id, c.reference);
      PlanCondition pc;
      pc.id = c.id;
      pc.message = c.message;
      pc.reference = c.reference;
      pc.slot = Emit(c.expr, *c.expr.expr, kNoSlot).a;
      pc.dependency_root = DependencyOf(c.id, program_.condition_uses.at(c.id));
      plan_.conditions.push_back(std::move(pc));
    }
    for (const std::string& name : program_.def->outputs) {
      const std::vector<std::string>& optional = program_.def->optional_outputs;
      const std::vector<std::string>& event = program_.def->event_outputs;
      const bool is_event = std::find(event.begin(), event.end(), name) != event.end();
      plan_.outputs.push_back(
          {name, program_.symbols.at(name).type, var_slot_.at(name), DependencyNodeFor(name),
           is_event || std::find(optional.begin(), optional.end(), name) != optional.end(),
           is_event});
    }
    if (const std::optional<PaymentsDef>& pay = program_.def->payments) {
      for (const PaymentsDef::Month& m : pay->months) {
        PlanPaymentMonth pm{var_slot_.at(m.start), var_slot_.at(m.days),
                            var_slot_.at(m.gross), var_slot_.at(m.stamp_tax),
                            var_slot_.at(m.net), {}};
        for (const std::string& o : m.others) pm.others.push_back(var_slot_.at(o));
        plan_.payments.push_back(std::move(pm));
      }
      plan_.payments_remaining = var_slot_.at(pay->remaining_days);
    }
  }

 private:
  Slot NewSlot(Type t) {
    plan_.slot_types.push_back(t);
    return plan_.num_slots++;
  }

  Slot Const(int64_t value, Type t) {
    auto key = std::make_pair(EncodeTypeKey(t.kind), value);
    auto it = consts_.find(key);
    if (it != consts_.end()) return it->second;
    Slot s = NewSlot(t);
    plan_.constants.emplace_back(s, value);
    consts_.emplace(key, s);
    return s;
  }

  Slot Op1(Op op, Slot a, Type t, Slot guard, NodeId node = 0) {
    Instr i{op};
    i.dst = NewSlot(t);
    i.a = a;
    i.guard = guard;
    i.node = node;
    plan_.instrs.push_back(i);
    return i.dst;
  }
  Slot Op2(Op op, Slot a, Slot b, Type t, Slot guard, NodeId node = 0) {
    Instr i{op};
    i.dst = NewSlot(t);
    i.a = a;
    i.b = b;
    i.guard = guard;
    i.node = node;
    plan_.instrs.push_back(i);
    return i.dst;
  }

  // The guard under which a sub-expression's errors count: `g` and `c`.
  Slot AndGuard(Slot g, Slot c) {
    if (g == kNoSlot) return c;
    return Op2(Op::kAnd, g, c, Type::Bool(), kNoSlot);
  }
  Slot NotGuard(Slot g, Slot c) {
    return AndGuard(g, Op1(Op::kNot, c, Type::Bool(), kNoSlot));
  }

  const Type& TypeOf(const Expr& e) const { return program_.types.at(e.id); }

  // Branches are filed under the rule being planned.
  void StartRule(const std::string& name, const std::string& reference) {
    rule_ = name;
    rule_reference_ = reference;
    if_count_ = 0;
  }
  // The inputs and variables the expressions read, sorted as the checker's
  // uses are (a list field, primler.gun, reads the list primler). Unlike
  // the checker's uses this includes names read inside value_or(): explain
  // shows what a branch looked at, not what could leave it open.
  std::vector<std::string> PathUses(const std::vector<const Expr*>& exprs) const {
    std::vector<std::string> out;
    for (const Expr* e : exprs) {
      VisitPreOrder(*e, [&](const Expr& n) {
        const auto* id = std::get_if<Ident>(&n.kind);
        if (id == nullptr) return;
        std::string name = id->name;
        if (!program_.symbols.contains(name)) {
          const size_t dot = name.rfind('.');
          if (dot == std::string::npos) return;
          name = name.substr(0, dot);
          if (!program_.symbols.contains(name)) return;
        }
        if (name != rule_) out.push_back(std::move(name));
      });
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  // The formula and the names read when branch `index` of the current rule
  // gives its value (explain shows the branch taken, not the base).
  void SetBranchPath(size_t index, std::string formula, std::vector<const Expr*> exprs) {
    PlanBranch& b = plan_.branches[index];
    b.formula = std::move(formula);
    b.uses = PathUses(exprs);
  }

  size_t AddBranch(PlanBranch::Kind kind, int32_t index, std::string label,
                   const std::string& reference, const SourceLocation& location, Slot taken) {
    PlanBranch b;
    b.kind = kind;
    b.rule = rule_;
    b.index = index;
    b.label = std::move(label);
    b.reference = reference.empty() ? rule_reference_ : reference;
    b.location = location;
    // No guard: the branch is taken wherever the rule is evaluated at all.
    b.taken = taken == kNoSlot ? Const(1, Type::Bool()) : taken;
    plan_.branches.push_back(std::move(b));
    return plan_.branches.size() - 1;
  }

  void PlanVariableDef(const VariableDef& v) {
    const Symbol& s = program_.symbols.at(v.name);
    StartRule(v.name, v.reference);
    Slot guard = kNoSlot;
    Slot input = kNoSlot;
    if (s.input != nullptr) {
      // The claim's own value wins; the formula runs only where it is missing.
      input = input_slot_.at(v.name);
      guard = Op1(Op::kNot, Op1(Op::kIsKnown, input, Type::Bool(), kNoSlot), Type::Bool(),
                  kNoSlot);
    }
    Slot not_prev = guard;
    std::vector<std::pair<Slot, Slot>> exceptions;  // (when, value)
    // The `when`s tried so far: every later branch read them.
    whens_tried_.clear();
    for (size_t k = 0; k < v.exceptions.size(); ++k) {
      const ExceptionDef& e = v.exceptions[k];
      Slot w = Emit(e.when, *e.when.expr, not_prev).a;
      Slot taken = AndGuard(not_prev, w);
      whens_tried_.push_back(e.when.expr.get());
      size_t b = AddBranch(PlanBranch::Kind::kException, static_cast<int32_t>(k), e.when.text,
                           e.reference, e.location, taken);
      std::vector<const Expr*> path = whens_tried_;
      path.push_back(e.expr.expr.get());
      SetBranchPath(b, e.expr.text, std::move(path));
      Slot val = Emit(e.expr, *e.expr.expr, taken).a;
      exceptions.emplace_back(w, val);
      not_prev = NotGuard(not_prev, w);
    }
    if (!v.exceptions.empty()) {
      size_t b = AddBranch(PlanBranch::Kind::kBase, 0, v.expr ? v.expr->text : "table",
                           v.reference, v.expr ? v.expr->location : v.table->location, not_prev);
      std::vector<const Expr*> path = whens_tried_;
      path.push_back(v.expr ? v.expr->expr.get() : v.table->input.expr.get());
      SetBranchPath(b, v.expr ? v.expr->text : absl::StrCat("table(", v.table->input.text, ")"),
                    std::move(path));
    }
    Slot base = v.expr ? Emit(*v.expr, *v.expr->expr, not_prev).a
                       : PlanTable(*v.table, not_prev);
    Type t = s.type;
    for (auto it = exceptions.rbegin(); it != exceptions.rend(); ++it) {
      Instr i{Op::kSelect};
      i.dst = NewSlot(t);
      i.c = it->first;
      i.a = it->second;
      i.b = base;
      plan_.instrs.push_back(i);
      base = i.dst;
    }
    if (input != kNoSlot) base = Op2(Op::kCoalesce, input, base, t, kNoSlot);
    var_slot_[v.name] = base;

    PlanVariable pv;
    pv.name = v.name;
    pv.formula = v.expr ? v.expr->text : absl::StrCat("table(", v.table->input.text, ")");
    pv.reference = v.reference;
    pv.description = v.description;
    pv.type = t;
    pv.slot = base;
    pv.is_input = s.input != nullptr;
    pv.uses = program_.uses.at(v.name);
    plan_.variables.push_back(std::move(pv));
  }

  Slot PlanTable(const TableDef& table, Slot guard) {
    Slot x = Emit(table.input, *table.input.expr, guard).a;
    const Type& in_type = TypeOf(*table.input.expr);
    std::vector<std::pair<Slot, Slot>> rows;
    Slot any = kNoSlot;
    for (size_t k = 0; k < table.rows.size(); ++k) {
      const TableRow& row = table.rows[k];
      Slot match = kNoSlot;
      if (row.when.lo) {
        Slot lo = Const(row.when.lo->raw(), in_type);
        match = Op2(row.when.lo_inclusive ? Op::kGe : Op::kGt, x, lo, Type::Bool(), kNoSlot);
      }
      if (row.when.hi) {
        Slot hi = Const(row.when.hi->raw(), in_type);
        Slot m = Op2(row.when.hi_inclusive ? Op::kLe : Op::kLt, x, hi, Type::Bool(), kNoSlot);
        match = match == kNoSlot ? m : Op2(Op::kAnd, match, m, Type::Bool(), kNoSlot);
      }
      if (match == kNoSlot) match = Const(1, Type::Bool());
      Slot taken = AndGuard(guard, match);
      size_t b = AddBranch(PlanBranch::Kind::kTableRow, static_cast<int32_t>(k), row.when.text,
                           "", row.location, taken);
      std::vector<const Expr*> path = whens_tried_;
      path.push_back(table.input.expr.get());
      path.push_back(row.then.expr.get());
      SetBranchPath(b, row.then.text, std::move(path));
      Slot value = Emit(row.then, *row.then.expr, taken).a;
      rows.emplace_back(match, value);
      any = any == kNoSlot ? match : Op2(Op::kOr, any, match, Type::Bool(), kNoSlot);
    }
    Type t = rows.empty() ? Type::Error() : TypeOf(*table.rows[0].then.expr);
    Slot acc = null_slot_;
    if (table.default_value) {
      Slot g = any == kNoSlot ? guard : NotGuard(guard, any);
      size_t b = AddBranch(PlanBranch::Kind::kTableDefault, 0, "default", "",
                           table.default_value->location, g);
      std::vector<const Expr*> path = whens_tried_;
      path.push_back(table.input.expr.get());
      path.push_back(table.default_value->expr.get());
      SetBranchPath(b, table.default_value->text, std::move(path));
      acc = Emit(*table.default_value, *table.default_value->expr, g).a;
      t = TypeOf(*table.default_value->expr);
    }
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
      Instr i{Op::kSelect};
      i.dst = NewSlot(t);
      i.c = it->first;
      i.a = it->second;
      i.b = acc;
      plan_.instrs.push_back(i);
      acc = i.dst;
    }
    return acc;
  }

  int32_t DependencyOf(const std::string& name, const std::vector<std::string>& uses) {
    DependencyNode node;
    node.name = name;
    for (const std::string& u : uses) node.children.push_back(DependencyNodeFor(u));
    plan_.dependency_nodes.push_back(std::move(node));
    return static_cast<int32_t>(plan_.dependency_nodes.size() - 1);
  }

  int32_t DependencyNodeFor(const std::string& name) {
    auto it = dep_index_.find(name);
    if (it != dep_index_.end()) return it->second;
    const Symbol& s = program_.symbols.at(name);
    DependencyNode node;
    node.name = name;
    node.is_input = s.input != nullptr && !s.is_list();
    if (s.input != nullptr && s.is_list()) node.batch_list = out_.schema.FindList(name);
    auto slot = var_slot_.find(name);
    node.slot = slot == var_slot_.end() ? kNoSlot : slot->second;
    int32_t index = static_cast<int32_t>(plan_.dependency_nodes.size());
    plan_.dependency_nodes.push_back(node);
    dep_index_[name] = index;
    if (s.variable != nullptr) {
      std::vector<int32_t> children;
      for (const std::string& u : program_.uses.at(name)) {
        children.push_back(DependencyNodeFor(u));
      }
      plan_.dependency_nodes[index].children = std::move(children);
    }
    return index;
  }

  int32_t ParameterIndex(const std::string& name) {
    auto it = param_index_.find(name);
    if (it != param_index_.end()) return it->second;
    const CheckedParameter& cp = rules_.parameters.at(name);
    const ParameterDef& def = *cp.def;
    PlanParameter p;
    p.name = name;
    p.kind = cp.type.kind;
    if (def.end) p.end = def.end->day_number();
    if (def.known_until) p.known_until = def.known_until->day_number();
    for (const ParameterValue& v : def.values) {
      p.from.push_back(v.from.day_number());
      if (const auto* d = std::get_if<Decimal>(&v.value)) {
        p.numbers.push_back(d->raw());
      } else if (const auto* s = std::get_if<ValueSet>(&v.value)) {
        std::vector<int64_t> set;
        for (const Decimal& n : s->numbers) set.push_back(n.raw());
        for (const std::string& str : s->strings) set.push_back(out_.strings.Intern(str));
        std::sort(set.begin(), set.end());
        p.sets.push_back(std::move(set));
      } else if (const auto* sc = std::get_if<Scale>(&v.value)) {
        PlanParameter::ScaleEntry e;
        for (const ScaleBracket& b : sc->brackets) {
          e.upto.push_back(b.upto.raw());
          e.rate.push_back(b.rate.raw());
        }
        e.top_rate = sc->top_rate.raw();
        p.scales.push_back(std::move(e));
      }
    }
    int32_t index = static_cast<int32_t>(plan_.parameters.size());
    BuildDayTable(&p);
    plan_.parameters.push_back(std::move(p));
    param_index_[name] = index;
    return index;
  }

  Val Emit(const ExprSource& src, const Expr& e, Slot guard) {
    Val v = std::visit([&](const auto& k) { return EmitKind(src, e, k, guard); }, e.kind);
    if (v.a != kNoSlot) plan_.node_slots.emplace_back(e.id, v.a);
    return v;
  }

  Val EmitKind(const ExprSource&, const Expr& e, const NumberLit& n, Slot) {
    return {Const(n.value.raw(), TypeOf(e))};
  }
  Val EmitKind(const ExprSource&, const Expr&, const BoolLit& b, Slot) {
    return {Const(b.value ? 1 : 0, Type::Bool())};
  }
  Val EmitKind(const ExprSource&, const Expr&, const DateLit& d, Slot) {
    return {Const(d.value.day_number(), Type::Date())};
  }
  Val EmitKind(const ExprSource&, const Expr&, const MonthLit& m, Slot) {
    return {Const(m.value.month_number(), Type::Month())};
  }
  Val EmitKind(const ExprSource&, const Expr&, const StringLit& s, Slot) {
    return {Const(out_.strings.Intern(s.value), Type::String())};
  }
  Val EmitKind(const ExprSource&, const Expr&, const Ident& id, Slot) {
    return {var_slot_.at(id.name)};
  }
  Val EmitKind(const ExprSource&, const Expr&, const ListLit&, Slot) { return {}; }

  Val EmitKind(const ExprSource& src, const Expr& e, const Unary& u, Slot guard) {
    Slot a = Emit(src, *u.operand, guard).a;
    return {Op1(u.op == UnaryOp::kNot ? Op::kNot : Op::kNeg, a, TypeOf(e), guard, e.id)};
  }

  Val EmitKind(const ExprSource& src, const Expr& e, const Binary& b, Slot guard) {
    const Type& t = TypeOf(e);
    if (b.op == BinaryOp::kIn) return {EmitIn(src, e, b, guard)};
    Slot l = Emit(src, *b.lhs, guard).a;
    // `a and b`: b only matters where a is true (its errors only count there).
    Slot rguard = guard;
    if (b.op == BinaryOp::kAnd) rguard = AndGuard(guard, l);
    if (b.op == BinaryOp::kOr) rguard = NotGuard(guard, l);
    Slot r = Emit(src, *b.rhs, rguard).a;
    const Type& lt = TypeOf(*b.lhs);
    const Type& rt = TypeOf(*b.rhs);
    switch (b.op) {
      case BinaryOp::kAdd:
        if (lt.kind == TypeKind::kDate) return {Op2(Op::kDateAddDays, l, r, t, guard, e.id)};
        if (lt.kind == TypeKind::kMonth) return {Op2(Op::kMonthAdd, l, r, t, guard, e.id)};
        return {Op2(Op::kAdd, l, r, t, guard, e.id)};
      case BinaryOp::kSub:
        if (lt.kind == TypeKind::kDate && rt.kind == TypeKind::kDate) {
          return {Op2(Op::kDateDiffDays, l, r, t, guard, e.id)};
        }
        if (lt.kind == TypeKind::kDate || lt.kind == TypeKind::kMonth) {
          Slot neg = Op1(Op::kNeg, r, rt, guard);
          return {Op2(lt.kind == TypeKind::kDate ? Op::kDateAddDays : Op::kMonthAdd, l, neg,
                      t, guard, e.id)};
        }
        return {Op2(Op::kSub, l, r, t, guard, e.id)};
      case BinaryOp::kMul: return {Op2(Op::kMul, l, r, t, guard, e.id)};
      case BinaryOp::kDiv: return {Op2(Op::kDiv, l, r, t, guard, e.id)};
      case BinaryOp::kLt: return {Op2(Op::kLt, l, r, t, guard, e.id)};
      case BinaryOp::kLe: return {Op2(Op::kLe, l, r, t, guard, e.id)};
      case BinaryOp::kGt: return {Op2(Op::kGt, l, r, t, guard, e.id)};
      case BinaryOp::kGe: return {Op2(Op::kGe, l, r, t, guard, e.id)};
      case BinaryOp::kEq: return {Op2(Op::kEq, l, r, t, guard, e.id)};
      case BinaryOp::kNe: return {Op2(Op::kNe, l, r, t, guard, e.id)};
      case BinaryOp::kAnd: return {Op2(Op::kAnd, l, r, t, guard, e.id)};
      case BinaryOp::kOr: return {Op2(Op::kOr, l, r, t, guard, e.id)};
      case BinaryOp::kIn: break;
    }
    return {};
  }

  Slot EmitIn(const ExprSource& src, const Expr& e, const Binary& b, Slot guard) {
    Slot l = Emit(src, *b.lhs, guard).a;
    if (const auto* list = std::get_if<ListLit>(&b.rhs->kind)) {
      std::vector<int64_t> set;
      for (const ExprPtr& el : list->elements) {
        if (const auto* n = std::get_if<NumberLit>(&el->kind)) set.push_back(n->value.raw());
        if (const auto* s = std::get_if<StringLit>(&el->kind)) {
          set.push_back(out_.strings.Intern(s->value));
        }
      }
      std::sort(set.begin(), set.end());
      set.erase(std::unique(set.begin(), set.end()), set.end());
      Instr i{Op::kInConstSet};
      i.dst = NewSlot(Type::Bool());
      i.a = l;
      i.aux = static_cast<int32_t>(plan_.const_sets.size());
      i.node = e.id;
      plan_.const_sets.push_back(std::move(set));
      plan_.instrs.push_back(i);
      return i.dst;
    }
    const auto& p = std::get<ParamAt>(b.rhs->kind);
    Slot date = Emit(src, *p.date, guard).a;
    Instr i{Op::kInSet};
    i.dst = NewSlot(Type::Bool());
    i.a = date;
    i.b = l;
    i.aux = ParameterIndex(p.param);
    i.guard = guard;
    i.node = e.id;
    plan_.instrs.push_back(i);
    return i.dst;
  }

  Val EmitKind(const ExprSource& src, const Expr& e, const ParamAt& p, Slot guard) {
    Slot date = Emit(src, *p.date, guard).a;
    const Type& t = TypeOf(e);
    if (t.kind != TypeKind::kNumber) {
      // Sets and scales are read by their user (in / scale()).
      return {date};
    }
    Instr i{Op::kParam};
    i.dst = NewSlot(t);
    i.a = date;
    i.aux = ParameterIndex(p.param);
    i.guard = guard;
    i.node = e.id;
    plan_.instrs.push_back(i);
    return {i.dst};
  }

  Val EmitKind(const ExprSource& src, const Expr& e, const IfExpr& x, Slot guard) {
    Slot c = Emit(src, *x.cond, guard).a;
    Slot then_taken = AndGuard(guard, c);
    Slot else_taken = NotGuard(guard, c);
    const Expr& cond = *x.cond;
    std::string label = cond.offset >= 0 && cond.length > 0 &&
                                static_cast<size_t>(cond.offset + cond.length) <= src.text.size()
                            ? src.text.substr(cond.offset, cond.length)
                            : src.text;
    const int32_t n = if_count_++;
    AddBranch(PlanBranch::Kind::kIfThen, n, label, "", src.location.Shifted(e.offset),
              then_taken);
    AddBranch(PlanBranch::Kind::kIfElse, n, label, "", src.location.Shifted(e.offset),
              else_taken);
    Slot a = Emit(src, *x.then_expr, then_taken).a;
    Slot b = Emit(src, *x.else_expr, else_taken).a;
    Instr i{Op::kSelect};
    i.dst = NewSlot(TypeOf(e));
    i.c = c;
    i.a = a;
    i.b = b;
    i.node = e.id;
    plan_.instrs.push_back(i);
    return {i.dst};
  }

  Val EmitKind(const ExprSource& src, const Expr& e, const Call& c, Slot guard) {
    const std::string& f = c.function;
    const Type& t = TypeOf(e);
    auto arg = [&](size_t k) { return Emit(src, *c.args[k], guard).a; };
    if (f == "known") return {Op1(Op::kIsKnown, arg(0), t, kNoSlot, e.id)};
    if (f == "value_or") {
      Slot x = arg(0);
      Slot known = Op1(Op::kIsKnown, x, Type::Bool(), kNoSlot);
      Slot y = Emit(src, *c.args[1], NotGuard(guard, known)).a;
      return {Op2(Op::kCoalesce, x, y, t, kNoSlot, e.id)};
    }
    if ((f == "sum" || f == "min" || f == "max" || f == "count" || f == "covers" ||
         f == "covered_days") &&
        c.args.size() == 2 && std::holds_alternative<Ident>(c.args[0]->kind)) {
      const std::string& name = std::get<Ident>(c.args[0]->kind).name;
      bool is_list = list_index_.contains(name);
      bool is_field = !is_list && !var_slot_.contains(name);
      if (is_list || is_field) return {EmitAggregate(src, e, c, name, is_list, guard)};
    }
    if (f == "round") {
      Slot x = arg(0);
      Instr i{Op::kRound};
      i.dst = NewSlot(t);
      i.a = x;
      i.places = static_cast<int8_t>(
          std::get<NumberLit>(c.args[1]->kind).value.raw() / Decimal::kOne);
      i.mode = *ParseRoundingMode(std::get<Ident>(c.args[2]->kind).name);
      i.guard = guard;
      i.node = e.id;
      plan_.instrs.push_back(i);
      return {i.dst};
    }
    if (f == "scale") {
      const auto& p = std::get<ParamAt>(c.args[0]->kind);
      Slot date = Emit(src, *p.date, guard).a;
      Slot base = arg(1);
      Instr i{Op::kScale};
      i.dst = NewSlot(t);
      i.a = date;
      i.b = base;
      i.aux = ParameterIndex(p.param);
      i.guard = guard;
      i.node = e.id;
      plan_.instrs.push_back(i);
      return {i.dst};
    }
    if (f == "min" || f == "max") {
      Slot acc = arg(0);
      for (size_t k = 1; k < c.args.size(); ++k) {
        acc = Op2(f == "min" ? Op::kMin : Op::kMax, acc, arg(k), t, guard,
                  k + 1 == c.args.size() ? e.id : 0);
      }
      return {acc};
    }
    if (f == "abs") return {Op1(Op::kAbs, arg(0), t, guard, e.id)};
    if (f == "clamp") {
      Slot x = arg(0), lo = arg(1), hi = arg(2);
      return {Op2(Op::kMin, Op2(Op::kMax, x, lo, t, guard), hi, t, guard, e.id)};
    }
    if (f == "days_between") {
      Slot a = arg(0), b = arg(1);
      return {Op2(Op::kDateDiffDays, b, a, t, guard, e.id)};
    }
    if (f == "add_days") return {Op2(Op::kDateAddDays, arg(0), arg(1), t, guard, e.id)};
    if (f == "add_months") return {Op2(Op::kAddMonths, arg(0), arg(1), t, guard, e.id)};
    if (f == "add_years") return {Op2(Op::kAddYears, arg(0), arg(1), t, guard, e.id)};
    if (f == "month_of") return {MonthOf(*c.args[0], arg(0), guard)};
    if (f == "start_of_month" || f == "end_of_month") {
      Slot m = MonthOf(*c.args[0], arg(0), guard);
      return {Op1(f == "start_of_month" ? Op::kStartOfMonth : Op::kEndOfMonth, m, t, guard,
                  e.id)};
    }
    if (f == "last_days" || f == "last_years") {
      Slot end = arg(0), n = arg(1);
      Slot lo = Op2(f == "last_days" ? Op::kLastDaysLo : Op::kLastYearsLo, end, n,
                    Type::Date(), guard, e.id);
      return {lo, end};
    }
    if (f == "last_months") {
      Slot end = MonthOf(*c.args[0], arg(0), guard);
      Slot lo = Op2(Op::kLastMonthsLo, end, arg(1), Type::Month(), guard, e.id);
      return {lo, end};
    }
    if (f == "between") return {arg(0), arg(1)};
    return {};
  }

  Slot MonthOf(const Expr& arg, Slot s, Slot guard) {
    if (TypeOf(arg).kind == TypeKind::kMonth) return s;
    return Op1(Op::kMonthOf, s, Type::Month(), guard);
  }

  Slot EmitAggregate(const ExprSource& src, const Expr& e, const Call& c,
                     const std::string& name, bool is_list, Slot guard) {
    std::string list_name = is_list ? name : name.substr(0, name.rfind('.'));
    int32_t list = list_index_.at(list_name);
    Val window = Emit(src, *c.args[1], guard);
    Instr i{Op::kWindowSum};
    const std::string& f = c.function;
    if (f == "count") i.op = Op::kWindowCount;
    if (f == "min") i.op = Op::kWindowMin;
    if (f == "max") i.op = Op::kWindowMax;
    if (f == "covers") i.op = Op::kCovers;
    if (f == "covered_days") i.op = Op::kCoveredDays;
    if (!is_list) {
      const ListSpec& spec = out_.schema.lists[plan_.lists[list].batch_list];
      std::string field = name.substr(name.rfind('.') + 1);
      for (size_t k = 0; k < spec.fields.size(); ++k) {
        if (spec.fields[k].name == field) i.field = static_cast<int32_t>(k);
      }
    }
    i.dst = NewSlot(TypeOf(e));
    i.a = window.a;
    i.b = window.b;
    i.aux = list;
    i.guard = guard;
    i.node = e.id;
    plan_.instrs.push_back(i);
    return i.dst;
  }

  const CheckedRuleSet& rules_;
  const CheckedProgram& program_;
  PlannedRuleSet& out_;
  Plan& plan_;
  Slot null_slot_ = kNoSlot;
  std::string rule_;  // the variable or condition being planned (branches)
  std::string rule_reference_;
  int32_t if_count_ = 0;
  std::vector<const Expr*> whens_tried_;  // the current variable's exceptions' `when`s
  absl::flat_hash_map<std::pair<int64_t, int64_t>, Slot> consts_;
  absl::flat_hash_map<std::string, Slot> input_slot_;
  absl::flat_hash_map<std::string, Slot> var_slot_;
  absl::flat_hash_map<std::string, int32_t> list_index_;
  absl::flat_hash_map<std::string, int32_t> param_index_;
  absl::flat_hash_map<std::string, int32_t> dep_index_;
};

void BuildSchema(const CheckedRuleSet& checked, BatchSchema& schema) {
  for (const CheckedProgram& p : checked.programs) {
    for (const InputDef& in : p.def->inputs) {
      const Symbol& s = p.symbols.at(in.name);
      if (s.is_list()) {
        if (schema.FindList(in.name) >= 0) continue;
        ListSpec spec;
        spec.name = in.name;
        for (const FieldDef& f : in.fields) {
          absl::StatusOr<Type> t = ParseDeclaredType(f.type);
          spec.fields.push_back({f.name, t.ok() ? *t : Type::Error()});
        }
        schema.lists.push_back(std::move(spec));
      } else {
        int col = schema.FindScalar(in.name);
        if (col < 0) {
          schema.scalars.push_back({in.name, s.type});
          schema.bounds.emplace_back();
          col = static_cast<int>(schema.scalars.size()) - 1;
        }
        ColumnBounds& b = schema.bounds[col];
        if (in.min && (!b.min || in.min->raw() > *b.min)) b.min = in.min->raw();
        if (in.max && (!b.max || in.max->raw() < *b.max)) b.max = in.max->raw();
      }
    }
  }
}

}  // namespace

int PlannedRuleSet::FindPlan(const std::string& program) const {
  for (size_t i = 0; i < plans.size(); ++i) {
    if (plans[i].program == program) return static_cast<int>(i);
  }
  return -1;
}

void BuildDayTable(PlanParameter* p) {
  constexpr int64_t kMaxDayTable = 100 * 366;
  if (p->from.empty() || p->from.size() > 127) return;
  const int64_t span = int64_t{p->from.back()} - p->from.front() + 1;
  if (span > kMaxDayTable) return;
  p->day_table_first = p->from.front();
  p->day_table.resize(static_cast<size_t>(span));
  size_t e = 0;
  for (int64_t d = 0; d < span; ++d) {
    while (e + 1 < p->from.size() && p->from.front() + d >= p->from[e + 1]) ++e;
    p->day_table[static_cast<size_t>(d)] = static_cast<int8_t>(e);
  }
}

std::unique_ptr<PlannedRuleSet> PlanRuleSet(const CheckedRuleSet& checked) {
  auto out = std::make_unique<PlannedRuleSet>();
  BuildSchema(checked, out->schema);
  out->plans.resize(checked.programs.size());
  for (size_t i = 0; i < checked.programs.size(); ++i) {
    ProgramPlanner(checked, checked.programs[i], *out, out->plans[i]).Run();
  }
  return out;
}

}  // namespace odenek::internal
